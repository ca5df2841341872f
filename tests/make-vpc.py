#!/usr/bin/env python3
"""Builds, in moto, the VPC of tests/cli/config-scenarios.sh: one subnet per
case, each with a network ACL and a route table of its own, and prints the
ids as shell assignments for the test to eval.

    python3 tests/make-vpc.py ENDPOINT

It speaks to EC2 through botocore, the library the AWS CLI is built on, in
one process: the hundred calls of the AWS CLI took minutes.  The cases:

  1  a security group that admits 10.0.0.0/16 only
  2  a security group that admits another group, not the client's
     (subnets 2 and 3; the client 10.0.3.20 in other2, 10.0.3.21 in app2)
  4  a network ACL whose inbound deny (90) comes before its allow (100)
  5  a network ACL whose outbound entries allow 443 only: no ephemeral range
  6  an IPv6 target whose network ACL allows IPv4 only, inbound
  7  the reply's route a blackhole: its interface deleted
  8  a route table with no route to the internet gateway
  9  every layer allows
"""

import ipaddress
import sys

import boto3

ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1")
ids = {}


def out(name, value):
    ids[name] = value


def acl_entry(acl, egress, number, action, protocol, cidr, ports=None):
    args = dict(NetworkAclId=acl, Egress=egress, RuleNumber=number,
                RuleAction=action, Protocol=protocol)
    if ":" in cidr:
        args["Ipv6CidrBlock"] = cidr
    else:
        args["CidrBlock"] = cidr
    if ports is not None:
        args["PortRange"] = {"From": ports[0], "To": ports[1]}
    ec2.create_network_acl_entry(**args)


def open_acl(acl):
    for egress in (False, True):
        acl_entry(acl, egress, 100, "allow", "-1", "0.0.0.0/0")
        acl_entry(acl, egress, 101, "allow", "-1", "::/0")


def subnet(n, ipv6=None):
    args = dict(VpcId=vpc, CidrBlock="10.0.%d.0/24" % n)
    if ipv6 is not None:
        args["Ipv6CidrBlock"] = ipv6
    s = ec2.create_subnet(**args)["Subnet"]["SubnetId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    old = ec2.describe_network_acls(Filters=[
        {"Name": "association.subnet-id", "Values": [s]}])["NetworkAcls"][0]
    assoc = [a["NetworkAclAssociationId"] for a in old["Associations"]
             if a["SubnetId"] == s][0]
    ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=acl)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=rt, SubnetId=s)
    out("sub_%d" % n, s)
    out("acl_%d" % n, acl)
    out("rt_%d" % n, rt)
    return s, acl, rt


def group(name, *permissions):
    g = ec2.create_security_group(GroupName=name, Description=name,
                                  VpcId=vpc)["GroupId"]
    if permissions:
        ec2.authorize_security_group_ingress(GroupId=g,
                                             IpPermissions=list(permissions))
    return g


def eni(s, address, g, ipv6=None):
    args = dict(SubnetId=s, PrivateIpAddress=address, Groups=[g])
    if ipv6 is not None:
        args["Ipv6Addresses"] = [{"Ipv6Address": ipv6}]
    return ec2.create_network_interface(**args)[
        "NetworkInterface"]["NetworkInterfaceId"]


def public(e):
    a = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=a, NetworkInterfaceId=e)


def to_igw(rt):
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0",
                     GatewayId=igw)


WEB = {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
       "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
       "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}

vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
ec2.associate_vpc_cidr_block(VpcId=vpc, AmazonProvidedIpv6CidrBlock=True)
block6 = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0][
    "Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(VpcId=vpc, InternetGatewayId=igw)
# The VPC's main table reaches the internet: a subnet with a table of its
# own that does not is the odd one out.
main_rt = ec2.describe_route_tables(Filters=[
    {"Name": "vpc-id", "Values": [vpc]},
    {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0][
    "RouteTableId"]
to_igw(main_rt)
out("vpc", vpc)
out("igw", igw)

# 1
s, acl, rt = subnet(1)
open_acl(acl)
to_igw(rt)
g = group("web1", {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                   "IpRanges": [{"CidrIp": "10.0.0.0/16"}]})
e = eni(s, "10.0.1.10", g)
public(e)
out("sg_1", g)
out("eni_1", e)

# 2
s, acl, rt = subnet(2)
open_acl(acl)
s3, acl3, rt3 = subnet(3)
open_acl(acl3)
app = group("app2")
other = group("other2")
g = group("web2", {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
                   "UserIdGroupPairs": [{"GroupId": app}]})
out("sg_app", app)
out("sg_2", g)
out("eni_2", eni(s, "10.0.2.10", g))
out("eni_c2", eni(s3, "10.0.3.20", other))
out("eni_c2ok", eni(s3, "10.0.3.21", app))

# 4
s, acl, rt = subnet(4)
acl_entry(acl, False, 90, "deny", "6", "203.0.113.0/24", (80, 80))
acl_entry(acl, False, 100, "allow", "6", "0.0.0.0/0", (80, 80))
acl_entry(acl, True, 100, "allow", "-1", "0.0.0.0/0")
to_igw(rt)
g = group("web4", WEB)
e = eni(s, "10.0.4.10", g)
public(e)
out("eni_4", e)

# 5
s, acl, rt = subnet(5)
acl_entry(acl, False, 100, "allow", "6", "0.0.0.0/0", (80, 80))
acl_entry(acl, True, 100, "allow", "6", "0.0.0.0/0", (443, 443))
to_igw(rt)
g = group("web5", WEB)
e = eni(s, "10.0.5.10", g)
public(e)
out("eni_5", e)

# 6
sub6 = list(ipaddress.ip_network(block6).subnets(new_prefix=64))[6]
target6 = str(sub6[10])
s, acl, rt = subnet(6, str(sub6))
acl_entry(acl, False, 100, "allow", "6", "0.0.0.0/0", (80, 80))
acl_entry(acl, True, 100, "allow", "-1", "0.0.0.0/0")
acl_entry(acl, True, 101, "allow", "-1", "::/0")
ec2.create_route(RouteTableId=rt, DestinationIpv6CidrBlock="::/0",
                 GatewayId=igw)
g = group("web6", WEB)
out("target6", target6)
out("eni_6", eni(s, "10.0.6.10", g, target6))

# 7
s, acl, rt = subnet(7)
open_acl(acl)
to_igw(rt)
gone = ec2.create_network_interface(SubnetId=s)[
    "NetworkInterface"]["NetworkInterfaceId"]
ec2.create_route(RouteTableId=rt, DestinationCidrBlock="198.51.100.0/24",
                 NetworkInterfaceId=gone)
ec2.delete_network_interface(NetworkInterfaceId=gone)
g = group("web7", WEB)
e = eni(s, "10.0.7.10", g)
public(e)
out("eni_7", e)

# 8
s, acl, rt = subnet(8)
open_acl(acl)
g = group("web8", WEB)
e = eni(s, "10.0.8.10", g)
public(e)
out("eni_8", e)

# 9
s, acl, rt = subnet(9)
open_acl(acl)
to_igw(rt)
g = group("web9", WEB)
e = eni(s, "10.0.9.10", g)
public(e)
out("eni_9", e)

for k, v in ids.items():
    print("%s=%s" % (k, v))
