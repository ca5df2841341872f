#!/bin/sh
# The manuals: mandoc finds nothing to lint in either page; every option
# that `flowdiag check --help` lists is in flowdiag.1's SYNOPSIS and has an
# item in its option list, every category and every cause is in
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
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$MANDIR/flowdiag.1" >"$tmp/synopsis"
grep '^\.It ' "$MANDIR/flowdiag.1" >"$tmp/items"
for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
	[ "$opt" = --help ] && continue
	name=${opt#--}
	# In the SYNOPSIS and as an item of the option list.
	grep -qE -- "Fl -$name( |\$)" "$tmp/synopsis" ||
		fail "option $opt is not in flowdiag.1's SYNOPSIS"
	grep -qE -- "Fl -$name( |\$)" "$tmp/items" ||
		fail "option $opt has no .It in flowdiag.1"
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

# EXIT STATUS is one list a script can follow: every error status, with the
# code the JSON error object names (errinfo_code_name() and
# errinfo_exit_status() in src/util/errinfo.c), as ".It N Pq Cm CODE".
for pair in credentials:20 expired:21 denied:22 not_found:23 signature:24 \
    network:25 tls:26 throttled:27 query:28 usage:64 data:65 no_input:66 \
    "unavailable , service:69" internal:70 io:74 permission:77 \
    interrupted:130; do
	grep -qxF ".It ${pair##*:} Pq Cm ${pair%:*}" "$MANDIR/flowdiag.1" ||
		fail "EXIT STATUS lacks .It ${pair##*:} Pq Cm ${pair%:*}"
	passed=$((passed + 1))
done

# The script example, run as printed: a verdict prints the summary and the
# next steps' commands; an error fails the script with its message, an AWS
# error (20-27, which "-ge 64" once let through as a verdict) too.
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
awk '/^In a script, tell verdicts/ { found = 1; next }
    found && /^\.Bd/ { on = 1; next } on && /^\.Ed/ { exit } on { print }' \
    "$MANDIR/flowdiag.1" | sed 's/\\e/\\/g' >"$tmp/example.sh"
grep -q 'jq' "$tmp/example.sh" || fail "no script example in flowdiag.1"
bindir=$(dirname "$FLOWDIAG")
mkdir "$tmp/ex"
# example ARGS: runs the example with ARGS for its check's.
example()
{
	sed "s|check 10.0.1.10:443 --file AWSLogs|check $1|" "$tmp/example.sh" >"$tmp/ex/run.sh"
	grep -qF "check $1" "$tmp/ex/run.sh" || fail "the example's check is not as expected"
	st=0
	(cd "$tmp/ex" && unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY \
	    AWS_SESSION_TOKEN AWS_PROFILE && HOME="$tmp/ex" \
	    PATH="$bindir:$PATH" sh run.sh) >"$tmp/ex/out" 2>&1 || st=$?
}
# A network-path-block: the summary, then each step's words and commands.
example "10.0.1.10:80 --file $EXAMPLES/flows.log"
[ "$st" -eq 0 ] || fail "script example on the sample: status $st: $(cat "$tmp/ex/out")"
grep -qxF "  \$ aws ec2 describe-network-interfaces --network-interface-ids eni-0a1b2c3d4e5f60001 --query 'NetworkInterfaces[].SubnetId'" \
    "$tmp/ex/out" || fail "script example prints no command: $(cat "$tmp/ex/out")"
example "10.0.1.10:80 --file $tmp/none.log"
[ "$st" -eq 1 ] || fail "script example on an error: status $st: $(cat "$tmp/ex/out")"
grep -qF "flowdiag failed with status 66: cannot open '$tmp/none.log'" "$tmp/ex/out" ||
	fail "script example on an error: $(cat "$tmp/ex/out")"
example "10.0.1.10:80 --log-group vpc-flow-logs --region us-east-1"
[ "$st" -eq 1 ] || fail "script example on no credentials: status $st: $(cat "$tmp/ex/out")"
grep -qF "flowdiag failed with status 20: no AWS credentials" "$tmp/ex/out" ||
	fail "script example on no credentials: $(cat "$tmp/ex/out")"
passed=$((passed + 4))

done_testing
