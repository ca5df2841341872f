#!/bin/sh
# CloudWatch Logs Insights (--engine insights), against tests/fake-insights.py
# since moto runs only trivial queries: the verdict from the aggregated rows
# equals the one from the same records in a file; each way a query can end
# badly is one line with its status; a full result warns that it is
# partial; Ctrl-C stops the query; auto picks the engine by the window.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
command -v aws >/dev/null || { echo "aws CLI missing: pip install awscli" >&2; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: apt-get install python3" >&2; exit 77; }

export AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/flowdiag/secret/KEY
export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$tmp/none" AWS_SHARED_CREDENTIALS_FILE="$tmp/none"
export FLOWDIAG_BACKOFF_MS=10 FLOWDIAG_NOW=1700086400
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_CLOUDWATCH_LOGS

# The sample's records for 10.0.1.10:80, and the NODATA lines.
awk '($5 == "10.0.1.10" && $7 == 80) || ($4 == "10.0.1.10" && $6 == 80) ||
    $14 == "NODATA"' "$EXAMPLES/flows.log" >"$tmp/port80.log"
from=1700000000
to=1700000600

# fake MODE: starts the fake server in MODE and sets $fakeurl; what it
# receives goes to $tmp/fakelog.
fake()
{
	rm -f "$tmp/fakelog"
	start_fake fake-insights.py "$1" "$tmp/fakelog" "$tmp/port80.log"
}

# The fake speaks CloudWatch Logs' protocol: the real AWS CLI reads it.
fake complete
aws logs start-query --log-group-names g --start-time "$from" \
    --end-time "$to" --query-string 'stats count(*)' \
    --endpoint-url "$fakeurl" >"$tmp/cli" ||
	fail "AWS CLI start-query: $(cat "$tmp/cli")"
qid=$(jq -r .queryId "$tmp/cli")
aws logs get-query-results --query-id "$qid" --endpoint-url "$fakeurl" \
    >"$tmp/cli" || fail "AWS CLI get-query-results: $(cat "$tmp/cli")"
[ "$(jq -r .status "$tmp/cli")" = Complete ] &&
    [ "$(jq '.results | length' "$tmp/cli")" -eq 9 ] &&
    [ "$(jq -r '.results[0][0].field' "$tmp/cli")" = f_interface_id ] ||
	fail "AWS CLI reads: $(head -c 300 "$tmp/cli")"
aws logs stop-query --query-id "$qid" --endpoint-url "$fakeurl" >"$tmp/cli" ||
	fail "AWS CLI stop-query: $(cat "$tmp/cli")"
[ "$(jq -r .success "$tmp/cli")" = true ] || fail "stop-query: $(cat "$tmp/cli")"
passed=$((passed + 1))

# The same verdict from the aggregated rows as from the records.
verdict='[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]'
run check 10.0.1.10:80 --file "$tmp/port80.log" --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/want"
fake complete
run check 10.0.1.10:80 --log-group vpc-flow-logs --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "Insights verdict $(cat "$tmp/got") differs from file's $(cat "$tmp/want")"
passed=$((passed + 1))
[ "$(jq -r '.input.files[0].name' "$tmp/out")" = insights:vpc-flow-logs ] ||
	fail "source name: $(jq -c .input.files "$tmp/out")"
[ "$(jq -r '.input.files[0].partial // false' "$tmp/out")" = false ] ||
	fail "complete rows marked partial"
passed=$((passed + 1))
# The query went as asked: every group at once, seconds, the limit, and
# the filter and aggregation on the service side.
start=$(sed -n 's/^StartQuery //p' "$tmp/fakelog")
[ "$(echo "$start" | jq -c '[.logGroupNames, .startTime, .endTime, .limit]')" = \
    "[[\"vpc-flow-logs\"],$from,$to,10000]" ] || fail "StartQuery: $start"
for part in 'parse @message \"* * * * * * * * * * * * * *\" as f_version,' \
    'filter f_srcaddr = \"10.0.1.10\" or f_dstaddr = \"10.0.1.10\"' \
    'f_log_status in [\"NODATA\", \"SKIPDATA\"]' \
    'stats sum(f_packets) as agg_packets' 'f_log_status, bin(1m)'; do
	case "$start" in
	*"$part"*) passed=$((passed + 1)) ;;
	*) fail "query lacks '$part': $start" ;;
	esac
done

