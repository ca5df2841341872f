#!/bin/sh
# --engine athena against moto's Athena (tests/moto-server.py adds what
# moto lacks: GetTableMetadata, states other than SUCCEEDED, pages, the
# statistics, a log of the calls): the rows of the query give the verdict
# the same records give from a file; the query reads the window's
# partitions and the target's addresses (pkt-* too) and aggregates; it is
# polled through QUEUED and RUNNING; every page of the results is read;
# FAILED and CANCELLED are one line and status 28; Ctrl-C stops the query;
# --print-query prints it without AWS.
. "${srcdir:-.}/tests/lib.sh"

need_moto
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

export FLOWDIAG_ATHENA="$tmp/athena.json" FLOWDIAG_BACKOFF_MS=10
start_moto "${srcdir:-.}/tests/moto-server.py"
top=${srcdir:-.}

# The sample's records for 10.0.1.10:80, and the NODATA lines: what the
# query would select from a table holding the sample.
awk '($5 == "10.0.1.10" && $7 == 80) || ($4 == "10.0.1.10" && $6 == 80) ||
    $14 == "NODATA"' "$EXAMPLES/flows.log" >"$tmp/port80.log"
from=1700000000
to=1700000600

# Tables: the version 2 columns (AWS's sample table's first fourteen)
# partitioned by dt, as the console makes it; versions 2-5 in the Hive
# layout; one partitioned by a date, as AWS's other sample is; one of
# AWS's partition projection sample, whose keys flowdiag does not read.
v2='version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status'
v5="$v2 vpc_id subnet_id instance_id tcp_flags type pkt_srcaddr pkt_dstaddr region az_id sublocation_type sublocation_id pkt_src_aws_service pkt_dst_aws_service flow_direction traffic_path"
columns()
{
	echo "$1" | tr ' ' '\n' | jq -R '{Name: ., Type: "string"}' | jq -s .
}
jq -n --argjson v2 "$(columns "$v2")" --argjson v5 "$(columns "$v5")" '{
    "flowlogs.vpc": {Columns: $v2, PartitionKeys: [{Name: "dt", Type: "string"}]},
    "flowlogs.hive": {Columns: $v5, PartitionKeys: [
	{Name: "year", Type: "string"}, {Name: "month", Type: "string"},
	{Name: "day", Type: "string"}, {Name: "hour", Type: "string"}]},
    "flowlogs.dated": {Columns: $v2, PartitionKeys: [{Name: "date", Type: "date"}]},
    "flowlogs.projected": {Columns: $v5, PartitionKeys: [
	{Name: "accid", Type: "string"}, {Name: "region", Type: "string"},
	{Name: "day", Type: "string"}]}
}' >"$tmp/tables.json"

# athena STATES [KEY=JSON...]: what the server does for the next run:
# the states GetQueryExecution reports in turn, and more settings; the
# log of the calls starts empty.
athena()
{
	states=$1
	shift
	extra='{}'
	for kv; do
		extra=$(echo "$extra" | jq --argjson v "${kv#*=}" ".${kv%%=*} = \$v")
	done
	jq -n --arg log "$tmp/calls" --argjson states "$states" \
	    --slurpfile tables "$tmp/tables.json" --argjson extra "$extra" \
	    '{log: $log, states: $states, tables: $tables[0], scanned: 1234567,
	      millis: 2500} + $extra' >"$FLOWDIAG_ATHENA"
	: >"$tmp/calls"
}

# queue FILE: the rows the next query returns (moto's custom results).
queue()
{
	curl -sf -X POST -d "@$1" \
	    "$moto_url/moto-api/static/athena/query-results" >/dev/null ||
		fail "moto refused the results"
}
python3 "$top/tests/athena-rows.py" "$tmp/port80.log" >"$tmp/rows.json"

# The server speaks Athena's protocol as the real AWS CLI reads it: the
# table's metadata, the states in turn, and the results over pages.
athena '["QUEUED", "RUNNING", "SUCCEEDED"]' page_size=4
queue "$tmp/rows.json"
aws athena get-table-metadata --catalog-name AwsDataCatalog \
    --database-name flowlogs --table-name hive >"$tmp/cli" ||
	fail "AWS CLI get-table-metadata: $(cat "$tmp/cli")"
