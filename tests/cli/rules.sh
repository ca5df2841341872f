#!/bin/sh
# The rules are data: they load, lint, pass their own cases, and a broken
# rule is an error naming file:line:column.  User rules extend and
# override the installed ones.
. "${srcdir:-.}/tests/lib.sh"

: "${FLOWDIAG_RULES:?}"
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

run rules test
expect_status 0
expect_out " passed, 0 failed"
run rules check "$FLOWDIAG_RULES"/*.rules
expect_status 0
expect_out "rules in 7 files: ok"
run rules list
expect_status 0
# The names' column is as wide as the longest name,
# source-egress-rejected-named (28), and two blanks after it.
expect_out "reply-rejected                network-path-block   reply-rejected"
run rules facts
expect_status 0
expect_out "flows.reply_rejected"

# bad NAME TEXT EXPECTED: a rules file holding TEXT fails to load with
# EXPECTED on stderr, exit 65.
bad()
{
	printf '%s\n' "$2" >"$tmp/$1.rules"
	run rules check "$tmp/$1.rules"
	expect_status 65
	expect_err "$3"
}

good='rule r
	category reachable
	cause c
	when req.records > 0
	summary "s"
	case fires req.records=1
	case quiet req.records=0
end'
printf '%s\n' "$good" >"$tmp/good.rules"
run rules check "$tmp/good.rules"
expect_status 0

bad unknown-fact 'rule r
	category reachable
	cause c
	when req.recrods > 0
	summary "s"
end' "unknown-fact.rules:4:7: unknown fact 'req.recrods'"
bad unknown-key 'rule r
	categroy reachable
end' "unknown-key.rules:2:2: unknown key 'categroy'"
bad no-end 'rule r
	category reachable
	cause c
	when true
	summary "s"' "no-end.rules:1: rule 'r' has no 'end'"
bad no-cause 'rule r
	category reachable
	when true
	summary "s"
end' "no-cause.rules:1: rule 'r' has no cause"
bad bad-category 'rule r
	category fine
end' "bad-category.rules:2:11: unknown category 'fine'"
bad types 'rule r
	category reachable
	cause c
	when target.interface > 3
	summary "s"
end' "types.rules:4:24: '>' compares a string with a number"
bad regex 'rule r
	category reachable
	cause c
	when target.interface =~ "eni-("
	summary "s"
end' "regex.rules:4:24: regular expression: missing closing parenthesis"
bad template 'rule r
	category reachable
	cause c
	when true
	summary "{target.adress} is fine"
end' "template: unknown fact 'target.adress'"
bad continued 'rule r
	category reachable
	cause c
	when req.records > 0 and
	     rep.recordz == 0
	summary "s"
end' "continued.rules:5:7: unknown fact 'rep.recordz'"
bad string 'rule r
	category reachable
	cause c
	when true
	summary "no end
end' "string.rules:5:10: string without its closing"
bad lint 'rule r
	category reachable
	cause c
	priority 5
	when true
	summary "s"
	case fires req.records=1
end' "lint.rules:1: rule 'r' has no case that stays quiet"

# A condition past the limits of flowdiag-rules(5) is a load error naming
# file:line:column for every verb that loads rules, however long or deep:
# a 100,000-term chain (which loaded, then overflowed the stack when
# evaluated), 100,000 parentheses and 100,000 nots.
# huge NAME PREFIX TERM SUFFIX OP EXPECTED: a rule whose condition is
# 100,000 times PREFIX, TERM (joined by OP when there is one), 100,000
# times SUFFIX fails with EXPECTED from rules check, rules test and check.
huge()
{
	mkdir "$tmp/$1"
	awk -v pre="$2" -v term="$3" -v suf="$4" -v op="$5" 'BEGIN {
		n = 100000
		printf "rule r\n\tcategory reachable\n\tcause c\n\twhen "
		if (op == "") {
			for (i = 0; i < n; i++) printf "%s", pre
			printf "%s", term
			for (i = 0; i < n; i++) printf "%s", suf
		} else {
			for (i = 0; i < n; i++)
				printf "%s%s", (i > 0 ? " " op " " : ""), term
		}
		printf "\n\tsummary \"s\"\n\tcase fires req.records=1\n"
		printf "\tcase quiet req.records=0\nend\n"
	}' >"$tmp/$1/$1.rules"
	run rules check "$tmp/$1/$1.rules"
	expect_status 65
	expect_err "$1/$1.rules:4:$6"
	run rules test --rules "$tmp/$1"
	expect_status 65
	expect_err "$1/$1.rules:4:$6"
	run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --rules "$tmp/$1"
	expect_status 65
	expect_err "$1/$1.rules:4:$6"
}
# "req.records > 0 and " is 20 bytes and 4 terms and operators: the
# 1001st is the fact of the 251st term
huge chain "" "req.records > 0" "" and \
    "5007: a condition of more than 1000 terms and operators"
huge parens "(" "true" ")" "" "71: parentheses nested deeper than 64"
huge nots "not " "true" "" "" "263: 'not' nested deeper than 64"

# A regular expression that backtracks past PCRE2's limits on a value the
# records control is a rules error, reported once, not a quiet "no match":
# no verdict rests on it, and 500 clients cost no more than one.
mkdir "$tmp/backtrack"
cp "$FLOWDIAG_RULES"/*.rules "$tmp/backtrack/"
printf '%s\n' 'rule hostile' '	category reachable' '	cause odd-interface' \
    '	priority 999' '	when target.interface =~ "((a+)+)+$"' '	summary "s"' \
    '	case fires target.interface=eni-aaaa' \
    '	case quiet target.interface=eni-0a1b2c3d4e5f60001' \
    'end' >"$tmp/backtrack/zz.rules"
awk 'BEGIN {
	for (i = 0; i < 500; i++)
		printf "2 123456789012 eni-aaaaaaaaaaaaaaaab 10.0.%d.%d 10.0.1.10 %d 80 6 1 60 1700000000 1700000060 REJECT OK\n", 2 + int(i / 250), 1 + i % 250, 40000 + i
}' >"$tmp/hostile.log"
bterr="zz.rules:5:24: rule 'hostile': '=~' on target.interface (21 bytes) could not be evaluated: match limit exceeded; rewrite the pattern"
run check 10.0.1.10:80 --file "$tmp/hostile.log" --rules "$tmp/backtrack"
expect_status 65
expect_err "$bterr"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "a verdict despite the error: $(cat "$tmp/out")"
passed=$((passed + 2))
run check 10.0.1.10:80 --file "$tmp/hostile.log" --rules "$tmp/backtrack" --json
expect_status 65
expect_err "$bterr"
# rules test: the same error, with JIT and without
for re in '((a+)+)+$' '(*NO_JIT)((a+)+)+$'; do
	rm -rf "$tmp/bt-test"
	mkdir "$tmp/bt-test"
	printf '%s\n' 'rule hostile' '	category reachable' '	cause c' \
	    "	when target.interface !~ \"$re\"" '	summary "s"' \
	    '	case fires target.interface=eni-0a1b2c3d4e5f60001' \
	    '	case quiet target.interface=eni-aaaaaaaaaaaaaaaab' \
	    'end' >"$tmp/bt-test/x.rules"
	# !~ on a match that could not be decided is not true
	run rules test --rules "$tmp/bt-test"
	expect_status 65
	expect_err "x.rules:4:24: rule 'hostile': '!~' on target.interface (21 bytes) could not be evaluated: match limit exceeded"
	grep -q "passed" "$tmp/out" && fail "rules test counted the case: $(cat "$tmp/out")"
done

# A case that does not hold fails rules test.
mkdir "$tmp/failing"
printf '%s\n' 'rule r
	category reachable
	cause c
	when req.records > 2
	summary "s"
	case fires req.records=1
	case quiet req.records=0
end' >"$tmp/failing/x.rules"
run rules test --rules "$tmp/failing"
expect_status 65
expect_err "x.rules:6: rule 'r': case fires, but the condition is false"
expect_out "1 passed, 1 failed"

# Rules from --rules replace the installed ones; regular expressions
# match text facts.
mkdir "$tmp/mine"
printf '%s\n' 'rule served-by-eni
	category reachable
	cause matched-by-regex
	priority 10
	when target.interface =~ "^eni-0a1b2c3d" and not (req.records == 0)
	summary "{target} is on {target.interface}, with {{braces}}"
	case fires target.interface=eni-0a1b2c3d4e5f60001 req.records=1
	case quiet target.interface=eni-99 req.records=1
end' >"$tmp/mine/mine.rules"
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --rules "$tmp/mine" --json
expect_status 0
[ "$(jq -r '.verdict.cause + " | " + .verdict.summary' "$tmp/out")" = \
    "matched-by-regex | 10.0.1.10:80 is on eni-0a1b2c3d4e5f60001, with {braces}" ] ||
	fail "custom rule: $(jq -c .verdict "$tmp/out")"
passed=$((passed + 1))

# User rules ($XDG_CONFIG_HOME/flowdiag/rules) add to the installed ones
# and override those of the same name.
mkdir -p "$tmp/xdg/flowdiag/rules"
sed 's/cause       reply-rejected$/cause       reply-rejected-by-house-rule/' \
    "$FLOWDIAG_RULES/path.rules" >"$tmp/xdg/flowdiag/rules/house.rules"
XDG_CONFIG_HOME="$tmp/xdg" "$FLOWDIAG" check 10.0.1.10:80 --file "$EXAMPLES/flows.log" \
    --json >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$(jq -r .verdict.cause "$tmp/out")" = reply-rejected-by-house-rule ] ||
	fail "user rule did not override: $(jq -c .verdict "$tmp/out")"
passed=$((passed + 1))

# A rules directory that is not there is an error, not silence.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --rules "$tmp/nowhere"
expect_status 66
expect_err "cannot read rules '$tmp/nowhere'"

done_testing
