#!/bin/sh
# make install DESTDIR=... puts the program, the rules, the schema, the
# manuals and the completions there and nowhere else; the staged program,
# run from /, gives the sample's verdict; make uninstall DESTDIR=... takes
# every file back.  (tools/install-check.sh, a CI stage, installs into a
# prefix for real and checks that the rules read are the installed ones.)
. "${srcdir:-.}/tests/lib.sh"

[ -n "${MAKE:-}" ] && [ -n "${BUILDDIR:-}" ] || { echo "no MAKE" >&2; exit 77; }
top=$(cd "${srcdir:-.}" && pwd)
dest=$tmp/dest

# The make running the tests hands its jobs to no other.
(cd "$BUILDDIR" && MAKEFLAGS= MFLAGS= $MAKE install DESTDIR="$dest") \
    >"$tmp/log" 2>&1 || fail "make install: $(tail -20 "$tmp/log")"
(cd "$dest" && find . ! -type d) | LC_ALL=C sort >"$tmp/got"
# Each expected file once, whatever the configured directories, and no
# other file.
{
	echo '/bin/flowdiag$'
	echo '/completions/flowdiag$'
	for f in "$top"/rules/*.rules; do echo "/flowdiag/rules/${f##*/}\$"; done
	echo '/flowdiag/schema/flowdiag-report\.schema\.json$'
	echo '/man1/flowdiag\.1$'
	echo '/man5/flowdiag-rules\.5$'
	echo '/_flowdiag$'
} >"$tmp/want"
while read -r pattern; do
	n=$(grep -c -- "$pattern" "$tmp/got" || :)
	[ "$n" -eq 1 ] || fail "$n installed files match $pattern: $(cat "$tmp/got")"
	passed=$((passed + 1))
done <"$tmp/want"
[ "$(wc -l <"$tmp/got")" -eq "$(wc -l <"$tmp/want")" ] ||
	fail "make install put more: $(cat "$tmp/got")"
passed=$((passed + 1))
cmp -s "$top/completions/bash/flowdiag" "$dest/$(grep '/completions/flowdiag$' "$tmp/got")" ||
	fail "the installed bash completion is not completions/bash/flowdiag"
passed=$((passed + 1))

bin=$dest/$(grep '/bin/flowdiag$' "$tmp/got")
status=0
# Through qemu in tools/arm64.sh's cross build.
(cd / && ${TEST_EMULATOR:-} "$bin" check 10.0.1.10:80 --file "$EXAMPLES/flows.log") \
    >"$tmp/out" 2>"$tmp/err" || status=$?
expect_status 10
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80"

(cd "$BUILDDIR" && MAKEFLAGS= MFLAGS= $MAKE uninstall DESTDIR="$dest") \
    >"$tmp/log" 2>&1 || fail "make uninstall: $(tail -20 "$tmp/log")"
left=$(cd "$dest" && find . ! -type d)
[ -z "$left" ] || fail "left after make uninstall: $left"
passed=$((passed + 1))
done_testing