[ "$(jq -c '[.TableMetadata.PartitionKeys[].Name, (.TableMetadata.Columns | length)]' "$tmp/cli")" = \
    '["year","month","day","hour",29]' ] || fail "metadata: $(cat "$tmp/cli")"
qid=$(aws athena start-query-execution --query-string 'SELECT 1' \
    --work-group primary --result-configuration OutputLocation=s3://r/ \
    --query QueryExecutionId --output text) || fail "AWS CLI start-query-execution"
for want in QUEUED RUNNING SUCCEEDED SUCCEEDED; do
	got=$(aws athena get-query-execution --query-execution-id "$qid" \
	    --query QueryExecution.Status.State --output text)
	[ "$got" = "$want" ] || fail "state $got, expected $want"
done
aws athena get-query-results --query-execution-id "$qid" >"$tmp/cli" ||
	fail "AWS CLI get-query-results: $(cat "$tmp/cli")"
[ "$(jq '.ResultSet.Rows | length' "$tmp/cli")" -eq 10 ] ||
	fail "AWS CLI read $(jq '.ResultSet.Rows | length' "$tmp/cli") rows, not 10"
[ "$(grep -c '^GetQueryResults' "$tmp/calls")" -eq 3 ] ||
	fail "10 rows in pages of 4: not 3 pages: $(cat "$tmp/calls")"
passed=$((passed + 1))

# The verdict from the rows equals the one from the records in a file.
# The state goes QUEUED, RUNNING, SUCCEEDED: three polls.  The results
# come in pages of 2 rows: 10 rows with the header row, 5 pages.
verdict='[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"], .evidence.facts["gap.nodata"]]'
run check 10.0.1.10:80 --file "$tmp/port80.log" --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/want"
athena '["QUEUED", "RUNNING", "SUCCEEDED"]' page_size=2
queue "$tmp/rows.json"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://results/flowdiag/ --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "Athena verdict $(cat "$tmp/got") differs from file's $(cat "$tmp/want")"
passed=$((passed + 1))
[ "$(grep -c '^GetQueryExecution' "$tmp/calls")" -eq 3 ] ||
	fail "not 3 polls: $(cat "$tmp/calls")"
[ "$(grep -c '^GetQueryResults' "$tmp/calls")" -eq 5 ] ||
	fail "not 5 pages: $(cat "$tmp/calls")"
grep -q '^GetQueryResults .*"NextToken": "8"' "$tmp/calls" ||
	fail "the last page not asked for: $(cat "$tmp/calls")"
passed=$((passed + 1))
# What the query read and how long it took, as the statistics say; the
# source and its records.
qid=$(jq -r .input.query.id "$tmp/out")
[ "$(jq -c '.input.query | [.engine, .data_scanned_bytes, .seconds, .rows]' "$tmp/out")" = \
    '["athena",1234567,2.5,9]' ] || fail "input.query: $(jq -c .input "$tmp/out")"
[ "$(jq -c '.input.files[0] | [.name, .records, .partial]' "$tmp/out")" = \
    '["athena:flowlogs.vpc",9,false]' ] || fail "input.files: $(jq -c .input "$tmp/out")"
[ "$(jq '.evidence.facts["input.capped"]' "$tmp/out")" = false ] ||
	fail "input.capped without a cap: $(jq -c .evidence.facts "$tmp/out")"
