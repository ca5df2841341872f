#!/bin/sh
# Builds flowdiag against the oldest libraries it claims to support and
# runs its unit tests and some command-line tests with them: the -dev and
# runtime packages of Debian 11 (bullseye: jansson 2.13.1, PCRE2 10.36,
# libcurl 7.74.0, readline 8.1, zlib 1.2.11, ISA-L 2.30, cmocka 1.1.5),
# fetched with curl and unpacked with dpkg-deb -x into
# build-oldest/sysroot, never installed.  The compiler and glibc stay the
# machine's.  The build is out of tree (build-oldest/build, from a copy of
# the sources in build-oldest/src), with --enable-werror.
#
# The programs find the old libraries by their DT_RPATH, which also serves
# the libraries libcurl needs when it is dlopen()ed (OpenSSL 1.1, OpenLDAP
# 2.4).  LD_LIBRARY_PATH is not used: it hands the old libcurl to the
# tests' own tools too, and the machine's curl that tests/lib.sh waits for
# its fake servers with then dies ("undefined symbol: curl_easy_header").
# FLOWDIAG_LIBCURL names the old libcurl.  The script checks with ldd and LD_DEBUG that the old
# libraries are the ones loaded.
#
# Ends with one line "N passed, N failed"; exits 1 on any failure.  Safe
# to run again: it downloads, unpacks, configures and builds only what
# changed.  No package is installed: only curl and dpkg-deb -x.
#
# Environment: OLDEST_DIR (default build-oldest), DEBIAN_MIRROR (default
# http://deb.debian.org/debian), OLDEST_TESTS (tests to run, as named in
# tests/local.mk, or "all"; default: the unit tests and $cli_tests below).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out=${OLDEST_DIR:-$top/build-oldest}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bullseye
triplet=x86_64-linux-gnu

# The -dev packages and their libraries; libssl1.1 and libldap-2.4-2 are
# what libcurl4 7.74 needs under sonames a newer Debian no longer has, and
# libncurses-dev gives the tinfo.pc that readline.pc requires.
packages="libjansson-dev libjansson4 libpcre2-dev libpcre2-8-0
libcurl4-openssl-dev libcurl4 libssl1.1 libldap-2.4-2
libreadline-dev libreadline8 libncurses-dev libtinfo6
zlib1g-dev zlib1g libisal-dev libisal2 libcmocka-dev libcmocka0"

# Command-line tests that reach each library, the quick ones: libcurl
# (libcurl.sh loads it, creds.sh speaks HTTP to a local fake, aws-tls.sh
# HTTPS through OpenSSL 1.1), jansson, zlib and ISA-L (check-examples.sh,
# scenarios.sh), PCRE2 (rules.sh), readline (repl-tty.sh, in tmux).
cli_tests="tests/cli/check-examples.sh tests/cli/scenarios.sh
tests/cli/libcurl.sh tests/cli/creds.sh tests/cli/aws-tls.sh
tests/cli/rules.sh tests/cli/repl-tty.sh"

[ "$(uname -m)" = x86_64 ] || { echo "oldest-deps: amd64 only" >&2; exit 77; }
for tool in curl dpkg-deb xz sha256sum autoreconf make pkg-config git ldd; do
	command -v "$tool" >/dev/null ||
		{ echo "oldest-deps: $tool missing" >&2; exit 77; }
done

debs=$out/debs
root=$out/sysroot
src=$out/src
build=$out/build
mkdir -p "$debs" "$build"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "PASS: $*"; }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
finish()
{
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

# The package index (8 MB; the mirror sends no Last-Modified to ask
# against), unpacked again only when it changed.
index=$debs/Packages
if ! curl -fsS -o "$index.xz.tmp" "$mirror/dists/$suite/main/binary-amd64/Packages.xz"; then
	echo "oldest-deps: $mirror has no $suite: set DEBIAN_MIRROR to one that has (skipped)" >&2
	exit 77
fi
if [ -f "$index" ] && cmp -s "$index.xz.tmp" "$index.xz"; then
	rm -f "$index.xz.tmp"
else
	mv "$index.xz.tmp" "$index.xz"
	xz -dc "$index.xz" >"$index.tmp"
	mv "$index.tmp" "$index"
fi

# "package version filename sha256" for each package, in one pass.
awk -v want="$(echo $packages)" 'BEGIN {
	RS = ""; FS = "\n"; n = split(want, w, " ")
	for (i = 1; i <= n; i++) wanted[w[i]] = 1
}
{
	p = v = f = s = ""
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^Package: /) p = substr($i, 10)
		else if ($i ~ /^Version: /) v = substr($i, 10)
		else if ($i ~ /^Filename: /) f = substr($i, 11)
		else if ($i ~ /^SHA256: /) s = substr($i, 9)
	}
	if (p in wanted && !(p in seen)) { seen[p] = 1; print p, v, f, s }
}' "$index" >"$debs/wanted"
for p in $packages; do
	grep -q "^$p " "$debs/wanted" ||
		{ echo "oldest-deps: $p not in $suite" >&2; exit 1; }
