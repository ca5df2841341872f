#!/bin/sh
# The REPL's engine and Athena settings are check's --engine and
# --athena-* over the same pipeline, against moto's Athena as athena.sh
# sets it up: the report the REPL saves from a table is the one check
# --json prints (but for the id of the query, which each run starts
# afresh), the query they start is the same, show query prints what
# --print-query prints, a bad value is refused with check's words, and
# set engine insights reaches the pipeline (a StartQuery at Logs
# Insights' stand-in) where filter does not.
. "${srcdir:-.}/tests/lib.sh"

need_moto
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }

export FLOWDIAG_ATHENA="$tmp/athena.json" FLOWDIAG_BACKOFF_MS=10
# A day after the data, so that reports made a second apart are equal.
export FLOWDIAG_NOW=1700086400
start_moto "${srcdir:-.}/tests/moto-server.py"
top=${srcdir:-.}

awk '($5 == "10.0.1.10" && $7 == 80) || ($4 == "10.0.1.10" && $6 == 80) ||
    $14 == "NODATA"' "$EXAMPLES/flows.log" >"$tmp/port80.log"
from=1700000000
to=1700000600

# The console's table: version 2's columns, partitioned by dt.
v2='version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status'
echo "$v2" | tr ' ' '\n' | jq -R '{Name: ., Type: "string"}' | jq -s '{
    "flowlogs.vpc": {Columns: ., PartitionKeys: [{Name: "dt", Type: "string"}]}
}' >"$tmp/tables.json"

# athena: the next query succeeds at once and returns the rows of the
# records above; the log of the calls starts empty.
python3 "$top/tests/athena-rows.py" "$tmp/port80.log" >"$tmp/rows.json"
athena()
{
	jq -n --arg log "$tmp/calls" --slurpfile tables "$tmp/tables.json" \
	    '{log: $log, states: ["SUCCEEDED"], tables: $tables[0],
	      scanned: 1234567, millis: 2500}' >"$FLOWDIAG_ATHENA"
	: >"$tmp/calls"
	curl -sf -X POST -d "@$tmp/rows.json" \
	    "$moto_url/moto-api/static/athena/query-results" >/dev/null ||
		fail "moto refused the results"
}