passed=$((passed + 1))
# The query as Athena recorded it (the AWS CLI asks moto): the day's
# partition (2023-11-14 UTC), the window, the address or no data, and the
# aggregation by the keys and the minute; and how it was asked: the
# database, the workgroup, the output location, an idempotency token.
aws athena get-query-execution --query-execution-id "$qid" >"$tmp/cli"
query=$(jq -r .QueryExecution.Query "$tmp/cli")
for part in 'FROM "flowlogs"."vpc"' \
    "WHERE \"dt\" BETWEEN '2023/11/14' AND '2023/11/14'" \
    'AND "start" <= 1700000600 AND "end" >= 1700000000' \
    "AND (\"srcaddr\" = '10.0.1.10' OR \"dstaddr\" = '10.0.1.10' OR \"log_status\" IN ('NODATA', 'SKIPDATA'))" \
    'sum("packets") AS "agg_packets", sum("bytes") AS "agg_bytes", min("start") AS "agg_start", max("end") AS "agg_end", count(*) AS "agg_records"' \
    'GROUP BY "interface_id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "log_status", "start" / 60'; do
	case "$query" in
	*"$part"*) passed=$((passed + 1)) ;;
	*) fail "query lacks '$part': $query" ;;
	esac
done
case $query in *pkt_srcaddr*) fail "pkt_srcaddr in a version 2 table's query: $query" ;; esac
start=$(sed -n 's/^StartQueryExecution //p' "$tmp/calls")
[ "$(echo "$start" | jq -c '[.QueryExecutionContext.Database, .WorkGroup, .ResultConfiguration.OutputLocation, (.ClientRequestToken | test("^[0-9a-f]{32}$"))]')" = \
    '["flowlogs","primary","s3://results/flowdiag/",true]' ] ||
	fail "StartQueryExecution: $start"
passed=$((passed + 1))

# The text report says what the query read.
athena '["SUCCEEDED"]'
queue "$tmp/rows.json"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://results/flowdiag/ --from "$from" --to "$to"
expect_status 10
qid=$(sed -n 's/^GetQueryExecution {"QueryExecutionId": "\([^"]*\)"}$/\1/p' "$tmp/calls" | head -1)
expect_out "  (athena query $qid: 9 rows, 1.2 MB scanned in 2.5 s)"
expect_out "athena:flowlogs.vpc:0 on eni-0a1b2c3d4e5f60001"

# Columns are taken by the header row's names, in whatever order.
jq '.results[0].rows |= map(.Data |= reverse)' "$tmp/rows.json" >"$tmp/reversed.json"
athena '["SUCCEEDED"]'
queue "$tmp/reversed.json"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://results/flowdiag/ --from "$from" --to "$to" --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "columns reversed: $(cat "$tmp/got")"
passed=$((passed + 1))

# A hostile answer: a value with blanks cannot add fields (they become
# '?', and the line is malformed), a row short of cells is malformed, not
# passed over; a header without a column the query asked for is one line.
jq '.results[0].rows[2].Data[1].VarCharValue = "198.51.100.7 ACCEPT\n" |
    .results[0].rows[3].Data |= .[0:5]' "$tmp/rows.json" >"$tmp/hostile.json"
athena '["SUCCEEDED"]'
queue "$tmp/hostile.json"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to" --json
expect_err "flowdiag: malformed: athena:flowlogs.vpc:2: field 2 (srcaddr): bad address '198.51.100.7?ACCEPT?'"
expect_err "flowdiag: malformed: athena:flowlogs.vpc:3: expected 12 fields, found 5"
[ "$(jq -c '.input.files[0] | [.records, .malformed]' "$tmp/out")" = '[9,2]' ] ||
	fail "hostile rows: $(jq -c .input "$tmp/out")"
passed=$((passed + 1))
jq '.results[0].rows[0].Data[3].VarCharValue = "sport"' "$tmp/rows.json" >"$tmp/nohdr.json"
athena '["SUCCEEDED"]'
queue "$tmp/nohdr.json"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to"
expect_status 69
expect_err "flowdiag: athena GetQueryResults: the header row has no column srcport"

# Versions 2-5 in the Hive layout, over midnight UTC (2023-11-14T23:55Z
# to 2023-11-15T00:05Z, 23:50 to 00:30 with the margins): both days'
# hours, and the pkt-* addresses filtered on too.
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.hive \
    --athena-output s3://results/flowdiag/ --from 1700006100 --to 1700006700 --records
