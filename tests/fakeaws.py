"""What the stand-ins for AWS services (tests/fake-*.py) share.

serve(Handler, PORTFILE, LIMIT) runs an HTTP server on 127.0.0.1 (a free
port, written to PORTFILE) that answers at most LIMIT requests and stops
after 60 seconds in any case.  A script's Handler subclasses JsonHandler
(the JSON 1.1 protocol: CloudWatch Logs, Insights) or XmlHandler (the
Query protocol's XML: EC2) and defines respond(body), called with each
POST's body once the request is counted in self.server.requests.  It
answers with self.answer(status, document) or self.send(), and
self.signed() says whether the request carries a SigV4 Authorization
header.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

# The JSON 1.1 protocol's answer to a request that is not signed.
MISSING_AUTH = {"__type": "MissingAuthenticationTokenException",
                "message": "Missing Authentication Token"}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests += 1
        self.respond(body)
        if self.server.requests >= self.server.limit:
            threading.Thread(target=self.server.shutdown).start()

    def respond(self, body):
        raise NotImplementedError

    def signed(self):
        return self.headers.get("Authorization", "").startswith(
            "AWS4-HMAC-SHA256 ")

    def send(self, status, content_type, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as a slow answer wants


class JsonHandler(Handler):
    """Answers in the JSON 1.1 protocol (CloudWatch Logs, Insights)."""

    def answer(self, status, doc):
        self.send(status, "application/x-amz-json-1.1",
                  json.dumps(doc).encode(),
                  [("x-amzn-RequestId", "0f5e1a2b-3c4d-5e6f-7a8b-%012d"
                    % self.server.requests)])


class XmlHandler(Handler):
    """Answers in the XML of the Query protocol (EC2)."""

    def answer(self, status, xml):
        self.send(status, "text/xml;charset=UTF-8",
                  ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode())


def serve(handler, port_file, limit):
    server = HTTPServer(("127.0.0.1", 0), handler)
    server.requests = 0
    server.limit = limit
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    timer = threading.Timer(60, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
