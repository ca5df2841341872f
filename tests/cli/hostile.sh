#!/bin/sh
# Hostile servers, from the modes of tests/fake-logs.py, fake-ec2.py and
# fakeaws.py: a body too large, a gzip bomb, a byte a second, a redirect to
# another host, a reset mid-body, next tokens that cycle, a paging that
# never ends, 20 pages of huge log group names, an error nested 60 deep.
# Each run ends in bounded time (timeout) and memory (/usr/bin/time's
# %M) with one line on stderr and the status flowdiag(1) gives it.
. "${srcdir:-.}/tests/lib.sh"

[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 77; }
command -v timeout >/dev/null || { echo "timeout missing (coreutils)" >&2; exit 77; }

AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/flowdiag/secret/KEY
AWS_DEFAULT_REGION=us-east-1
AWS_EC2_METADATA_DISABLED=true
AWS_CONFIG_FILE=$tmp/none
AWS_SHARED_CREDENTIALS_FILE=$tmp/none
FLOWDIAG_BACKOFF_MS=10
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION \
    AWS_EC2_METADATA_DISABLED AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE \
    FLOWDIAG_BACKOFF_MS
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 \
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS FLOWDIAG_TIMEOUT_MS \
    FLOWDIAG_FETCH_TIMEOUT_MS

# Memory bounds are for a plain build: AddressSanitizer's shadow takes
# more, and its quarantine of freed memory (256 MB) would hide what is
# kept, so it is made small.
scale=1
# CPU bounds are for this machine's own instructions: under an emulator
# (tools/arm64.sh's qemu) each costs many times more, and a run that
# computes may take three times as long.
cpu_scale=1 time_scale=1
[ -z "${TEST_EMULATOR:-}" ] || cpu_scale=20 time_scale=3
if grep -q __asan_init "$FLOWDIAG" 2>/dev/null; then
	scale=3
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
	export ASAN_OPTIONS
fi

# hrun SECONDS MB ARG...: runs flowdiag with ARGs, killed after SECONDS;
# sets $status, $tmp/out, $tmp/err, and checks that it ended by itself
# in time, within MB megabytes, with one line on stderr.
hrun()
{
	secs=$(($1 * time_scale)) mb=$2
	shift 2
	status=0
	timeout "$secs" /usr/bin/time -f '%M %U %e' -o "$tmp/usage" \
	    "$FLOWDIAG" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
	[ "$status" -ne 124 ] || fail "$*: still running after $secs s: $(cat "$tmp/err")"
	# A status other than 0 adds a line before the figures.
	read -r kb cpu wall <<-END || fail "$*: no usage from /usr/bin/time"
	$(tail -1 "$tmp/usage")
	END
	echo "# $*: status $status, $kb kB, ${cpu}s CPU, ${wall}s" >&2
	echo "# $(cat "$tmp/err")" >&2
	[ "$kb" -lt $((mb * 1024 * scale)) ] ||
		fail "$*: $kb kB, more than $((mb * scale)) MB"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		fail "$*: not one line on stderr: $(head -c 2000 "$tmp/err")"
	passed=$((passed + 3))
}

logs()
{
	start_fake fake-logs.py "$1"
}

window="--from 1700000000 --to 1700000300"

# A 20 MB body: refused at the 16 MiB cap, not retried.
logs oversized
hrun 30 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
expect_status 25
expect_err "is larger than 16777216 bytes"

# A gzip bomb of 256 MB: inflated into the same capped buffer.
logs bomb
hrun 30 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
expect_status 25
expect_err "is larger than 16777216 bytes"

# A byte a second: each attempt ends at the exchange's timeout.
logs drip
export FLOWDIAG_TIMEOUT_MS=1000
hrun 30 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
unset FLOWDIAG_TIMEOUT_MS
expect_status 25
expect_err "no answer from $fakeurl"

# A redirect to another host: not followed, so the signature stays here.
logs redirect
hrun 30 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
expect_status 69
expect_err "logs FilterLogEvents: $fakeurl answered with a redirect (HTTP 307), which is not followed: check --endpoint-url"
[ ! -e "$tmp/fakeport.stolen" ] || fail "the redirect was followed: $(cat "$tmp/fakeport.stolen")"
passed=$((passed + 1))

# A reset mid-body: retried, then one line.
logs reset
hrun 30 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
expect_status 25
expect_err "no answer from $fakeurl"

# Next tokens that come round again after 100 pages (a run of hours when
# only the last 64 were remembered): stopped when page 101 repeats page
# 1's, some 22 s of pages at the quota.
logs cycle-100
hrun 100 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
expect_status 69
expect_err "logs FilterLogEvents of log group 'g': page 101's next token is page 1's again: the server loops"

# A new token on every page, for ever: stopped by the fetch's budget.
logs endless
export FLOWDIAG_FETCH_TIMEOUT_MS=2000
hrun 20 80 check 10.0.1.10:80 --log-group g --endpoint-url "$fakeurl" --no-ec2 $window
unset FLOWDIAG_FETCH_TIMEOUT_MS
expect_status 69
expect_err "logs FilterLogEvents of log group 'g': still paging after 2 s"
expect_err "FLOWDIAG_FETCH_TIMEOUT_MS"

# No such log group, and 20 pages of 8,000 near names, two more of a
# megabyte (longer than a log group's name can be), the nearest on the
# last page: it is still suggested, in bounded memory (150 MB when every
# name was kept, 35 MB now).
logs groups
hrun 50 60 check 10.0.1.10:80 --log-group vpc-flowlogs --endpoint-url "$fakeurl" \
    --no-ec2 $window
expect_status 23
expect_err "log group 'vpc-flowlogs' not found in us-east-1 (did you mean 'vpc-flow-logs'"
! grep -q "yyyy\|vpc-flowlogsvpc" "$tmp/err" || fail "a name too long was kept: $(head -c 300 "$tmp/err")"
passed=$((passed + 1))

# EC2, whose failures are a warning, the records read on: a log group in
# fake-logs.py on a port of its own, EC2 in fake-ec2.py.
python3 "${srcdir:-.}/tests/fake-logs.py" ok "$tmp/logsport" &
stop_at_exit $!
logsurl="http://127.0.0.1:$(wait_port "$tmp/logsport" fake-logs.py)"

# Next tokens A, B, A, B: stopped at the third page, not the 1,000th.
start_fake fake-ec2.py abab
export AWS_ENDPOINT_URL_EC2="$fakeurl"
hrun 20 80 check 10.0.1.10:80 --log-group g --endpoint-url "$logsurl" $window
expect_status 10
expect_err "ec2 DescribeFlowLogs: page 3's next token is page 1's again: the server loops"

# An error of 15 MB nested 60 deep: its Error found in one pass (seconds
# of CPU when every level read its subtree again).
start_fake fake-ec2.py deep-error
export AWS_ENDPOINT_URL_EC2="$fakeurl"
hrun 30 120 check 10.0.1.10:80 --log-group g --endpoint-url "$logsurl" $window
expect_status 10
expect_err "InvalidParameterValue: deep down"
awk -v c="$cpu" -v m=$((2 * scale * cpu_scale)) 'BEGIN { exit !(c < m) }' ||
	fail "deep error: $cpu s of CPU"
passed=$((passed + 1))

done_testing
