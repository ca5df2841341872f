#!/usr/bin/env python3
"""Writes the bundled sample flow logs, one per input kind flowdiag reads.

The story: a web server 10.0.1.10 on eni-0a1b2c3d4e5f60001 answers port 80.
Client 203.0.113.12 connects and its SYNs are accepted, but the replies are
rejected on the way out (a network ACL without an outbound rule for the
ephemeral ports).  Client 198.51.100.7 is served fine.  Around them: an admin's
SSH session to the server, an internet scanner, other hosts' traffic, and an
idle interface reporting NODATA.  Run it from the source tree's top:
python3 tests/make-examples.py
"""

import gzip
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
ACCOUNT = "123456789012"
T0 = 1700000000  # 2023-11-14T22:13:20Z
SERVER_ENI = "eni-0a1b2c3d4e5f60001"
OTHER_ENI = "eni-0a1b2c3d4e5f60002"
IDLE_ENI = "eni-0a1b2c3d4e5f60003"
VPC = "vpc-0fedcba9876543210"
SUBNET = "subnet-0123456789abcdef0"


def rec(minute, eni, src, dst, sport, dport, proto, pkts, nbytes, action,
        flags="-", direction="-", status="OK", pkt_src=None, pkt_dst=None):
    start = T0 + 60 * minute
    return {
        "version": "5", "account-id": ACCOUNT, "interface-id": eni,
        "srcaddr": src, "dstaddr": dst, "srcport": str(sport),
        "dstport": str(dport), "protocol": str(proto), "packets": str(pkts),
        "bytes": str(nbytes), "start": str(start), "end": str(start + 60),
        "action": action, "log-status": status, "vpc-id": VPC,
        "subnet-id": SUBNET, "tcp-flags": str(flags), "flow-direction": direction,
        "pkt-srcaddr": pkt_src or src, "pkt-dstaddr": pkt_dst or dst,
    }


def status(minute, eni, what):
    r = {k: "-" for k in rec(0, eni, "-", "-", 0, 0, 0, 0, 0, "-")}
    r.update({"version": "5", "account-id": ACCOUNT, "interface-id": eni,
              "start": str(T0 + 60 * minute), "end": str(T0 + 60 * minute + 60),
              "log-status": what, "vpc-id": VPC, "subnet-id": SUBNET})
    return r


S = "10.0.1.10"
RECORDS = [
    # the admin's SSH session: the server's interface is logged and busy
    rec(0, SERVER_ENI, "10.0.0.5", S, 50522, 22, 6, 40, 4200, "ACCEPT", 2, "ingress"),
    rec(0, SERVER_ENI, S, "10.0.0.5", 22, 50522, 6, 38, 9100, "ACCEPT", 18, "egress"),
    # 198.51.100.7 is served
    rec(1, SERVER_ENI, "198.51.100.7", S, 41822, 80, 6, 12, 1320, "ACCEPT", 3, "ingress"),
    rec(1, SERVER_ENI, S, "198.51.100.7", 80, 41822, 6, 10, 18432, "ACCEPT", 19, "egress"),
    # 203.0.113.12: SYNs accepted, every reply rejected on the way out
    rec(2, SERVER_ENI, "203.0.113.12", S, 51234, 80, 6, 3, 180, "ACCEPT", 2, "ingress"),
    rec(2, SERVER_ENI, S, "203.0.113.12", 80, 51234, 6, 3, 180, "REJECT", 18, "egress"),
    rec(3, SERVER_ENI, "203.0.113.12", S, 51240, 80, 6, 3, 180, "ACCEPT", 2, "ingress"),
    rec(3, SERVER_ENI, S, "203.0.113.12", 80, 51240, 6, 3, 180, "REJECT", 18, "egress"),
    # an internet scanner probing telnet: one packet, rejected
    rec(2, SERVER_ENI, "192.0.2.77", S, 60001, 23, 6, 1, 44, "REJECT", 2, "ingress"),
    # other hosts' traffic, which the pre-filter must skip
    rec(1, OTHER_ENI, "10.0.1.20", "10.0.2.30", 44100, 5432, 6, 20, 3000, "ACCEPT", 3, "egress"),
    rec(2, OTHER_ENI, "10.0.2.30", "10.0.1.20", 5432, 44100, 6, 18, 24000, "ACCEPT", 19, "ingress"),
    rec(3, OTHER_ENI, "10.0.1.20", "10.0.1.100", 48000, 80, 6, 5, 400, "ACCEPT", 3, "egress"),
    # the idle interface reports that it had nothing to log
    status(0, IDLE_ENI, "NODATA"),
    status(1, IDLE_ENI, "NODATA"),
    status(2, IDLE_ENI, "NODATA"),
]

DEFAULT = ["version", "account-id", "interface-id", "srcaddr", "dstaddr",
           "srcport", "dstport", "protocol", "packets", "bytes", "start",
           "end", "action", "log-status"]
CUSTOM = ["version", "vpc-id", "subnet-id", "interface-id", "srcaddr",
          "dstaddr", "srcport", "dstport", "protocol", "tcp-flags", "packets",
          "bytes", "start", "end", "action", "log-status", "flow-direction",
          "pkt-srcaddr", "pkt-dstaddr"]


def line(r, fields):
    values = dict(r)
    if fields == DEFAULT:
        values["version"] = "2"
    return " ".join(values[f] for f in fields)


def camel(name):
    head, *rest = name.split("-")
    return head + "".join(p.capitalize() for p in rest)


def write(path, data, mode="w"):
    path = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def main():
    lines = [line(r, DEFAULT) for r in RECORDS]
    write("flows.log", "\n".join(lines) + "\n")
    write("custom-v5.log", "\n".join(line(r, CUSTOM) for r in RECORDS) + "\n")

    s3 = " ".join(CUSTOM) + "\n" + "\n".join(line(r, CUSTOM) for r in RECORDS) + "\n"
    name = ("s3/AWSLogs/%s/vpcflowlogs/us-east-1/2023/11/14/%s_vpcflowlogs_"
            "us-east-1_fl-0123456789abcdef0_20231114T2215Z_5f1d2c3b.log.gz"
            % (ACCOUNT, ACCOUNT))
    write(name, gzip.compress(s3.encode(), mtime=0), "wb")

    events = []
    for i, (r, text) in enumerate(zip(RECORDS, lines)):
        events.append({
            "logStreamName": r["interface-id"] + "-all",
            "timestamp": int(r["start"]) * 1000,
            "message": text,
            "ingestionTime": int(r["end"]) * 1000 + 300000,
            "eventId": "3779%052d" % i,
        })
    doc = {"events": events, "searchedLogStreams": [
        {"logStreamName": e + "-all", "searchedCompletely": True}
        for e in (SERVER_ENI, OTHER_ENI, IDLE_ENI)]}
    write("cloudwatch.json", json.dumps(doc, indent=4) + "\n")
    write("events.jsonl", "".join(json.dumps(e) + "\n" for e in events))

    objs = []
    for r in RECORDS:
        o = {}
        for f in DEFAULT:
            v = r[f] if f != "version" else "2"
            o[camel(f)] = int(v) if v.isdigit() and f != "account-id" else v
        objs.append(json.dumps(o))
    write("fields.jsonl", "\n".join(objs) + "\n")


if __name__ == "__main__":
    main()
