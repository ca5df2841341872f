#!/bin/sh
# --explain does what README.md and flowdiag(1) say: the report as without
# it, then Learn, the verdict's short lesson on the why; with --config,
# then the target's own network ACL entries and security group as AWS
# reads them.  The JSON document has the lesson either way.
. "${srcdir:-.}/tests/lib.sh"

sample="$EXAMPLES/flows.log"

run check 10.0.1.10:80 --file "$sample"
expect_status 10
cp "$tmp/out" "$tmp/plain"
grep -q '^Learn$' "$tmp/plain" && fail "Learn without --explain"
passed=$((passed + 1))

for opt in --explain -e; do
	run check 10.0.1.10:80 --file "$sample" "$opt"
	expect_status 10
	# The report is the same up to Learn, which comes last.
	n=$(wc -l <"$tmp/plain")
	head -n "$n" "$tmp/out" | cmp -s - "$tmp/plain" ||
		fail "$opt changed the report: $(diff "$tmp/plain" "$tmp/out")"
	passed=$((passed + 1))
	sed -n "$((n + 1)),\$p" "$tmp/out" >"$tmp/learn"
	[ "$(sed -n 2p "$tmp/learn")" = Learn ] ||
		fail "$opt: no Learn after the report: $(cat "$tmp/learn")"
	passed=$((passed + 1))
done
# The sample's replies are rejected on the way out: the why is that network
# ACLs are stateless and a reply goes to the client's ephemeral port.
tr '\n' ' ' <"$tmp/learn" | tr -s ' ' >"$tmp/flat"
grep -q "Network ACLs are stateless" "$tmp/flat" ||
	fail "no stateless ACL in Learn: $(cat "$tmp/learn")"
grep -q "ephemeral port (Linux 32768-60999, Windows 49152-65535" "$tmp/flat" ||
	fail "no ephemeral ports in Learn: $(cat "$tmp/learn")"
passed=$((passed + 2))
grep -q "Your configuration" "$tmp/learn" &&
	fail "a configuration lesson with no --config: $(cat "$tmp/learn")"
passed=$((passed + 1))

# With the configuration (examples/config.json): the outbound entries in
# rule-number order, the first that matches the reply to 203.0.113.12
# deciding (90, deny 203.0.113.0/24, before 100 allow 1024-65535); the
# inbound 100 allow tcp 80 admitting the request; the security group web
# admitting tcp 80 from anywhere, stateful.
run check 10.0.1.10:80 --file "$sample" --config "$EXAMPLES/config.json" --explain
expect_status 10
sed -n '/^Your configuration, as AWS reads it$/,$p' "$tmp/out" >"$tmp/teach"
[ -s "$tmp/teach" ] || fail "no configuration lesson: $(cat "$tmp/out")"
sed -n '/outbound (the replies)/,/^ *\*/p' "$tmp/teach" >"$tmp/outbound"
awk '$1 ~ /^[0-9*]+$/ { print $1 }' "$tmp/outbound" | tr '\n' ' ' >"$tmp/order"
[ "$(cat "$tmp/order")" = "90 100 * " ] ||
	fail "outbound entries in the order '$(cat "$tmp/order")': $(cat "$tmp/teach")"
grep -E '^ +90 +deny .*203\.0\.113\.0/24 .*it decides' "$tmp/outbound" >/dev/null ||
	fail "entry 90 does not decide: $(cat "$tmp/outbound")"
sed -n '/inbound (the requests)/,/^ *\*/p' "$tmp/teach" |
    grep -E '^ +100 +allow +tcp +80 .*it decides' >/dev/null ||
	fail "inbound 100 does not decide: $(cat "$tmp/teach")"
grep -q "A security group is stateful" "$tmp/teach" ||
	fail "no stateful security group: $(cat "$tmp/teach")"
tr '\n' ' ' <"$tmp/teach" | tr -s ' ' |
    grep -q "Here: sg-0a1b2c3d4e5f60001 (web) inbound tcp 80 from 0.0.0.0/0: it admits tcp/80 from 203.0.113.12" ||
	fail "the group's admitting rule: $(cat "$tmp/teach")"
passed=$((passed + 5))
# And not without --explain.
run check 10.0.1.10:80 --file "$sample" --config "$EXAMPLES/config.json"
grep -q "Your configuration" "$tmp/out" && fail "configuration lesson without --explain"
passed=$((passed + 1))

# JSON: the lesson is in "teaching" with or without --explain, and
# --explain changes nothing there.
run check 10.0.1.10:80 --file "$sample" --json
cp "$tmp/out" "$tmp/json-plain"
run check 10.0.1.10:80 --file "$sample" --json --explain
expect_status 10
[ "$(jq -c 'del(.input.elapsed_ms)' "$tmp/out")" = "$(jq -c 'del(.input.elapsed_ms)' "$tmp/json-plain")" ] ||
	fail "--explain changed the JSON: $(diff "$tmp/json-plain" "$tmp/out")"
jq -e '.teaching | length == 1 and (.[0] | startswith("Network ACLs are stateless"))' \
    "$tmp/out" >/dev/null || fail "teaching: $(jq -c .teaching "$tmp/out")"
passed=$((passed + 2))
done_testing
