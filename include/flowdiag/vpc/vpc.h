/*
 * The configuration that governs traffic in a VPC, as EC2 describes it:
 * network interfaces, security groups, network ACLs, route tables and
 * managed prefix lists.  A snapshot, filled from EC2's answers
 * (aws/ec2-config.c) or from the JSON the AWS CLI prints (vpc/json.c),
 * and read by the evaluator (vpc/eval.h).  It knows nothing of flow logs.
 *
 * Every string is owned by the snapshot; ids are as EC2 writes them
 * (sg-..., acl-...).  Each object remembers where it came from: "api", or
 * the path of the file that held it.
 */
#ifndef FLOWDIAG_VPC_H
#define FLOWDIAG_VPC_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/util/addr.h"

/* IP protocol -1: every protocol ("-1" or "all" in EC2's answers). */
#define VPC_PROTO_ALL (-1)
/* A port, ICMP type or code of -1: any. */
#define VPC_ANY (-1)
/* Lines of what could not be had, at the most; then one says more were. */
#define VPC_MISSING_MAX 64
/* The number of a network ACL's final entry, "*" in the console. */
#define VPC_ACL_LAST 32767

/* Whom a security group rule names as the peer. */
enum vpc_peer_kind {
	VPC_PEER_CIDR,        /* IpRanges, Ipv6Ranges */
	VPC_PEER_PREFIX_LIST, /* PrefixListIds: pl-... */
	VPC_PEER_GROUP,       /* UserIdGroupPairs: sg-... */
};

/* One security group rule, one peer each: EC2's IpPermission with
 * several ranges becomes several rules. */
struct vpc_sg_rule {
	int protocol; /* IP protocol number, or VPC_PROTO_ALL */
	/* tcp, udp: the port range; icmp, icmpv6: from is the type, to
	 * the code; VPC_ANY for any */
	int from;
	int to;
	enum vpc_peer_kind kind;
	struct addr_prefix cidr; /* VPC_PEER_CIDR */
	char *ref;               /* pl-... or sg-...; NULL for a CIDR */
	char *description;       /* or NULL */
};

struct vpc_sg {
	char *id;   /* sg-... */
	char *name; /* GroupName, or NULL */
	char *vpc;  /* or NULL */
	char *origin;
	struct vpc_sg_rule *in; /* IpPermissions */
	size_t nin;
	struct vpc_sg_rule *out; /* IpPermissionsEgress */
	size_t nout;
};

struct vpc_acl_entry {
	int number; /* RuleNumber: 1 to 32766, or VPC_ACL_LAST */
	bool egress;
	bool allow;
	int protocol; /* IP protocol number, or VPC_PROTO_ALL */
	int from;     /* tcp, udp: ports; VPC_ANY when not given */
	int to;
	int icmp_type; /* icmp: IcmpTypeCode; VPC_ANY when not given */
	int icmp_code;
	struct addr_prefix cidr; /* CidrBlock or Ipv6CidrBlock */
};

struct vpc_acl {
	char *id; /* acl-... */
	char *vpc;
	char *origin;
	bool is_default;
	char **subnets; /* Associations[].SubnetId */
	size_t nsubnets;
	struct vpc_acl_entry *v; /* in the order given */
	size_t n;
};

struct vpc_route {
	struct addr_prefix dest; /* DestinationCidrBlock, ...Ipv6CidrBlock */
	char *prefix_list;       /* DestinationPrefixListId, or NULL */
	/* "local", igw-, eigw-, nat-, tgw-, pcx-, vpce-, eni-, vgw-, i-...:
	 * whichever target the route names; NULL when none */
	char *target;
	bool blackhole; /* State blackhole */
};

struct vpc_route_table {
	char *id; /* rtb-... */
	char *vpc;
	char *origin;
	bool main;      /* the VPC's main table */
	char **subnets; /* explicit associations */
	size_t nsubnets;
	struct vpc_route *v;
	size_t n;
};

struct vpc_interface {
	char *id; /* eni-... */
	char *subnet;
	char *vpc;
	char *origin;
	struct addr *addrs; /* private IPv4 and IPv6 addresses */
	size_t naddrs;
	struct addr public_ip; /* Association.PublicIp; family 0: none */
	char **groups;         /* sg-... */
	size_t ngroups;
};

struct vpc_prefix_list {
	char *id; /* pl-... */
	char *name;
	char *origin;
	struct addr_prefix *v; /* the entries' CIDRs */
	size_t n;
	bool entries_known; /* GetManagedPrefixListEntries answered */
};

/* A snapshot: zeroed to start, released with vpc_config_release(). */
struct vpc_config {
	struct vpc_interface *ifs;
	size_t nifs;
	struct vpc_sg *sgs;
	size_t nsgs;
	struct vpc_acl *acls;
	size_t nacls;
	struct vpc_route_table *rts;
	size_t nrts;
	struct vpc_prefix_list *pls;
	size_t npls;
	/* What could not be had (a call denied, a file missing a part),
	 * one line each, for the report; owned. */
	char **missing;
	size_t nmissing;
};

void vpc_config_release(struct vpc_config *c);

/* Appends an empty object to c and returns it; a second object of the
 * same id replaces the first (a later file or answer wins). */
struct vpc_interface *vpc_add_interface(struct vpc_config *c, const char *id);
struct vpc_sg *vpc_add_sg(struct vpc_config *c, const char *id);
struct vpc_acl *vpc_add_acl(struct vpc_config *c, const char *id);
struct vpc_route_table *vpc_add_route_table(struct vpc_config *c,
    const char *id);
struct vpc_prefix_list *vpc_add_prefix_list(struct vpc_config *c,
    const char *id);

/* Records that a part could not be had: one line, printf-like. */
void vpc_missing(struct vpc_config *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Lookups; NULL when the snapshot has none. */
const struct vpc_interface *vpc_interface_by_id(const struct vpc_config *c,
    const char *id);
/* The interface holding address a (private or public). */
const struct vpc_interface *vpc_interface_by_addr(const struct vpc_config *c,
    const struct addr *a);
const struct vpc_sg *vpc_sg_by_id(const struct vpc_config *c, const char *id);
const struct vpc_prefix_list *vpc_prefix_list_by_id(const struct vpc_config *c,
    const char *id);
/* The network ACL associated with the subnet. */
const struct vpc_acl *vpc_acl_of_subnet(const struct vpc_config *c,
    const char *subnet);
/* The route table of the subnet: its explicit association, else the main
 * table of vpc. */
const struct vpc_route_table *
vpc_route_table_of_subnet(const struct vpc_config *c, const char *subnet,
    const char *vpc);

/* Whether s is an id as EC2 writes them: prefix ("sg-"; NULL: any words
 * of lowercase letters, each followed by '-') then 1 to 32 lowercase hex
 * digits.  An id goes into reports and into the commands a user runs:
 * one of another form is refused, never shown. */
bool vpc_id_valid(const char *s, const char *prefix);

/* An IP protocol as EC2 writes it: "tcp", "udp", "icmp", "icmpv6", a
 * number from 0 to 255, or "-1" and "all" (VPC_PROTO_ALL); -2 when it is
 * none of these. */
int vpc_protocol_parse(const char *s);

/* Whether the interface is in the security group. */
bool vpc_interface_in_group(const struct vpc_interface *f, const char *sg);

#endif
