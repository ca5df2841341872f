#!/bin/sh
# Builds flowdiag for arm64 (aarch64-linux-gnu) with Debian's cross
# compiler on an x86-64 Debian 12 machine, warnings as errors, and runs the
# whole test suite under qemu-user: the unit tests and the tests of the
# command line.  Installs what is missing (dpkg gets the arm64
# architecture), then builds in build-arm64/ from a copy of the working
# tree, so that an in-tree build of tools/setup.sh is left alone.  Ends
# with "N passed, N failed, N skipped".  Arguments go to ./configure.  Safe to run
# again: it only does what is left to do.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/build-arm64
host=aarch64-linux-gnu
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

# The arm64 libraries come from Debian's multiarch packages; libisal2 and
# libisal-dev are not Multi-Arch: same (installing them would remove the
# amd64 ones), so those two are unpacked into build-arm64/isal instead.
packages="gcc-$host libc6-dev-arm64-cross qemu-user-static autoconf \
automake make pkg-config gawk git python3 openssl curl jq tmux mandoc"
arm64="libjansson-dev libpcre2-dev libcurl4-openssl-dev libreadline-dev \
zlib1g-dev libcmocka-dev"

missing=
for p in $packages $(for p in $arm64; do echo "$p:arm64"; done); do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		# Sources other than Debian's seldom serve arm64: keep them to
		# this machine's architecture, or apt-get update fails on them.
		native=$(dpkg --print-architecture)
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			grep -Eq '^[[:space:]]*deb' "$f" || continue
			$sudo sed -i -E "/^[[:space:]]*deb/{/debian|arch=/!{
				s/^([[:space:]]*deb(-src)?[[:space:]]+)\[/\1[arch=$native /; t
				s/^([[:space:]]*deb(-src)?)[[:space:]]+/\1 [arch=$native] /; }; }" "$f"
		done
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			tmp=$(mktemp)
			awk -v native="$native" '
			function flush() {
				for (i = 1; i <= n; i++) print line[i]
				if (n && types && !arch && !debian) print "Architectures: " native
				n = types = arch = debian = 0
			}
			/^[[:space:]]*$/ { flush(); print; next }
			{ line[++n] = $0 }
			tolower($1) == "types:" { types = 1 }
			tolower($1) == "architectures:" { arch = 1 }
			tolower($1) == "uris:" && /debian/ { debian = 1 }
			END { flush() }' "$f" >"$tmp"
			cmp -s "$f" "$tmp" || $sudo cp "$tmp" "$f"
			rm -f "$tmp"
		done
		$sudo dpkg --add-architecture arm64
	fi
	echo "arm64: installing$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

mkdir -p "$out"
isal=$out/isal
if [ ! -e "$isal/usr/lib/$host/libisal.so.2" ]; then
	echo "arm64: unpacking libisal-dev:arm64 into $isal"
	rm -rf "$out/debs"
	mkdir -p "$out/debs"
	(cd "$out/debs" && apt-get download -qq -o APT::Sandbox::User=root \
	    libisal-dev:arm64 libisal2:arm64)
	for d in "$out"/debs/*.deb; do
		dpkg-deb -x "$d" "$isal"
	done
	rm -rf "$out/debs"
fi

# Sources as the working tree has them, unchanged files keeping their times.
git ls-files -z -co --exclude-standard -- . ':!build-arm64' |
	tar -cf - --null -T - --ignore-failed-read 2>/dev/null |
	tar -xf - -C "$out" --transform 's,^,src/,'
cd "$out/src"
[ -x configure ] || autoreconf -fi
set -- --host=$host --enable-werror \
	PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR=/usr/lib/$host/pkgconfig:/usr/share/pkgconfig \
	ISAL_CFLAGS="-I$isal/usr/include" \
	ISAL_LIBS="-L$isal/usr/lib/$host -Wl,-rpath,$isal/usr/lib/$host -lisal" \
	"$@"
want=$(for a in "$@"; do printf "'%s' " "$a"; done)
if [ ! -f config.status ] || [ "$(cat "$out/configured" 2>/dev/null)" != "$want" ]; then
	./configure -q "$@"
	echo "$want" >"$out/configured"
fi
make -j"$(nproc)" >/dev/null
make -j"$(nproc)" check TESTS= >/dev/null

# binfmt_misc is not needed: each arm64 program the tests run goes through
# qemu, the unit tests by tests/unit/run.sh's $TEST_EMULATOR, the others
# by these wrappers.  -L /: the loader and libc of libc6:arm64, whose
# version the multiarch libraries were built with.
qemu="qemu-aarch64-static -L /"
mkdir -p "$out/qemu/tests"
for p in flowdiag tests/creds-show tests/sigv4-sign tests/ec2-config-dump; do
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$out/src/$p" >"$out/qemu/$p"
	chmod +x "$out/qemu/$p"
done
env="TEST_EMULATOR='$qemu'; export TEST_EMULATOR;"
env="$env FLOWDIAG=$out/qemu/flowdiag; export FLOWDIAG;"
env="$env CREDS_SHOW=$out/qemu/tests/creds-show; export CREDS_SHOW;"
env="$env EC2_CONFIG_DUMP=$out/qemu/tests/ec2-config-dump; export EC2_CONFIG_DUMP;"

# check [VAR=VALUE...]: make check, its output kept for the summary; the
# variables go to make, and so to the tests' environment.
log=$out/check.log
: >"$log"
check()
{
	{
		rc=0
		make -j"$(nproc)" check TESTS_ENVIRONMENT="$env" "$@" 2>&1 || rc=$?
		echo "$rc" >"$out/check.status"
	} | tee -a "$log"
	[ "$(cat "$out/check.status")" -eq 0 ] || status=1
}
status=0
check
# As .ci/run does: the unit and scenario tests again at each vector level
# below this CPU's best (scalar below neon).
tests='$(UNIT_TESTS) tests/cli/scenarios.sh tests/cli/check-examples.sh'
tests="$tests tests/cli/check-input.sh tests/cli/check-edges.sh"
all=$("$out/qemu/flowdiag" --version | sed -n 's/^vector unit: .*; this CPU: //p')
for l in $all; do
	[ "$l" != "${all##* }" ] || continue
	echo "=== level $l"
	check FLOWDIAG_SIMD="$l" TESTS="$tests"
done

passed=$(awk '/^# PASS: / { n += $3 } END { print n + 0 }' "$log")
failed=$(awk '/^# (FAIL|ERROR|XPASS): / { n += $3 } END { print n + 0 }' "$log")
skipped=$(awk '/^# SKIP: / { n += $3 } END { print n + 0 }' "$log")
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
