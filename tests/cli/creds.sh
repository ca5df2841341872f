#!/bin/sh
# Container credentials and the EC2 instance role, through tests/creds-show,
# against a fake endpoint: a Python http.server on 127.0.0.1 (a free port)
# that serves IMDSv2 (the token PUT, then the role and its credentials only
# with that token), an IMDSv1-only variant, an instance without a role, and
# container credentials that need an Authorization header.  Also: IMDS
# disabled, and unreachable endpoints failing fast.  No output may hold a
# secret.  Skips (77) without python3.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing" >&2; exit 77; }
show=${CREDS_SHOW:-$(dirname "$FLOWDIAG")/tests/creds-show}
[ -x "$show" ] || fail "$show is not built"

# Exit statuses from errinfo_exit_status(): EC_CREDENTIALS, EC_NET,
# EC_SERVICE.
EX_CREDS=20
EX_NET=25
EX_SERVICE=69

IMDS_SECRET=imdsSECRETimdsSECRETimdsSECRETimdsSECRET
IMDS_TOKEN=imdsSESSIONTOKENimdsSESSIONTOKEN
IMDS_SESSION=imds-v2-session-token-4f1c
CONTAINER_SECRET=ctrSECRETctrSECRETctrSECRETctrSECRETctrS
CONTAINER_TOKEN=ctrSESSIONTOKENctrSESSIONTOKEN
AUTH=container-authorization-7d2e
export IMDS_SECRET IMDS_TOKEN IMDS_SESSION CONTAINER_SECRET CONTAINER_TOKEN \
	AUTH

# A clean slate: none of the caller's AWS settings, no ~/.aws.
for v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$v"
done
unset FLOWDIAG_NOW
HOME=$tmp
AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials
AWS_CONFIG_FILE=$tmp/config
export HOME AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE

cat >"$tmp/server.py" <<'EOF'
import http.server
import json
import os
import sys
import time

port_file, log_file = sys.argv[1], sys.argv[2]
LIFETIME = 60       # seconds: the server exits by itself
MAX_REQUESTS = 200
ROLE_PATH = "/latest/meta-data/iam/security-credentials/"
PREFIXES = ("/v1only", "/norole", "/badcreds")
env = os.environ


def creds(ak, secret, token):
    return json.dumps({"Code": "Success", "Type": "AWS-HMAC",
                       "AccessKeyId": ak, "SecretAccessKey": secret,
                       "Token": token,
                       "Expiration": "2099-01-01T00:00:00Z"})


