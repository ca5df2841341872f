#!/usr/bin/env python3
"""A stand-in for CloudWatch Logs Insights, which moto only runs for
trivial queries: StartQuery, GetQueryResults and StopQuery (and an empty
FilterLogEvents, so that --engine auto may pick either).

    python3 tests/fake-insights.py MODE PORTFILE LOGFILE [RECORDS]

MODE is complete (the rows of RECORDS, a flow log in the default format,
aggregated as flowdiag's query asks: by connection, action, status and
minute), running-then-complete (Running twice first), failed, timeout,
cancelled (a query that ends with that status), row-cap (10000 rows) or
slow (Running until stopped).  Each request's action, and StartQuery's
body, go to LOGFILE, one line each.  It writes the port it listens on
(127.0.0.1 only) to PORTFILE, answers at most 200 requests and stops after
120 seconds in any case.  Its answers are the JSON 1.1 protocol's, which
tests/cli/insights.sh checks with the real AWS CLI.
"""

import sys

sys.dont_write_bytecode = True  # no tests/__pycache__ in the source tree
import fakeaws  # noqa: E402

MODE, PORTFILE, LOGFILE = sys.argv[1:4]
RECORDS = sys.argv[4] if len(sys.argv) > 4 else None
QID = "0f5e1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b"
# The default format's fields, as flowdiag's query names them.
FIELDS = ["version", "account_id", "interface_id", "srcaddr", "dstaddr",
          "srcport", "dstport", "protocol", "packets", "bytes", "start",
          "end", "action", "log_status"]
KEYS = ["interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
        "protocol", "action", "log_status"]
state = {"polls": 0, "stopped": False}


def aggregate(path):
    """The rows of the stats query over the records in path."""
    groups = {}
    with open(path) as f:
        for line in f:
            rec = dict(zip(FIELDS, line.split()))
            if len(rec) != len(FIELDS):
                continue
            key = tuple(rec[k] for k in KEYS) + (int(rec["start"]) // 60,)
            g = groups.setdefault(key, {"packets": 0, "bytes": 0,
                                        "start": None, "end": None, "n": 0})
            if rec["log_status"] == "OK":
                g["packets"] += int(rec["packets"])
                g["bytes"] += int(rec["bytes"])
            s, e = int(rec["start"]), int(rec["end"])
            g["start"] = s if g["start"] is None else min(g["start"], s)
            g["end"] = e if g["end"] is None else max(g["end"], e)
            g["n"] += 1
    rows = []
    for key, g in groups.items():
        row = [{"field": "f_" + k, "value": v} for k, v in zip(KEYS, key)]
        row.append({"field": "bin(1m)", "value": "2023-11-14 22:%02d:00.000"
                    % (key[-1] % 60)})
        # What Insights sums over "-" is 0.
        row += [{"field": "agg_packets", "value": str(g["packets"])},
                {"field": "agg_bytes", "value": str(g["bytes"])},
                {"field": "agg_start", "value": str(g["start"])},
                {"field": "agg_end", "value": str(g["end"])},
                {"field": "agg_records", "value": str(g["n"])}]
        rows.append(row)
    return rows


def capped():
    return [[{"field": "f_interface_id", "value": "eni-0a1b2c3d4e5f60001"},
             {"field": "f_srcaddr", "value": "203.0.113.12"},
             {"field": "f_dstaddr", "value": "10.0.1.10"},
             {"field": "f_srcport", "value": str(10000 + i)},
             {"field": "f_dstport", "value": "80"},
             {"field": "f_protocol", "value": "6"},
             {"field": "f_action", "value": "REJECT"},
             {"field": "f_log_status", "value": "OK"},
             {"field": "agg_packets", "value": "1"},
             {"field": "agg_bytes", "value": "60"},
             {"field": "agg_start", "value": "1700000120"},
             {"field": "agg_end", "value": "1700000180"}]
            for i in range(10000)]


def results():
    """GetQueryResults' answer for the mode, at this poll."""
    state["polls"] += 1
    stats = {"recordsMatched": 9.0, "recordsScanned": 15.0 * state["polls"],
             "bytesScanned": 1520.0 * state["polls"]}
    status, rows = "Complete", []
    if state["stopped"]:
        status = "Cancelled"
    elif MODE == "slow" or (MODE == "running-then-complete"
                            and state["polls"] <= 2):
        status = "Running"
    elif MODE in ("failed", "timeout", "cancelled"):
        status = MODE.capitalize()
    elif MODE == "row-cap":
        rows = capped()
    elif RECORDS is not None:
        rows = aggregate(RECORDS)
    return {"results": rows, "statistics": stats, "status": status}


class Handler(fakeaws.JsonHandler):
    def respond(self, body):
        action = self.headers.get("X-Amz-Target", "").split(".")[-1]
        with open(LOGFILE, "a") as f:
            f.write(action + ("" if action != "StartQuery"
                              else " " + body.decode()) + "\n")
        if not self.signed():
            self.answer(400, fakeaws.MISSING_AUTH)
        elif action == "StartQuery":
            self.answer(200, {"queryId": QID})
        elif action == "GetQueryResults":
            self.answer(200, results())
        elif action == "StopQuery":
            state["stopped"] = True
            self.answer(200, {"success": True})
        elif action == "FilterLogEvents":
            self.answer(200, {"events": [], "searchedLogStreams": []})
        else:
            self.answer(400, {"__type": "UnknownOperationException"})


fakeaws.serve(Handler, PORTFILE, 200)
