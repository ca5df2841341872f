#!/bin/sh
# Input in forms flowdiag does not read, or reads with care: a header of a
# field it does not know, Parquet, underscore field names, blank lines.
. "${srcdir:-.}/tests/lib.sh"

f="$EXAMPLES/flows.log"
hdr="version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"

# An S3 header with a field flowdiag does not know: that field is named.
{ echo "$hdr new-field"; sed 's/$/ x/' "$f"; } >"$tmp/s3new.log"
run check 10.0.1.10:80 --file "$tmp/s3new.log"
expect_status 65
expect_err "flowdiag: '$tmp/s3new.log': header: unknown field 'new-field', one flowdiag does not read yet (the fields it reads are in flowdiag(1), --log-format)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
# ... and a known one (vpc-id) is read: the same verdict as without it.
{ echo "$hdr vpc-id"; sed 's/$/ vpc-0abc/' "$f"; } >"$tmp/s3vpc.log"
run check 10.0.1.10:80 --file "$f"
cp "$tmp/out" "$tmp/plain"
run check 10.0.1.10:80 --file "$tmp/s3vpc.log"
expect_status 10
expect_out "network-path-block: requests from 203.0.113.12 reach 10.0.1.10:80"
# Prose that names a few fields is still prose, not a header.
printf 'the start and end of the version\n' >"$tmp/prose.txt"
run check 10.0.1.10:80 --file "$tmp/prose.txt"
expect_status 65
expect_err "is not a flow log: line 1: expected 14 fields, found 7"

# Parquet (AWS delivers it to S3 when asked): what to do instead.
printf 'PAR1\025\004\025\000\000\000' >"$tmp/flows.parquet"
run check 10.0.1.10:80 --file "$tmp/flows.parquet"
expect_status 65
expect_err "flowdiag: '$tmp/flows.parquet' is Parquet: Parquet is not read; have the flow log delivered as text (--destination-options FileFormat=plain-text) or query it with Athena"

# Underscore field names, as Athena and Vector write them.
run check 10.0.1.10:80 --file "$f" --log-format 'version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status'
expect_status 10
same "$tmp/plain"
{ echo "$hdr" | tr - _; cat "$f"; } >"$tmp/s3under.log"
run check 10.0.1.10:80 --file "$tmp/s3under.log"
expect_status 10
expect_out "network-path-block"

# Blank lines are not records: the sample's 15, not 20.
{ printf '\n\n'; cat "$f"; printf '\n  \n\r\n'; } >"$tmp/blank.log"
run check 10.0.1.10:80 --file "$tmp/blank.log" --json
expect_status 10
expect_out '"records_scanned": 15,'
run check 10.0.1.10:80 --file "$tmp/blank.log" --json --validate
expect_out '"records_scanned": 15,'

done_testing
