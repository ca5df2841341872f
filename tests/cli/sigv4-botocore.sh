#!/bin/sh
# Our SigV4 signer against botocore's: a few requests as CloudWatch Logs
# and EC2 get them, then 500 randomised ones (fixed seed: methods, paths
# with odd characters, dot segments and doubled slashes, query parameters
# with reserved and non-ASCII characters in untidy wire forms, repeated and
# untrimmed headers, bodies, with and without a session token, times from
# 1970 to 9999), each signed by tests/sigv4-sign and by
# botocore.auth.SigV4Auth at the same instant; the Authorization headers
# must be equal.  A mismatch prints the request and both canonical requests.
# Skips (77) without python3 or botocore.
. "${srcdir:-.}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "python3 missing" >&2; exit 77; }
python3 -c 'import botocore.auth, botocore.awsrequest' 2>/dev/null ||
	{ echo "botocore missing: pip install botocore" >&2; exit 77; }
sign=$(dirname "$FLOWDIAG")/tests/sigv4-sign
[ -x "$sign" ] || fail "$sign is not built"

python3 - "$sign" >"$tmp/out" 2>&1 <<'EOF' || fail "$(cat "$tmp/out")"
import datetime
import json
import random
import subprocess
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

RANDOM_CASES = 500
rng = random.Random(20150830)

UNRESERVED = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              "0123456789-._~")
# Pieces of path segments: '?' and '#' would end the path, controls are
# not sent; everything else is fair.
PATH_PIECES = ["a", "B", "z9", "logs", "data", "-", "_", ".", "~", " ",
               "%20", "%2F", "%2f", "%", "%zz", "%E2%82%AC", "+", "!", "$",
               "&", "'", "(", ")", "*", ",", ";", "=", ":", "@", "[", "]",
               "\\", "^", "`", "{", "|", "}", "<", ">", '"',
               "\u00e9", "\u1234", "\u20ac", "\U0001f600"]
QUERY_CHARS = list(UNRESERVED) + list("!#$&'()*+,/:;=?@[] %\"<>\\^`{|}") + [
    "\u00e9", "\u1234", "\u20ac", "\U0001f600"]
TCHARS = UNRESERVED + "!#$%&'*+^`|"
# Names the signer owns, botocore leaves unsigned or treats specially.
AVOID = {"host", "x-amz-date", "x-amz-security-token", "authorization",
         "x-amz-content-sha256", "date"} | set(
             botocore.auth.SIGNED_HEADERS_BLACKLIST)
METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]
REGIONS = ["us-east-1", "eu-west-2", "ap-southeast-2", "us-gov-west-1",
           "cn-north-1"]
SERVICES = ["logs", "ec2", "monitoring", "sts", "service", "execute-api"]


def pct(b, lower):
    return ("%%%02x" if lower else "%%%02X") % b


def wire(s, is_key):
    """s as a query half on the wire, in a randomly untidy form that
    decodes back to s: unreserved characters raw or escaped, others raw
    where that cannot change the split, hex in either case."""
    out = []
    for ch in s:
        must = ch in "&#%" or (is_key and ch == "=")
        if not must and rng.random() < 0.6:
            out.append(ch)
        else:
            lower = rng.random() < 0.3
            out.extend(pct(b, lower) for b in ch.encode("utf-8"))
    return "".join(out)


def rand_text(chars, lo, hi):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def rand_path():
    if rng.random() < 0.2:
        return "/"
    segs = ["".join(rng.choice(PATH_PIECES)
                    for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.2:
        segs.insert(rng.randrange(len(segs) + 1), rng.choice([".", ".."]))
    path = "/" + "/".join(segs)
    if rng.random() < 0.3:
        path += "/"
    return path


def rand_params():
    params = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5])):
        key = rand_text(QUERY_CHARS, 0, 8)
        value = rand_text(QUERY_CHARS, 0, 10)
        params.append((key, value))
        if rng.random() < 0.2:
            params.append((key, rand_text(QUERY_CHARS, 0, 6)))
    rng.shuffle(params)
    parts = []
    for key, value in params:
        if value == "" and key != "" and rng.random() < 0.5:
            parts.append(wire(key, True))
        else:
            parts.append(wire(key, True) + "=" + wire(value, False))
    return params, "&".join(parts)


def rand_value():
    words = [rand_text(UNRESERVED + "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}", 0, 6)
             for _ in range(rng.randint(0, 4))]
    value = ""
    for w in words:
        value += w + rng.choice([" ", "  ", "\t", " \t ", ""])
    return rng.choice(["", " ", "\t"]) + value


def rand_headers():
    headers = []
    for _ in range(rng.choice([0, 1, 2, 3, 5])):
        while True:
            name = rand_text(TCHARS, 1, 12)
            if name.lower() not in AVOID:
                break
        headers.append([name, rand_value()])
        if rng.random() < 0.2:
            other = "".join(c.upper() if rng.random() < 0.5 else c.lower()
                            for c in name)
            headers.append([other, rand_value()])
    if rng.random() < 0.3:
        headers.append(["Content-Type", "application/x-amz-json-1.1"])
    rng.shuffle(headers)
    return headers


def rand_token():
    return rand_text(UNRESERVED + "+/=", 16, 400)