class Handler(http.server.BaseHTTPRequestHandler):
    handled = 0

    def log_message(self, *args):
        pass

    def reply(self, code, body=""):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self):
        Handler.handled += 1
        h = self.headers
        token = h.get("X-aws-ec2-metadata-token")
        auth = h.get("Authorization")
        with open(log_file, "a") as f:
            f.write("%s %s ttl=%s token=%s auth=%s\n" % (
                self.command, self.path,
                h.get("X-aws-ec2-metadata-token-ttl-seconds", "-"),
                "-" if token is None else
                "ok" if token == env["IMDS_SESSION"] else "bad",
                "-" if auth is None else
                "ok" if auth == env["AUTH"] else "bad"))

    def split(self):
        for p in PREFIXES:
            if self.path.startswith(p + "/"):
                return p, self.path[len(p):]
        return "", self.path

    def do_PUT(self):
        self.record()
        prefix, path = self.split()
        if path != "/latest/api/token":
            return self.reply(404)
        if prefix == "/v1only":
            return self.reply(405)
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.reply(400)
        self.reply(200, env["IMDS_SESSION"])

    def do_GET(self):
        self.record()
        prefix, path = self.split()
        if path.startswith("/container/"):
            return self.container(path)
        token = self.headers.get("X-aws-ec2-metadata-token")
        if prefix != "/v1only" and token != env["IMDS_SESSION"]:
            return self.reply(401)
        if path == ROLE_PATH:
            if prefix == "/norole":
                return self.reply(404)
            return self.reply(200, "test-role")
        if path == ROLE_PATH + "test-role":
            if prefix == "/badcreds":
                return self.reply(500, env["IMDS_SECRET"])
            return self.reply(200, creds("ASIAIMDSEXAMPLE",
                                         env["IMDS_SECRET"],
                                         env["IMDS_TOKEN"]))
        self.reply(404)

    def container(self, path):
        if self.headers.get("Authorization") != env["AUTH"]:
            return self.reply(401, env["CONTAINER_SECRET"])
        if path == "/container/creds":
            return self.reply(200, creds("ASIACONTAINEREXAMPLE",
                                         env["CONTAINER_SECRET"],
                                         env["CONTAINER_TOKEN"]))
        if path == "/container/big":
            return self.reply(200, "x" * 100000)
        if path == "/container/junk":
            return self.reply(200, "not json " + env["CONTAINER_SECRET"])
        self.reply(500)


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
server.timeout = 0.5
with open(port_file + ".new", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(port_file + ".new", port_file)
deadline = time.monotonic() + LIFETIME
while time.monotonic() < deadline and Handler.handled < MAX_REQUESTS:
    server.handle_request()
server.server_close()
EOF

python3 "$tmp/server.py" "$tmp/port" "$tmp/log" &
stop_at_exit $!
port=$(wait_port "$tmp/port" "the fake endpoint")
base=http://127.0.0.1:$port
closed=$(free_port)
: >"$tmp/log"

now_ms()
{
	python3 -c 'import time; print(int(time.monotonic() * 1000))'
}

# creds [VAR=VALUE...] "$show" [OPTIONS...]: runs creds-show under env,
# keeping stdout, stderr and the exit status, and checks that neither
# output holds a secret.
creds()
{
	status=0
	env "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
	for s in "$IMDS_SECRET" "$IMDS_TOKEN" "$IMDS_SESSION" \
	    "$CONTAINER_SECRET" "$CONTAINER_TOKEN" "$AUTH"; do
		! grep -qF -- "$s" "$tmp/out" "$tmp/err" ||
			fail "a secret in the output: $(cat "$tmp/out" \
			    "$tmp/err")"
	done
}

# expect_log TEXT: the fake endpoint logged TEXT.
expect_log()
{
	grep -qF -- "$1" "$tmp/log" ||
		fail "the endpoint log lacks '$1'; it was: $(cat "$tmp/log")"
	passed=$((passed + 1))
}

# IMDSv2: the token PUT with a TTL, then both GETs with the token.
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="$base" "$show"
expect_status 0
expect_out "source: EC2 instance role 'test-role'"
expect_out "access_key: ASIAIMDSEXAMPLE"
expect_out "session_token: yes"
expect_out "expires: 2099-01-01T00:00:00Z"
expect_log "PUT /latest/api/token ttl=21600 token=- auth=-"
roles=/latest/meta-data/iam/security-credentials/
expect_log "GET $roles ttl=- token=ok"
expect_log "GET ${roles}test-role ttl=- token=ok"

# A trailing '/' on the endpoint; the IPv6 mode does not override it.
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="$base/" \
	AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 "$show"
expect_status 0
expect_out "access_key: ASIAIMDSEXAMPLE"

# IMDSv1 when the token PUT is refused with 405, as botocore does.
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="$base/v1only" "$show"
expect_status 0
expect_out "access_key: ASIAIMDSEXAMPLE"
expect_log "GET /v1only${roles}test-role ttl=- token=-"

# An instance without a role: nothing found.
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="$base/norole" "$show"
expect_status $EX_CREDS
expect_err "no AWS credentials: set AWS_ACCESS_KEY_ID and \
AWS_SECRET_ACCESS_KEY, configure a profile (aws configure), or run on an \
instance with a role"

# A role whose credentials cannot be had is an error of its own.
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="$base/badcreds" "$show"
expect_status $EX_SERVICE
expect_err "EC2 instance role 'test-role': HTTP status 500"

# AWS_EC2_METADATA_DISABLED=true: no request at all.
lines=$(wc -l <"$tmp/log")
creds AWS_EC2_METADATA_DISABLED=true \
	AWS_EC2_METADATA_SERVICE_ENDPOINT="$base" "$show"
expect_status $EX_CREDS
expect_err "no AWS credentials"
[ "$(wc -l <"$tmp/log")" -eq "$lines" ] ||
	fail "IMDS was asked although disabled: $(cat "$tmp/log")"

# An unreachable endpoint (a closed port) fails fast, as off EC2.
t0=$(now_ms)
creds AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$closed" "$show"
t1=$(now_ms)
expect_status $EX_CREDS
expect_err "no AWS credentials"
[ $((t1 - t0)) -lt 8000 ] || fail "an unreachable IMDS took $((t1 - t0)) ms"

# Container credentials with the authorization token from the
# environment; they come before IMDS.
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$base/container/creds" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN="$AUTH" \
	AWS_EC2_METADATA_SERVICE_ENDPOINT="$base" "$show"
expect_status 0
full=AWS_CONTAINER_CREDENTIALS_FULL_URI
expect_out "source: container credentials ($full)"
expect_out "access_key: ASIACONTAINEREXAMPLE"
expect_out "session_token: yes"
expect_out "expires: 2099-01-01T00:00:00Z"
expect_log "GET /container/creds ttl=- token=- auth=ok"

# The token file wins over the variable; its line end is dropped.
printf '%s\n' "$AUTH" >"$tmp/auth"
local_url=http://localhost:$port/container/creds
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$local_url" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$tmp/auth" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong "$show"
expect_status 0
expect_out "access_key: ASIACONTAINEREXAMPLE"

# A refused token, a junk answer, an answer too large: errors, no secrets.
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$base/container/creds" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong "$show"
expect_status $EX_SERVICE
expect_err "container credentials ($full): HTTP status 401"
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$base/container/junk" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN="$AUTH" "$show"
expect_status $EX_SERVICE
expect_err "the answer is not a JSON object"
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$base/container/big" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN="$AUTH" "$show"
expect_status $EX_SERVICE
expect_err "the answer is larger than 65536 bytes"

# A configured but unreachable container endpoint is an error, not a
# step to IMDS, and fails fast.
t0=$(now_ms)
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$closed/creds" \
	AWS_EC2_METADATA_SERVICE_ENDPOINT="$base" "$show"
t1=$(now_ms)
expect_status $EX_NET
expect_err "container credentials ($full): "
[ $((t1 - t0)) -lt 8000 ] ||
	fail "an unreachable container endpoint took $((t1 - t0)) ms"

# A profile comes before both; the region from the flag, then the config.
cat >"$tmp/config" <<EOF
[profile dev]
region = eu-west-2
aws_access_key_id = AKIDPROFILE
aws_secret_access_key = $IMDS_SECRET
EOF
creds AWS_CONTAINER_CREDENTIALS_FULL_URI="$base/container/creds" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN="$AUTH" "$show" -p dev -R
expect_status 0
expect_out "source: config file (profile 'dev')"
expect_out "access_key: AKIDPROFILE"
expect_out "session_token: no"
expect_out "expires: never"
expect_out "region: eu-west-2"
creds "$show" -p dev -r ap-south-1 -R
expect_status 0
expect_out "region: ap-south-1"

# A FIFO without a writer as a shared file or the container token file:
# at once, one line naming the file and the variable, the status of a
# credentials error.  timeout(1) makes a hang fail the test.
mkfifo "$tmp/fifo"
for var in AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE \
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE; do
	creds "$var=$tmp/fifo" \
	    AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$closed/creds" \
	    timeout 10 "$show"
	[ "$status" -ne 124 ] || fail "$var as a FIFO: no answer in 10 s"
	expect_status $EX_CREDS
	expect_err "'$tmp/fifo' ($var) is not a regular file: point $var at one"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$var: not one line: $(cat "$tmp/err")"
done
# As the region's source too.
creds AWS_CONFIG_FILE="$tmp/fifo" AWS_ACCESS_KEY_ID=AKIDENV \
    AWS_SECRET_ACCESS_KEY="$IMDS_SECRET" timeout 10 "$show" -R
expect_status $EX_CREDS
expect_err "(AWS_CONFIG_FILE) is not a regular file"

# And flowdiag itself, asked for a log group.
creds AWS_SHARED_CREDENTIALS_FILE="$tmp/fifo" AWS_REGION=us-east-1 \
    timeout 10 "$FLOWDIAG" check 10.0.1.10:80 --log-group g
expect_status $EX_CREDS
expect_err "flowdiag: '$tmp/fifo' (AWS_SHARED_CREDENTIALS_FILE) is not a regular file"

done_testing
