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
expect_out "rules in 6 files: ok"
run rules list
expect_status 0
expect_out "reply-rejected             network-path-block   reply-rejected"
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
