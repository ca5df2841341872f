"""A stand-in for Amazon S3 that answers as S3 does when it refuses.

python3 fake-s3.py MODE PORTFILE: serves on 127.0.0.1 (its port written to
PORTFILE) and answers each GET in MODE:

  denied      403 AccessDenied to every request
  denied-get  the listing holds one flow log object of 2023-11-14T22:15Z;
              GetObject of it is 403 AccessDenied
  denied-many as denied-get with 40 objects of that batch
  other       as hive, in the delivery layout, with a second object
              in its folder not named as flow logs are (notes.txt)
  region      301 PermanentRedirect, x-amz-bucket-region: eu-west-1
  malformed   400 AuthorizationHeaderMalformed naming eu-west-1 in <Region>
  slowdown    503 SlowDown to every request
  flaky       503 SlowDown to every other request, else as denied-get,
              with GetObject answered by a flow log
  gone        as denied-get, GetObject answered 404 NoSuchKey
  grown       as flaky without the SlowDown, with GetObject answered by
              more bytes than the listing's Size (an object that changed
              since it was listed)
  hive        as flaky without the SlowDown, the object in the
              Hive-compatible layout (a key with '='), and each request's
              Host, path, query and signing headers written as a JSON line
              to PORTFILE.json, for a test to sign again with botocore

Every request line goes to PORTFILE.log, so that a test counts them.
"""

import gzip
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

ACCOUNT = "123456789012"
OBJECT = ("AWSLogs/%s/vpcflowlogs/us-east-1/2023/11/14/%s_vpcflowlogs_"
          "us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz"
          % (ACCOUNT, ACCOUNT))
HIVE_OBJECT = ("AWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/"
               "aws-region=us-east-1/year=2023/month=11/day=14/%s_vpcflowlogs_"
               "us-east-1_fl-0123456789abcdef0_20231114T2215Z_0a1b2c3d.log.gz"
               % (ACCOUNT, ACCOUNT))
RECORDS = (b"version account-id interface-id srcaddr dstaddr srcport dstport "
           b"protocol packets bytes start end action log-status\n"
           b"2 123456789012 eni-0a1b2c3d4e5f60001 10.0.0.5 10.0.1.10 50522 "
           b"80 6 1 60 1700000000 1700000060 REJECT OK\n")
# The object's body, and the Size a listing gives of every object.
BODY = gzip.compress(RECORDS, mtime=0)


def error(code, message, extra=""):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s"
            "</Code><Message>%s</Message>%s<RequestId>R1</RequestId>"
            "</Error>" % (code, message, extra)).encode()


MANY = [OBJECT.replace("0a1b2c3d", "%08x" % i) for i in range(40)]
OTHER = [OBJECT, OBJECT.rsplit("/", 1)[0] + "/notes.txt"]


def listing(prefix, objs, size=len(BODY)):
    """A ListBucketResult one level under prefix, of the objects."""
    keys, dirs = [], set()
    for obj in objs:
        if not obj.startswith(prefix):
            continue
        rest = obj[len(prefix):]
        if "/" in rest:
            dirs.add(prefix + rest.split("/")[0] + "/")
        else:
            keys.append(obj)
    body = "".join("<Contents><Key>%s</Key><Size>%d</Size></Contents>"
                   % (k, size) for k in keys)
    body += "".join("<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>"
                    % d for d in sorted(dirs))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>"
            "<Name>flows</Name><Prefix>%s</Prefix><IsTruncated>false"
            "</IsTruncated>%s</ListBucketResult>" % (prefix, body)).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        server = self.server
        server.requests += 1
        with open(server.port_file + ".log", "a") as f:
            f.write("GET %s\n" % self.path)
        mode = server.mode
        if mode == "hive":
            import json
            with open(server.port_file + ".json", "a") as f:
                f.write(json.dumps({
                    "host": self.headers.get("Host"), "path": self.path,
                    "headers": {k: self.headers.get(k) for k in (
                        "x-amz-content-sha256", "X-Amz-Date",
                        "X-Amz-Security-Token", "Authorization")}}) + "\n")
        if mode == "denied":
            return self.send(403, error("AccessDenied", "Access Denied"))
        if mode == "region":
            return self.send(301, error(
                "PermanentRedirect", "The bucket you are attempting to "
                "access must be addressed using the specified endpoint.",
                "<Endpoint>flows.s3.eu-west-1.amazonaws.com</Endpoint>"),
                [("x-amz-bucket-region", "eu-west-1")])
        if mode == "malformed":
            return self.send(400, error(
                "AuthorizationHeaderMalformed", "the region 'us-east-1' is "
                "wrong; expecting 'eu-west-1'", "<Region>eu-west-1</Region>"))
        if mode == "slowdown" or (mode == "flaky" and server.requests % 2):
            return self.send(503, error("SlowDown", "Please reduce your "
                                        "request rate."))
        path, _, query = self.path.partition("?")
        if "list-type=2" in query:
            from urllib.parse import parse_qs
            prefix = parse_qs(query).get("prefix", [""])[0]
            return self.send(200, listing(
                prefix, [HIVE_OBJECT] if mode == "hive"
                else MANY if mode == "denied-many"
                else OTHER if mode == "other" else [OBJECT],
                len(BODY) - 10 if mode == "grown" else len(BODY)))
        if mode == "gone":
            return self.send(404, error("NoSuchKey", "The specified key "
                                        "does not exist."))
        if mode in ("flaky", "hive", "other", "grown"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
            return
        return self.send(403, error("AccessDenied", "Access Denied"))


def main():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.requests = 0
    server.mode = sys.argv[1]
    server.port_file = sys.argv[2]
    with open(server.port_file, "w") as f:
        f.write(str(server.server_address[1]))
    timer = threading.Timer(120, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    main()
