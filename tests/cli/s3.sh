#!/bin/sh
# flowdiag check --s3 against moto's S3: scenarios of the corpus
# (tests/make-scenarios.py) delivered in each layout Flow Logs writes
# (tests/make-s3-objects.py: plain, Hive-compatible, per hour), uploaded
# with the real AWS CLI, give the report the same objects give read from
# disk, byte for byte once the file names are the same; only the window's
# objects are fetched (moto's request log counts them); and S3's refusals
# (tests/fake-s3.py) each give their one line and exit status.
. "${srcdir:-.}/tests/lib.sh"

need_moto
command -v jq >/dev/null || { echo "jq missing: apt-get install jq" >&2; exit 77; }
start_moto
export FLOWDIAG_BACKOFF_MS=0 FLOWDIAG_NOW=1700086400
window="--from 1700000000 --to 1700003600"
scenarios="reachable inbound-rejected reply-rejected port-closed-tcp silent-host host-firewall-reject"

python3 "${srcdir:-.}/tests/make-scenarios.py" "$tmp/corpus" >/dev/null ||
	fail "make-scenarios.py failed"
# shellcheck disable=SC2086 # the scenarios are words
python3 "${srcdir:-.}/tests/make-s3-objects.py" "$tmp/corpus" "$tmp/objects" \
    $scenarios || fail "make-s3-objects.py failed"
aws s3 mb s3://flows >/dev/null || fail "cannot make the bucket in moto"
aws s3 cp --recursive --quiet "$tmp/objects/window" s3://flows/ ||
	fail "cannot upload the window's objects"
aws s3 cp --recursive --quiet "$tmp/objects/decoy" s3://flows/ ||
	fail "cannot upload the decoys"

# gets PREFIX: the GetObject requests moto has seen under PREFIX.
gets()
{
	grep -c "\"GET /flows/$1[^? ]*\.log\.[a-z]* HTTP" "$tmp/moto.log" || :
}

for layout in plain hive hourly; do
	for scen in $scenarios; do
		local_dir="$tmp/objects/window/$layout/$scen"
		want=$(find "$local_dir" -type f | wc -l)
		[ "$want" -ge 2 ] || fail "$layout/$scen: $want objects only"
		target=10.0.1.10:80
		# shellcheck disable=SC2086 # $window: two options
		"$FLOWDIAG" check "$target" --file "$local_dir" $window \
		    >"$tmp/local.txt" 2>/dev/null || :
		# shellcheck disable=SC2086
		"$FLOWDIAG" check "$target" --file "$local_dir" $window --json \
		    >"$tmp/local.json" 2>/dev/null || lstatus=$?
		lstatus=${lstatus:-0}
		before=$(gets "$layout/$scen/")
		# shellcheck disable=SC2086
		run check "$target" --s3 "s3://flows/$layout/$scen" $window
		expect_status "$lstatus"
		sed "s|s3://flows/$layout/$scen/||g" "$tmp/out" >"$tmp/s3.txt"
		sed "s|$local_dir/||g" "$tmp/local.txt" >"$tmp/local.norm"
		cmp -s "$tmp/local.norm" "$tmp/s3.txt" ||
			fail "$layout/$scen: the report from S3 differs from the one from disk: $(diff "$tmp/local.norm" "$tmp/s3.txt" | head -20)"
		passed=$((passed + 1))
		# A Parquet object of the window is told, not read.
		expect_err "1 Parquet object of the window not read: flowdiag reads Parquet flow logs through Athena (--engine athena)"
		got=$(($(gets "$layout/$scen/") - before))
		[ "$got" -eq "$want" ] ||
			fail "$layout/$scen: $got GetObject requests, expected $want (the window's objects)"
		passed=$((passed + 1))
		# shellcheck disable=SC2086
		run check "$target" --s3 "s3://flows/$layout/$scen" $window --json
		sed "s|s3://flows/$layout/$scen/||g" "$tmp/out" >"$tmp/s3.json"
		sed "s|$local_dir/||g" "$tmp/local.json" >"$tmp/local.norm"
		cmp -s "$tmp/local.norm" "$tmp/s3.json" ||
			fail "$layout/$scen: the JSON from S3 differs from the one from disk: $(diff "$tmp/local.norm" "$tmp/s3.json" | head -20)"
		passed=$((passed + 1))
		unset lstatus
	done
