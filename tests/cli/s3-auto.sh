#!/bin/sh
# --s3 with --engine auto and --athena-table: the window's objects are
# listed first; past FLOWDIAG_ATHENA_OBJECTS objects or
# FLOWDIAG_ATHENA_BYTES bytes (lowered here: the window holds 3 objects),
# or with a Parquet object among them, Athena queries the table instead
# and no object is fetched; within them the objects are read and Athena
# is not called.  --engine athena queries without listing, --engine
# filter reads whatever the size, and without a table the objects are
# read with a line naming --athena-table.  moto serves S3 and, through
# tests/moto-server.py, Athena, whose calls go to $tmp/calls.
. "${srcdir:-.}/tests/lib.sh"

need_moto
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
export FLOWDIAG_ATHENA="$tmp/athena.json" FLOWDIAG_BACKOFF_MS=10 \
    FLOWDIAG_NOW=1700086400
start_moto "${srcdir:-.}/tests/moto-server.py"
top=${srcdir:-.}
window="--from 1700000000 --to 1700003600"
table="--athena-table flowlogs.vpc --athena-output s3://results/auto/"

python3 "$top/tests/make-scenarios.py" "$tmp/corpus" >/dev/null ||
	fail "make-scenarios.py failed"
python3 "$top/tests/make-s3-objects.py" "$tmp/corpus" "$tmp/objects" \
    reachable || fail "make-s3-objects.py failed"
aws s3 mb s3://flows >/dev/null || fail "cannot make the bucket in moto"
# text: the window's 3 objects of each layout; pq: the plain ones and the
# decoys, among them a Parquet object of the window.
aws s3 cp --recursive --quiet "$tmp/objects/window" s3://flows/text/ ||
	fail "cannot upload the window's objects"
aws s3 cp --recursive --quiet "$tmp/objects/window/plain/reachable" \
    s3://flows/pq/ || fail "cannot upload to pq/"
aws s3 cp --recursive --quiet "$tmp/objects/decoy/plain/reachable" \
    s3://flows/pq/ || fail "cannot upload the decoys to pq/"
plain="$tmp/objects/window/plain/reachable"
objects=$(find "$plain" -type f | wc -l)
bytes=$(find "$plain" -type f -exec cat {} + | wc -c)
[ "$objects" -eq 3 ] || fail "$objects objects in the window, not 3"

# What Athena answers: the sample's records of 10.0.1.10:80 (and the
# NODATA lines), whose verdict (10, inbound rejected) is not the S3
# objects' (0, reachable): the report says which was read.
awk '($5 == "10.0.1.10" && $7 == 80) || ($4 == "10.0.1.10" && $6 == 80) ||
    $14 == "NODATA"' "$EXAMPLES/flows.log" >"$tmp/port80.log"
python3 "$top/tests/athena-rows.py" "$tmp/port80.log" >"$tmp/rows.json"
v2='version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status'
jq -n --argjson cols "$(echo "$v2" | tr ' ' '\n' | jq -R '{Name: ., Type: "string"}' | jq -s .)" \
    '{"flowlogs.vpc": {Columns: $cols, PartitionKeys: [{Name: "dt", Type: "string"}]}}' \
    >"$tmp/tables.json"
verdict='[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]'
# shellcheck disable=SC2086 # $window: two options
run check 10.0.1.10:80 --file "$tmp/port80.log" $window --json
expect_status 10
jq -c "$verdict" "$tmp/out" >"$tmp/athena-verdict"
# shellcheck disable=SC2086
run check 10.0.1.10:80 --file "$plain" $window
expect_status 0
cp "$tmp/out" "$tmp/local.txt"

# fresh: the next run's Athena calls go to an empty $tmp/calls, its
# query (if any) answers with the rows, and moto's log starts afresh.
fresh()
{
	jq -n --arg log "$tmp/calls" --slurpfile tables "$tmp/tables.json" \
	    '{log: $log, states: ["SUCCEEDED"], tables: $tables[0],
	      scanned: 1000, millis: 100}' >"$FLOWDIAG_ATHENA"
	: >"$tmp/calls"
	curl -sf -X POST -d "@$tmp/rows.json" \
	    "$moto_url/moto-api/static/athena/query-results" >/dev/null ||
		fail "moto refused the results"
	mark=$(wc -l <"$tmp/moto.log")
}

# since: moto's log since fresh.
since()
{
	tail -n "+$((mark + 1))" "$tmp/moto.log"
}

# gets, lists: the GetObject and ListObjectsV2 requests since fresh.
gets()
{
	since | grep -c '"GET /flows/[^? ]*\.log\.[a-z]* HTTP' || :
}
lists()
{
	since | grep -c '"GET /flows?[^ ]*list-type=2' || :
}

# calls ACTION: the Athena calls of ACTION since fresh.
calls()
{
	grep -c "^$1 " "$tmp/calls" || :
}

# expect_athena: the last run's report came from Athena's rows, one
# query started, no object fetched.
expect_athena()
{
	expect_status 10
	[ "$(jq -c "$verdict" "$tmp/out")" = "$(cat "$tmp/athena-verdict")" ] ||
		fail "not Athena's verdict: $(jq -c "$verdict" "$tmp/out")"
	[ "$(jq -c '[.input.query.engine, .input.files[0].name]' "$tmp/out")" = \
	    '["athena","athena:flowlogs.vpc"]' ] ||
		fail "input: $(jq -c .input "$tmp/out")"
	[ "$(calls StartQueryExecution)" -eq 1 ] ||
		fail "not one StartQueryExecution: $(cat "$tmp/calls")"
	[ "$(gets)" -eq 0 ] || fail "$(gets) GetObject requests, expected none"
	passed=$((passed + 3))
}