# q_repl WORD: WORD quoted as the REPL splits a line.
q_repl()
{
	printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

repl()
{
	status=0
	printf '%s\n' "$@" | "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
}

# started: the StartQueryExecution of the last run, but for its
# idempotency token, which is each run's own.
started()
{
	sed -n 's/^StartQueryExecution //p' "$tmp/calls" |
	    jq -S 'del(.ClientRequestToken)'
}

athena_set="set engine athena"
table="set athena-table flowlogs.vpc"
output="set athena-output s3://results/flowdiag/"
window="set window $from $to"

# The report: check's, field for field, but for the query's id.
athena
run check 10.0.1.10:80 --engine athena --athena-table flowlogs.vpc \
    --athena-output s3://results/flowdiag/ --from "$from" --to "$to" --json
expect_status 10
started >"$tmp/check-start"
[ -s "$tmp/check-start" ] || fail "check started no query: $(cat "$tmp/calls")"
cp "$tmp/out" "$tmp/check.json"
athena
repl "set target 10.0.1.10:80" "$athena_set" "$table" "$output" "$window" \
    run "save $tmp/saved.json"
expect_status 0
expect_out "network-path-block"
started >"$tmp/repl-start"
cmp -s "$tmp/check-start" "$tmp/repl-start" ||
	fail "the REPL's query is not check's: $(diff "$tmp/check-start" "$tmp/repl-start")"
passed=$((passed + 1))
for f in check saved; do
	jq -r .input.query.id "$tmp/$f.json" | grep -Eqx '[0-9a-f-]{36}' ||
		fail "$f: no query id: $(jq -c .input.query "$tmp/$f.json")"
	jq -S 'del(.input.query.id)' "$tmp/$f.json" >"$tmp/$f.cmp"
done
[ "$(jq -r .input.query.id "$tmp/check.json")" != "$(jq -r .input.query.id "$tmp/saved.json")" ] ||
	fail "one query id for two runs"
[ "$(jq -c '.input.query | [.engine, .rows]' "$tmp/saved.json")" = '["athena",9]' ] ||
	fail "the REPL's input: $(jq -c .input "$tmp/saved.json")"
cmp -s "$tmp/check.cmp" "$tmp/saved.cmp" ||
	fail "the REPL's report differs from check's: $(diff "$tmp/check.cmp" "$tmp/saved.cmp" | head)"
passed=$((passed + 1))
validate_json "$tmp/saved.json"

# The workgroup reaches the query too, and its result location serves
# when athena-output is unset.
aws athena create-work-group --name flowdiag --configuration \
    'ResultConfiguration={OutputLocation=s3://wg-results/athena/}' ||
	fail "AWS CLI create-work-group"
athena
repl "set target 10.0.1.10:80" "$athena_set" "$table" "$output" "$window" \
    "set athena-workgroup flowdiag" "set athena-output" run
expect_status 0
[ "$(started | jq -c '[.WorkGroup, .ResultConfiguration.OutputLocation, .QueryExecutionContext.Database]')" = \
    '["flowdiag","s3://wg-results/athena/","flowlogs"]' ] ||
	fail "StartQueryExecution: $(cat "$tmp/calls")"
passed=$((passed + 1))

# show: the engine and the table; show query: --print-query's text, with
# no AWS at all (nothing listens at the endpoint).
AWS_ENDPOINT_URL=http://127.0.0.1:9 \
    repl "set target 10.0.1.10:80" "$athena_set" "set athena-table FlowLogs.VPC" \
    "$window" "set format \${version} \${srcaddr} \${dstaddr} \${start} \${end} \${log-status} \${pkt-srcaddr} \${pkt-dstaddr}" \
    "show query" show
expect_status 0
sed -n '/^SELECT/,/;$/p' "$tmp/out" | sed 's/^flowdiag> //' >"$tmp/repl-query"
AWS_ENDPOINT_URL=http://127.0.0.1:9 \
    run check 10.0.1.10:80 --engine athena --athena-table FlowLogs.VPC \
    --from "$from" --to "$to" --print-query \
    --log-format '${version} ${srcaddr} ${dstaddr} ${start} ${end} ${log-status} ${pkt-srcaddr} ${pkt-dstaddr}'
expect_status 0
grep -q '"pkt_srcaddr" = ' "$tmp/out" || fail "no pkt-* filter: $(cat "$tmp/out")"
cmp -s "$tmp/out" "$tmp/repl-query" ||
	fail "show query is not --print-query's: $(diff "$tmp/out" "$tmp/repl-query")"
passed=$((passed + 1))
AWS_ENDPOINT_URL=http://127.0.0.1:9 \
    repl "set target 10.0.1.10:80" "$athena_set" "$table" "$output" show \
    "set athena-output none" "set athena-table" show
expect_status 0
expect_out "  source           (the Athena table)"
expect_out "  window           the last hour"
expect_out "  engine           athena"
expect_out "  athena-table     flowlogs.vpc"
expect_out "  athena-workgroup primary"
expect_out "  athena-output    s3://results/flowdiag/"
expect_out "  athena-output    (the workgroup's)"
expect_out "  athena-table     (not set)"
expect_out "  verdict          none yet (run)"
repl "set source $tmp/port80.log" show
expect_out "  engine       auto"
grep -q athena-table "$tmp/out" && fail "show names the Athena table without engine athena: $(cat "$tmp/out")"
passed=$((passed + 1))

# A bad value: check's words, the option named as the REPL names it.
for pair in "engine|grep" "athena-workgroup|w g" "athena-output|/tmp/x" \
    "athena-table|a.b'; DROP TABLE x; --" "athena-table|vpc" \
    "athena-table|.vpc"; do
	key=${pair%%|*} value=${pair#*|}
	if [ "$key" = engine ]; then
		run check 10.0.1.10:80 --engine "$value" --file "$tmp/port80.log"
	else
		run check 10.0.1.10:80 --engine athena --athena-table a.b \
		    "--$key" "$value" --print-query
	fi
	expect_status 64
	want=$(sed "s/^flowdiag: --$key/flowdiag: $key/" "$tmp/err")
	printf 'set %s %s\n' "$key" "$(q_repl "$value")" >"$tmp/line"
	status=0
	"$FLOWDIAG" <"$tmp/line" >"$tmp/out" 2>"$tmp/err" || status=$?
	expect_status 64
	[ "$(cat "$tmp/err")" = "$want" ] ||
		fail "set $key '$value': '$(cat "$tmp/err")', not check's '$want'"
	passed=$((passed + 1))
done
# The value refused leaves the setting as it was.
repl "$athena_set" "$table" "set athena-table a..b" show
expect_out "  athena-table     flowlogs.vpc"

# help set names the settings, help show the query.
repl "help set" "help show"
tr -s ' \n' '  ' <"$tmp/out" >"$tmp/help"
for part in "set engine auto|filter|insights|athena" \
    "set athena-table DB.TABLE" "set athena-workgroup NAME" \
    "set athena-output s3://BUCKET/PREFIX/" "show [query]" \
    "show query prints the Athena query"; do
	grep -qF -- "$part" "$tmp/help" || fail "help lacks '$part': $(cat "$tmp/out")"
	passed=$((passed + 1))
done

# A run with engine athena needs the table, and reads no log groups; show
# query is engine athena's.
repl "set target 10.0.1.10:80" "$athena_set" run
expect_status 64
expect_err "flowdiag: engine athena needs the table: set athena-table DB.TABLE"
repl "set target 10.0.1.10:80" "set source log-group /vpc/flowlogs" \
    "$athena_set" "$table" run
expect_status 64
expect_err "flowdiag: engine athena reads the table, not log groups: set source to files or S3, or set engine auto"
repl "set target 10.0.1.10:80" "set source $tmp/port80.log" "show query"
expect_status 64
expect_err "flowdiag: show query is for engine athena: set engine athena"
repl "show tables"
expect_status 64
expect_err "flowdiag: show 'tables': show takes nothing (the settings) or query"

# set engine insights reaches the pipeline: Logs Insights' stand-in sees a
# StartQuery, as for check --engine insights, and the same report; with
# filter it sees FilterLogEvents and no query.
rm -f "$tmp/fakelog"
start_fake fake-insights.py complete "$tmp/fakelog" "$tmp/port80.log"
export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS="$fakeurl"
run check 10.0.1.10:80 --log-group vpc-flow-logs --engine insights \
    --from "$from" --to "$to" --json
expect_status 10
jq -S . "$tmp/out" >"$tmp/want"
[ "$(grep -c '^StartQuery' "$tmp/fakelog")" -eq 1 ] ||
	fail "check: not one StartQuery: $(cat "$tmp/fakelog")"
: >"$tmp/fakelog"
repl "set target 10.0.1.10:80" "set source log-group vpc-flow-logs" \
    "set engine insights" "$window" run "save $tmp/insights.json"
expect_status 0
[ "$(grep -c '^StartQuery' "$tmp/fakelog")" -eq 1 ] ||
	fail "the REPL's engine insights: not one StartQuery: $(cat "$tmp/fakelog")"
jq -S . "$tmp/insights.json" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "the REPL's insights report differs from check's: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))
: >"$tmp/fakelog"
repl "set target 10.0.1.10:80" "set source log-group vpc-flow-logs" \
    "set engine filter" "$window" run
grep -q '^FilterLogEvents' "$tmp/fakelog" ||
	fail "engine filter: no FilterLogEvents: $(cat "$tmp/fakelog")"
! grep -q '^StartQuery' "$tmp/fakelog" ||
	fail "engine filter started a query: $(cat "$tmp/fakelog")"
passed=$((passed + 1))

done_testing