expect_status 0
query=$(sed -n 's/^StartQueryExecution //p' "$tmp/calls" | jq -r .QueryString)
for part in "WHERE ((\"year\" = '2023' AND \"month\" = '11' AND \"day\" = '14' AND \"hour\" >= '23') OR (\"year\" = '2023' AND \"month\" = '11' AND \"day\" = '15' AND \"hour\" <= '00'))" \
    "\"pkt_srcaddr\" = '10.0.1.10' OR \"pkt_dstaddr\" = '10.0.1.10' OR \"log_status\" IN" \
    '"log_status", "subnet_id", "tcp_flags", "flow_direction", "pkt_srcaddr", "pkt_dstaddr", "start" / 60'; do
	case "$query" in
	*"$part"*) passed=$((passed + 1)) ;;
	*) fail "Hive query lacks '$part': $query" ;;
	esac
done

# The workgroup's result location, when --athena-output is not given;
# and a workgroup without one is an error that says what to pass.
aws athena create-work-group --name flowdiag --configuration \
    'ResultConfiguration={OutputLocation=s3://wg-results/athena/}' ||
	fail "AWS CLI create-work-group"
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-workgroup flowdiag --from "$from" --to "$to" --records
expect_status 0
grep -q '^GetWorkGroup {"WorkGroup": "flowdiag"}$' "$tmp/calls" ||
	fail "no GetWorkGroup: $(cat "$tmp/calls")"
[ "$(sed -n 's/^StartQueryExecution //p' "$tmp/calls" | jq -c '[.WorkGroup, .ResultConfiguration.OutputLocation]')" = \
    '["flowdiag","s3://wg-results/athena/"]' ] ||
	fail "the workgroup's location not used: $(cat "$tmp/calls")"
passed=$((passed + 1))
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --from "$from" --to "$to"
expect_status 64
expect_err "flowdiag: Athena workgroup 'primary' has no query result location: pass --athena-output s3://BUCKET/PREFIX/"
! grep -q StartQueryExecution "$tmp/calls" || fail "a query started without a location"
passed=$((passed + 1))

# FAILED and CANCELLED: one line with Athena's reason, status 28 (query).
athena '["QUEUED", "RUNNING", "FAILED"]' \
    'reason="HIVE_BAD_DATA: Error parsing field value for field 5"'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to"
expect_status 28
expect_err "failed: HIVE_BAD_DATA: Error parsing field value for field 5"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "FAILED: not one line: $(cat "$tmp/err")"
! grep -q GetQueryResults "$tmp/calls" || fail "results read from a failed query"
passed=$((passed + 1))
athena '["RUNNING", "CANCELLED"]' 'reason="Query cancelled by user"'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to" --json
expect_status 28
expect_err "was cancelled: Query cancelled by user"
[ "$(jq -r '.error.code' "$tmp/out")" = query ] || fail "JSON error: $(cat "$tmp/out")"
passed=$((passed + 1))

# Ctrl-C while the query runs: StopQueryExecution, one line, 130.
athena '["QUEUED", "RUNNING"]'
"$FLOWDIAG" check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to" \
    >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ "$(grep -c '^GetQueryExecution' "$tmp/calls")" -lt 2 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "not polled twice within 10 s: $(cat "$tmp/calls")"
	sleep 0.1
done
kill -INT $pid
status=0
wait $pid || status=$?
expect_status 130
qid=$(sed -n 's/^GetQueryExecution {"QueryExecutionId": "\([^"]*\)"}$/\1/p' "$tmp/calls" | head -1)
expect_err "flowdiag: interrupted: Athena query $qid stopped"
grep -q "^StopQueryExecution {\"QueryExecutionId\": \"$qid\"}$" "$tmp/calls" ||
	fail "no StopQueryExecution: $(cat "$tmp/calls")"
[ "$(aws athena get-query-execution --query-execution-id "$qid" \
    --query QueryExecution.Status.State --output text)" = CANCELLED ] ||
	fail "the query was not stopped"
passed=$((passed + 1))

# A query still running when flowdiag has waited long enough (2000 s;
# FLOWDIAG_QUERY_WAIT_S shortens it here): stopped, one line, status 28.
athena '["RUNNING"]'
FLOWDIAG_QUERY_WAIT_S=1 run check 10.0.1.10:80 --engine athena \
    --athena-table flowlogs.vpc --athena-output s3://r/ --from "$from" \
    --to "$to" --json