done

# Only the folders of the window were listed: neither the day two days
# later nor, per hour, the hour 20 folder (the window's batches run from
# 22:08 to 23:38), which hold decoys.
grep -q '"GET /flows?delimiter=/&list-type=2&prefix=hourly/reachable/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/ ' "$tmp/moto.log" ||
	fail "the day folder of the hourly layout was not listed"
grep -q '"GET /flows?delimiter=/&list-type=2&prefix=hourly/reachable/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/22/ ' "$tmp/moto.log" ||
	fail "hour 22 of the hourly layout was not listed"
! grep -q 'prefix=hourly/[a-z-]*/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/20/' "$tmp/moto.log" ||
	fail "hour 20, outside the window, was listed"
! grep -q 'prefix=[a-z]*/[a-z-]*/AWSLogs/.*\(2023/11/17\|day=17\)' "$tmp/moto.log" ||
	fail "2023-11-17, outside the window, was listed"
passed=$((passed + 4))

# At a terminal, a progress line: the day folder of plain/reachable holds
# 7 objects (3 of the window, 3 decoys of other batches, 1 Parquet), and
# the 3 of the window are read.
if command -v script >/dev/null; then
	script -qec "'$FLOWDIAG' check 10.0.1.10:80 --s3 s3://flows/plain/reachable $window >/dev/null" /dev/null >"$tmp/tty" 2>&1 || :
	tr '\r' '\n' <"$tmp/tty" >"$tmp/err"
	expect_err "flowdiag: s3: 7 objects listed, 3 read, 0.0 MB"
	run check 10.0.1.10:80 --s3 s3://flows/plain/reachable $window
	! grep -q "objects listed" "$tmp/err" || fail "a progress line without a terminal"
	passed=$((passed + 1))
fi

# The verdicts themselves, against the corpus's MANIFEST, not only
# against the local reading.
run check 10.0.1.10:80 --s3 s3://flows/hive/inbound-rejected $window --json
expect_status 10
[ "$(jq -r .verdict.cause "$tmp/out")" = inbound-rejected ] ||
	fail "hive/inbound-rejected: cause $(jq -r .verdict.cause "$tmp/out")"
passed=$((passed + 1))
expect_out '"file": "s3://flows/hive/inbound-rejected/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2023/month=11/day=14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T22'

# The REPL's set source s3: the report check --json gives, saved.
status=0
printf '%s\n' "set target 10.0.1.10:80" \
    "set source s3 s3://flows/hive/reply-rejected" \
    "set window 1700000000 1700003600" run "save $tmp/saved.json" show |
	"$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
expect_status 0
expect_out "  source       s3://flows/hive/reply-rejected"
run check 10.0.1.10:80 --s3 s3://flows/hive/reply-rejected $window --json
expect_status 10
jq -S . "$tmp/out" >"$tmp/want"
jq -S . "$tmp/saved.json" >"$tmp/got" || fail "nothing saved"
cmp -s "$tmp/want" "$tmp/got" ||
	fail "the REPL's report differs from check's: $(diff "$tmp/want" "$tmp/got" | head)"
passed=$((passed + 1))
status=0
printf '%s\n' "set source s3 flows/x" | "$FLOWDIAG" >"$tmp/out" 2>"$tmp/err" || status=$?
expect_err "source: 'flows/x' is not an s3://BUCKET/PREFIX URL"

# --account: the account's folders only, in either layout.
run check 10.0.1.10:80 --s3 s3://flows/hourly/reachable --account 123456789012 $window
expect_status 0
run check 10.0.1.10:80 --s3 s3://flows/plain/reachable --account 210987654321 $window
expect_status 66
expect_err "flowdiag: s3://flows/plain/reachable: no flow logs of account 210987654321"
run check 10.0.1.10:80 --s3 s3://flows/plain/reachable --account 12345 $window
expect_status 64
expect_err "--account '12345': an AWS account id (12 digits)"

# A prefix that holds no flow log.
run check 10.0.1.10:80 --s3 s3://flows/nothing $window
expect_status 66
expect_err "flowdiag: s3://flows/nothing: no flow logs: no nothing/AWSLogs/ACCOUNT/vpcflowlogs/REGION/"

run check 10.0.1.10:80 --s3 s3://flows/plain/reachable/AWSLogs/123456789012 $window
expect_status 66
expect_err "(give the bucket and prefix the flow log delivers to, the part before AWSLogs/)"

