#!/bin/sh
# A record's ids go into the next steps' commands, which an operator
# copies into a shell: a record whose interface-id is a shell command is
# malformed input, said so, never evidence; and a value in a command line
# is one shell word, quoted when it holds more than safe characters.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

evil='eni-0a1b;touch${IFS}/tmp/x;#'
rec()
{
	printf '2 123456789012 %s 203.0.113.12 10.0.1.10 %s 80 6 3 180 1700000120 1700000180 REJECT OK\n' "$1" "$2"
}

# lacks FILE TEXT: FILE does not hold TEXT.
lacks()
{
	! grep -qF -- "$2" "$1" || fail "$1 holds '$2': $(cat "$1")"
	passed=$((passed + 1))
}

# The only record of the target has the bad id: it is counted as
# malformed and named; no command holds it.
rec "$evil" 40000 >"$tmp/evil.log"
rec eni-0a1b2c3d 40000 >"$tmp/evil.log.tmp"
cat "$tmp/evil.log.tmp" "$tmp/evil.log" >"$tmp/two.log"
run check 10.0.1.10:80 --file "$tmp/two.log"
expect_status 10
expect_err "malformed: $tmp/two.log:2: interface-id '$evil' is not eni- and hex digits"
lacks "$tmp/out" 'touch${IFS}'
expect_out '$ aws ec2 describe-network-interfaces --network-interface-ids eni-0a1b2c3d'
run check 10.0.1.10:80 --file "$tmp/two.log" --json
[ "$(jq '.input.malformed' "$tmp/out")" = 1 ] ||
	fail "malformed: $(jq -c .input "$tmp/out")"
[ "$(jq -r '.evidence.facts["target.interface"]' "$tmp/out")" = eni-0a1b2c3d ] ||
	fail "target.interface: $(jq -c .evidence.facts "$tmp/out")"
[ "$(jq '.evidence.facts["req.records"]' "$tmp/out")" = 1 ] ||
	fail "req.records: $(jq -c .evidence.facts "$tmp/out")"
passed=$((passed + 3))
jq -r '.next_steps[] | .text, .commands[]' "$tmp/out" >"$tmp/steps"
lacks "$tmp/steps" 'touch${IFS}'

# Alone, it leaves no interface: the commands say what to fill in.
run check 10.0.1.10:80 --file "$tmp/evil.log"
expect_err "interface-id '$evil' is not eni- and hex digits"
lacks "$tmp/out" 'touch${IFS}'

# Each id field of a custom format, and the --interface option.
printf '%s\n' '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${subnet-id} ${instance-id}' >"$tmp/fmt"
for bad in 'subnet-0a$(id) i-0a1b' 'subnet-0a1b i-0a`id`'; do
	printf '5 123456789012 eni-0a1b2c3d 203.0.113.12 10.0.1.10 40000 80 6 3 180 1700000120 1700000180 REJECT OK %s\n' "$bad" >"$tmp/ids.log"
	run check 10.0.1.10:80 --file "$tmp/ids.log" --log-format "$(cat "$tmp/fmt")"
	expect_err "is not"
	lacks "$tmp/out" '(id)'
	lacks "$tmp/out" '`id`'
done
run check 10.0.1.10:80 --file "$tmp/evil.log.tmp" --interface "$evil"
expect_status 64
expect_err "--interface '$evil': an ENI id (eni- and hex digits)"

# A status record with a bad interface id names no address: it is counted
# as malformed, but as no line that names the target, which would lower
# the verdict's confidence.
{
	printf '2 123456789012 eni-0a1b2c3d 203.0.113.12 10.0.1.10 40000 80 6 3 180 1700000120 1700000180 REJECT OK\n'
	printf '2 123456789012 %s - - - - - - - 1700000120 1700000180 - NODATA\n' "$evil"
} >"$tmp/nodata.log"
run check 10.0.1.10:80 --file "$tmp/nodata.log" --json
expect_status 10
expect_err "interface-id '$evil' is not eni- and hex digits"
[ "$(jq -r .verdict.confidence "$tmp/out")" = high ] ||
	fail "a bad NODATA line lowered the confidence: $(jq -c .verdict "$tmp/out")"
[ "$(jq '.input.malformed' "$tmp/out")" = 1 ] ||
	fail "input.malformed: $(jq -c .input "$tmp/out")"
passed=$((passed + 2))
done_testing