expect_status 28
qid=$(sed -n 's/^GetQueryExecution {"QueryExecutionId": "\([^"]*\)"}$/\1/p' "$tmp/calls" | head -1)
expect_err "flowdiag: Athena query $qid still running after 1s: stopped; try a shorter window (--from, --to)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "still running: not one line: $(cat "$tmp/err")"
[ "$(jq -c '.error | [.code, .status]' "$tmp/out")" = '["query",28]' ] ||
	fail "JSON error: $(cat "$tmp/out")"
grep -q "^StopQueryExecution {\"QueryExecutionId\": \"$qid\"}$" "$tmp/calls" ||
	fail "no StopQueryExecution: $(cat "$tmp/calls")"
! grep -q GetQueryResults "$tmp/calls" || fail "results read from a stopped query"
passed=$((passed + 1))

# More rows than flowdiag reads (a million; FLOWDIAG_ATHENA_ROWS lowers
# it here): the first ones, over the pages, then a warning, and the input
# is partial in the report.
athena '["SUCCEEDED"]' page_size=2
queue "$tmp/rows.json"
FLOWDIAG_ATHENA_ROWS=3 run check 10.0.1.10:80 --engine athena \
    --athena-table flowlogs.vpc --athena-output s3://r/ --from "$from" \
    --to "$to" --json
expect_err "flowdiag: warning: Athena returned more than 3 rows: results are partial; narrow --from/--to"
[ "$(jq -c '[.input.query.rows, (.input.files[0] | .records, .partial)]' "$tmp/out")" = \
    '[3,3,true]' ] || fail "row cap: $(jq -c .input "$tmp/out")"
# The verdict cannot rest on what was not read: the facts say so, and
# the confidence is lowered, never high.
[ "$(jq -c '[.evidence.facts["input.capped"], .verdict.confidence != "high",
    (.confidence_lowered | map(startswith("the query stopped at its row maximum")) | any)]' "$tmp/out")" = \
    '[true,true,true]' ] || fail "row cap, the verdict: $(jq -c '[.verdict, .confidence_lowered]' "$tmp/out")"
# Pages of 2 with the header row first: the fourth row, on the third
# page, is the one too many; no page is asked for after it.
[ "$(grep -c '^GetQueryResults' "$tmp/calls")" -eq 3 ] ||
	fail "3 rows and one more in pages of 2: not 3 pages: $(cat "$tmp/calls")"
passed=$((passed + 1))

# Partitioned by a date: the window's dates.
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.dated \
    --athena-output s3://r/ --from "$from" --to "$to" --records
expect_status 0
sed -n 's/^StartQueryExecution //p' "$tmp/calls" | jq -r .QueryString |
    grep -qxF "WHERE \"date\" BETWEEN DATE '2023-11-14' AND DATE '2023-11-14'" ||
	fail "no date filter: $(cat "$tmp/calls")"
passed=$((passed + 1))

# Tables flowdiag cannot query, and one that is not there.
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.projected \
    --athena-output s3://r/ --from "$from" --to "$to"
expect_status 64
expect_err "flowdiag: Athena table flowlogs.projected is partitioned by accid, region, day, which flowdiag cannot filter by the window: it reads tables partitioned by dt (string, 'YYYY/MM/DD'), by date (date) or by year, month, day[, hour] (all strings or all integers)"
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.nothere \
    --athena-output s3://r/ --from "$from" --to "$to"
expect_status 23
expect_err "flowdiag: no Athena table flowlogs.nothere in us-east-1: check --athena-table and --region"
! grep -q StartQueryExecution "$tmp/calls" || fail "a query started on a bad table"
passed=$((passed + 1))

# --print-query: the query for a dt table of the format's columns, and
# no AWS at all (nothing listens at the endpoint, no credentials).
AWS_ENDPOINT_URL=http://127.0.0.1:9
unset AWS_ACCESS_KEY_ID
run check 10.0.1.10:80 --engine athena --athena-table FlowLogs.VPC \
    --from "$from" --to "$to" --print-query
