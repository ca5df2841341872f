#!/bin/sh
# CloudWatch Logs, end to end against moto (python3 -m moto.server) and, for
# what moto lacks, tests/fake-logs.py: the verdict from a log group equals
# the one from the same records in a file; pages are followed; failures
# are one line with their own exit status; secrets never show.
. "${srcdir:-.}/tests/lib.sh"

command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
need_moto
start_moto
export FLOWDIAG_BACKOFF_MS=10
put_sample vpc-flow-logs
from=$sample_from
to=$sample_to
export FLOWDIAG_NOW=$(($(date +%s) + 86400))

# The same verdict from the log group as from the file.
run check 10.0.1.10:80 --file "$tmp/recent.log" --json
expect_status 10
jq -c '[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]' \
    "$tmp/out" >"$tmp/want"
run check 10.0.1.10:80 --log-group vpc-flow-logs --from "$from" --to "$to" --json
expect_status 10
jq -c '[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]' \
    "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "log group verdict $(cat "$tmp/got") differs from file's $(cat "$tmp/want")"
passed=$((passed + 1))
[ "$(jq -r '.input.files[0].name' "$tmp/out")" = logs:vpc-flow-logs ] ||
	fail "source name: $(jq -c .input.files "$tmp/out")"
passed=$((passed + 1))

# Pages: two events a page, every page followed, the same answer.
FLOWDIAG_PAGE_LIMIT=2 "$FLOWDIAG" check 10.0.1.10:80 --log-group vpc-flow-logs \
    --from "$from" --to "$to" --json --debug >"$tmp/out" 2>"$tmp/err" || true
jq -c '[.verdict.category, .verdict.cause, .evidence.facts["req.records"], .evidence.facts["rep.records"]]' \
    "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "paged verdict $(cat "$tmp/got")"
pages=$(sed -n 's/.* requests, \([0-9]*\) pages, .*/\1/p' "$tmp/err")
[ "${pages:-0}" -ge 4 ] || fail "expected 4 pages or more, got '$pages': $(tail -3 "$tmp/err")"
passed=$((passed + 2))

# At a terminal, a progress line whose counts and nouns agree: the
# sample's window is under ten minutes, one slice, and its 15 events come
# in one page.
if command -v script >/dev/null; then
	script -qec "'$FLOWDIAG' check 10.0.1.10:80 --log-group vpc-flow-logs --from $from --to $to >/dev/null" /dev/null >"$tmp/tty" 2>&1 || :
	tr '\r' '\n' <"$tmp/tty" >"$tmp/err"
	expect_err "flowdiag: log groups: 1 of 1 slice, 1 page, 15 events"
fi

# An hour is fetched in four slices side by side: the same report, and
# the same malformed events numbered through the group, as one request
# after the other.  The sample, and lines that are no record, one in each
# slice.
aws logs create-log-group --log-group-name sliced
aws logs create-log-stream --log-group-name sliced --log-stream-name s
jq --argjson f "$from" '. + [range(0; 4) as $k |
    {timestamp: (($f - 1700 + $k * 900) * 1000), message: "not a record \($k)"}] |
    sort_by(.timestamp)' "$tmp/events.json" >"$tmp/sliced.json"
aws logs put-log-events --log-group-name sliced --log-stream-name s \
    --log-events "file://$tmp/sliced.json" >/dev/null
run check 10.0.1.10:80 --log-group sliced --from $((from - 1800)) \
    --to $((from + 1799)) --json --debug
expect_status 10
expect_err "4 slices of 900s, 4 at once"
jq -S . "$tmp/out" >"$tmp/sliced"
grep -v '^flowdiag: debug' "$tmp/err" >"$tmp/sliced.err"
[ "$(jq '.input.malformed' "$tmp/sliced")" = 4 ] ||
	fail "malformed events: $(jq -c .input "$tmp/sliced")"
FLOWDIAG_FETCHES=1 "$FLOWDIAG" check 10.0.1.10:80 --log-group sliced \
    --from $((from - 1800)) --to $((from + 1799)) --json --debug \
    >"$tmp/out" 2>"$tmp/err" || true
grep -q "1 slices of 3600s, 1 at once" "$tmp/err" || fail "one slice: $(tail -2 "$tmp/err")"
jq -S . "$tmp/out" | cmp -s - "$tmp/sliced" ||
	fail "slices differ from one fetch: $(jq -S . "$tmp/out" | diff - "$tmp/sliced" | head)"
grep -v '^flowdiag: debug' "$tmp/err" | cmp -s - "$tmp/sliced.err" ||
	fail "warnings differ: $(grep -v '^flowdiag: debug' "$tmp/err" | diff - "$tmp/sliced.err")"
passed=$((passed + 4))

# --debug shows the requests, never the secrets.
expect_err "flowdiag: debug: POST $moto_url"
expect_err "Authorization: <redacted>"
expect_err "X-Amz-Security-Token: <redacted>"
for secret in "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "Signature="; do
	! grep -qF -- "$secret" "$tmp/err" "$tmp/out" || fail "'$secret' leaked"
	passed=$((passed + 1))
done

# A log group that is not there: 23, with a near name suggested.
run check 10.0.1.10:80 --log-group vpc-flowlogs --from "$from" --to "$to"
expect_status 23
expect_err "log group 'vpc-flowlogs' not found in us-east-1 (did you mean 'vpc-flow-logs'?)"

