#!/bin/sh
# TLS is always verified: a server whose certificate no CA vouches for is
# one line and exit 26, and AWS_CA_BUNDLE naming its certificate makes the
# same server trusted.  A host that does not resolve is exit 25.
. "${srcdir:-.}/tests/lib.sh"

command -v openssl >/dev/null || { echo "openssl missing: apt-get install openssl" >&2; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing" >&2; exit 77; }

export AWS_ACCESS_KEY_ID=AKIDFLOWDIAGTEST AWS_SECRET_ACCESS_KEY=flowdiag/secret
export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$tmp/none" AWS_SHARED_CREDENTIALS_FILE="$tmp/none"
export FLOWDIAG_BACKOFF_MS=10

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -days 1 \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
cat >"$tmp/tls.py" <<'PY'
import http.server, json, ssl, sys, threading

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"events": [], "searchedLogStreams": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = ctx.wrap_socket(s.socket, server_side=True)
open(sys.argv[3], "w").write(str(s.server_address[1]))
t = threading.Timer(30, s.shutdown)
t.daemon = True
t.start()
s.serve_forever()
PY
python3 "$tmp/tls.py" "$tmp/cert.pem" "$tmp/key.pem" "$tmp/port" &
stop_at_exit $!
url="https://127.0.0.1:$(wait_port "$tmp/port" "the TLS server")"

run check 10.0.1.10:80 --log-group g --endpoint-url "$url" --from 1700000000 --to 1700000600 --no-ec2
expect_status 26
expect_err "TLS failure talking to $url"
expect_err "AWS_CA_BUNDLE"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line: $(cat "$tmp/err")"
passed=$((passed + 1))

# Trusting the certificate: the same server answers, no events, a verdict.
AWS_CA_BUNDLE="$tmp/cert.pem" "$FLOWDIAG" check 10.0.1.10:80 --log-group g \
    --endpoint-url "$url" --from 1700000000 --to 1700000600 --no-ec2 --json \
    >"$tmp/out" 2>"$tmp/err" && status=0 || status=$?
expect_status 13
expect_out '"cause": "no-records"'

# A name that cannot resolve (.invalid never does, RFC 6761).
run check 10.0.1.10:80 --log-group g --endpoint-url https://logs.flowdiag.invalid --no-ec2
expect_status 25
expect_err "cannot resolve the host of https://logs.flowdiag.invalid"

done_testing