# No such bucket: moto's NoSuchBucket.
run check 10.0.1.10:80 --s3 s3://no-such-bucket/logs $window
expect_status 23
expect_err "flowdiag: s3://no-such-bucket: no such bucket: check the name given to --s3 (NoSuchBucket:"

# Not a URL, not a bucket.
run check 10.0.1.10:80 --s3 flows/logs $window
expect_status 64
expect_err "--s3 'flows/logs' is not an s3://BUCKET/PREFIX URL"

# S3's refusals, from a server that speaks its errors.
start_fake fake-s3.py denied
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 22
expect_err "flowdiag: access denied to s3:ListBucket on arn:aws:s3:::flows: allow it in the IAM policy of credentials from environment, and in the bucket policy (AccessDenied: Access Denied)"

start_fake fake-s3.py denied-get
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 22
expect_err "flowdiag: access denied to s3:GetObject on arn:aws:s3:::flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz"

# One object refused stops the reading: of 40, the few begun side by side
# (4 connections) are asked for, not all 40 before the error is told.
rm -f "$tmp/fakeport.log"
start_fake fake-s3.py denied-many
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 22
expect_err "flowdiag: access denied to s3:GetObject on arn:aws:s3:::flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T2215Z_00000000.log.gz"
n=$(grep -c '\.log\.gz' "$tmp/fakeport.log")
[ "$n" -le 8 ] || fail "denied-many: $n GetObject requests after the first refusal, expected at most 8"
passed=$((passed + 1))

# An object of the window's folder that is not named as flow logs are is
# passed over, and said so; the flow log beside it is read.
rm -f "$tmp/fakeport.log"
start_fake fake-s3.py other
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_err "flowdiag: warning: 1 object in the window's folders passed over: not named as flow logs are (ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_YYYYMMDDTHHmmZ_HASH.log.gz), or a key with bytes S3 signs otherwise"
grep -q 'notes\.txt' "$tmp/fakeport.log" && fail "notes.txt was read"
grep -q '0a1b2c3d\.log\.gz' "$tmp/fakeport.log" || fail "the flow log beside notes.txt was not read"
passed=$((passed + 2))

start_fake fake-s3.py region
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 64
expect_err "flowdiag: s3://flows is in eu-west-1, not us-east-1: give --region eu-west-1 (PermanentRedirect)"

start_fake fake-s3.py malformed
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 64
expect_err "flowdiag: s3://flows is in eu-west-1, not us-east-1: give --region eu-west-1 (AuthorizationHeaderMalformed)"

# SlowDown: the standard retry mode's 3 attempts, then one line.
rm -f "$tmp/fakeport.log"
start_fake fake-s3.py slowdown
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 27
expect_err "flowdiag: s3 ListObjectsV2 still failing after 3 attempts: try a shorter window, or again in a minute (SlowDown: Please reduce your request rate.)"
n=$(wc -l <"$tmp/fakeport.log")
[ "$n" -eq 3 ] || fail "slowdown: $n requests, expected 3"
passed=$((passed + 1))

# SlowDown once a request: each retried, and the reading goes on.
start_fake fake-s3.py flaky
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window --json
expect_status 10
[ "$(jq -r .verdict.cause "$tmp/out")" = inbound-rejected ] ||
	fail "flaky: cause $(jq -r .verdict.cause "$tmp/out")"
passed=$((passed + 1))

# An object that sends more than the listing said (it changed since): one
# line, status 69.
start_fake fake-s3.py grown
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 69
expect_err "flowdiag: s3 GetObject of s3://flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz sent more than the "
expect_err " bytes its listing gave: the object changed since it was listed; run again"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "grown: not one line: $(cat "$tmp/err")"

# The signature, of keys with '=' (Hive) too, is the one botocore's
# S3SigV4Auth makes of the same request at the same instant.
rm -f "$tmp/fakeport.json"
start_fake fake-s3.py hive
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window --json
expect_status 10
if python3 -c 'import botocore.auth' 2>/dev/null; then
	python3 - "$tmp/fakeport.json" >"$tmp/sig" 2>&1 <<'PY' || fail "signatures differ from botocore's: $(cat "$tmp/sig")"
import datetime
import json
import os
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

