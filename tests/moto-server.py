#!/usr/bin/env python3
"""moto's server, with what AWS does and moto 5 does not:

- a route whose target is gone (its interface deleted, its NAT gateway
  deleted) is a blackhole, as DescribeRouteTables says of it
  (State "blackhole"); moto keeps calling it active;
- DescribeNetworkInterfaces takes the filters ipv6-addresses.ipv6-address
  and association.public-ip, which moto answers with an error 500;
- Athena, as a test sets it up in the JSON file $FLOWDIAG_ATHENA (read at
  each call, so a test changes it between runs): GetTableMetadata from
  its "tables" ({"db.table": {"Columns": [...], "PartitionKeys": [...]}},
  else MetadataException); the states GetQueryExecution reports, one a
  call, the last repeated ("states", after a StopQueryExecution always
  CANCELLED), with "reason" as StateChangeReason and "scanned" and
  "millis" as the statistics; GetQueryResults in pages of "page_size"
  rows at the most, with a NextToken (moto gives every row at once); and
  each Athena call, with its request, a line of the file "log".

    python3 tests/moto-server.py -H 127.0.0.1 -p PORT

tests/cli/config-scenarios.sh checks the answer with the real AWS CLI.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no tests/__pycache__ in the source tree
from moto.ec2.models import elastic_network_interfaces  # noqa: E402
from moto.ec2.models import route_tables  # noqa: E402
from moto.athena import responses as athena  # noqa: E402
from moto.server import main  # noqa: E402


def state(route):
    backend = route.route_table.ec2_backend
    if route.interface is not None and route.interface.id not in backend.enis:
        return "blackhole"
    if route.nat_gateway is not None and \
            getattr(route.nat_gateway, "state", "") == "deleted":
        return "blackhole"
    return "active"


Interface = elastic_network_interfaces.NetworkInterface
moto_filter = Interface.get_filter_value


def filter_value(eni, name, method=None):
    if name == "ipv6-addresses.ipv6-address":
        return list(eni.ipv6_addresses)
    if name == "association.public-ip":
        return eni.public_ip
    return moto_filter(eni, name, method)


def control():
    path = os.environ.get("FLOWDIAG_ATHENA")
    if not path or not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def log(self, action):
    c = control()
    if "log" in c:
        with open(c["log"], "a") as f:
            f.write(action + " " + json.dumps(json.loads(self.body or "{}"))
                    + "\n")


Athena = athena.AthenaResponse
polls = {}
stopped = set()


def get_table_metadata(self):
    log(self, "GetTableMetadata")
    key = self._get_param("DatabaseName") + "." + \
        self._get_param("TableName")
    table = control().get("tables", {}).get(key)
    if table is None:
        return json.dumps({
            "__type": "MetadataException",
            "Message": "Entity Not Found (Service: AmazonDataCatalog; "
                       "Status Code: 400; Error Code: "
                       "EntityNotFoundException)"}), {"status": 400}
    meta = {"Name": self._get_param("TableName"), "TableType":
            "EXTERNAL_TABLE"}
    meta.update(table)
    return json.dumps({"TableMetadata": meta})


def wrap(name, action, change=None):
    moto_method = getattr(Athena, name)

    def method(self):
        log(self, action)
        answer = moto_method(self)
        return change(self, answer) if change else answer
    setattr(Athena, name, method)


def execution(self, answer):
    c = control()
    doc = json.loads(answer)
    qe = doc["QueryExecution"]
    qid = qe["QueryExecutionId"]
    n = polls.get(qid, 0)
    polls[qid] = n + 1
    states = c.get("states", ["SUCCEEDED"])
    st = "CANCELLED" if qid in stopped else states[min(n, len(states) - 1)]
    qe["Status"]["State"] = st
    if st in ("FAILED", "CANCELLED") and "reason" in c:
        qe["Status"]["StateChangeReason"] = c["reason"]
    qe["Statistics"]["DataScannedInBytes"] = c.get("scanned", 0)
    qe["Statistics"]["TotalExecutionTimeInMillis"] = c.get("millis", 0)
    return json.dumps(doc)


def results(self, answer):
    size = control().get("page_size")
    if not size or not isinstance(answer, str):
        return answer
    doc = json.loads(answer)
    rows = doc["ResultSet"]["Rows"]
    start = int(self._get_param("NextToken") or 0)
    size = min(size, self._get_param("MaxResults") or 1000)
    doc["ResultSet"]["Rows"] = rows[start:start + size]
    if start + size < len(rows):
        doc["NextToken"] = str(start + size)
    return json.dumps(doc)


def stop(self, answer):
    stopped.add(self._get_param("QueryExecutionId"))
    return answer


Athena.get_table_metadata = get_table_metadata
wrap("start_query_execution", "StartQueryExecution")
wrap("get_query_execution", "GetQueryExecution", execution)
wrap("get_query_results", "GetQueryResults", results)
wrap("stop_query_execution", "StopQueryExecution", stop)
wrap("get_work_group", "GetWorkGroup")
route_tables.Route.state = property(state)
Interface.get_filter_value = filter_value
main(sys.argv[1:])
