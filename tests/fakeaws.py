"""What the stand-ins for AWS services (tests/fake-*.py) share.

serve(Handler, PORTFILE, LIMIT) runs an HTTP server on 127.0.0.1 (a free
port, written to PORTFILE) that answers at most LIMIT requests and stops
after 120 seconds in any case.  A script's Handler subclasses JsonHandler
(the JSON 1.1 protocol: CloudWatch Logs, Insights) or XmlHandler (the
Query protocol's XML: EC2) and defines respond(body), called with each
POST's body once the request is counted in self.server.requests.  It
answers with self.answer(status, document) or self.send(), and
self.signed() says whether the request carries a SigV4 Authorization
header.

Every script also takes the hostile modes that serve(..., mode=MODE)
handles here, whatever the request: oversized (a 20 MB body), bomb (a gzip
Content-Encoding that inflates to 256 MB), drip (a byte a second), redirect
(a 307 to another host, http://localhost:PORT/stolen; any request for
/stolen is written to PORTFILE.stolen), reset (half a body, then a TCP
reset).
"""

import json
import socket
import struct
import threading
import time
import zlib
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
        if self.path == "/stolen":
            with open(self.server.port_file + ".stolen", "a") as f:
                f.write("%s %s\n" % (self.path, self.headers.get(
                    "Authorization", "")))
        if self.server.mode in HOSTILE:
            HOSTILE[self.server.mode](self)
        else:
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


def oversized(h):
    h.send(200, "application/x-amz-json-1.1",
           b'{"events": [], "x": "' + b"x" * (20 << 20) + b'"}')


def bomb(h):
    if not hasattr(h.server, "bomb"):
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = bytes(1 << 20)
        h.server.bomb = b"".join([z.compress(chunk) for _ in range(256)]
                                 + [z.flush()])
    h.send(200, "application/x-amz-json-1.1", h.server.bomb,
           [("Content-Encoding", "gzip")])


def drip(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/x-amz-json-1.1")
    h.send_header("Content-Length", "100")
    h.end_headers()
    try:
        for _ in range(100):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(1)
    except (BrokenPipeError, ConnectionResetError):
        pass
    h.close_connection = True


def redirect(h):
    h.send(307, "text/plain", b"moved",
           [("Location", "http://localhost:%d/stolen"
             % h.server.server_address[1])])


def reset(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/x-amz-json-1.1")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b'{"events": [' + b" " * 5000)
    h.wfile.flush()
    # No FIN: a linger of 0 makes close() send a RST.
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


HOSTILE = {"oversized": oversized, "bomb": bomb, "drip": drip,
           "redirect": redirect, "reset": reset}


def serve(handler, port_file, limit, mode=None):
    server = HTTPServer(("127.0.0.1", 0), handler)
    server.requests = 0
    server.limit = limit
    server.mode = mode
    server.port_file = port_file
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    timer = threading.Timer(120, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