# An IPv6 target: its text has several forms (2001:db8::1,
# 2001:0db8:0:0:0:0:0:1), so the query compares addresses, the whole of
# it; a filter on one group ("1") would match nothing of the target's.
fake complete
run check '[2001:0db8::1]:80' --log-group vpc-flow-logs --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to" --json
start=$(sed -n 's/^StartQuery //p' "$tmp/fakelog" | tail -n 1)
for part in 'filter isIpv6InSubnet(f_srcaddr, \"2001:db8::1/128\") or isIpv6InSubnet(f_dstaddr, \"2001:db8::1/128\") or f_log_status in'; do
	case "$start" in
	*"$part"*) passed=$((passed + 1)) ;;
	*) fail "IPv6 query lacks '$part': $start" ;;
	esac
done

# Running twice, then complete: polled until done, the same verdict.
fake running-then-complete
run check 10.0.1.10:80 --log-group vpc-flow-logs --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "after Running: $(cat "$tmp/got")"
[ "$(grep -c GetQueryResults "$tmp/fakelog")" -eq 3 ] ||
	fail "not 3 polls: $(cat "$tmp/fakelog")"
passed=$((passed + 2))

# Each way a query ends badly: one line naming the status, 69.
for mode in failed timeout cancelled; do
	fake "$mode"
	run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" \
	    --no-ec2 --engine insights --from "$from" --to "$to"
	expect_status 69
	case $mode in
	failed) st=Failed ;; timeout) st=Timeout ;; *) st=Cancelled ;;
	esac
	expect_err "ended with status $st: try a shorter window (--from, --to), fewer log groups or --engine filter"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$mode: not one line: $(cat "$tmp/err")"
	passed=$((passed + 1))
done

# The row maximum: a warning, and the input says it is partial.
fake row-cap
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to" --json
expect_err "flowdiag: warning: Insights returned the 10000-row maximum: results are partial; narrow --from/--to or use --engine filter"
[ "$(jq -r '.input.files[0].partial' "$tmp/out")" = true ] ||
	fail "not marked partial: $(jq -c '.input.files' "$tmp/out")"
# The verdict cannot rest on the rows past the maximum: the facts say so,
# and the confidence is lowered, never high.
[ "$(jq -c '[.evidence.facts["input.capped"], .verdict.confidence != "high",
    (.confidence_lowered | map(startswith("the query stopped at its row maximum")) | any)]' "$tmp/out")" = \
    '[true,true,true]' ] || fail "row cap, the verdict: $(jq -c '[.verdict, .confidence_lowered]' "$tmp/out")"
passed=$((passed + 1))
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to"
expect_out "(insights:g is partial: the query returned its row maximum)"

# Ctrl-C while the query runs: StopQuery, one line, 130.
fake slow
"$FLOWDIAG" check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" \
    --no-ec2 --engine insights --from "$from" --to "$to" \
    >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while ! grep -q GetQueryResults "$tmp/fakelog" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no poll within 10 s"
	sleep 0.1
done
sleep 1
kill -INT $pid
status=0
wait $pid || status=$?
expect_status 130
expect_err "flowdiag: interrupted: query 0f5e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b stopped"
grep -q '^StopQuery$' "$tmp/fakelog" || fail "no StopQuery: $(cat "$tmp/fakelog")"
passed=$((passed + 1))

# A query still running when flowdiag has waited long enough (ten
# minutes; FLOWDIAG_QUERY_WAIT_S shortens it here): StopQuery, one line,
# 69.
fake slow
FLOWDIAG_QUERY_WAIT_S=1 run check 10.0.1.10:80 --log-group g \
    --endpoint-url "$fakeurl" --no-ec2 --engine insights --from "$from" \
    --to "$to"
expect_status 69
expect_err "flowdiag: Insights query 0f5e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b still running after 1s: stopped; try a shorter window (--from, --to), fewer log groups or --engine filter"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "still running: not one line: $(cat "$tmp/err")"
grep -q '^StopQuery$' "$tmp/fakelog" || fail "no StopQuery: $(cat "$tmp/fakelog")"
passed=$((passed + 1))

# auto: Insights for a window of 7 hours, FilterLogEvents for one hour.
fake complete
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from "$from" --to $((from + 7 * 3600)) --debug
expect_err "X-Amz-Target: Logs_20140328.StartQuery"
! grep -q FilterLogEvents "$tmp/err" || fail "auto, 7 h: FilterLogEvents"
passed=$((passed + 1))
fake complete
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from "$from" --to $((from + 3600)) --debug
expect_err "X-Amz-Target: Logs_20140328.FilterLogEvents"
! grep -q StartQuery "$tmp/err" || fail "auto, 1 h: StartQuery"
passed=$((passed + 1))

# A wrong engine is a usage error.
run check 10.0.1.10:80 --log-group g --engine grep
expect_status 64
expect_err "--engine is filter, insights, athena or auto"

done_testing