done

files=
while read -r p v f s; do
	deb=$debs/${f##*/}
	if [ ! -f "$deb" ] || [ "$(sha256sum <"$deb" | cut -d' ' -f1)" != "$s" ]; then
		curl -fsS -o "$deb.tmp" "$mirror/$f"
		[ "$(sha256sum <"$deb.tmp" | cut -d' ' -f1)" = "$s" ] ||
			{ echo "oldest-deps: $f: wrong SHA256" >&2; exit 1; }
		mv "$deb.tmp" "$deb"
	fi
	files="$files $deb"
	echo "oldest-deps: $p $v"
done <"$debs/wanted"

# Unpacked anew whenever the set of packages changes.
if [ "$(cat "$root/.debs" 2>/dev/null || :)" != "$files" ]; then
	rm -rf "$root"
	mkdir -p "$root"
	for deb in $files; do
		dpkg-deb -x "$deb" "$root"
	done
	# Links such as usr/lib/.../libreadline.so -> /lib/.../libreadline.so.8
	# would name the machine's files: they are made to point inside.
	find "$root" -type l | while read -r l; do
		t=$(readlink "$l")
		case $t in /*) ln -sfn "$root$t" "$l" ;; esac
	done
	echo "$files" >"$root/.debs"
fi
libpath=$root/lib/$triplet:$root/usr/lib/$triplet
libcurl=$root/usr/lib/$triplet/libcurl.so.4

# The sources as they are (tracked and untracked, not ignored), copied so
# that the tree itself may be configured in place; times are kept, so an
# unchanged file is not rebuilt.
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
	tar --null --no-recursion -T - -cf - | tar -C "$src" -xf -
(cd "$src" && for f in configure.ac Makefile.am tests/local.mk; do
	[ -x configure ] && [ ! "$f" -nt configure ] || { autoreconf -fi; break; }
done >/dev/null 2>&1)

# pkg-config reads only the sysroot's .pc files, puts the sysroot before
# their -I and -L, and drops none of them as a system directory (pkgconf
# would drop -I/usr/include, and the machine's headers would be used).
PKG_CONFIG_LIBDIR=$root/usr/lib/$triplet/pkgconfig:$root/usr/share/pkgconfig
PKG_CONFIG_PATH=
PKG_CONFIG_SYSROOT_DIR=$root
PKG_CONFIG_SYSTEM_INCLUDE_PATH=
PKG_CONFIG_SYSTEM_LIBRARY_PATH=
PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR \
	PKG_CONFIG_SYSTEM_INCLUDE_PATH PKG_CONFIG_SYSTEM_LIBRARY_PATH \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS PKG_CONFIG_ALLOW_SYSTEM_LIBS
unset LD_LIBRARY_PATH || :

# -isystem: the sysroot's headers are system headers, as they are when
# installed in /usr/include (GCC then ignores the -I of the same
# directories); else their own warnings, such as readline's old-style
# "typedef int Function ();" under -Wstrict-prototypes, stop a -Werror
# build.  DT_RPATH (not RUNPATH) reaches the dependencies of a dlopen()ed
# libcurl too; -rpath-link lets configure link a program with libcurl.
set -- --enable-werror --with-isal --enable-cmocka \
	CPPFLAGS="-isystem $root/usr/include/$triplet -isystem $root/usr/include" \
	LDFLAGS="-Wl,--disable-new-dtags,-rpath,$libpath,-rpath-link,$libpath"
want=$(for a in "$@"; do printf "'%s' " "$a"; done)
cd "$build"
if [ -f config.status ] && [ "$(cat configure.args 2>/dev/null)" = "$want" ]; then
	ok "configure (done before)"
elif "$src/configure" -q "$@" >configure.out 2>&1; then
	echo "$want" >configure.args
	ok "configure"
else
	cat configure.out
	ko "configure"
	finish
fi
for v in JANSSON PCRE2 CURL ZLIB READLINE ISAL CMOCKA; do
	sed -n "s/^\(${v}_[A-Z]*\) = /oldest-deps: \1 = /p" Makefile
done

jobs=$(nproc 2>/dev/null || echo 2)
show() { printf 'show:\n\t@echo $(%s)\n' "$1" | make -s -f Makefile -f - show; }
unit=$(show UNIT_TESTS)
[ -n "$unit" ] || ko "no unit tests: cmocka was not found"
# all first: made in one run with the tests' programs, make's recursion
# for all and the top-level targets built the same objects at once.
if make -j"$jobs" all >make.out 2>&1 &&
    make -j"$jobs" $unit tests/creds-show tests/sigv4-sign >>make.out 2>&1; then
	ok "build with -Werror"
else
	grep -E 'error|warning|\*\*\*' make.out | head -40
	ko "build with -Werror"
	finish
fi

# The old headers were compiled, none of the machine's.
theirs=$(cat src/.deps/*.Po tests/unit/.deps/*.Po | grep -oE \
	'(^| )/usr/include/(jansson|pcre2|zlib|cmocka|curl/|readline/|isa-l/)[^ ]*' |
	sort -u || :)
if [ -z "$theirs" ]; then
	ok "the old headers, none of the machine's"
else
	ko "the machine's headers were used:" $theirs
fi

# The programs load the old libraries.
for prog in flowdiag tests/unit/test_scan tests/unit/test_rule; do
	ldd "$prog" >"$prog.ldd"
	libs=$(grep -cE 'lib(jansson|pcre2-8|readline|z|isal|cmocka)\.so' "$prog.ldd" || :)
	others=$(grep -E 'lib(jansson|pcre2-8|readline|z|isal|cmocka)\.so' "$prog.ldd" |
		grep -v "=> $root/" || :)
	if [ "$libs" -gt 0 ] && [ -z "$others" ]; then
		ok "$prog: its $libs libraries are the old ones"
	else
		ko "$prog loads others: $others"
	fi
done
# And a call to AWS dlopen()s the old libcurl and what it needs, by the
# file name configure found and by FLOWDIAG_LIBCURL.
for file in "" "$libcurl"; do
	LD_DEBUG=libs FLOWDIAG_LIBCURL=$file FLOWDIAG_BACKOFF_MS=10 \
		AWS_ACCESS_KEY_ID=AKIDOLDEST \
		AWS_SECRET_ACCESS_KEY=oldest AWS_DEFAULT_REGION=us-east-1 \
		AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
		AWS_EC2_METADATA_DISABLED=true ./flowdiag check 10.0.1.10:80 \
		--log-group /g --from 2023-11-14 --to 2023-11-15 --no-ec2 \
		--endpoint-url http://127.0.0.1:9 >/dev/null 2>ld-debug.out </dev/null || :
	if grep -q "calling init: $root/usr/lib/$triplet/libcurl.so.4" ld-debug.out &&
	    grep -q "calling init: $root/usr/lib/$triplet/libssl.so.1.1" ld-debug.out; then
		ok "flowdiag dlopen()s the old libcurl (FLOWDIAG_LIBCURL='$file')"
	else
		ko "flowdiag dlopen()s another libcurl (FLOWDIAG_LIBCURL='$file'):" \
		    "$(grep 'calling init: .*libcurl' ld-debug.out)"
	fi
done

FLOWDIAG_LIBCURL=$libcurl
export FLOWDIAG_LIBCURL
tests=${OLDEST_TESTS:-$unit $cli_tests}
[ "$tests" != all ] || tests=$(show TESTS)
make -j"$jobs" check TESTS="$tests" >check.out 2>&1 || :
grep -E '^(FAIL|ERROR|XPASS|SKIP):' check.out || :
# Automake's summary, which .ci/run adds up.
grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR): ' check.out || :
n=$(awk '/^# PASS: / { n += $3 } END { print n + 0 }' check.out)
f=$(awk '/^# (FAIL|ERROR|XPASS): / { n += $3 } END { print n + 0 }' check.out)
grep -q '^# TOTAL: ' check.out || { tail -20 check.out; f=$((f + 1)); }
echo "oldest-deps: make check: $n passed, $f failed ($build/test-suite.log)"
passed=$((passed + n))
failed=$((failed + f))
finish
