#!/bin/sh
# The manuals: mandoc finds nothing to lint in either page; every option
# that `flowdiag check --help` lists, every category and every cause is in
# flowdiag.1; every fact that `flowdiag rules facts` lists is in
# flowdiag-rules.5.
. "${srcdir:-.}/tests/lib.sh"

[ -n "${MANDOC:-}" ] || { echo "mandoc missing" >&2; exit 77; }
for page in flowdiag.1 flowdiag-rules.5; do
	"$MANDOC" -Tlint -W warning "$MANDIR/$page" >"$tmp/lint" 2>&1 ||
		fail "mandoc -Tlint $page: $(cat "$tmp/lint")"
	passed=$((passed + 1))
done

"$FLOWDIAG" check --help >"$tmp/help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
	[ "$opt" = --help ] && continue
	name=${opt#--}
	grep -q -- "Fl -$name" "$MANDIR/flowdiag.1" ||
		fail "option $opt is not in flowdiag.1"
	passed=$((passed + 1))
done

# has_item MACRO NAME PAGE [WORDS...]: PAGE has a list item
# ".It MACRO NAME", followed by WORDS when given.
has_item()
{
	awk -v m="$1" -v n="$2" -v rest="${4:-}" '
	    $1 == ".It" && $2 == m && $3 == n {
		    line = $0
		    sub(/^\.It[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", line)
		    if (rest == "" || line == rest)
			    found = 1
	    }
	    END { exit !found }' "$3"
}

# Every fact, as ".It Va FACT".
"$FLOWDIAG" rules facts >"$tmp/facts"
[ -s "$tmp/facts" ] || fail "flowdiag rules facts lists nothing"
for fact in $(awk '{ print $1 }' "$tmp/facts"); do
	has_item Va "$fact" "$MANDIR/flowdiag-rules.5" ||
		fail "fact $fact is not in flowdiag-rules.5 (.It Va $fact)"
	passed=$((passed + 1))
done
# And no fact that is gone.
for fact in $(awk '$1 == ".It" && $2 == "Va" { print $3 }' \
    "$MANDIR/flowdiag-rules.5"); do
	awk -v n="$fact" '$1 == n { found = 1 } END { exit !found }' \
	    "$tmp/facts" || fail "flowdiag-rules.5 has $fact, not a fact"
	passed=$((passed + 1))
done

# Every category, as ".It Cm CATEGORY Pq exit status N": the contract
# for scripts (category_exit_status() in src/engine/verdict.c).
for pair in reachable:0 network-path-block:10 instance-fault:11 \
    no-matching-traffic:12 logging-gap:13 inconclusive:14; do
	category=${pair%:*}
	has_item Cm "$category" "$MANDIR/flowdiag.1" "Pq exit status ${pair#*:}" ||
		fail "category $category is not in flowdiag.1" \
		    "(.It Cm $category Pq exit status ${pair#*:})"
	passed=$((passed + 1))
done

# Every category and cause the rules use, and no-rule-matched (the cause
# of no rule at all), as ".It Cm NAME".
rules=${FLOWDIAG_RULES:-${srcdir:-.}/rules}
words()
{
	sed -n "s/^[[:space:]]*$1[[:space:]][[:space:]]*\([^[:space:]]*\).*/\1/p" \
	    "$rules"/*.rules | sort -u
}
causes=$(words cause)
[ -n "$causes" ] || fail "no cause in $rules/*.rules"
for name in $(words category) $causes no-rule-matched; do
	has_item Cm "$name" "$MANDIR/flowdiag.1" ||
		fail "$name, a category or cause of the rules, is not in" \
		    "flowdiag.1 (.It Cm $name)"
	passed=$((passed + 1))
done

# Every REPL command of the table (as help lists it) is in the COMMANDS
# of flowdiag.1 as ".It Xo" then ".Ic NAME", with its alias as
# ".D1 Pq alias: Ic ALIAS"; and no command there is gone.
printf 'help\n' | "$FLOWDIAG" >"$tmp/help" 2>&1
sed -n 's/^  \([a-z][a-z]*\).*/\1/p' "$tmp/help" | sort -u >"$tmp/cmds"
[ "$(wc -l <"$tmp/cmds")" -gt 10 ] || fail "help lists too few commands: $(cat "$tmp/help")"
# (check, the command line's, is documented the same way.)
awk 'prev == ".It Xo" && $1 == ".Ic" { print $2 } { prev = $0 }' \
    "$MANDIR/flowdiag.1" | grep -v -x check | sort -u >"$tmp/documented"
for c in $(cat "$tmp/cmds"); do
	grep -qx "$c" "$tmp/documented" ||
		fail "REPL command $c is not in flowdiag.1 (.It Xo / .Ic $c)"
	printf 'help %s\n' "$c" | "$FLOWDIAG" >"$tmp/one" 2>&1
	alias=$(sed -n 's/.*(alias: \([^)]*\)).*/\1/p' "$tmp/one")
	if [ -n "$alias" ]; then
		grep -qF ".D1 Pq alias: Ic $alias" "$MANDIR/flowdiag.1" ||
		    grep -qF ".D1 Pq alias: Ic \\&$alias" "$MANDIR/flowdiag.1" ||
			fail "the alias $alias of $c is not in flowdiag.1"
	fi
	passed=$((passed + 1))
done
for c in $(cat "$tmp/documented"); do
	grep -qx "$c" "$tmp/cmds" || fail "flowdiag.1 documents $c, not a REPL command"
	passed=$((passed + 1))
done

done_testing
