#!/usr/bin/env python3
"""A stand-in for CloudWatch Logs, for what moto does not do: throttling,
expired tokens, denied access, bad signatures and a looping next token.

    python3 tests/fake-logs.py MODE PORTFILE

MODE is throttle-N (N throttled answers, then a page), throttle-always,
503-then-ok, empty-pages (three empty pages with a token, then a page),
slow (answers after 3 s), truncated (a body cut short), big-error (a 10 MB
error message), expired, denied, signature, echo-signature (a signature
error that quotes the request's token and Authorization, as AWS's do),
echo-token (an error that quotes the session token, a prefix of it and
$FAKE_ECHO, on one long line), big-header (a 1 MB response header),
error-500 (HTTP 500 InternalFailure, always), repeat-token, escapes (events
whose event id, interface-id and text hold terminal escapes) or escape-error
(an error message that holds them).  It writes the port it listens
on (127.0.0.1 only) to PORTFILE, answers at most 50 requests and stops after
120 seconds in any case.  Its answers are the JSON 1.1 protocol's, which
tests/cli/cloudwatch.sh checks with the real AWS CLI.
"""

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no tests/__pycache__ in the source tree
import fakeaws  # noqa: E402

MODE = sys.argv[1]
ERRORS = {
    "throttle": (400, "ThrottlingException", "Rate exceeded"),
    "expired": (400, "ExpiredTokenException",
                "The security token included in the request is expired"),
    "denied": (400, "AccessDeniedException",
               "User: arn:aws:iam::123456789012:user/oncall is not authorized "
               "to perform: logs:FilterLogEvents"),
    "signature": (400, "InvalidSignatureException",
                  "Signature expired: 20150830T123600Z is now earlier than "
                  "20231114T221320Z (20231114T221820Z - 5 min.)"),
}
# A title, a bell, a colour, a C1 CSI and DEL: what a hostile writer of
# log events would send to the terminal of whoever reads them.
ESCAPES = "\x1b]0;PWNED\x07\x1b[31m\u009b31m\x7f"
LINE = ("2 123456789012 eni-0a1b2c3d4e5f60001 203.0.113.12 10.0.1.10 51234 80 "
        "6 3 180 1700000120 1700000180 REJECT OK")


GROUPS = []


def groups_page(body):
    """A DescribeLogGroups page: page N of 20 for the token "groups-N"."""
    token = json.loads(body).get("nextToken", "groups-1")
    page = int(token.split("-")[1])
    if not GROUPS:
        names = ["vpc-flo-%05d-%s" % (i, "z" * 497) for i in range(8000)]
        names += ["vpc-flow-logs-" + "y" * (1 << 20), "vpc-flowlogs" * 90000]
        GROUPS.append(json.dumps([{"logGroupName": n, "storedBytes": 0}
                                  for n in names])[1:-1])
    doc = '{"logGroups": [' + GROUPS[0]
    if page == 20:
        doc += ', {"logGroupName": "vpc-flow-logs", "storedBytes": 0}]}'
    else:
        doc += '], "nextToken": "groups-%d"}' % (page + 1)
    return doc.encode()