expect_status 0
cat >"$tmp/want" <<'EOF'
SELECT "interface_id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "log_status", sum("packets") AS "agg_packets", sum("bytes") AS "agg_bytes", min("start") AS "agg_start", max("end") AS "agg_end", count(*) AS "agg_records"
FROM "flowlogs"."vpc"
WHERE "dt" BETWEEN '2023/11/14' AND '2023/11/14'
AND "start" <= 1700000600 AND "end" >= 1700000000
AND ("srcaddr" = '10.0.1.10' OR "dstaddr" = '10.0.1.10' OR "log_status" IN ('NODATA', 'SKIPDATA'))
GROUP BY "interface_id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "log_status", "start" / 60
ORDER BY "agg_start";
EOF
same "$tmp/want"
[ ! -s "$tmp/err" ] || fail "--print-query said: $(cat "$tmp/err")"
run check '[2001:DB8::0:1]:443' --engine athena --athena-table db.t \
    --from "$from" --to "$to" --print-query \
    --log-format '${version} ${srcaddr} ${dstaddr} ${start} ${end} ${log-status} ${pkt-srcaddr} ${pkt-dstaddr}'
expect_status 0
expect_out "AND (try_cast(\"srcaddr\" AS ipaddress) = IPADDRESS '2001:db8::1' OR try_cast(\"dstaddr\" AS ipaddress) = IPADDRESS '2001:db8::1' OR try_cast(\"pkt_srcaddr\" AS ipaddress) = IPADDRESS '2001:db8::1' OR try_cast(\"pkt_dstaddr\" AS ipaddress) = IPADDRESS '2001:db8::1' OR \"log_status\" IN ('NODATA', 'SKIPDATA'))"
AWS_ENDPOINT_URL=$moto_url AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST
export AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID
# With --debug the query run is traced too.
athena '["SUCCEEDED"]'
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://r/ --from "$from" --to "$to" --records --debug
expect_status 0
expect_err "flowdiag: debug: athena query:"
expect_err "WHERE \"dt\" BETWEEN '2023/11/14' AND '2023/11/14'"
expect_err "X-Amz-Target: AmazonAthena.StartQueryExecution"
expect_err "polls, 1 pages, 0 rows; 1234567 bytes scanned in 2.5 s"

# The options are checked before anything runs.
for args in "--athena-table a.b" "--athena-output s3://b/"; do
	# shellcheck disable=SC2086
	run check 10.0.1.10:80 --file "$tmp/port80.log" $args
	expect_status 64
	expect_err "is for --engine athena, or --s3 with --engine auto: add one"
done
run check 10.0.1.10:80 --file "$tmp/port80.log" --print-query
expect_status 64
expect_err "flowdiag: --print-query is for --engine athena: add it"
run check 10.0.1.10:80 --engine athena
expect_status 64
expect_err "flowdiag: --engine athena needs the table: --athena-table DB.TABLE"
run check 10.0.1.10:80 --engine athena --athena-table a.b --log-group g
expect_status 64
expect_err "--engine athena reads the table, not log groups"
run check 10.0.1.10:80 --engine athena --athena-table "a.b'; DROP TABLE x; --" --print-query
expect_status 64
expect_err "--athena-table 'a.b'; DROP TABLE x; --': the table name may hold only letters, digits and '_' (DB.TABLE)"
run check 10.0.1.10:80 --engine athena --athena-table a.b --athena-workgroup 'w g'
expect_status 64
expect_err "--athena-workgroup: a workgroup name is 1 to 128 letters, digits, '.', '_' and '-'"
run check 10.0.1.10:80 --engine athena --athena-table a.b --athena-output /tmp/x
expect_status 64
expect_err "--athena-output is an S3 location: s3://BUCKET/PREFIX/"
run check 10.0.1.10:80 --engine grep --file "$tmp/port80.log"
expect_status 64
expect_err "--engine is filter, insights, athena or auto"

done_testing
