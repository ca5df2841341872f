#!/bin/sh
# Sets up a fresh Debian or Ubuntu machine to build flowdiag: installs what
# is missing, then configures and builds in the source tree.  Arguments go
# to ./configure.  Safe to run again: it only does what is left to do.
set -eu
cd "$(dirname "$0")/.."

packages="build-essential autoconf automake pkg-config clang mandoc jq \
gzip libjansson-dev libpcre2-dev libcurl4-openssl-dev libreadline-dev \
zlib1g-dev libisal-dev libcmocka-dev openssl python3 python3-jsonschema tmux less \
time gawk ripgrep isal zsh"

missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup: installing$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -x configure ] || autoreconf -fi
# The arguments a line each, as given and as config.status quotes them.
lines()
{
	for a in "$@"; do printf '%s\n' "$a"; done
}
want=$(lines "$@")
if [ ! -f config.status ] ||
    [ "$(eval "lines $(./config.status --config)")" != "$want" ]; then
	./configure -q "$@"
fi
make -j"$(nproc)" >/dev/null
echo "setup: built ./flowdiag"