creds = Credentials(os.environ["AWS_ACCESS_KEY_ID"],
                    os.environ["AWS_SECRET_ACCESS_KEY"],
                    os.environ["AWS_SESSION_TOKEN"])
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    h = r["headers"]
    req = AWSRequest(method="GET", url="http://%s%s" % (r["host"], r["path"]),
                     headers={"x-amz-content-sha256": h["x-amz-content-sha256"]})
    when = datetime.datetime.strptime(h["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    # As tests/cli/sigv4-botocore.sh: the clock botocore reads, stopped.
    if hasattr(botocore.auth, "get_current_datetime"):
        patch = mock.patch.object(botocore.auth, "get_current_datetime",
                                  return_value=when)
    else:
        patch = mock.patch.object(botocore.auth.datetime, "datetime",
                                  wraps=datetime.datetime)
    with patch as fake:
        if not hasattr(botocore.auth, "get_current_datetime"):
            fake.utcnow.return_value = when
        botocore.auth.S3SigV4Auth(creds, "s3", "us-east-1").add_auth(req)
    if req.headers["Authorization"] != h["Authorization"]:
        print("%s\n ours:     %s\n botocore: %s" % (
            r["path"], h["Authorization"], req.headers["Authorization"]))
        sys.exit(1)
    n += 1
if n < 6:
    print("only %d requests" % n)
    sys.exit(1)
print("%d signatures as botocore's" % n)
PY
	passed=$((passed + 1))
	grep -q "aws-account-id%3D123456789012" "$tmp/fakeport.json" ||
		fail "the Hive key's '=' did not go on the wire encoded"
	passed=$((passed + 1))
fi

# AWS's own endpoint: the bucket in the host (virtual-hosted), unless its
# name has a dot, which AWS's certificate does not cover (path-style).
# A proxy that is not there stops the requests before they leave.
for bucket in my-flows my.flows; do
	(
		unset AWS_ENDPOINT_URL
		https_proxy=http://127.0.0.1:$(free_port)
		HTTPS_PROXY=$https_proxy
		export https_proxy HTTPS_PROXY
		# shellcheck disable=SC2086
		"$FLOWDIAG" check 10.0.1.10:80 --s3 "s3://$bucket/org" \
		    --region eu-west-1 $window --debug >"$tmp/out" 2>"$tmp/err"
	) || :
	case $bucket in
	my-flows) expect_err "debug: GET https://my-flows.s3.eu-west-1.amazonaws.com/?delimiter=%2F&list-type=2&prefix=org%2FAWSLogs%2F" ;;
	*) expect_err "debug: GET https://s3.eu-west-1.amazonaws.com/my.flows?delimiter=%2F&list-type=2&prefix=org%2FAWSLogs%2F" ;;
	esac
done

# An object gone since it was listed is told, not lost.
start_fake fake-s3.py gone
AWS_ENDPOINT_URL=$fakeurl run check 10.0.1.10:80 --s3 s3://flows $window
expect_status 13
expect_err "flowdiag: skipped: 's3://flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz' was deleted after it was listed (NoSuchKey)"
expect_err "s3://flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz"

# --debug traces every request, never a secret; and the objects' copies
# leave nothing in $TMPDIR, on success or on an error part way.
mkdir "$tmp/spool"
TMPDIR=$tmp/spool run check 10.0.1.10:80 --s3 s3://flows/plain/reachable $window --debug
expect_err "Authorization: <redacted>"
expect_err "X-Amz-Security-Token: <redacted>"
grep -q "GET .*vpcflowlogs_us-east-1" "$tmp/err" ||
	fail "no GetObject in the trace: $(head -c 400 "$tmp/err")"
for secret in "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "Signature="; do
	! grep -qF -- "$secret" "$tmp/err" "$tmp/out" || fail "'$secret' leaked"
	passed=$((passed + 1))
done
[ -z "$(ls -A "$tmp/spool")" ] || fail "left in TMPDIR: $(ls -A "$tmp/spool")"
passed=$((passed + 1))
start_fake fake-s3.py gone
AWS_ENDPOINT_URL=$fakeurl TMPDIR=$tmp/spool run check 10.0.1.10:80 --s3 s3://flows $window
[ -z "$(ls -A "$tmp/spool")" ] || fail "left in TMPDIR after a failed read: $(ls -A "$tmp/spool")"
passed=$((passed + 1))

done_testing
