#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/aws/ec2-config.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/vpc.h"

/*
 * Answers captured from moto 5.2.1 (python3 -m moto.server) for a VPC
 * built with the AWS CLI, as tests/cli/ec2-config.sh builds it: subnet
 * 10.0.1.0/24 holds the target 10.0.1.10 in group web, which lets in
 * TCP 80 from 10.0.0.0/16 ("vpc") and 2001:db8::/32, TCP 443 from group
 * app, TCP 22 from prefix list corp (10.8.0.0/16 "office",
 * 192.168.0.0/24) and ICMP echo (type 8, any code) from anywhere; the
 * subnet's custom ACL allows TCP 80 from 10.0.0.0/16 in as rule 100,
 * denies everything in as 200, allows everything out as 100; its route
 * table sends 0.0.0.0/0 and the prefix list to an internet gateway; the
 * VPC's main table holds only the local route.
 */
static const char moto_eni[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<networkInterfaceSet><item><availabilityZone>"
    "us-east-1d</availabilityZone><description/><groupSet><item><groupId>"
    "sg-6a48fcf359743d376</groupId><groupName>web</groupName></item>"
    "</groupSet><interfaceType>interface</interfaceType>"
    "<ipv6AddressesSet/><macAddress>02:00:00:b8:ce:a1</macAddress>"
    "<networkInterfaceId>eni-072548f3d305d330e</networkInterfaceId>"
    "<ownerId>123456789012</ownerId><privateIpAddress>"
    "10.0.1.10</privateIpAddress><privateIpAddressesSet><item><primary>"
    "true</primary><privateIpAddress>10.0.1.10</privateIpAddress></item>"
    "</privateIpAddressesSet><requesterId>"
    "AIDAIT2UOQQY3AUEMOTO</requesterId><requesterManaged>"
    "false</requesterManaged><sourceDestCheck>true</sourceDestCheck>"
    "<status>available</status><subnetId>"
    "subnet-8d61905b285689deb</subnetId><tagSet/><vpcId>"
    "vpc-5c09d8ad579f4cbac</vpcId></item></networkInterfaceSet>"
    "<requestId>request-id</requestId>"
    "</DescribeNetworkInterfacesResponse>";

static const char moto_sg[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<securityGroupInfo><item><groupId>sg-6a48fcf359743d376</groupId>"
    "<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/>"
    "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>"
    "<ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress><tagSet/>"
    "<vpcId>vpc-5c09d8ad579f4cbac</vpcId><securityGroupArn>"
    "arn:aws:ec2:us-east-1:123456789012:security-group/sg-6a48fcf359743d376</securityGroupArn>"
    "<ownerId>123456789012</ownerId><groupName>web</groupName>"
    "<groupDescription>web</groupDescription><ipPermissions><item>"
    "<ipProtocol>tcp</ipProtocol><fromPort>80</fromPort><toPort>"
    "80</toPort><groups/><ipRanges><item><description>vpc</description>"
    "<cidrIp>10.0.0.0/16</cidrIp></item></ipRanges><ipv6Ranges><item>"
    "<cidrIpv6>2001:db8::/32</cidrIpv6></item></ipv6Ranges>"
    "<prefixListIds/></item><item><ipProtocol>tcp</ipProtocol><fromPort>"
    "443</fromPort><toPort>443</toPort><groups><item><userId>"
    "123456789012</userId><groupId>sg-acbbdcbb2fa223198</groupId></item>"
    "</groups><ipRanges/><ipv6Ranges/><prefixListIds/></item><item>"
    "<ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>"
    "22</toPort><groups/><ipRanges/><ipv6Ranges/><prefixListIds><item>"
    "<prefixListId>pl-32877eebe1db6662f</prefixListId></item>"
    "</prefixListIds></item><item><ipProtocol>icmp</ipProtocol><fromPort>"
    "8</fromPort><toPort>-1</toPort><groups/><ipRanges><item><cidrIp>"
    "0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/>"
    "</item></ipPermissions></item></securityGroupInfo><requestId>"
    "request-id</requestId></DescribeSecurityGroupsResponse>";

static const char moto_acl[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeNetworkAclsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<networkAclSet><item><associationSet><item><networkAclAssociationId>"
    "aclassoc-d81f47cdbf62fffc3</networkAclAssociationId><networkAclId>"
    "acl-1b6ff39df7432ba09</networkAclId><subnetId>"
    "subnet-8d61905b285689deb</subnetId></item></associationSet>"
    "<entrySet><item><cidrBlock>10.0.0.0/16</cidrBlock><egress>"
    "false</egress><portRange><from>80</from><to>80</to></portRange>"
    "<protocol>6</protocol><ruleAction>allow</ruleAction><ruleNumber>"
    "100</ruleNumber></item><item><cidrBlock>0.0.0.0/0</cidrBlock>"
    "<egress>false</egress><protocol>-1</protocol><ruleAction>"
    "deny</ruleAction><ruleNumber>200</ruleNumber></item><item>"
    "<cidrBlock>0.0.0.0/0</cidrBlock><egress>true</egress><protocol>"
    "-1</protocol><ruleAction>allow</ruleAction><ruleNumber>"
    "100</ruleNumber></item></entrySet><default>false</default>"
    "<networkAclId>acl-1b6ff39df7432ba09</networkAclId><tagSet/><vpcId>"
    "vpc-5c09d8ad579f4cbac</vpcId><ownerId>123456789012</ownerId></item>"
    "</networkAclSet><requestId>request-id</requestId>"
    "</DescribeNetworkAclsResponse>";

static const char moto_rtb[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<routeTableSet><item><associationSet><item><main>false</main>"
    "<routeTableAssociationId>"
    "rtbassoc-233d807497a80c33f</routeTableAssociationId><routeTableId>"
    "rtb-7b9d9be13272553bf</routeTableId><subnetId>"
    "subnet-8d61905b285689deb</subnetId><associationState><state>"
    "associated</state></associationState></item></associationSet>"
    "<routeTableId>rtb-7b9d9be13272553bf</routeTableId><routeSet><item>"
    "<destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>"
    "local</gatewayId><origin>CreateRouteTable</origin><state>"
    "active</state></item><item><destinationCidrBlock>"
    "0.0.0.0/0</destinationCidrBlock><gatewayId>"
    "igw-a7a89aa1be4df6785</gatewayId><origin>CreateRoute</origin><state>"
    "active</state></item><item><destinationPrefixListId>"
    "pl-32877eebe1db6662f</destinationPrefixListId><gatewayId>"
    "igw-a7a89aa1be4df6785</gatewayId><origin>CreateRoute</origin><state>"
    "active</state></item></routeSet><tagSet/><vpcId>"
    "vpc-5c09d8ad579f4cbac</vpcId><ownerId>123456789012</ownerId></item>"
    "</routeTableSet><requestId>request-id</requestId>"
    "</DescribeRouteTablesResponse>";

static const char moto_main[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<routeTableSet><item><associationSet><item><main>true</main>"
    "<routeTableAssociationId>"
    "rtbassoc-1d0f4cfc3d22f2453</routeTableAssociationId><routeTableId>"
    "rtb-4237fb1b0f0efb6f2</routeTableId><associationState><state>"
    "associated</state></associationState></item></associationSet>"
    "<routeTableId>rtb-4237fb1b0f0efb6f2</routeTableId><routeSet><item>"
    "<destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>"
    "local</gatewayId><origin>CreateRouteTable</origin><state>"
    "active</state></item></routeSet><tagSet/><vpcId>"
    "vpc-5c09d8ad579f4cbac</vpcId><ownerId>123456789012</ownerId></item>"
    "</routeTableSet><requestId>request-id</requestId>"
    "</DescribeRouteTablesResponse>";

static const char moto_pl[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<DescribeManagedPrefixListsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<prefixListSet><item><prefixListId>"
    "pl-32877eebe1db6662f</prefixListId><addressFamily>"
    "IPv4</addressFamily><state>create-complete</state><prefixListArn>"
    "arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-32877eebe1db6662f</prefixListArn>"
    "<prefixListName>corp</prefixListName><maxEntries>5</maxEntries>"
    "<version>1</version><tagSet/><ownerId>123456789012</ownerId></item>"
    "</prefixListSet><requestId>request-id</requestId>"
    "</DescribeManagedPrefixListsResponse>";

static const char moto_ple[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "\n<GetManagedPrefixListEntriesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<entrySet><item><cidr>10.8.0.0/16</cidr><description>"
    "office</description></item><item><cidr>192.168.0.0/24</cidr></item>"
    "</entrySet><requestId>request-id</requestId>"
    "</GetManagedPrefixListEntriesResponse>";

/* What moto omits, written after EC2's reference (DescribeNetworkAcls,
 * NetworkAclEntry): ICMP entries with IcmpTypeCode, IPv6 entries, the
 * final "*" entries as rule 32767, a default ACL of two subnets. */
static const char acl_hand[] =
    "<DescribeNetworkAclsResponse xmlns=\"http://ec2.amazonaws.com/doc/"
    "2016-11-15/\"><requestId>r</requestId><networkAclSet><item>"
    "<networkAclId>acl-0123456789abcdef0</networkAclId>"
    "<vpcId>vpc-0a1b2c3d</vpcId><default>true</default><entrySet>"
    "<item><ruleNumber>110</ruleNumber><protocol>1</protocol>"
    "<ruleAction>allow</ruleAction><egress>false</egress>"
    "<cidrBlock>10.0.0.0/8</cidrBlock>"
    "<icmpTypeCode><code>4</code><type>3</type></icmpTypeCode></item>"
    "<item><ruleNumber>120</ruleNumber><protocol>58</protocol>"
    "<ruleAction>deny</ruleAction><egress>true</egress>"
    "<ipv6CidrBlock>2001:db8:1::/48</ipv6CidrBlock>"
    "<icmpTypeCode><code>-1</code><type>-1</type></icmpTypeCode></item>"
    "<item><ruleNumber>130</ruleNumber><protocol>17</protocol>"
    "<ruleAction>allow</ruleAction><egress>false</egress>"
    "<ipv6CidrBlock>::/0</ipv6CidrBlock>"
    "<portRange><from>53</from><to>53</to></portRange></item>"
    "<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol>"
    "<ruleAction>deny</ruleAction><egress>false</egress>"
    "<cidrBlock>0.0.0.0/0</cidrBlock></item>"
    "<item><ruleNumber>32768</ruleNumber><protocol>-1</protocol>"
    "<ruleAction>deny</ruleAction><egress>false</egress>"
    "<ipv6CidrBlock>::/0</ipv6CidrBlock></item>"
    "</entrySet><associationSet>"
    "<item><networkAclAssociationId>aclassoc-1</networkAclAssociationId>"
    "<networkAclId>acl-0123456789abcdef0</networkAclId>"
    "<subnetId>subnet-0aa</subnetId></item>"
    "<item><networkAclAssociationId>aclassoc-2</networkAclAssociationId>"
    "<networkAclId>acl-0123456789abcdef0</networkAclId>"
    "<subnetId>subnet-0bb</subnetId></item>"
    "</associationSet></item></networkAclSet>"
    "</DescribeNetworkAclsResponse>";

/* And of DescribeRouteTables (Route, RouteTableAssociation): a main
 * table (its association has no subnet) that is also explicitly
 * associated, a blackhole route, and each kind of target; a next page. */
static const char rtb_hand[] =
    "<DescribeRouteTablesResponse xmlns=\"http://ec2.amazonaws.com/doc/"
    "2016-11-15/\"><requestId>r</requestId><routeTableSet><item>"
    "<routeTableId>rtb-0fedcba9</routeTableId><vpcId>vpc-0a1b2c3d</vpcId>"
    "<routeSet>"
    "<item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock>"
    "<gatewayId>local</gatewayId><state>active</state></item>"
    "<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
    "<natGatewayId>nat-0123456789abcdef0</natGatewayId>"
    "<state>blackhole</state></item>"
    "<item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock>"
    "<egressOnlyInternetGatewayId>eigw-0aa</egressOnlyInternetGatewayId>"
    "<state>active</state></item>"
    "<item><destinationCidrBlock>172.16.0.0/12</destinationCidrBlock>"
    "<transitGatewayId>tgw-0bb</transitGatewayId><state>active</state>"
    "</item>"
    "<item><destinationCidrBlock>192.168.0.0/16</destinationCidrBlock>"
    "<vpcPeeringConnectionId>pcx-0cc</vpcPeeringConnectionId>"
    "<state>active</state></item>"
    "<item><destinationPrefixListId>pl-0dd</destinationPrefixListId>"
    "<gatewayId>vpce-0ee</gatewayId><state>active</state></item>"
    "<item><destinationCidrBlock>10.9.0.0/16</destinationCidrBlock>"
    "<instanceId>i-0ff</instanceId><instanceOwnerId>123456789012"
    "</instanceOwnerId><networkInterfaceId>eni-0ab</networkInterfaceId>"
    "<state>active</state></item>"
    "<item><destinationCidrBlock>10.10.0.0/16</destinationCidrBlock>"
    "<coreNetworkArn>arn:aws:networkmanager::1:core-network/x"
    "</coreNetworkArn><state>active</state></item>"
    "</routeSet><associationSet>"
    "<item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId>"
    "<routeTableId>rtb-0fedcba9</routeTableId><main>true</main>"
    "<associationState><state>associated</state></associationState>"
    "</item>"
    "<item><routeTableAssociationId>rtbassoc-2</routeTableAssociationId>"
    "<routeTableId>rtb-0fedcba9</routeTableId><main>false</main>"
    "<subnetId>subnet-0aa</subnetId></item>"
    "<item><routeTableAssociationId>rtbassoc-3</routeTableAssociationId>"
    "<routeTableId>rtb-0fedcba9</routeTableId><main>false</main>"
    "<gatewayId>igw-0aa</gatewayId></item>"
    "</associationSet></item></routeTableSet>"
    "<nextToken>page-2</nextToken></DescribeRouteTablesResponse>";

/* An interface with secondary addresses, IPv6 ones, a public address and
 * two groups (DescribeNetworkInterfaces, NetworkInterface). */
static const char eni_hand[] =
    "<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/"
    "doc/2016-11-15/\"><requestId>r</requestId><networkInterfaceSet><item>"
    "<networkInterfaceId>eni-0a1b2c3d4e5f60001</networkInterfaceId>"
    "<subnetId>subnet-0aa</subnetId><vpcId>vpc-0a1b2c3d</vpcId>"
    "<groupSet><item><groupId>sg-0aa</groupId><groupName>a</groupName>"
    "</item><item><groupId>sg-0bb</groupId><groupName>b</groupName>"
    "</item></groupSet>"
    "<privateIpAddress>10.0.1.10</privateIpAddress>"
    "<association><publicIp>203.0.113.7</publicIp>"
    "<ipOwnerId>amazon</ipOwnerId></association>"
    "<privateIpAddressesSet>"
    "<item><privateIpAddress>10.0.1.10</privateIpAddress>"
    "<primary>true</primary><association><publicIp>203.0.113.7"
    "</publicIp></association></item>"
    "<item><privateIpAddress>10.0.1.11</privateIpAddress>"
    "<primary>false</primary></item></privateIpAddressesSet>"
    "<ipv6AddressesSet><item><ipv6Address>2001:db8::10</ipv6Address>"
    "</item></ipv6AddressesSet>"
    "</item></networkInterfaceSet><nextToken>t2</nextToken>"
    "</DescribeNetworkInterfacesResponse>";

static struct vpc_config cfg;

static int
setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	vpc_config_release(&cfg);
	return 0;
}

static void
assert_addr(const struct addr *a, const char *want)
{
	char buf[ADDR_STRLEN];

	assert_string_equal(addr_format(a, buf, sizeof(buf)), want);
}

static void
assert_prefix(const struct addr_prefix *p, const char *want)
{
	char buf[ADDR_STRLEN + 8];

	assert_string_equal(addr_prefix_format(p, buf, sizeof(buf)), want);
}

/* Parses with fn, which must succeed; returns the next token (freed). */
typedef int (*parse_fn)(const char *, size_t, struct vpc_config *, char **,
    struct errinfo *);

static void
parse_ok(parse_fn fn, const char *xml, const char *want_next)
{
	struct errinfo ei;
	char *next = NULL;

	assert_int_equal(fn(xml, strlen(xml), &cfg, &next, &ei), 0);
	if (want_next == NULL)
		assert_null(next);
	else
		assert_string_equal(next, want_next);
	free(next);
}

static void
assert_missing(const char *want)
{
	size_t i;

	for (i = 0; i < cfg.nmissing; i++) {
		if (strcmp(cfg.missing[i], want) == 0)
			return;
	}
	fail_msg("no missing line '%s' among %zu (first: '%s')", want,
	    cfg.nmissing, cfg.nmissing ? cfg.missing[0] : "");
}

static void
test_ec2_config_interfaces_moto(void **state)
{
	const struct vpc_interface *f;

	(void)state;
	parse_ok(ec2_parse_config_interfaces, moto_eni, NULL);
	assert_int_equal(cfg.nifs, 1);
	f = &cfg.ifs[0];
	assert_string_equal(f->id, "eni-072548f3d305d330e");
	assert_string_equal(f->subnet, "subnet-8d61905b285689deb");
	assert_string_equal(f->vpc, "vpc-5c09d8ad579f4cbac");
	assert_string_equal(f->origin, "api");
	/* privateIpAddress and the set's primary are one address. */
	assert_int_equal(f->naddrs, 1);
	assert_addr(&f->addrs[0], "10.0.1.10");
	assert_int_equal(f->public_ip.family, 0);
	assert_int_equal(f->ngroups, 1);
	assert_string_equal(f->groups[0], "sg-6a48fcf359743d376");
	assert_int_equal(cfg.nmissing, 0);
}

static void
test_ec2_config_interfaces_addresses(void **state)
{
	const struct vpc_interface *f;
	struct addr a;

	(void)state;
	parse_ok(ec2_parse_config_interfaces, eni_hand, "t2");
	assert_int_equal(cfg.nifs, 1);
	f = &cfg.ifs[0];
	assert_int_equal(f->naddrs, 3);
	assert_addr(&f->addrs[0], "10.0.1.10");
	assert_addr(&f->addrs[1], "10.0.1.11");
	assert_addr(&f->addrs[2], "2001:db8::10");
	assert_addr(&f->public_ip, "203.0.113.7");
	assert_int_equal(f->ngroups, 2);
	assert_string_equal(f->groups[0], "sg-0aa");
	assert_string_equal(f->groups[1], "sg-0bb");
	/* Found by any of them, the public one too. */
	assert_int_equal(addr_parse("203.0.113.7", 11, &a), 0);
	assert_ptr_equal(vpc_interface_by_addr(&cfg, &a), f);
	assert_int_equal(addr_parse("10.0.1.11", 9, &a), 0);
	assert_ptr_equal(vpc_interface_by_addr(&cfg, &a), f);
}

static void
test_ec2_config_security_groups_moto(void **state)
{
	const struct vpc_sg *g;
	const struct vpc_sg_rule *r;

	(void)state;
	parse_ok(ec2_parse_security_groups, moto_sg, NULL);
	assert_int_equal(cfg.nsgs, 1);
	g = &cfg.sgs[0];
	assert_string_equal(g->id, "sg-6a48fcf359743d376");
	assert_string_equal(g->name, "web");
	assert_string_equal(g->vpc, "vpc-5c09d8ad579f4cbac");
	assert_string_equal(g->origin, "api");
	/* One rule a peer: the first permission has two ranges. */
	assert_int_equal(g->nin, 5);
	r = &g->in[0];
	assert_int_equal(r->protocol, 6);
	assert_int_equal(r->from, 80);
	assert_int_equal(r->to, 80);
	assert_int_equal(r->kind, VPC_PEER_CIDR);
	assert_prefix(&r->cidr, "10.0.0.0/16");
	assert_null(r->ref);
	assert_string_equal(r->description, "vpc");
	r = &g->in[1];
	assert_int_equal(r->protocol, 6);
	assert_int_equal(r->from, 80);
	assert_int_equal(r->kind, VPC_PEER_CIDR);
	assert_prefix(&r->cidr, "2001:db8::/32");
	assert_null(r->description);
	r = &g->in[2];
	assert_int_equal(r->from, 443);
	assert_int_equal(r->to, 443);
	assert_int_equal(r->kind, VPC_PEER_GROUP);
	assert_string_equal(r->ref, "sg-acbbdcbb2fa223198");
	r = &g->in[3];
	assert_int_equal(r->from, 22);
	assert_int_equal(r->kind, VPC_PEER_PREFIX_LIST);
	assert_string_equal(r->ref, "pl-32877eebe1db6662f");
	/* ICMP: from is the type (echo, 8), to the code (any). */
	r = &g->in[4];
	assert_int_equal(r->protocol, 1);
	assert_int_equal(r->from, 8);
	assert_int_equal(r->to, VPC_ANY);
	assert_prefix(&r->cidr, "0.0.0.0/0");
	assert_int_equal(g->nout, 1);
	r = &g->out[0];
	assert_int_equal(r->protocol, VPC_PROTO_ALL);
	assert_int_equal(r->from, VPC_ANY);
	assert_int_equal(r->to, VPC_ANY);
	assert_prefix(&r->cidr, "0.0.0.0/0");
	assert_int_equal(cfg.nmissing, 0);
}

static void
test_ec2_config_acls_moto(void **state)
{
	const struct vpc_acl *a;
	const struct vpc_acl_entry *e;

	(void)state;
	parse_ok(ec2_parse_network_acls, moto_acl, NULL);
	assert_int_equal(cfg.nacls, 1);
	a = &cfg.acls[0];
	assert_string_equal(a->id, "acl-1b6ff39df7432ba09");
	assert_string_equal(a->vpc, "vpc-5c09d8ad579f4cbac");
	assert_false(a->is_default);
	assert_int_equal(a->nsubnets, 1);
	assert_string_equal(a->subnets[0], "subnet-8d61905b285689deb");
	assert_int_equal(a->n, 3);
	e = &a->v[0];
	assert_int_equal(e->number, 100);
	assert_false(e->egress);
	assert_true(e->allow);
	assert_int_equal(e->protocol, 6);
	assert_int_equal(e->from, 80);
	assert_int_equal(e->to, 80);
	assert_int_equal(e->icmp_type, VPC_ANY);
	assert_int_equal(e->icmp_code, VPC_ANY);
	assert_prefix(&e->cidr, "10.0.0.0/16");
	e = &a->v[1];
	assert_int_equal(e->number, 200);
	assert_false(e->egress);
	assert_false(e->allow);
	assert_int_equal(e->protocol, VPC_PROTO_ALL);
	assert_int_equal(e->from, VPC_ANY);
	assert_int_equal(e->to, VPC_ANY);
	assert_prefix(&e->cidr, "0.0.0.0/0");
	e = &a->v[2];
	assert_int_equal(e->number, 100);
	assert_true(e->egress);
	assert_true(e->allow);
	assert_ptr_equal(vpc_acl_of_subnet(&cfg, "subnet-8d61905b285689deb"),
	    a);
}

static void
test_ec2_config_acls_icmp_ipv6_last(void **state)
{
	const struct vpc_acl *a;
	const struct vpc_acl_entry *e;

	(void)state;
	/* Rule 32768, the IPv6 final entry as EC2 lists it, is read as the
	 * final entry: refusing it would leave every ACL of a VPC with IPv6
	 * unjudged. */
	parse_ok(ec2_parse_network_acls, acl_hand, NULL);
	assert_int_equal(cfg.nacls, 1);
	a = &cfg.acls[0];
	assert_true(a->is_default);
	assert_int_equal(a->nsubnets, 2);
	assert_string_equal(a->subnets[0], "subnet-0aa");
	assert_string_equal(a->subnets[1], "subnet-0bb");
	assert_int_equal(a->n, 5);
	e = &a->v[0];
	assert_int_equal(e->number, 110);
	assert_int_equal(e->protocol, 1);
	assert_int_equal(e->icmp_type, 3);
	assert_int_equal(e->icmp_code, 4);
	assert_int_equal(e->from, VPC_ANY);
	assert_prefix(&e->cidr, "10.0.0.0/8");
	e = &a->v[1];
	assert_int_equal(e->protocol, 58);
	assert_true(e->egress);
	assert_false(e->allow);
	assert_int_equal(e->icmp_type, VPC_ANY);
	assert_int_equal(e->icmp_code, VPC_ANY);
	assert_prefix(&e->cidr, "2001:db8:1::/48");
	e = &a->v[2];
	assert_int_equal(e->protocol, 17);
	assert_int_equal(e->from, 53);
	assert_int_equal(e->to, 53);
	assert_prefix(&e->cidr, "::/0");
	e = &a->v[3];
	assert_int_equal(e->number, VPC_ACL_LAST);
	assert_false(e->allow);
	assert_int_equal(e->protocol, VPC_PROTO_ALL);
	assert_prefix(&e->cidr, "0.0.0.0/0");
	assert_int_equal(a->v[4].number, VPC_ACL_LAST);
	assert_prefix(&a->v[4].cidr, "::/0");
	assert_ptr_equal(vpc_acl_of_subnet(&cfg, "subnet-0bb"), a);
}

static void
test_ec2_config_route_tables_moto(void **state)
{
	const struct vpc_route_table *t;

	(void)state;
	parse_ok(ec2_parse_route_tables, moto_rtb, NULL);
	parse_ok(ec2_parse_route_tables, moto_main, NULL);
	assert_int_equal(cfg.nrts, 2);
	t = &cfg.rts[0];
	assert_string_equal(t->id, "rtb-7b9d9be13272553bf");
	assert_string_equal(t->vpc, "vpc-5c09d8ad579f4cbac");
	assert_false(t->main);
	assert_int_equal(t->nsubnets, 1);
	assert_string_equal(t->subnets[0], "subnet-8d61905b285689deb");
	assert_int_equal(t->n, 3);
	assert_prefix(&t->v[0].dest, "10.0.0.0/16");
	assert_string_equal(t->v[0].target, "local");
	assert_null(t->v[0].prefix_list);
	assert_prefix(&t->v[1].dest, "0.0.0.0/0");
	assert_string_equal(t->v[1].target, "igw-a7a89aa1be4df6785");
	assert_false(t->v[1].blackhole);
	assert_string_equal(t->v[2].prefix_list, "pl-32877eebe1db6662f");
	assert_string_equal(t->v[2].target, "igw-a7a89aa1be4df6785");
	t = &cfg.rts[1];
	assert_string_equal(t->id, "rtb-4237fb1b0f0efb6f2");
	assert_true(t->main);
	assert_int_equal(t->nsubnets, 0);
	assert_int_equal(t->n, 1);
	/* A subnet without a table of its own falls back to the main. */
	assert_ptr_equal(vpc_route_table_of_subnet(&cfg, "subnet-9563b20fe8eb",
			     "vpc-5c09d8ad579f4cbac"),
	    t);
	assert_ptr_equal(vpc_route_table_of_subnet(&cfg,
			     "subnet-8d61905b285689deb",
			     "vpc-5c09d8ad579f4cbac"),
	    &cfg.rts[0]);
}

static void
test_ec2_config_route_tables_targets(void **state)
{
	const struct vpc_route_table *t;

	(void)state;
	parse_ok(ec2_parse_route_tables, rtb_hand, "page-2");
	assert_int_equal(cfg.nrts, 1);
	t = &cfg.rts[0];
	assert_true(t->main);
	/* The gateway association names no subnet. */
	assert_int_equal(t->nsubnets, 1);
	assert_string_equal(t->subnets[0], "subnet-0aa");
	assert_int_equal(t->n, 8);
	assert_string_equal(t->v[1].target, "nat-0123456789abcdef0");
	assert_true(t->v[1].blackhole);
	assert_false(t->v[0].blackhole);
	assert_prefix(&t->v[2].dest, "::/0");
	assert_string_equal(t->v[2].target, "eigw-0aa");
	assert_string_equal(t->v[3].target, "tgw-0bb");
	assert_string_equal(t->v[4].target, "pcx-0cc");
	assert_string_equal(t->v[5].prefix_list, "pl-0dd");
	assert_string_equal(t->v[5].target, "vpce-0ee");
	/* An instance's route names its interface too: the interface. */
	assert_string_equal(t->v[6].target, "eni-0ab");
	/* A target of a kind not known here is none, not an error. */
	assert_prefix(&t->v[7].dest, "10.10.0.0/16");
	assert_null(t->v[7].target);
	assert_int_equal(cfg.nmissing, 0);
}

static void
test_ec2_config_prefix_lists_moto(void **state)
{
	const struct vpc_prefix_list *p;
	struct errinfo ei;
	char *next = NULL;

	(void)state;
	parse_ok(ec2_parse_prefix_lists, moto_pl, NULL);
	assert_int_equal(cfg.npls, 1);
	p = &cfg.pls[0];
	assert_string_equal(p->id, "pl-32877eebe1db6662f");
	assert_string_equal(p->name, "corp");
	assert_false(p->entries_known);
	assert_int_equal(ec2_parse_prefix_list_entries(moto_ple,
			     strlen(moto_ple), &cfg, "pl-32877eebe1db6662f",
			     &next, &ei),
	    0);
	assert_null(next);
	assert_int_equal(p->n, 2);
	assert_prefix(&p->v[0], "10.8.0.0/16");
	assert_prefix(&p->v[1], "192.168.0.0/24");
}

/* Ids not in AWS's form, numbers and addresses that do not read: the
 * item is skipped, counted, and the first reason kept; never a crash. */
static void
test_ec2_config_malformed(void **state)
{
	static const char sgs[] =
	    "<R><securityGroupInfo>"
	    "<item><groupId>sg-0aa;rm -rf</groupId></item>"
	    "<item><groupId>sg-0bb</groupId><ipPermissions><item>"
	    "<ipProtocol>tcp</ipProtocol><fromPort>80</fromPort>"
	    "<toPort>80</toPort><groups><item><groupId>sg-$(id)</groupId>"
	    "</item></groups></item></ipPermissions></item>"
	    "<item><groupId>sg-0cc</groupId><ipPermissions><item>"
	    "<ipProtocol>tcp</ipProtocol><fromPort>70000</fromPort>"
	    "<toPort>80</toPort></item></ipPermissions></item>"
	    "<item><groupId>sg-0dd</groupId><ipPermissions><item>"
	    "<ipProtocol>gre</ipProtocol></item></ipPermissions></item>"
	    "<item><groupId>sg-0ee</groupId><groupName>ok&#10;forged line"
	    "</groupName><ipPermissions><item><ipProtocol>50</ipProtocol>"
	    "<ipRanges><item><cidrIp>10.0.0.0/33</cidrIp></item></ipRanges>"
	    "</item></ipPermissions></item>"
	    "<item><groupId>sg-0ff</groupId><groupName>ok&#10;forged line"
	    "</groupName><ipPermissions><item><ipProtocol>50</ipProtocol>"
	    "<ipRanges><item><cidrIp>10.0.0.0/8</cidrIp><description>a&#27;["
	    "31mb</description></item></ipRanges>"
	    "</item></ipPermissions></item>"
	    "</securityGroupInfo></R>";
	static const char enis[] =
	    "<R><networkInterfaceSet>"
	    "<item><networkInterfaceId>eni-0aa</networkInterfaceId>"
	    "<privateIpAddress>10.0.1.999</privateIpAddress></item>"
	    "<item><networkInterfaceId>ENI-0AA</networkInterfaceId></item>"
	    "<item><networkInterfaceId>eni-0bb</networkInterfaceId>"
	    "<subnetId>subnet-0bb</subnetId><ipv6AddressesSet><item>"
	    "<ipv6Address>10.0.0.1</ipv6Address></item></ipv6AddressesSet>"
	    "</item>"
	    "<item><networkInterfaceId>eni-0cc</networkInterfaceId>"
	    "<subnetId>subnet-0cc</subnetId></item>"
	    "</networkInterfaceSet></R>";
	static const char rts[] =
	    "<R><routeTableSet><item><routeTableId>rtb-0aa</routeTableId>"
	    "<routeSet><item><destinationCidrBlock>0.0.0.0/0"
	    "</destinationCidrBlock><gatewayId>igw-0aa'; reboot"
	    "</gatewayId></item></routeSet></item>"
	    "<item><routeTableId>rtb-0bb</routeTableId><routeSet><item>"
	    "<gatewayId>local</gatewayId></item></routeSet></item>"
	    "<item><routeTableId>rtb-0cc</routeTableId><routeSet><item>"
	    "<destinationCidrBlock>0.0.0.0/0</destinationCidrBlock>"
	    "<destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock>"
	    "<gatewayId>local</gatewayId></item></routeSet></item>"
	    "</routeTableSet></R>";
	/* An entry that names no CIDR, one that names both, one neither
	 * allow nor deny. */
	static const char acls[] =
	    "<R><networkAclSet><item><networkAclId>acl-0aa</networkAclId>"
	    "<entrySet><item><ruleNumber>100</ruleNumber><protocol>-1"
	    "</protocol><ruleAction>deny</ruleAction><egress>false</egress>"
	    "</item></entrySet></item>"
	    "<item><networkAclId>acl-0bb</networkAclId>"
	    "<entrySet><item><ruleNumber>100</ruleNumber><protocol>-1"
	    "</protocol><ruleAction>deny</ruleAction><egress>false</egress>"
	    "<cidrBlock>0.0.0.0/0</cidrBlock><ipv6CidrBlock>::/0"
	    "</ipv6CidrBlock></item></entrySet></item>"
	    "<item><networkAclId>acl-0cc</networkAclId>"
	    "<entrySet><item><ruleNumber>100</ruleNumber><protocol>-1"
	    "</protocol><ruleAction>maybe</ruleAction><egress>false</egress>"
	    "<cidrBlock>0.0.0.0/0</cidrBlock></item></entrySet></item>"
	    "</networkAclSet></R>";

	(void)state;
	parse_ok(ec2_parse_security_groups, sgs, NULL);
	assert_int_equal(cfg.nsgs, 1);
	assert_string_equal(cfg.sgs[0].id, "sg-0ff");
	/* Free text is cut to its first line, controls made spaces. */
	assert_string_equal(cfg.sgs[0].name, "ok");
	assert_int_equal(cfg.sgs[0].nin, 1);
	assert_int_equal(cfg.sgs[0].in[0].protocol, 50);
	assert_string_equal(cfg.sgs[0].in[0].description, "a [31mb");
	assert_missing(
	    "ec2 DescribeSecurityGroups: 5 malformed items skipped "
	    "(a security group id 'sg-0aa;rm -rf' is not sg- and hex "
	    "digits)");
	parse_ok(ec2_parse_config_interfaces, enis, NULL);
	assert_int_equal(cfg.nifs, 1);
	assert_string_equal(cfg.ifs[0].id, "eni-0cc");
	assert_missing("ec2 DescribeNetworkInterfaces: 3 malformed items "
		       "skipped (interface eni-0aa: an address does not read)");
	parse_ok(ec2_parse_route_tables, rts, NULL);
	assert_int_equal(cfg.nrts, 0);
	assert_missing("ec2 DescribeRouteTables: 3 malformed items skipped "
		       "(route table rtb-0aa: route 1 does not read)");
	parse_ok(ec2_parse_network_acls, acls, NULL);
	assert_int_equal(cfg.nacls, 0);
	assert_missing("ec2 DescribeNetworkAcls: 3 malformed items skipped "
		       "(network ACL acl-0aa: entry 1 does not read)");
	assert_int_equal(cfg.nmissing, 4);
}

static void
test_ec2_config_not_xml(void **state)
{
	static const char junk[] = "<html><body>502 Bad Gateway";
	struct errinfo ei;
	char *next = NULL;

	(void)state;
	assert_int_equal(ec2_parse_security_groups(junk, strlen(junk), &cfg,
			     &next, &ei),
	    -1);
	assert_int_equal(ei.code, EC_SERVICE);
	assert_null(next);
	assert_int_equal(cfg.nsgs, 0);
}

/* More groups than are taken: the first EC2_CONFIG_SGS_MAX, a line, and
 * no next page, though the answer names one. */
/* An answer of n items of set, each "<item><ID>PREFIX%08x</ID></item>"
 * numbered from 0, then extra when not NULL, and a next token. */
static char *
answer_of(const char *set, const char *id, const char *prefix, int n,
    const char *extra)
{
	struct buf b;
	char line[160];
	int i;

	buf_init(&b, 1024 * 1024);
	snprintf(line, sizeof(line), "<R><%s>", set);
	assert_true(buf_append(&b, line, strlen(line)));
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "<item><%s>%s%08x</%s></item>", id,
		    prefix, i, id);
		assert_true(buf_append(&b, line, strlen(line)));
	}
	if (extra != NULL)
		assert_true(buf_append(&b, extra, strlen(extra)));
	snprintf(line, sizeof(line), "</%s><nextToken>more</nextToken></R>",
	    set);
	assert_true(buf_append(&b, line, strlen(line) + 1));
	return b.data;
}

/* Each kind's cap, ten past it: the first max items are read, the
 * paging stops (no next token), and the line says what was left. */
static void
test_ec2_config_caps(void **state)
{
	static const struct {
		parse_fn fn;
		const char *set, *id, *prefix, *missing;
		int max;
	} kinds[] = {
		{ ec2_parse_config_interfaces, "networkInterfaceSet",
		    "networkInterfaceId", "eni-",
		    "ec2 DescribeNetworkInterfaces: more than 1024 interfaces: "
		    "the rest are not known",
		    1024 },
		{ ec2_parse_security_groups, "securityGroupInfo", "groupId",
		    "sg-",
		    "ec2 DescribeSecurityGroups: more than 256 security "
		    "groups: the rest are not judged",
		    256 },
		{ ec2_parse_network_acls, "networkAclSet", "networkAclId",
		    "acl-",
		    "ec2 DescribeNetworkAcls: more than 256 network ACLs: the "
		    "rest are not judged",
		    256 },
		{ ec2_parse_route_tables, "routeTableSet", "routeTableId",
		    "rtb-",
		    "ec2 DescribeRouteTables: more than 256 route tables: the "
		    "rest are not judged",
		    256 },
		{ ec2_parse_prefix_lists, "prefixListSet", "prefixListId",
		    "pl-",
		    "ec2 DescribeManagedPrefixLists: more than 64 prefix "
		    "lists: the rest are not known",
		    64 },
	};
	size_t k;
	char *xml;

	(void)state;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		vpc_config_release(&cfg);
		memset(&cfg, 0, sizeof(cfg));
		xml = answer_of(kinds[k].set, kinds[k].id, kinds[k].prefix,
		    kinds[k].max + 10, NULL);
		parse_ok(kinds[k].fn, xml, NULL);
		free(xml);
		assert_int_equal(cfg.nifs + cfg.nsgs + cfg.nacls + cfg.nrts +
			cfg.npls,
		    kinds[k].max);
		assert_int_equal(cfg.nmissing, 1);
		assert_missing(kinds[k].missing);
	}
	assert_string_equal(cfg.pls[63].id, "pl-0000003f");
}

/* At the cap, a group or a prefix list already held is read again (the
 * answer replaces it): the cap stops at the first new one. */
static void
test_ec2_config_caps_held(void **state)
{
	char *xml;

	(void)state;
	xml = answer_of("securityGroupInfo", "groupId", "sg-", 256,
	    "<item><groupId>sg-00000007</groupId><groupName>again</groupName>"
	    "</item><item><groupId>sg-0000ffff</groupId></item>"
	    "<item><groupId>sg-00000008</groupId><groupName>late</groupName>"
	    "</item>");
	parse_ok(ec2_parse_security_groups, xml, NULL);
	free(xml);
	assert_int_equal(cfg.nsgs, 256);
	assert_string_equal(vpc_sg_by_id(&cfg, "sg-00000007")->name, "again");
	assert_null(vpc_sg_by_id(&cfg, "sg-0000ffff"));
	/* Past the first new one nothing is read, held or not. */
	assert_null(vpc_sg_by_id(&cfg, "sg-00000008")->name);
	assert_missing("ec2 DescribeSecurityGroups: more than 256 security "
		       "groups: the rest are not judged");
}

static void
test_ec2_config_id_forms(void **state)
{
	(void)state;
	assert_true(vpc_id_valid("sg-0123abcd", "sg-"));
	assert_true(vpc_id_valid("subnet-8d61905b285689deb", "subnet-"));
	assert_false(vpc_id_valid("sg-", "sg-"));
	assert_false(vpc_id_valid("sg-0123ABCD", "sg-"));
	assert_false(vpc_id_valid("sg-0123abcg", "sg-"));
	assert_false(vpc_id_valid("sg-0123 abcd", "sg-"));
	assert_false(vpc_id_valid("acl-0123", "sg-"));
	assert_false(vpc_id_valid(NULL, "sg-"));
	assert_true(vpc_id_valid("pl-0123456789abcdef0123456789abcdef", "pl-"));
	assert_false(
	    vpc_id_valid("pl-0123456789abcdef0123456789abcdef0", "pl-"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ec2_config_interfaces_moto,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_interfaces_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_security_groups_moto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ec2_config_acls_moto,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_acls_icmp_ipv6_last, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_route_tables_moto, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_route_tables_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ec2_config_prefix_lists_moto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ec2_config_malformed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ec2_config_not_xml, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ec2_config_caps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ec2_config_caps_held,
		    setup, teardown),
		cmocka_unit_test(test_ec2_config_id_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
