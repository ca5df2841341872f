#!/bin/sh
# Runs the whole test suite, warnings as errors: unit tests and tests of
# the command line.  Sets up the machine first, as tools/setup.sh does.
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh --enable-werror
make -j"$(nproc)" check