class Handler(fakeaws.JsonHandler):
    def respond(self, body):
        requests = self.server.requests
        target = self.headers.get("X-Amz-Target", "")
        if not self.signed():
            self.answer(400, fakeaws.MISSING_AUTH)
        elif not target.endswith(".FilterLogEvents") and not target.endswith(".DescribeLogGroups"):
            self.answer(400, {"__type": "UnknownOperationException"})
        elif MODE.startswith("throttle-") and MODE != "throttle-always" \
                and requests <= int(MODE.split("-")[1]):
            status, kind, msg = ERRORS["throttle"]
            self.answer(status, {"__type": kind, "message": msg})
        elif MODE == "throttle-always" or MODE in ERRORS:
            status, kind, msg = ERRORS["throttle" if MODE == "throttle-always" else MODE]
            self.answer(status, {"__type": kind, "message": msg})
        elif MODE == "503-then-ok" and requests == 1:
            self.send(503, "text/html",
                      b"<html><body>Service Unavailable</body></html>")
        elif MODE == "empty-pages" and requests <= 3:
            # CloudWatch may answer pages with no events and a token.
            self.answer(200, {"events": [], "nextToken": "page-%d" % requests,
                              "searchedLogStreams": []})
        elif MODE == "slow":
            time.sleep(3)
            self.answer(200, {"events": [], "searchedLogStreams": []})
        elif MODE == "truncated":
            # Promises more than it sends, then hangs up.
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"events": [{"logStreamName": "eni-')
            self.wfile.flush()
            self.close_connection = True
        elif MODE == "big-error":
            self.answer(400, {"__type": "ValidationException",
                              "message": "x" * (10 * 1024 * 1024)})
        elif MODE == "echo-signature":
            # As AWS does: the canonical request it expected, token and
            # all, on lines of their own.
            self.answer(400, {"__type": "InvalidSignatureException",
                              "message": "The request signature we calculated does not match the "
                              "signature you provided.\n\nThe Canonical String for this request "
                              "should have been\n'POST\n/\n\nx-amz-security-token:"
                              + self.headers.get("X-Amz-Security-Token", "") + "\n'\n"
                              + self.headers.get("Authorization", "")})
        elif MODE == "echo-token":
            # A server that quotes what it was sent, well past 255 bytes.
            token = self.headers.get("X-Amz-Security-Token", "")
            self.answer(400, {"__type": "ValidationException",
                              "message": "1 validation error: the token " + token
                              + " is not valid; it starts " + token[:40]
                              + " and was sent with " + os.environ.get("FAKE_ECHO", "")})
        elif MODE == "big-header":
            self.send(200, "application/x-amz-json-1.1", b"{}",
                      [("x-amzn-Padding", "x" * (1024 * 1024))])
        elif MODE == "error-500":
            self.answer(500, {"__type": "InternalFailure",
                              "message": "An internal error occurred"})
        elif MODE == "groups" and target.endswith(".DescribeLogGroups"):
            self.send(200, "application/x-amz-json-1.1", groups_page(body))
        elif MODE == "groups":
            self.answer(400, {"__type": "ResourceNotFoundException",
                              "message": "The specified log group does not exist."})
        elif MODE in ("cycle-100", "endless"):
            n = requests % 100 if MODE == "cycle-100" else requests
            self.answer(200, {"events": [], "nextToken": "token-%d" % n,
                              "searchedLogStreams": []})
        elif MODE == "escapes":
            self.answer(200, {"events": [
                {"logStreamName": "eni-0a1b2c3d4e5f60001-all",
                 "timestamp": 1700000120000, "message": LINE,
                 "ingestionTime": 1700000480000,
                 "eventId": "1" + ESCAPES},
                {"logStreamName": "eni-0a1b2c3d4e5f60001-all",
                 "timestamp": 1700000121000,
                 "message": LINE.replace("eni-0a1b2c3d4e5f60001",
                                         "eni-0a1b" + ESCAPES),
                 "ingestionTime": 1700000480000, "eventId": "2"},
                {"logStreamName": "eni-0a1b2c3d4e5f60001-all",
                 "timestamp": 1700000122000,
                 "message": LINE.replace("203.0.113.12",
                                         "203.0.113.12" + ESCAPES),
                 "ingestionTime": 1700000480000, "eventId": "3"}],
                "searchedLogStreams": []})
        elif MODE == "escape-error":
            self.answer(400, {"__type": "ValidationException",
                              "message": "bad group" + ESCAPES})
        elif MODE == "repeat-token":
            self.answer(200, {"events": [], "nextToken": "same-token-again",
                              "searchedLogStreams": []})
        else:
            self.answer(200, {"events": [{
                "logStreamName": "eni-0a1b2c3d4e5f60001-all",
                "timestamp": 1700000120000, "message": LINE,
                "ingestionTime": 1700000480000, "eventId": "1"}],
                "searchedLogStreams": []})


fakeaws.serve(Handler, sys.argv[2],
              300 if MODE in ("cycle-100", "endless") else 50, MODE)