# No credentials anywhere: 20.
(
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
	HOME="$tmp" "$FLOWDIAG" check 10.0.1.10:80 --log-group vpc-flow-logs \
	    >"$tmp/out" 2>"$tmp/err"
) && status=0 || status=$?
expect_status 20
expect_err "no AWS credentials"

# Nothing listening: 25, at once.
run check 10.0.1.10:80 --log-group g --endpoint-url "http://127.0.0.1:$(free_port)"
expect_status 25
expect_err "cannot connect to http://127.0.0.1:"

# What moto cannot do, from tests/fake-logs.py (--no-ec2: EC2 is not the
# subject, tests/cli/ec2.sh is).  First prove that it
# speaks CloudWatch's protocol: the real AWS CLI reads its errors.
# fake MODE: starts the fake server in MODE and sets $fakeurl.
fake()
{
	start_fake fake-logs.py "$1"
}

fake throttle-always
AWS_MAX_ATTEMPTS=1 aws logs filter-log-events --log-group-name g \
    --endpoint-url "$fakeurl" >/dev/null 2>"$tmp/cli" || true
grep -q "An error occurred (ThrottlingException) when calling the FilterLogEvents operation.*: Rate exceeded" "$tmp/cli" ||
	fail "the AWS CLI does not read the fake's throttling: $(cat "$tmp/cli")"
passed=$((passed + 1))
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 --from "$from" --to "$to" --debug
expect_status 27
expect_err "still failing after 3 attempts"
[ "$(grep -c 'debug: POST' "$tmp/err")" -eq 3 ] || fail "not 3 attempts: $(grep -c 'debug: POST' "$tmp/err")"
passed=$((passed + 1))

# Throttled twice, then answered: the retries hide it.
fake throttle-2
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 --from 1700000000 --to 1700000300 --json
expect_status 10
[ "$(jq -r .verdict.cause "$tmp/out")" = inbound-rejected ] || fail "after retries: $(jq -c .verdict "$tmp/out")"
passed=$((passed + 1))

# Each failure: its line, its status.
for case in "expired 21 have expired" "denied 22 access denied to logs:FilterLogEvents" \
    "signature 24 check the access key and that this machine's clock is right"; do
	set -- $case
	mode=$1 want=$2
	shift 2
	fake "$mode"
	AWS_MAX_ATTEMPTS=1 aws logs filter-log-events --log-group-name g \
	    --endpoint-url "$fakeurl" >/dev/null 2>"$tmp/cli" || true
	grep -q "An error occurred" "$tmp/cli" || fail "AWS CLI on $mode: $(cat "$tmp/cli")"
	run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
	expect_status "$want"
	expect_err "$*"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$mode: not one line: $(cat "$tmp/err")"
	passed=$((passed + 1))
done

# AWS's signature errors quote the canonical request, session token
# included: the message keeps its first line, and no secret.
fake echo-signature
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
expect_status 24
expect_err "The request signature we calculated does not match"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "echo-signature: not one line: $(cat "$tmp/err")"
for secret in "$AWS_SESSION_TOKEN" "Signature=" "$AWS_SECRET_ACCESS_KEY"; do
	! grep -qF -- "$secret" "$tmp/err" || fail "'$secret' leaked: $(cat "$tmp/err")"
	passed=$((passed + 1))
done

# A 503 with an HTML body, then a page: retried, answered.
fake 503-then-ok
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --from 1700000000 --to 1700000300 --json --no-ec2
expect_status 10
[ "$(jq -r .input.records_matched "$tmp/out")" = 1 ] || fail "after a 503: $(jq -c .input "$tmp/out")"
passed=$((passed + 1))

# Empty pages that carry a token: followed to the page with the event.
fake empty-pages
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --from 1700000000 --to 1700000300 --json --no-ec2
expect_status 10
[ "$(jq -r .input.records_matched "$tmp/out")" = 1 ] || fail "empty pages: $(jq -c .input "$tmp/out")"
passed=$((passed + 1))

# Slower than the timeout: three attempts, then one line, 25.
fake slow
export FLOWDIAG_TIMEOUT_MS=500
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 --debug \
    --from 1700000000 --to 1700000300
expect_status 25
[ "$(grep -c 'debug: POST' "$tmp/err")" -eq 3 ] || fail "slow: $(grep -c 'debug: POST' "$tmp/err") attempts"
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
unset FLOWDIAG_TIMEOUT_MS
expect_err "no answer from $fakeurl"
passed=$((passed + 1))

# A body cut short: retried, then one line, 25.
fake truncated
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
expect_status 25
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "truncated: not one line: $(cat "$tmp/err")"
passed=$((passed + 1))

# A 10 MB error message: read, cut to a line, 69.
fake big-error
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 \
    --from 1700000000 --to 1700000300
expect_status 69
expect_err "ValidationException: xxxxxxxx"
[ "$(wc -c <"$tmp/err")" -lt 1000 ] || fail "big error: $(wc -c <"$tmp/err") bytes of message"
passed=$((passed + 1))

# A next token that comes back forever: stopped, not looped, and an error,
# for the records of the pages after it were never read.
fake repeat-token
run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 --debug \
    --from 1700000000 --to 1700000300
expect_status 69
expect_err "page 2's next token is page 1's again: the server loops"
[ "$(grep -c 'debug: POST' "$tmp/err")" -eq 2 ] ||
	fail "repeated token: $(grep -c 'debug: POST' "$tmp/err") requests"
passed=$((passed + 1))

done_testing
