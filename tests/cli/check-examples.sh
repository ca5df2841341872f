#!/bin/sh
# flowdiag check --records lists exactly the target's records from every
# bundled input kind: the six port-80 records the sample's story plants
# (tests/data/examples-port80.txt), and nothing of the SSH session, the
# scanner or the other hosts.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
want="$TESTDATA/examples-port80.txt"
v5='${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}'

tuples()
{
	jq -r '.records[] | "\(.side) \(.srcaddr):\(.srcport) \(.dstaddr):\(.dstport) \(.action)"' \
	    "$tmp/out" >"$tmp/tuples"
	cmp -s "$want" "$tmp/tuples" ||
		fail "$1: records differ: $(diff "$want" "$tmp/tuples")"
	passed=$((passed + 1))
}

for f in flows.log cloudwatch.json events.jsonl fields.jsonl s3; do
	run check 10.0.1.10:80 --file "$EXAMPLES/$f" --records --json
	expect_status 0
	tuples "$f"
done
run check 10.0.1.10:80 --file "$EXAMPLES/custom-v5.log" --log-format "$v5" \
    --records --json
expect_status 0
tuples custom-v5.log

# Where each record came from: file:line, the line of a JSON event's "{".
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --records --json
[ "$(jq -r '[.records[].line] | join(",")' "$tmp/out")" = "3,4,5,6,7,8" ] ||
	fail "flows.log lines: $(jq -c '[.records[].line]' "$tmp/out")"
run check 10.0.1.10:80 --file "$EXAMPLES/cloudwatch.json" --records --json
[ "$(jq -r '[.records[].line] | join(",")' "$tmp/out")" = "17,24,31,38,45,52" ] ||
	fail "cloudwatch.json lines: $(jq -c '[.records[].line]' "$tmp/out")"
[ "$(jq -r '.records[0].event_id' "$tmp/out")" = \
    "37790000000000000000000000000000000000000000000000000002" ] ||
	fail "event id: $(jq -r '.records[0].event_id' "$tmp/out")"
passed=$((passed + 3))

# Typed JSON fields: numbers are numbers, absent fields null.
run check 10.0.1.10:80 --file "$EXAMPLES/s3" --records --json
[ "$(jq -c '.records[3] | [.srcport, .packets, .["tcp-flags"], .["flow-direction"], .start]' "$tmp/out")" = \
    '[80,3,18,"egress",1700000120]' ] || fail "typed fields: $(jq -c '.records[3]' "$tmp/out")"
passed=$((passed + 1))

# The text table: a heading and one row per record, aligned.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --records
expect_status 0
expect_lines 7
head -n 1 "$tmp/out" | grep -q '^WHERE  *START  *DIR  *INTERFACE  *SOURCE  *DESTINATION  *PROTO  *PACKETS  *BYTES  *FLAGS  *ACTION  *STATUS$' ||
	fail "heading: $(head -n 1 "$tmp/out")"
grep -q 'flows.log:6  *2023-11-14T22:15:20Z  *reply  *eni-0a1b2c3d4e5f60001  *10.0.1.10:80  *203.0.113.12:51234  *tcp  *3  *180  *-  *REJECT  *OK$' "$tmp/out" ||
	fail "row for line 6 missing: $(cat "$tmp/out")"
awk 'NR == 2 { col = index($0, "eni-0a1b2c3d4e5f60001") }
    NR > 2 && index($0, "eni-0a1b2c3d4e5f60001") != col { bad = 1 }
    END { exit bad }' "$tmp/out" || fail "columns not aligned"
passed=$((passed + 2))

# Without --records: the diagnosis.  The sample's story: 203.0.113.12's
# requests are accepted and the replies rejected on the way out, which only
# a network ACL does; 198.51.100.7 is served.  Exit 10: network-path-block.
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log"
expect_status 10
head -n 1 "$tmp/out" | grep -q '^network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80' ||
	fail "verdict line: $(head -n 2 "$tmp/out")"
passed=$((passed + 1))
expect_out "cause reply-rejected, confidence high"
expect_out "network-path-block (reply-rejected): 203.0.113.12"
expect_out "reachable (handshake-completed): 198.51.100.7"
expect_out "(6 of 15 records concern the target"
expect_out "1. Find the target's subnet, then read the outbound entries of its network"
expect_out "       $ aws ec2 describe-network-interfaces --network-interface-ids eni-0a1b2c3d4e5f60001 --query 'NetworkInterfaces[].SubnetId'"
run check 10.0.1.10:80 --file "$EXAMPLES/flows.log" --json
expect_status 10
[ "$(jq -r '.verdict | [.category, .cause, .confidence, (.exit_status | tostring)] | join(" ")' "$tmp/out")" = \
    "network-path-block reply-rejected high 10" ] || fail "JSON verdict: $(jq -c .verdict "$tmp/out")"
[ "$(jq -r '[.evidence.records[] | .line] | join(",")' "$tmp/out")" = "5,7,6,8" ] ||
	fail "evidence records: $(jq -c '[.evidence.records[] | .line]' "$tmp/out")"
passed=$((passed + 2))

# The whole examples directory: every kind at once, 6 records from each of
# the five kinds read without --log-format; the custom file and the
# configuration are skipped with a warning that says why.
run check 10.0.1.10:80 --file "$EXAMPLES"
expect_status 10
expect_out "(30 of 75 records concern the target"
expect_err "skipped: '$EXAMPLES/custom-v5.log' is not a flow log"
expect_err "give --log-format"
expect_err "skipped: '$EXAMPLES/config.json' is not a flow log"

done_testing
