#!/usr/bin/env python3
"""moto's server, with what AWS does and moto 5 does not:

- a route whose target is gone (its interface deleted, its NAT gateway
  deleted) is a blackhole, as DescribeRouteTables says of it
  (State "blackhole"); moto keeps calling it active;
- DescribeNetworkInterfaces takes the filters ipv6-addresses.ipv6-address
  and association.public-ip, which moto answers with an error 500.

    python3 tests/moto-server.py -H 127.0.0.1 -p PORT

tests/cli/config-scenarios.sh checks the answer with the real AWS CLI.
"""

import sys

sys.dont_write_bytecode = True  # no tests/__pycache__ in the source tree
from moto.ec2.models import elastic_network_interfaces  # noqa: E402
from moto.ec2.models import route_tables  # noqa: E402
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


route_tables.Route.state = property(state)
Interface.get_filter_value = filter_value
main(sys.argv[1:])
