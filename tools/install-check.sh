#!/bin/sh
# make install and make uninstall for real, into a temporary prefix: staged
# under DESTDIR as a package build does, then into the prefix itself, where
# the installed flowdiag, run from /, must read its installed rules (not
# the source tree's) and reach the sample's verdict; make uninstall must
# leave nothing of ours, only empty directories.  Configures and builds in
# the tree, as tools/setup.sh does; arguments go to ./configure.  Ends
# with automake's "# PASS:  N" and "# FAIL:  N".
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
prefix=$tmp/prefix
passed=0

fail()
{
	echo "install-check: FAIL: $*" >&2
	summary "$passed" 1
	exit 1
}

# summary PASSED FAILED: as automake's test summary says it, for the
# count at the end of .ci/run.
summary()
{
	printf '# PASS:  %d\n# FAIL:  %d\n' "$1" "$2"
}

ok()
{
	echo "install-check: ok: $*"
	passed=$((passed + 1))
}

# installed DIR: the files under DIR, relative to it, sorted.
installed()
{
	(cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
}

make distclean >/dev/null 2>&1 || :
sh tools/setup.sh --prefix="$prefix" "$@"

# What make install must put where, relative to the prefix.
{
	echo bin/flowdiag
	echo share/bash-completion/completions/flowdiag
	for f in rules/*.rules; do echo "share/flowdiag/$f"; done
	echo share/flowdiag/schema/flowdiag-report.schema.json
	echo share/man/man1/flowdiag.1
	echo share/man/man5/flowdiag-rules.5
	echo share/zsh/site-functions/_flowdiag
} | LC_ALL=C sort >"$tmp/want"

# Staged: everything under DESTDIR, nothing in the prefix itself.
make install DESTDIR="$tmp/dest" >"$tmp/log" 2>&1 ||
	fail "make install DESTDIR: $(tail -20 "$tmp/log")"
installed "$tmp/dest$prefix" >"$tmp/got"
diff "$tmp/want" "$tmp/got" >"$tmp/diff" ||
	fail "make install DESTDIR (- expected, + installed): $(cat "$tmp/diff")"
[ "$(installed "$tmp/dest")" = "$(sed "s|^|${prefix#/}/|" "$tmp/got")" ] ||
	fail "make install DESTDIR wrote outside DESTDIR/prefix"
[ ! -e "$prefix" ] || fail "make install DESTDIR wrote into the prefix"
ok "make install DESTDIR: $(wc -l <"$tmp/got") files"
make uninstall DESTDIR="$tmp/dest" >"$tmp/log" 2>&1 ||
	fail "make uninstall DESTDIR: $(tail -20 "$tmp/log")"
[ -z "$(installed "$tmp/dest")" ] ||
	fail "left after make uninstall DESTDIR: $(installed "$tmp/dest")"
ok "make uninstall DESTDIR leaves only directories"

# Into the prefix: the program the prefix was built for.
make install >"$tmp/log" 2>&1 || fail "make install: $(tail -20 "$tmp/log")"
installed "$prefix" >"$tmp/got"
diff "$tmp/want" "$tmp/got" >"$tmp/diff" ||
	fail "make install (- expected, + installed): $(cat "$tmp/diff")"
ok "make install: $(wc -l <"$tmp/got") files"
status=0
(cd / && env -u FLOWDIAG_RULES XDG_CONFIG_HOME=/nonexistent NO_COLOR=1 \
    "$prefix/bin/flowdiag" check 10.0.1.10:80 --file "$top/examples/flows.log") \
    >"$tmp/out" 2>"$tmp/err" || status=$?
# The README's verdict: the replies to 203.0.113.12 rejected (exit 10,
# network-path-block), by the installed path.rules.
[ "$status" -eq 10 ] ||
	fail "installed flowdiag exited $status, not 10: $(cat "$tmp/err")"
grep -q '^network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80' "$tmp/out" ||
	fail "installed flowdiag's verdict: $(cat "$tmp/out")"
grep -qF "($prefix/share/flowdiag/rules/path.rules:" "$tmp/out" ||
	fail "installed flowdiag read rules elsewhere: $(grep 'rules:' "$tmp/out")"
ok "installed flowdiag, run from /, reads its installed rules"
[ "$(bash -c '. "$1"; complete -p flowdiag' - \
    "$prefix/share/bash-completion/completions/flowdiag")" = \
    "complete -F _flowdiag flowdiag" ] ||
	fail "the installed bash completion does not register _flowdiag"
ok "installed bash completion registers _flowdiag"
make uninstall >"$tmp/log" 2>&1 || fail "make uninstall: $(tail -20 "$tmp/log")"
[ -z "$(installed "$prefix")" ] ||
	fail "left after make uninstall: $(installed "$prefix")"
ok "make uninstall leaves only directories"
summary "$passed" 0
