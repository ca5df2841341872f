#!/usr/bin/env python3
"""What Athena would answer flowdiag's query over a table of the default
(version 2) format holding the records of FILE, as the body of a POST to
moto's /moto-api/static/athena/query-results: a header row, then one row
per group of records with the same interface, addresses, ports,
protocol, action, log status and minute of start (start / 60), with
packets and bytes summed, the earliest start, the latest end and the
count.  A "-" is NULL in the table: a NULL cell has no VarCharValue, and
a sum over NULLs alone is NULL.  Rows are in order of their earliest
start, as ORDER BY asks.

    python3 tests/athena-rows.py FILE [REPEAT] >results.json

REPEAT (1) puts each row in that many times, for a result that pages.
"""

import json
import sys

sys.dont_write_bytecode = True
KEYS = ["interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
        "protocol", "action", "log_status"]
# the version 2 fields, in order
V2 = ["version", "account_id", "interface_id", "srcaddr", "dstaddr",
      "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
      "action", "log_status"]


def total(values, fn):
    have = [int(v) for v in values if v != "-"]
    return str(fn(have)) if have else None


def main():
    groups = {}
    with open(sys.argv[1]) as f:
        for line in f:
            rec = dict(zip(V2, line.split()))
            key = tuple(rec[k] for k in KEYS) + (int(rec["start"]) // 60,)
            groups.setdefault(key, []).append(rec)
    rows = []
    for key, recs in groups.items():
        row = [None if v == "-" else v for v in key[:len(KEYS)]]
        row += [total([r["packets"] for r in recs], sum),
                total([r["bytes"] for r in recs], sum),
                total([r["start"] for r in recs], min),
                total([r["end"] for r in recs], max), str(len(recs))]
        rows.append(row)
    rows.sort(key=lambda r: int(r[len(KEYS) + 2]))
    rows = [r for r in rows for _ in range(int(sys.argv[2]) if
                                           len(sys.argv) > 2 else 1)]
    header = KEYS + ["agg_packets", "agg_bytes", "agg_start", "agg_end",
                     "agg_records"]

    def cells(r):
        return {"Data": [{} if v is None else {"VarCharValue": v}
                         for v in r]}
    print(json.dumps({"results": [{
        "rows": [cells(header)] + [cells(r) for r in rows],
        "column_info": [{"Name": h, "Type": "varchar"} for h in header]}]}))


main()
