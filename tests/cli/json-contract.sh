#!/bin/sh
# The JSON a script reads: every document says its schema_version, keys are
# there even when empty, next steps carry their commands apart, the exit
# status in the document is the process's, and an error after --json is a
# JSON object on stdout too (flowdiag(1), "The JSON document").
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

# expect_jq FILTER WANT: jq's compact output of FILTER on the last stdout.
expect_jq()
{
	got=$(jq -c "$1" "$tmp/out") || fail "$1: stdout is not JSON: $(cat "$tmp/out")"
	[ "$got" = "$2" ] || fail "$1: got '$got', want '$2'"
	passed=$((passed + 1))
}

# The sample's verdict: replies rejected by a network ACL, the rule
# reply-rejected, whose Reachability Analyzer code is the subnet ACL's.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --json
expect_status 10
expect_jq .schema_version 1
expect_jq .verdict.exit_status 10
expect_jq .rule.analyzer '["SUBNET_ACL_RESTRICTION"]'
# A file read whole is not partial: the key is there, false.
expect_jq '.input.files | map(.partial)' '[false]'
# The first step's two commands stand apart, without their "$ ", and its
# words no longer hold them; a step without a command has an empty list.
expect_jq '.next_steps | map(.commands | length)' '[2,0]'
expect_jq '.next_steps[0].commands | map(startswith("aws ec2 describe-network-")) | all' true
expect_jq '[.next_steps[] | .text, .commands[] | select(contains("$ "))] | length' 0
expect_jq '.next_steps | map(keys)' '[["commands","text"],["commands","text"]]'
# window.age is the clock's: it is not in the document, and two runs a
# second apart print the same bytes.
expect_jq '.evidence.facts | has("window.age")' false
expect_jq '.evidence.facts | has("window.seconds")' true
cp "$tmp/out" "$tmp/first"
sleep 1
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --json
same "$tmp/first"

# The REPL's save writes the same document, schema_version included.
printf '%s\n' "set target 10.0.1.10:80" "set source $EXAMPLES/flows.log" \
    run "save $tmp/saved.json" | "$FLOWDIAG" >/dev/null 2>&1 || :
jq -S . "$tmp/first" >"$tmp/want"
jq -S . "$tmp/saved.json" >"$tmp/got" || fail "nothing saved"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "save differs from check --json: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))
validate_json "$tmp/saved.json"

# A record without an event id has the key, null.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --records --json
expect_status 0
expect_jq .schema_version 1
expect_jq '.records | map(.event_id) | unique' '[null]'
expect_jq 'keys' '["exit_status","records","schema_version"]'
expect_jq .exit_status 0

# A truncated gzip file: the report of the records before the damage, one
# document, whose exit status is the 65 the process exits with.
i=0
while [ $i -lt 200 ]; do cat "$EXAMPLES/flows.log"; i=$((i + 1)); done |
    gzip -c >"$tmp/big.log.gz"
size=$(wc -c <"$tmp/big.log.gz")
head -c $((size / 2)) "$tmp/big.log.gz" >"$tmp/cut.log.gz"
run check 10.0.1.10:80 --file "$tmp/cut.log.gz" --json
expect_status 65
expect_jq .verdict.exit_status 65
expect_jq '[inputs] | length' 0
expect_err "truncated gzip data"
# The records of the same file: their document carries the 65 too.
run check 10.0.1.10:80 --file "$tmp/cut.log.gz" --records --json
expect_status 65
expect_jq .exit_status 65
expect_jq '.records | length > 0' true
expect_err "truncated gzip data"

# Errors after --json: the object on stdout, the line on stderr, the same
# status in both.
run check 10.0.1.10:80 --file "$tmp/nonexistent.log" --json
expect_status 66
expect_jq . "{\"schema_version\":1,\"error\":{\"code\":\"no_input\",\"status\":66,\"message\":\"cannot open '$tmp/nonexistent.log': No such file or directory\"}}"
expect_err "flowdiag: cannot open '$tmp/nonexistent.log'"
# An option parsing stopped at, before --json was read.
run check 10.0.1.10:80 --fiel x --json
expect_status 64
expect_jq '.error | [.code, .status]' '["usage",64]'
expect_jq '.error.message | contains("--fiel")' true
run check 10.0.1.10:80 -rj --file "$tmp/nonexistent.log"
expect_status 66
expect_jq .error.code '"no_input"'
run check 10.0.1.10:99999 --file "$EXAMPLES/flows.log" --json
expect_status 64
expect_jq .error.status 64
# Errors before a command reads its options: an unknown command, a bad
# $FLOWDIAG_SIMD; --json anywhere asks for the object.
run chek 10.0.1.10:80 --json
expect_status 64
expect_jq . '{"schema_version":1,"error":{"code":"usage","status":64,"message":"unknown command '"'chek'"'; did you mean check?"}}'
expect_err "flowdiag: unknown command 'chek'; did you mean check?"
run frobnicate -j
expect_status 64
expect_jq .error.code '"usage"'
status=0
FLOWDIAG_SIMD=avx1024 "$FLOWDIAG" check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --json >"$tmp/out" 2>"$tmp/err" || status=$?
expect_status 64
expect_jq '.error | [.code, .status]' '["usage",64]'
expect_jq '.error.message | startswith("FLOWDIAG_SIMD='"'avx1024'"' is not a vector level")' true
expect_err "flowdiag: FLOWDIAG_SIMD='avx1024' is not a vector level"
json_kept=$((json_kept + 1))
cp "$tmp/out" "$tmp/json/$json_kept.json"
# After "--", --json is an argument, not the option.
run chek -- --json
expect_status 64
[ ! -s "$tmp/out" ] || fail "stdout after -- --json: $(cat "$tmp/out")"
passed=$((passed + 1))
# Without --json, stdout stays empty.
run check 10.0.1.10:80 --file "$tmp/nonexistent.log"
expect_status 66
[ ! -s "$tmp/out" ] || fail "stdout without --json: $(cat "$tmp/out")"
passed=$((passed + 1))

done_testing
