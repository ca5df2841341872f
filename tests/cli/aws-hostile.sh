#!/bin/sh
# Hostile CloudWatch Logs servers (tests/fake-logs.py): one that echoes a
# session token of real length, and a prefix of it, in its error message
# (and EC2, tests/fake-ec2.py, in a flow log); one whose response header is
# 1 MB; one that answers HTTP 500 every time.
# Each gives one line with its own exit status, and no output holds 16
# consecutive characters of the token or the secret key.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing" >&2; exit 77; }

for v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done
# A real STS token is 350 to 1,100 base64 characters starting
# "IQoJb3JpZ2luX2Vj": this one has 800.
AWS_SESSION_TOKEN=$(python3 -c 'import base64, random
r = random.Random(16)
t = "IQoJb3JpZ2luX2Vj" + base64.b64encode(bytes(r.randrange(256) for _ in range(700))).decode()
print(t[:800])')
AWS_ACCESS_KEY_ID=ASIAFLOWDIAGHOSTILE1
AWS_SECRET_ACCESS_KEY=k9Zq/3rT+uWv7XyB2cDe5FgH8iJkLmNoPqRsTuVw
AWS_DEFAULT_REGION=us-east-1
AWS_EC2_METADATA_DISABLED=true
AWS_CONFIG_FILE=$tmp/none
AWS_SHARED_CREDENTIALS_FILE=$tmp/none
FLOWDIAG_BACKOFF_MS=10
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
    AWS_DEFAULT_REGION AWS_EC2_METADATA_DISABLED AWS_CONFIG_FILE \
    AWS_SHARED_CREDENTIALS_FILE FLOWDIAG_BACKOFF_MS
[ ${#AWS_SESSION_TOKEN} -eq 800 ] || fail "token of ${#AWS_SESSION_TOKEN} characters"

# no_secret FILE...: no 16 consecutive characters of the token or the
# secret key in the files.
no_secret()
{
	python3 - "$@" <<'PY' || fail "a secret leaked: $(cat "$@")"
import os, sys
text = "".join(open(f, errors="replace").read() for f in sys.argv[1:])
for name in ("AWS_SESSION_TOKEN", "AWS_SECRET_ACCESS_KEY"):
    s = os.environ[name]
    for i in range(len(s) - 15):
        if s[i:i + 16] in text:
            print("%s[%d:%d] is in the output" % (name, i, i + 16), file=sys.stderr)
            sys.exit(1)
PY
	passed=$((passed + 1))
}

# check_fake [ARG...]: a check against the fake server, its stdout and
# stderr in $tmp/out and $tmp/err, its status in $status.
check_fake()
{
	run check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" \
	    --no-ec2 --from 1700000000 --to 1700000300 "$@"
}

# An error message that quotes the whole token, a prefix of it and the
# secret key: one line, 69, no secret, with --debug as without.
export FAKE_ECHO="$AWS_SECRET_ACCESS_KEY"
start_fake fake-logs.py echo-token
check_fake
expect_status 69
expect_err "logs FilterLogEvents failed: HTTP 400 ValidationException: 1 validation error: the token "
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "echo-token: not one line: $(cat "$tmp/err")"
no_secret "$tmp/out" "$tmp/err"
start_fake fake-logs.py echo-token
check_fake --debug
expect_status 69
expect_err "X-Amz-Security-Token: <redacted>"
no_secret "$tmp/out" "$tmp/err"
unset FAKE_ECHO

# EC2 quoting the token in a flow log's delivery error (a fact in the
# report) and its format (a warning), with --debug: no piece of it shows.
python3 "${srcdir:-.}/tests/fake-ec2.py" echo-token "$tmp/ec2port" &
stop_at_exit $!
ec2url="http://127.0.0.1:$(wait_port "$tmp/ec2port" fake-ec2.py)"
start_fake fake-logs.py ok
AWS_ENDPOINT_URL_EC2=$ec2url run check 10.0.1.10:80 --log-group g \
    --endpoint-url "$fakeurl" --from 1700000000 --to 1700000300 --json --debug
expect_status 10
expect_out '"log.delivery_error": "fl-1: cannot deliver with ****'
expect_err "flowdiag: warning: cannot read the format of flow log fl-1"
no_secret "$tmp/out" "$tmp/err"

# A 1 MB response header: said as such, naming the service, 69.
start_fake fake-logs.py big-header
check_fake
expect_status 69
expect_err "flowdiag: logs FilterLogEvents: the server's response headers are too large"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "big-header: not one line: $(cat "$tmp/err")"
! grep -qi "out of memory" "$tmp/err" || fail "big-header: $(cat "$tmp/err")"
passed=$((passed + 1))

# HTTP 500 every time: a server error after the retries, not throttling;
# 69.
start_fake fake-logs.py error-500
check_fake --debug
expect_status 69
[ "$(grep -c 'debug: POST' "$tmp/err")" -eq 3 ] || fail "error-500: $(grep -c 'debug: POST' "$tmp/err") attempts"
grep -v '^flowdiag: debug' "$tmp/err" >"$tmp/err1"
mv "$tmp/err1" "$tmp/err"
expect_err "flowdiag: logs FilterLogEvents: server error: HTTP 500 after 3 attempts (retries exhausted): try again later (InternalFailure: An internal error occurred)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "error-500: not one line: $(cat "$tmp/err")"
! grep -qi "throttl\|still failing" "$tmp/err" || fail "error-500 read as throttling: $(cat "$tmp/err")"
passed=$((passed + 1))

done_testing