# expect_s3 N: the last run read N objects from S3 and did not call
# Athena.
expect_s3()
{
	[ "$(gets)" -eq "$1" ] || fail "$(gets) GetObject requests, expected $1"
	[ ! -s "$tmp/calls" ] || fail "Athena was called: $(cat "$tmp/calls")"
	passed=$((passed + 2))
}

# Past the objects' limit: the listing, then Athena.
fresh
# shellcheck disable=SC2086 # $table, $window: options
FLOWDIAG_ATHENA_OBJECTS=$((objects - 1)) run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable $table $window --json
expect_athena
[ "$(lists)" -gt 0 ] || fail "the window was not listed"
passed=$((passed + 1))
expect_err "flowdiag: more than 2 objects in the window: querying Athena table flowlogs.vpc instead (--engine filter reads them here)"

# At the limit: read here, the report the same objects give from disk.
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_OBJECTS=$objects run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable $table $window
expect_status 0
expect_s3 "$objects"
sed "s|s3://flows/text/plain/reachable/||g" "$tmp/out" >"$tmp/s3.txt"
sed "s|$plain/||g" "$tmp/local.txt" >"$tmp/local.norm"
cmp -s "$tmp/local.norm" "$tmp/s3.txt" ||
	fail "the report from S3 differs from the one from disk: $(diff "$tmp/local.norm" "$tmp/s3.txt" | head -20)"
passed=$((passed + 1))
! grep -q "Athena\|athena" "$tmp/err" || fail "a line of Athena: $(cat "$tmp/err")"
passed=$((passed + 1))

# The default limits (2000 objects, 2 GB), with --debug: what was
# weighed.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/text/hive/reachable $table $window --debug
expect_status 0
expect_s3 "$objects"
expect_err "flowdiag: debug: 3 objects, $bytes bytes in the window, within 2000 objects and 2000000000 bytes: reading them here"

# Past the bytes' limit, and at it.
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_BYTES=$((bytes - 1)) run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable $table $window --json
expect_athena
expect_err "flowdiag: more than $((bytes - 1)) bytes of objects in the window: querying Athena table flowlogs.vpc instead (--engine filter reads them here)"
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_BYTES=$bytes run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable $table $window
expect_status 0
expect_s3 "$objects"

# A Parquet object in the window: Athena, whatever the size.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/pq $table $window --json
expect_athena
expect_err "flowdiag: Parquet objects in the window, which flowdiag reads only through Athena: querying Athena table flowlogs.vpc instead"
# Without a table: the text objects read, the Parquet one told.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --s3 s3://flows/pq $window
expect_status 0
expect_s3 "$objects"
expect_err "flowdiag: warning: 1 Parquet object of the window not read: flowdiag reads Parquet flow logs through Athena (--engine athena), not from S3 directly"

# --engine athena: the table only, nothing listed.
fresh
# shellcheck disable=SC2086
run check 10.0.1.10:80 --engine athena --s3 s3://flows/text/plain/reachable \
    $table $window --json
expect_athena
[ "$(lists)" -eq 0 ] || fail "$(lists) listings with --engine athena"
passed=$((passed + 1))
! grep -q "objects in the window" "$tmp/err" || fail "a line of the limits: $(cat "$tmp/err")"
passed=$((passed + 1))

# --engine filter: read here whatever the size, and nothing said of it.
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_OBJECTS=1 run check 10.0.1.10:80 --engine filter \
    --s3 s3://flows/text/plain/reachable $window
expect_status 0
expect_s3 "$objects"
[ ! -s "$tmp/err" ] || fail "--engine filter said: $(cat "$tmp/err")"
passed=$((passed + 1))

# No table, past the limit: read here all the same, and told once,
# however many prefixes go past it.
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_OBJECTS=2 run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable --s3 s3://flows/text/hive/reachable \
    $window
expect_status 0
expect_s3 $((2 * objects))
expect_err "flowdiag: more than 2 objects in the window: reading them here, which takes a while; --athena-table DB.TABLE would have Athena query them instead"
[ "$(grep -c "objects in the window" "$tmp/err")" -eq 1 ] ||
	fail "told more than once: $(cat "$tmp/err")"
passed=$((passed + 1))
# Within it, nothing said.
fresh
# shellcheck disable=SC2086
FLOWDIAG_ATHENA_OBJECTS=3 run check 10.0.1.10:80 \
    --s3 s3://flows/text/plain/reachable $window
expect_status 0
expect_s3 "$objects"
[ ! -s "$tmp/err" ] || fail "said within the limit: $(cat "$tmp/err")"
passed=$((passed + 1))

# The options: the table goes with --engine athena or with --s3 under
# auto; the workgroup and the output location with a table.
# shellcheck disable=SC2086
run check 10.0.1.10:80 --engine filter --s3 s3://flows/text $table $window
expect_status 64
expect_err "flowdiag: --athena-table is for --engine athena, or --s3 with --engine auto: add one"
run check 10.0.1.10:80 --file "$plain" --athena-table flowlogs.vpc
expect_status 64
expect_err "flowdiag: --athena-table is for --engine athena, or --s3 with --engine auto: add one"
run check 10.0.1.10:80 --s3 s3://flows/text --athena-workgroup wg
expect_status 64
expect_err "flowdiag: --athena-workgroup is for the table: give --athena-table DB.TABLE too"
run check 10.0.1.10:80 --s3 s3://flows/text --athena-table flowlogs.vpc --print-query
expect_status 64
expect_err "flowdiag: --print-query is for --engine athena: add it"

done_testing
