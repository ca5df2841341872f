#!/bin/sh
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_<name>.c) and runs them.
# The build is its own, in build-fuzz/ from a copy of the working tree, as
# tools/arm64.sh does, so that the tree's build is left alone: clang, the
# library with -fsanitize=fuzzer-no-link,address,undefined, the harnesses
# linked with -fsanitize=fuzzer.
#
#   sh tools/fuzz.sh [SECONDS]       build, then run each harness once over
#                                    its corpus and SECONDS (20) fuzzing;
#                                    fails on any crash, leak, timeout or
#                                    sanitizer report (make fuzz, CI);
#                                    FUZZ_SEED=N fixes libFuzzer's seed
#   sh tools/fuzz.sh build           build only
#   sh tools/fuzz.sh NAME [ARGS...]  fuzz one harness until stopped (or as
#                                    libFuzzer's ARGS say: -max_total_time=N)
#
# A harness fuzzes a copy of its corpus, tests/fuzz/corpus/NAME, in
# build-fuzz/corpus/NAME, which keeps what it learns from run to run; the
# inputs that crash it land in build-fuzz/crashes/NAME/.  Safe to run
# again: it only does what is left to do.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/build-fuzz
bin=$out/src/tests/fuzz

# clang and its sanitizer and libFuzzer runtimes, installed when missing.
packages()
{
	ver=$(clang -dumpversion 2>/dev/null | cut -d. -f1) || ver=
	missing=
	for p in clang ${ver:+libclang-rt-$ver-dev} git autoconf automake; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "fuzz: installing$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends $missing >/dev/null
	# The runtime goes with the version of clang now installed.
	ver=$(clang -dumpversion | cut -d. -f1)
	dpkg-query -W -f='${Status}' "libclang-rt-$ver-dev" 2>/dev/null |
		grep -q "ok installed" ||
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		    --no-install-recommends "libclang-rt-$ver-dev" >/dev/null
}

build()
{
	packages
	mkdir -p "$out/src"
	# Sources as the working tree has them, unchanged files keeping
	# their times.
	git ls-files -z -co --exclude-standard -- . ':!build-*' |
		tar -cf - --null -T - --ignore-failed-read 2>/dev/null |
		tar -xf - -C "$out/src"
	cd "$out/src"
	[ -x configure ] || autoreconf -fi >/dev/null 2>&1
	san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	set -- CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer $san" --enable-werror
	want=$(for a in "$@"; do printf "'%s' " "$a"; done)
	if [ ! -f config.status ] ||
	    [ "$(cat "$out/configured" 2>/dev/null)" != "$want" ]; then
		./configure -q "$@"
		echo "$want" >"$out/configured"
	fi
	make -j"$(nproc)" fuzz-programs >/dev/null
	cd "$top"
	echo "fuzz: built $(ls "$bin" | grep -c '^fuzz_[a-z_]*$') harnesses in $bin"
}

# The libFuzzer argument that gives harness $1 its dictionary, if any.
dict()
{
	case $1 in
	flow | flow_diff | format) echo "-dict=$top/tests/fuzz/dict/flow.dict" ;;
	athena | creds | cwl | insights | json_diff | jsonrec)
		echo "-dict=$top/tests/fuzz/dict/json.dict" ;;
	ini | rules | vpc_json | xml) echo "-dict=$top/tests/fuzz/dict/$1.dict" ;;
	esac
}

# run NAME ARGS...: fuzzes harness NAME over its corpus copy.
run()
{
	name=$1
	shift
	mkdir -p "$out/corpus/$name" "$out/crashes/$name"
	# shellcheck disable=SC2046
	"$bin/fuzz_$name" $(dict "$name") -artifact_prefix="$out/crashes/$name/" \
	    "$@" "$out/corpus/$name" "$top/tests/fuzz/corpus/$name"
}

case ${1:-20} in
build)
	build
	;;
[0-9]*)
	seconds=${1:-20}
	build
	status=0
	passed=0
	failed=0
	for h in "$bin"/fuzz_*; do
		case ${h##*/} in *.*) continue ;; esac
		name=${h##*/fuzz_}
		log=$out/$name.log
		# Each seed once, then a short run; -error_exitcode and
		# -timeout_exitcode make any report a failure.
		if "$h" -runs=0 -error_exitcode=1 -timeout_exitcode=1 \
		    -timeout=10 "$top/tests/fuzz/corpus/$name" >"$log" 2>&1 &&
		    run "$name" -max_total_time="$seconds" \
			${FUZZ_SEED:+-seed="$FUZZ_SEED"} -error_exitcode=1 -timeout_exitcode=1 -timeout=10 \
			-print_final_stats=1 >>"$log" 2>&1; then
			printf 'fuzz_%-12s ok    %s runs\n' "$name" \
			    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
			passed=$((passed + 1))
		else
			printf 'fuzz_%-12s FAIL  see %s\n' "$name" "$log"
			tail -n 30 "$log"
			status=1
			failed=$((failed + 1))
		fi
	done
	# As automake's summary says it, for .ci/run's count.
	echo "# PASS:  $passed"
	echo "# FAIL:  $failed"
	exit "$status"
	;;
*)
	[ -x "$bin/fuzz_$1" ] || build
	run "$@"
	;;
esac