def rand_case():
    service = rng.choice(SERVICES)
    region = rng.choice(REGIONS)
    host = rng.choice([f"{service}.{region}.amazonaws.com",
                       "example.amazonaws.com",
                       f"localhost:{rng.choice([4566, 8443])}"])
    params, query = rand_params()
    body = bytes(rng.randrange(256) for _ in range(
        rng.choice([0, 0, 1, 17, 300])))
    return {
        "method": rng.choice(METHODS),
        "host": host,
        "path": rand_path(),
        "query": query or None,
        "params": params,
        "headers": rand_headers(),
        "body_hex": body.hex(),
        "access_key": "AKIA" + rand_text(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16),
        "secret_key": rand_text(UNRESERVED + "+/", 40, 40),
        "session_token": rand_token() if rng.random() < 0.5 else None,
        "region": region,
        "service": service,
        "time": rng.randint(0, 253402300799),
    }


def fixed_cases():
    target = ["X-Amz-Target", "Logs_20140328.FilterLogEvents"]
    json_type = ["Content-Type", "application/x-amz-json-1.1"]
    form = ["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]
    common = {"params": [], "query": None,
              "access_key": "AKIDEXAMPLE",
              "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
              "session_token": None, "time": 1700000000}
    return [
        dict(common, method="POST", host="logs.eu-west-1.amazonaws.com",
             path="/", headers=[json_type, target],
             body_hex=b'{"logGroupName":"/vpc/flow-logs","limit":100}'.hex(),
             region="eu-west-1", service="logs"),
        dict(common, method="POST", host="logs.eu-west-1.amazonaws.com",
             path="/", headers=[target, json_type], body_hex=b"{}".hex(),
             region="eu-west-1", service="logs", session_token="IQoJb3Jp"
             "Z2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJGMEQCIF+tok/en="),
        dict(common, method="POST", host="ec2.us-east-1.amazonaws.com",
             path="/", headers=[form], body_hex=(
                 b"Action=DescribeInstances&Version=2016-11-15&"
                 b"InstanceId.1=i-0123456789abcdef0").hex(),
             region="us-east-1", service="ec2"),
        dict(common, method="GET", host="ec2.us-east-1.amazonaws.com",
             path="/", query="Version=2016-11-15&Action=DescribeFlowLogs",
             params=[("Version", "2016-11-15"),
                     ("Action", "DescribeFlowLogs")],
             headers=[], body_hex="", region="us-east-1", service="ec2"),
    ]


class Recorder(botocore.auth.SigV4Auth):
    def string_to_sign(self, request, canonical_request):
        self.canonical = canonical_request
        return super().string_to_sign(request, canonical_request)


def botocore_sign(c):
    when = datetime.datetime.fromtimestamp(
        c["time"], datetime.timezone.utc).replace(tzinfo=None)
    request = AWSRequest(method=c["method"],
                         url="https://" + c["host"] + c["path"],
                         data=bytes.fromhex(c["body_hex"]),
                         params=list(c["params"]))
    for name, value in c["headers"]:
        request.headers[name] = value  # appends: repeated names stay
    auth = Recorder(Credentials(c["access_key"], c["secret_key"],
                                c["session_token"]),
                    c["service"], c["region"])
    if hasattr(botocore.auth, "get_current_datetime"):
        patch = mock.patch.object(botocore.auth, "get_current_datetime",
                                  return_value=when)
    else:
        patch = mock.patch.object(botocore.auth.datetime, "datetime",
                                  wraps=datetime.datetime)
    with patch as fake:
        if not hasattr(botocore.auth, "get_current_datetime"):
            fake.utcnow.return_value = when
        auth.add_auth(request)
    return {"authorization": request.headers["Authorization"],
            "amz_date": request.headers["X-Amz-Date"],
            "security_token": request.headers.get("X-Amz-Security-Token"),
            "canonical_request": auth.canonical}


cases = fixed_cases() + [rand_case() for _ in range(RANDOM_CASES)]
signer_input = "".join(
    json.dumps({k: v for k, v in c.items() if k != "params"}) + "\n"
    for c in cases)
run = subprocess.run([sys.argv[1]], input=signer_input.encode(),
                     capture_output=True)
if run.returncode != 0:
    sys.exit(f"{sys.argv[1]} exited {run.returncode}: "
             f"{run.stderr.decode(errors='replace')}")
ours = [json.loads(line) for line in run.stdout.decode().splitlines()]
if len(ours) != len(cases):
    sys.exit(f"{len(cases)} requests, {len(ours)} results")

failed = 0
for i, (c, got) in enumerate(zip(cases, ours)):
    want = botocore_sign(c)
    same = (got.get("authorization") == want["authorization"] and
            got.get("amz_date") == want["amz_date"] and
            got.get("security_token") == want["security_token"])
    if same:
        continue
    failed += 1
    print(f"case {i} differs:\n  request: {json.dumps(c)}")
    for who, r in (("botocore", want), ("flowdiag", got)):
        print(f"  {who} authorization: {r.get('authorization')}")
        print(f"  {who} x-amz-date: {r.get('amz_date')}, "
              f"token: {r.get('security_token')}")
        if "error" in r:
            print(f"  {who} error: {r['error']}")
        print(f"  {who} canonical request:")
        for line in (r.get("canonical_request") or "").split("\n"):
            print(f"    {line!r}")
print(f"{len(cases) - failed} of {len(cases)} requests signed alike")
sys.exit(1 if failed else 0)
EOF
cat "$tmp/out"
passed=$(awk '/signed alike/ { print $1 }' "$tmp/out")
done_testing
