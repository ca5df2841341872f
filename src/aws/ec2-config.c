#include "config.h"

#include "flowdiag/aws/ec2-config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/xml.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/xmalloc.h"

#include "ec2-int.h"

/* How many characters of a bad value a line quotes. */
#define SHOWN 40
/* Where every object read here comes from. */
#define ORIGIN "api"

/* The actions called; each is warned about once. */
enum action {
	A_INTERFACES,
	A_SGS,
	A_ACLS,
	A_RTS,
	A_PLS,
	A_PL_ENTRIES,
	A_COUNT,
};

static const char *const action_names[A_COUNT] = {
	[A_INTERFACES] = "DescribeNetworkInterfaces",
	[A_SGS] = "DescribeSecurityGroups",
	[A_ACLS] = "DescribeNetworkAcls",
	[A_RTS] = "DescribeRouteTables",
	[A_PLS] = "DescribeManagedPrefixLists",
	[A_PL_ENTRIES] = "GetManagedPrefixListEntries",
};

/* What one answer's reader needs beyond the answer. */
struct reading {
	struct vpc_config *cfg;
	const struct kind *kind; /* what parse_answer() reads */
	size_t limit;            /* interfaces: the most cfg->nifs may reach */
	const char *id;          /* prefix list entries: whose */
	bool spoiled;            /* prefix list entries: one was malformed */
	bool full;               /* interfaces: the limit was reached */
	/* items skipped in this answer, and why the first was */
	size_t nbad;
	char why[160];
};

/* One call of ec2_read_config(): the client, the snapshot, and the
 * actions already warned about or denied. */
struct reader {
	struct aws_client *c;
	struct vpc_config *cfg;
	bool warned[A_COUNT];
	bool denied[A_COUNT];
	bool stopped; /* ei holds what stops every call */
	struct errinfo *ei;
};

/* A list of distinct strings, borrowed or owned as its user says. */
struct strs {
	const char **v;
	size_t n;
};

/* Counts an item skipped, keeping why the first one was. */
static void bad(struct reading *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bad(struct reading *rd, const char *fmt, ...)
{
	va_list ap;

	if (rd->nbad++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(rd->why, sizeof(rd->why), fmt, ap);
	va_end(ap);
	aws_clean_text(rd->why, sizeof(rd->why), NULL);
}

/* A bad value, quoted short and on one line, into buf. */
static const char *
shown(const char *s, char *buf, size_t size)
{
	if (s == NULL)
		return "(none)";
	snprintf(buf, size, "'%.*s%s'", SHOWN, s,
	    strlen(s) > SHOWN ? "..." : "");
	aws_clean_text(buf, size, NULL);
	return buf;
}

/* The line in cfg->missing for the items of one answer skipped. */
static void
tally(struct reading *rd, const char *action)
{
	if (rd->nbad == 0)
		return;
	vpc_missing(rd->cfg, "ec2 %s: %zu malformed item%s skipped (%s)",
	    action, rd->nbad, rd->nbad == 1 ? "" : "s", rd->why);
}

/* Stops the paging: a cap is reached, which is a line in cfg->missing. */
static void capped(struct reading *rd, char **next, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
capped(struct reading *rd, char **next, const char *fmt, ...)
{
	va_list ap;
	char line[256];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vpc_missing(rd->cfg, "%s", line);
	free(*next);
	*next = NULL;
}

/* Whether s is "true". */
static bool
text_true(const struct xml_elem *parent, const char *name)
{
	char *s = xml_child_text(parent, name);
	bool yes = s != NULL && strcmp(s, "true") == 0;

	free(s);
	return yes;
}

/* The integer child name of parent, in [min, max]: 1 and *v set, 0 when
 * there is none, -1 when it does not read. */
static int
child_int(const struct xml_elem *parent, const char *name, long min, long max,
    int *v)
{
	struct xml_elem e;
	char *s, *end;
	long n;
	int ret = -1;

	if (!xml_child(parent, name, &e))
		return 0;
	if ((s = xml_text(&e)) == NULL)
		return -1;
	n = strtol(s, &end, 10);
	if (s[0] != '\0' && *end == '\0' && n >= min && n <= max) {
		*v = (int)n;
		ret = 1;
	}
	free(s);
	return ret;
}

/* The prefix of the child name of parent, of family (4 or 6): 1 and *p
 * set, 0 when there is none, -1 when it does not read. */
static int
child_prefix(const struct xml_elem *parent, const char *name, int family,
    struct addr_prefix *p)
{
	struct xml_elem e;
	char *s;
	int ret = -1;

	if (!xml_child(parent, name, &e))
		return 0;
	if ((s = xml_text(&e)) != NULL && addr_prefix_parse(s, p) == 0 &&
	    p->addr.family == family)
		ret = 1;
	free(s);
	return ret;
}

/* Appends s (taken) to v[0..*n) unless it is there. */
static void
add_unique(char ***v, size_t *n, char *s)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

/* Reads the children of set named "item" whose child name is an id of
 * prefix into *v (unique); false when one is not, or there are more than
 * max. */
static bool
read_ids(const struct xml_elem *parent, const char *set, const char *name,
    const char *prefix, size_t max, char ***v, size_t *n, struct reading *rd,
    const char *owner)
{
	struct xml_elem s, item;
	size_t pos = 0;
	char q[64], *id;

	if (!xml_child(parent, set, &s))
		return true;
	while (xml_next(&s, &pos, &item)) {
		if (!xml_is(&item, "item"))
			continue;
		id = xml_child_text(&item, name);
		if (id == NULL && strcmp(name, "subnetId") == 0)
			continue; /* a main or gateway association */
		if (!vpc_id_valid(id, prefix)) {
			bad(rd, "%s: %s %s is not %s and hex digits", owner,
			    name, shown(id, q, sizeof(q)), prefix);
			free(id);
			return false;
		}
		if (*n == max) {
			bad(rd, "%s: more than %zu of %s", owner, max, set);
			free(id);
			return false;
		}
		add_unique(v, n, id);
	}
	return true;
}

/* Appends a to v[0..*n) unless it is there; false beyond the cap. */
static bool
add_addr(struct addr **v, size_t *n, const struct addr *a)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (addr_equal(&(*v)[i], a))
			return true;
	}
	if (*n == EC2_CONFIG_ADDRS_MAX)
		return false;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = *a;
	return true;
}

/* The address child name of e, of family: 1, 0 when none, -1 when bad. */
static int
child_addr(const struct xml_elem *e, const char *name, int family,
    struct addr *a)
{
	struct xml_elem c;
	char *s;
	int ret = -1;

	if (!xml_child(e, name, &c))
		return 0;
	if ((s = xml_text(&c)) != NULL && addr_parse(s, strlen(s), a) == 0 &&
	    a->family == family)
		ret = 1;
	free(s);
	return ret;
}

/* The addresses of an interface: privateIpAddress, the items of
 * privateIpAddressesSet and of ipv6AddressesSet. */
static bool
read_addrs(const struct xml_elem *item, struct addr **v, size_t *n,
    struct reading *rd, const char *owner)
{
	static const struct {
		const char *set, *name;
		int family;
	} sets[] = {
		{ "privateIpAddressesSet", "privateIpAddress", 4 },
		{ "ipv6AddressesSet", "ipv6Address", 6 },
	};
	struct xml_elem s, e;
	struct addr a;
	size_t i, pos;
	int r;

	if ((r = child_addr(item, "privateIpAddress", 4, &a)) == -1)
		goto bad;
	if (r == 1)
		add_addr(v, n, &a);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (!xml_child(item, sets[i].set, &s))
			continue;
		for (pos = 0; xml_next(&s, &pos, &e);) {
			if (!xml_is(&e, "item"))
				continue;
			if (child_addr(&e, sets[i].name, sets[i].family, &a) !=
			    1)
				goto bad;
			if (!add_addr(v, n, &a)) {
				bad(rd, "%s: more than %d addresses", owner,
				    EC2_CONFIG_ADDRS_MAX);
				return false;
			}
		}
	}
	return true;
bad:
	bad(rd, "%s: an address does not read", owner);
	return false;
}

/* One item of networkInterfaceSet into cfg, unless it is malformed;
 * false when the limit is reached. */
static bool
read_interface(const struct xml_elem *item, struct reading *rd)
{
	struct vpc_interface *f;
	struct xml_elem assoc;
	struct addr *addrs = NULL, pub = { 0 };
	char *id, *subnet, *vpc, **groups = NULL, q[64], owner[64];
	size_t naddrs = 0, ngroups = 0;

	id = xml_child_text(item, "networkInterfaceId");
	subnet = xml_child_text(item, "subnetId");
	vpc = xml_child_text(item, "vpcId");
	if (!vpc_id_valid(id, "eni-")) {
		bad(rd, "an interface id %s is not eni- and hex digits",
		    shown(id, q, sizeof(q)));
		goto out;
	}
	snprintf(owner, sizeof(owner), "interface %s", id);
	if ((subnet != NULL && !vpc_id_valid(subnet, "subnet-")) ||
	    (vpc != NULL && !vpc_id_valid(vpc, "vpc-"))) {
		bad(rd, "%s: its subnet or VPC id is not in AWS's form", owner);
		goto out;
	}
	if (!read_addrs(item, &addrs, &naddrs, rd, owner) ||
	    !read_ids(item, "groupSet", "groupId", "sg-", EC2_CONFIG_GROUPS_MAX,
		&groups, &ngroups, rd, owner))
		goto out;
	if (xml_child(item, "association", &assoc) &&
	    child_addr(&assoc, "publicIp", 4, &pub) == -1) {
		bad(rd, "%s: its public address does not read", owner);
		goto out;
	}
	if (vpc_interface_by_id(rd->cfg, id) == NULL &&
	    rd->cfg->nifs >= rd->limit) {
		rd->full = true;
		goto out;
	}
	f = vpc_add_interface(rd->cfg, id);
	f->subnet = subnet;
	f->vpc = vpc;
	f->origin = xstrdup(ORIGIN);
	f->addrs = addrs;
	f->naddrs = naddrs;
	f->public_ip = pub;
	f->groups = groups;
	f->ngroups = ngroups;
	subnet = vpc = NULL;
	addrs = NULL;
	groups = NULL;
	ngroups = 0;
out:
	free(id);
	free(subnet);
	free(vpc);
	free(addrs);
	xfree_strings(groups, ngroups);
	return !rd->full;
}

/* One peer of a permission (an item of ipRanges, ipv6Ranges,
 * prefixListIds or groups) as a rule appended to *v. */
static bool
read_peer(const struct xml_elem *peer, enum vpc_peer_kind kind,
    const char *field, int family, const struct vpc_sg_rule *base,
    struct vpc_sg_rule **v, size_t *n, struct reading *rd, const char *owner)
{
	struct vpc_sg_rule r = *base;
	char *ref = NULL, q[64];

	r.kind = kind;
	if (kind == VPC_PEER_CIDR) {
		if (child_prefix(peer, field, family, &r.cidr) != 1) {
			bad(rd, "%s: a rule's %s does not read", owner, field);
			return false;
		}
	} else {
		ref = xml_child_text(peer, field);
		if (!vpc_id_valid(ref,
			kind == VPC_PEER_GROUP ? "sg-" : "pl-")) {
			bad(rd, "%s: a rule's %s %s is not in AWS's form",
			    owner, field, shown(ref, q, sizeof(q)));
			free(ref);
			return false;
		}
	}
	if (*n == EC2_CONFIG_RULES_MAX) {
		bad(rd, "%s: more than %d rules", owner, EC2_CONFIG_RULES_MAX);
		free(ref);
		return false;
	}
	r.ref = ref;
	if ((r.description = xml_child_text(peer, "description")) != NULL)
		aws_clean_text(r.description, strlen(r.description) + 1, NULL);
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = r;
	return true;
}

static void
rules_free(struct vpc_sg_rule *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].description);
	}
	free(v);
}

/* The items of ipPermissions or ipPermissionsEgress, one rule a peer. */
static bool
read_permissions(const struct xml_elem *group, const char *set,
    struct vpc_sg_rule **v, size_t *n, struct reading *rd, const char *owner)
{
	static const struct {
		const char *set, *field;
		enum vpc_peer_kind kind;
		int family;
	} peers[] = {
		{ "ipRanges", "cidrIp", VPC_PEER_CIDR, 4 },
		{ "ipv6Ranges", "cidrIpv6", VPC_PEER_CIDR, 6 },
		{ "prefixListIds", "prefixListId", VPC_PEER_PREFIX_LIST, 0 },
		{ "groups", "groupId", VPC_PEER_GROUP, 0 },
	};
	struct xml_elem perms, perm, s, peer;
	struct vpc_sg_rule base;
	size_t pos = 0, k, ppos;
	char *proto;

	if (!xml_child(group, set, &perms))
		return true;
	while (xml_next(&perms, &pos, &perm)) {
		if (!xml_is(&perm, "item"))
			continue;
		memset(&base, 0, sizeof(base));
		proto = xml_child_text(&perm, "ipProtocol");
		base.protocol = vpc_protocol_parse(proto);
		free(proto);
		base.from = base.to = VPC_ANY;
		if (base.protocol == -2 ||
		    child_int(&perm, "fromPort", -1, 65535, &base.from) == -1 ||
		    child_int(&perm, "toPort", -1, 65535, &base.to) == -1) {
			bad(rd, "%s: a rule's protocol or ports do not read",
			    owner);
			return false;
		}
		if (base.protocol == VPC_PROTO_ALL)
			base.from = base.to = VPC_ANY;
		for (k = 0; k < sizeof(peers) / sizeof(peers[0]); k++) {
			if (!xml_child(&perm, peers[k].set, &s))
				continue;
			for (ppos = 0; xml_next(&s, &ppos, &peer);) {
				if (xml_is(&peer, "item") &&
				    !read_peer(&peer, peers[k].kind,
					peers[k].field, peers[k].family, &base,
					v, n, rd, owner))
					return false;
			}
		}
	}
	return true;
}

/* One item of securityGroupInfo into cfg, unless it is malformed; false
 * when the cap is reached.  A group already held takes no room at the
 * cap: the answer replaces it. */
static bool
read_sg(const struct xml_elem *item, struct reading *rd)
{
	struct vpc_sg_rule *in = NULL, *out = NULL;
	struct vpc_sg *g;
	char *id, *name, *vpc, q[64], owner[64];
	size_t nin = 0, nout = 0;
	bool room = true;

	id = xml_child_text(item, "groupId");
	name = xml_child_text(item, "groupName");
	vpc = xml_child_text(item, "vpcId");
	if (rd->cfg->nsgs >= EC2_CONFIG_SGS_MAX &&
	    vpc_sg_by_id(rd->cfg, id) == NULL) {
		room = false;
		goto out;
	}
	if (!vpc_id_valid(id, "sg-")) {
		bad(rd, "a security group id %s is not sg- and hex digits",
		    shown(id, q, sizeof(q)));
		goto out;
	}
	snprintf(owner, sizeof(owner), "security group %s", id);
	if (vpc != NULL && !vpc_id_valid(vpc, "vpc-")) {
		bad(rd, "%s: its VPC id is not in AWS's form", owner);
		goto out;
	}
	if (!read_permissions(item, "ipPermissions", &in, &nin, rd, owner) ||
	    !read_permissions(item, "ipPermissionsEgress", &out, &nout, rd,
		owner))
		goto out;
	if (name != NULL)
		aws_clean_text(name, strlen(name) + 1, NULL);
	g = vpc_add_sg(rd->cfg, id);
	g->name = name;
	g->vpc = vpc;
	g->origin = xstrdup(ORIGIN);
	g->in = in;
	g->nin = nin;
	g->out = out;
	g->nout = nout;
	name = vpc = NULL;
	in = out = NULL;
	nin = nout = 0;
out:
	free(id);
	free(name);
	free(vpc);
	rules_free(in, nin);
	rules_free(out, nout);
	return room;
}

/* One item of a network ACL's entrySet. */
static bool
read_acl_entry(const struct xml_elem *e, struct vpc_acl_entry *x)
{
	struct addr_prefix v6;
	struct xml_elem range, icmp;
	char *s;
	int r4, r6;

	memset(x, 0, sizeof(*x));
	x->from = x->to = x->icmp_type = x->icmp_code = VPC_ANY;
	/* The final "*" entry is 32767 for IPv4, 32768 for IPv6, as EC2
	 * lists them: both are the final entry. */
	if (child_int(e, "ruleNumber", 1, VPC_ACL_LAST + 1, &x->number) != 1)
		return false;
	if (x->number > VPC_ACL_LAST)
		x->number = VPC_ACL_LAST;
	s = xml_child_text(e, "protocol");
	x->protocol = vpc_protocol_parse(s);
	free(s);
	if (x->protocol == -2)
		return false;
	s = xml_child_text(e, "ruleAction");
	x->allow = s != NULL && strcmp(s, "allow") == 0;
	if (s == NULL || (!x->allow && strcmp(s, "deny") != 0)) {
		free(s);
		return false;
	}
	free(s);
	s = xml_child_text(e, "egress");
	x->egress = s != NULL && strcmp(s, "true") == 0;
	if (s == NULL || (!x->egress && strcmp(s, "false") != 0)) {
		free(s);
		return false;
	}
	free(s);
	/* One of the two, never both. */
	r4 = child_prefix(e, "cidrBlock", 4, &x->cidr);
	r6 = child_prefix(e, "ipv6CidrBlock", 6, &v6);
	if (r4 == -1 || r6 == -1 || r4 + r6 != 1)
		return false;
	if (r6 == 1)
		x->cidr = v6;
	if (xml_child(e, "portRange", &range) &&
	    (child_int(&range, "from", 0, 65535, &x->from) == -1 ||
		child_int(&range, "to", 0, 65535, &x->to) == -1))
		return false;
	if (xml_child(e, "icmpTypeCode", &icmp) &&
	    (child_int(&icmp, "type", -1, 255, &x->icmp_type) == -1 ||
		child_int(&icmp, "code", -1, 255, &x->icmp_code) == -1))
		return false;
	return true;
}

/* One item of networkAclSet into cfg, unless it is malformed; false when
 * the cap is reached. */
static bool
read_acl(const struct xml_elem *item, struct reading *rd)
{
	struct vpc_acl_entry *v = NULL;
	struct xml_elem set, e;
	struct vpc_acl *a;
	char *id, *vpc, **subnets = NULL, q[64], owner[64];
	size_t n = 0, nsubnets = 0, pos = 0;

	if (rd->cfg->nacls >= EC2_CONFIG_ACLS_MAX)
		return false;
	id = xml_child_text(item, "networkAclId");
	vpc = xml_child_text(item, "vpcId");
	if (!vpc_id_valid(id, "acl-")) {
		bad(rd, "a network ACL id %s is not acl- and hex digits",
		    shown(id, q, sizeof(q)));
		goto out;
	}
	snprintf(owner, sizeof(owner), "network ACL %s", id);
	if (vpc != NULL && !vpc_id_valid(vpc, "vpc-")) {
		bad(rd, "%s: its VPC id is not in AWS's form", owner);
		goto out;
	}
	if (xml_child(item, "entrySet", &set)) {
		while (xml_next(&set, &pos, &e)) {
			if (!xml_is(&e, "item"))
				continue;
			if (n == EC2_CONFIG_ENTRIES_MAX) {
				bad(rd, "%s: more than %d entries", owner,
				    EC2_CONFIG_ENTRIES_MAX);
				goto out;
			}
			v = xreallocarray(v, n + 1, sizeof(*v));
			if (!read_acl_entry(&e, &v[n])) {
				bad(rd, "%s: entry %zu does not read", owner,
				    n + 1);
				goto out;
			}
			n++;
		}
	}
	if (!read_ids(item, "associationSet", "subnetId", "subnet-",
		EC2_CONFIG_SUBNETS_MAX, &subnets, &nsubnets, rd, owner))
		goto out;
	a = vpc_add_acl(rd->cfg, id);
	a->vpc = vpc;
	a->origin = xstrdup(ORIGIN);
	a->is_default = text_true(item, "default");
	a->subnets = subnets;
	a->nsubnets = nsubnets;
	a->v = v;
	a->n = n;
	vpc = NULL;
	subnets = NULL;
	nsubnets = 0;
	v = NULL;
out:
	free(id);
	free(vpc);
	xfree_strings(subnets, nsubnets);
	free(v);
	return true;
}

/* Where a route goes: the first of these its item names, each id checked
 * against its forms. */
static const struct {
	const char *field;
	const char *prefixes[4];
} route_targets[] = {
	{ "gatewayId", { "igw-", "vgw-", "vpce-", NULL } },
	{ "natGatewayId", { "nat-", NULL } },
	{ "transitGatewayId", { "tgw-", NULL } },
	{ "vpcPeeringConnectionId", { "pcx-", NULL } },
	{ "egressOnlyInternetGatewayId", { "eigw-", NULL } },
	{ "networkInterfaceId", { "eni-", NULL } },
	{ "instanceId", { "i-", NULL } },
	{ "localGatewayId", { "lgw-", NULL } },
	{ "carrierGatewayId", { "cagw-", NULL } },
};

/* The target of a route item into *target: false when it is not in its
 * form.  None is NULL. */
static bool
route_target(const struct xml_elem *e, char **target)
{
	size_t i, k;
	char *s;

	*target = NULL;
	for (i = 0; i < sizeof(route_targets) / sizeof(route_targets[0]); i++) {
		if ((s = xml_child_text(e, route_targets[i].field)) == NULL)
			continue;
		if (i == 0 && strcmp(s, "local") == 0) {
			*target = s;
			return true;
		}
		for (k = 0; route_targets[i].prefixes[k] != NULL; k++) {
			if (vpc_id_valid(s, route_targets[i].prefixes[k])) {
				*target = s;
				return true;
			}
		}
		free(s);
		return false;
	}
	return true;
}

/* One item of a route table's routeSet. */
static bool
read_route(const struct xml_elem *e, struct vpc_route *r)
{
	struct addr_prefix v6;
	char *s;
	int r4, r6;

	memset(r, 0, sizeof(*r));
	r4 = child_prefix(e, "destinationCidrBlock", 4, &r->dest);
	r6 = child_prefix(e, "destinationIpv6CidrBlock", 6, &v6);
	if (r4 == -1 || r6 == -1 || r4 + r6 == 2)
		return false;
	if (r6 == 1)
		r->dest = v6;
	if (r4 + r6 == 0) {
		r->prefix_list = xml_child_text(e, "destinationPrefixListId");
		if (!vpc_id_valid(r->prefix_list, "pl-"))
			return false;
	}
	if (!route_target(e, &r->target))
		return false;
	s = xml_child_text(e, "state");
	r->blackhole = s != NULL && strcmp(s, "blackhole") == 0;
	free(s);
	return true;
}

static void
routes_free(struct vpc_route *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].prefix_list);
		free(v[i].target);
	}
	free(v);
}

/* Whether an item of associationSet says the table is the VPC's main. */
static bool
is_main(const struct xml_elem *item)
{
	struct xml_elem set, e;
	size_t pos = 0;

	if (!xml_child(item, "associationSet", &set))
		return false;
	while (xml_next(&set, &pos, &e)) {
		if (xml_is(&e, "item") && text_true(&e, "main"))
			return true;
	}
	return false;
}

/* One item of routeTableSet into cfg, unless it is malformed; false when
 * the cap is reached. */
static bool
read_route_table(const struct xml_elem *item, struct reading *rd)
{
	struct vpc_route *v = NULL;
	struct vpc_route_table *t;
	struct xml_elem set, e;
	char *id, *vpc, **subnets = NULL, q[64], owner[64];
	size_t n = 0, nsubnets = 0, pos = 0;

	if (rd->cfg->nrts >= EC2_CONFIG_RTS_MAX)
		return false;
	id = xml_child_text(item, "routeTableId");
	vpc = xml_child_text(item, "vpcId");
	if (!vpc_id_valid(id, "rtb-")) {
		bad(rd, "a route table id %s is not rtb- and hex digits",
		    shown(id, q, sizeof(q)));
		goto out;
	}
	snprintf(owner, sizeof(owner), "route table %s", id);
	if (vpc != NULL && !vpc_id_valid(vpc, "vpc-")) {
		bad(rd, "%s: its VPC id is not in AWS's form", owner);
		goto out;
	}
	if (xml_child(item, "routeSet", &set)) {
		while (xml_next(&set, &pos, &e)) {
			if (!xml_is(&e, "item"))
				continue;
			if (n == EC2_CONFIG_ROUTES_MAX) {
				bad(rd, "%s: more than %d routes", owner,
				    EC2_CONFIG_ROUTES_MAX);
				goto out;
			}
			v = xreallocarray(v, n + 1, sizeof(*v));
			if (!read_route(&e, &v[n])) {
				free(v[n].prefix_list);
				free(v[n].target);
				bad(rd, "%s: route %zu does not read", owner,
				    n + 1);
				goto out;
			}
			n++;
		}
	}
	if (!read_ids(item, "associationSet", "subnetId", "subnet-",
		EC2_CONFIG_SUBNETS_MAX, &subnets, &nsubnets, rd, owner))
		goto out;
	t = vpc_add_route_table(rd->cfg, id);
	t->vpc = vpc;
	t->origin = xstrdup(ORIGIN);
	t->main = is_main(item);
	t->subnets = subnets;
	t->nsubnets = nsubnets;
	t->v = v;
	t->n = n;
	vpc = NULL;
	subnets = NULL;
	nsubnets = 0;
	v = NULL;
	n = 0;
out:
	free(id);
	free(vpc);
	xfree_strings(subnets, nsubnets);
	routes_free(v, n);
	return true;
}

/* One item of prefixListSet into cfg (its id and name), unless its id is
 * not in AWS's form; false when the cap is reached.  A list already held
 * takes no room at the cap: the answer replaces it. */
static bool
read_pl(const struct xml_elem *item, struct reading *rd)
{
	struct vpc_prefix_list *p;
	char *id, *name, q[64];

	id = xml_child_text(item, "prefixListId");
	if (!vpc_id_valid(id, "pl-")) {
		bad(rd, "a prefix list id %s is not pl- and hex digits",
		    shown(id, q, sizeof(q)));
		free(id);
		return true;
	}
	if (vpc_prefix_list_by_id(rd->cfg, id) == NULL &&
	    rd->cfg->npls >= EC2_CONFIG_PLS_MAX) {
		free(id);
		return false;
	}
	if ((name = xml_child_text(item, "prefixListName")) != NULL)
		aws_clean_text(name, strlen(name) + 1, NULL);
	p = vpc_add_prefix_list(rd->cfg, id);
	p->name = name;
	p->origin = xstrdup(ORIGIN);
	free(id);
	return true;
}

/* An answer whose set's items are read one at a time into cfg. */
struct kind {
	enum action action;
	const char *set;
	/* Reads one item; false when the cap is reached, which leaves the
	 * item and the rest of the answer unread and stops the paging. */
	bool (*read)(const struct xml_elem *item, struct reading *rd);
	/* The line said at the cap: "more than max things: the rest are not
	 * rest".  max 0 is the reading's limit, one cap over every call made
	 * with that reading (the target's and the clients' interfaces are
	 * three): once reached it holds for the later answers and is said
	 * once. */
	size_t max;
	const char *things, *rest;
};

static const struct kind kinds[A_COUNT] = {
	[A_INTERFACES] = { A_INTERFACES, "networkInterfaceSet", read_interface,
	    0, "interfaces", "known" },
	[A_SGS] = { A_SGS, "securityGroupInfo", read_sg, EC2_CONFIG_SGS_MAX,
	    "security groups", "judged" },
	[A_ACLS] = { A_ACLS, "networkAclSet", read_acl, EC2_CONFIG_ACLS_MAX,
	    "network ACLs", "judged" },
	[A_RTS] = { A_RTS, "routeTableSet", read_route_table,
	    EC2_CONFIG_RTS_MAX, "route tables", "judged" },
	[A_PLS] = { A_PLS, "prefixListSet", read_pl, EC2_CONFIG_PLS_MAX,
	    "prefix lists", "known" },
};

/* Reads one answer of rd->kind; an ec2_page_fn. */
static int
parse_answer(const char *xml, size_t len, void *arg, char **next,
    struct errinfo *ei)
{
	struct reading *rd = arg;
	const struct kind *k = rd->kind;
	const char *action = action_names[k->action];
	struct xml_elem set, item;
	size_t pos = 0;
	bool said = k->max == 0 && rd->full, full = said;

	rd->nbad = 0;
	if (ec2_answer_set(xml, len, k->set, &set, next, ei) == -1)
		return -1;
	while (!full && xml_next(&set, &pos, &item)) {
		if (xml_is(&item, "item"))
			full = !k->read(&item, rd);
	}
	tally(rd, action);
	if (said) {
		free(*next);
		*next = NULL;
	} else if (full) {
		capped(rd, next,
		    "ec2 %s: more than %zu %s: the rest are not %s", action,
		    k->max != 0 ? k->max : rd->limit, k->things, k->rest);
	}
	return 0;
}

/* One answer read on its own, as by the tests and the fuzzer. */
static int
parse_alone(enum action a, const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	struct reading rd = { .cfg = cfg,
		.kind = &kinds[a],
		.limit = EC2_CONFIG_INTERFACES_MAX };

	return parse_answer(xml, len, &rd, next, ei);
}

int
ec2_parse_config_interfaces(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	return parse_alone(A_INTERFACES, xml, len, cfg, next, ei);
}

int
ec2_parse_security_groups(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	return parse_alone(A_SGS, xml, len, cfg, next, ei);
}

int
ec2_parse_network_acls(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	return parse_alone(A_ACLS, xml, len, cfg, next, ei);
}

int
ec2_parse_route_tables(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	return parse_alone(A_RTS, xml, len, cfg, next, ei);
}

int
ec2_parse_prefix_lists(const char *xml, size_t len, struct vpc_config *cfg,
    char **next, struct errinfo *ei)
{
	return parse_alone(A_PLS, xml, len, cfg, next, ei);
}

static int
parse_pl_entries(const char *xml, size_t len, void *arg, char **next,
    struct errinfo *ei)
{
	struct reading *rd = arg;
	struct vpc_prefix_list *p;
	struct xml_elem set, item;
	struct addr_prefix a;
	size_t pos = 0;

	rd->nbad = 0;
	if (ec2_answer_set(xml, len, "entrySet", &set, next, ei) == -1)
		return -1;
	/* The list was added before it was asked for; the array holds
	 * still while this answer is read. */
	if ((p = (struct vpc_prefix_list *)vpc_prefix_list_by_id(rd->cfg,
		 rd->id)) == NULL)
		return errinfo_set(ei, EC_INTERNAL, "no prefix list %s",
		    rd->id);
	while (xml_next(&set, &pos, &item)) {
		if (!xml_is(&item, "item"))
			continue;
		if (child_prefix(&item, "cidr", 4, &a) != 1 &&
		    child_prefix(&item, "cidr", 6, &a) != 1) {
			bad(rd, "prefix list %s: an entry does not read",
			    rd->id);
			rd->spoiled = true;
			continue;
		}
		if (p->n == EC2_CONFIG_PL_ENTRIES_MAX) {
			rd->spoiled = true;
			capped(rd, next,
			    "ec2 GetManagedPrefixListEntries: prefix list %s "
			    "has more than %d entries: it is not judged",
			    rd->id, EC2_CONFIG_PL_ENTRIES_MAX);
			break;
		}
		p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
		p->v[p->n++] = a;
	}
	tally(rd, "GetManagedPrefixListEntries");
	return 0;
}

int
ec2_parse_prefix_list_entries(const char *xml, size_t len,
    struct vpc_config *cfg, const char *id, char **next, struct errinfo *ei)
{
	struct reading rd = { .cfg = cfg, .id = id };

	return parse_pl_entries(xml, len, &rd, next, ei);
}

/*
 * The calls.
 */

/* Whether an error would come again on every call: Ctrl-C, credentials
 * that are missing or refused, an endpoint out of reach. */
static bool
stops_all(enum errcode code)
{
	switch (code) {
	case EC_INTERRUPTED:
	case EC_CREDENTIALS:
	case EC_EXPIRED:
	case EC_SIGNATURE:
	case EC_NET:
	case EC_TLS:
		return true;
	default:
		return false;
	}
}

/* Calls action with params, page after page, into fn; a failure is a line
 * in cfg->missing saying what is lost, and one warning an action.  -1
 * when it failed; r->stopped when nothing more can be asked. */
static int
call(struct reader *r, enum action a, const char *params, ec2_page_fn fn,
    void *arg, const char *lost)
{
	const char *name = action_names[a];
	struct errinfo e;

	if (r->stopped || r->denied[a])
		return -1;
	errinfo_clear(&e);
	if (ec2_pages(r->c, name, params, fn, arg, &e) == 0)
		return 0;
	if (stops_all(e.code)) {
		*r->ei = e;
		r->stopped = true;
		return -1;
	}
	if (e.code == EC_DENIED) {
		r->denied[a] = true;
		vpc_missing(r->cfg, "ec2:%s denied: %s", name, lost);
	} else {
		vpc_missing(r->cfg, "ec2:%s failed (%s): %s", name, e.msg,
		    lost);
	}
	if (!r->warned[a]) {
		r->warned[a] = true;
		notice(NOTICE_WARNING, "%s: %s", e.msg, lost);
	}
	return -1;
}

/* Calls rd's action with the filter name = values, EC2_VALUES_MAX values
 * a request, and the filter name2 = value2 too unless name2 is NULL. */
static void
call_filtered(struct reader *r, struct reading *rd, const char *name,
    const struct strs *values, const char *name2, const char *value2,
    const char *lost)
{
	enum action a = rd->kind->action;
	struct buf params;
	size_t i, n;

	for (i = 0; i < values->n && !r->stopped && !r->denied[a]; i += n) {
		n = values->n - i < EC2_VALUES_MAX ? values->n - i
						   : EC2_VALUES_MAX;
		buf_init(&params, 1024 * 1024);
		ec2_add_filter(&params, 1, name, values->v + i, n);
		if (name2 != NULL)
			ec2_add_filter(&params, 2, name2, &value2, 1);
		call(r, a, params.data, parse_answer, rd, lost);
		buf_release(&params);
	}
}

/* Adds s (borrowed) to l unless it is there. */
static void
strs_add(struct strs *l, const char *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return;
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static bool
strs_has(const struct strs *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return true;
	}
	return false;
}

/* The interfaces that hold the target's address (private, IPv6 or
 * public) or a client's private one. */
static void
find_interfaces(struct reader *r, const struct addr *target,
    const struct addr *clients, size_t nclients)
{
	static const char lost[] = "the interfaces are not known, nor their "
				   "security groups, network ACLs and route "
				   "tables";
	struct reading rd = { .cfg = r->cfg, .kind = &kinds[A_INTERFACES] };
	struct strs v4 = { 0 }, v6 = { 0 }, pub = { 0 };
	char(*text)[ADDR_STRLEN];
	size_t i, n = nclients;

	if (n > EC2_CONFIG_CLIENTS_MAX) {
		vpc_missing(r->cfg,
		    "%zu clients beyond the first %d: their interfaces are not "
		    "looked up",
		    n - EC2_CONFIG_CLIENTS_MAX, EC2_CONFIG_CLIENTS_MAX);
		n = EC2_CONFIG_CLIENTS_MAX;
	}
	text = xcalloc(n + 1, sizeof(*text));
	addr_format(target, text[0], sizeof(text[0]));
	if (target->family == 6) {
		strs_add(&v6, text[0]);
	} else if (target->family == 4) {
		/* A VPC may use public ranges privately. */
		strs_add(&v4, text[0]);
		if (!addr_private(target))
			strs_add(&pub, text[0]);
	}
	for (i = 0; i < n; i++) {
		addr_format(&clients[i], text[i + 1], sizeof(text[i + 1]));
		if (clients[i].family == 6)
			strs_add(&v6, text[i + 1]);
		else if (clients[i].family == 4 && addr_private(&clients[i]))
			strs_add(&v4, text[i + 1]);
	}
	rd.limit = EC2_CONFIG_INTERFACES_MAX;
	call_filtered(r, &rd, "addresses.private-ip-address", &v4, NULL, NULL,
	    lost);
	call_filtered(r, &rd, "ipv6-addresses.ipv6-address", &v6, NULL, NULL,
	    lost);
	call_filtered(r, &rd, "association.public-ip", &pub, NULL, NULL, lost);
	free(v4.v);
	free(v6.v);
	free(pub.v);
	free(text);
}

/* The groups that the rules of cfg's security groups name, into l. */
static void
named_groups(const struct vpc_config *cfg, struct strs *l)
{
	size_t i, k;

	for (i = 0; i < cfg->nsgs; i++) {
		for (k = 0; k < cfg->sgs[i].nin; k++) {
			if (cfg->sgs[i].in[k].kind == VPC_PEER_GROUP)
				strs_add(l, cfg->sgs[i].in[k].ref);
		}
		for (k = 0; k < cfg->sgs[i].nout; k++) {
			if (cfg->sgs[i].out[k].kind == VPC_PEER_GROUP)
				strs_add(l, cfg->sgs[i].out[k].ref);
		}
	}
}

/* The security groups of the first nifs interfaces, then those their
 * rules name (one round: what those name in turn is not followed). */
static void
find_groups(struct reader *r, size_t nifs)
{
	static const char lost[] = "the security groups are not judged";
	struct reading rd = { .cfg = r->cfg, .kind = &kinds[A_SGS] };
	struct strs ids = { 0 }, named = { 0 }, more = { 0 };
	char **own;
	size_t i, k, nown = 0;

	for (i = 0; i < nifs; i++) {
		for (k = 0; k < r->cfg->ifs[i].ngroups; k++)
			strs_add(&ids, r->cfg->ifs[i].groups[k]);
	}
	call_filtered(r, &rd, "group-id", &ids, NULL, NULL, lost);
	/* The strings named are the snapshot's, which the next answers may
	 * replace: copies. */
	named_groups(r->cfg, &named);
	own = xcalloc(named.n + 1, sizeof(*own));
	for (i = 0; i < named.n; i++) {
		if (!strs_has(&ids, named.v[i]) &&
		    vpc_sg_by_id(r->cfg, named.v[i]) == NULL) {
			own[nown] = xstrdup(named.v[i]);
			strs_add(&more, own[nown++]);
		}
	}
	call_filtered(r, &rd, "group-id", &more, NULL, NULL, lost);
	free(ids.v);
	free(named.v);
	free(more.v);
	xfree_strings(own, nown);
}

/* The interfaces in the groups that rules name: a client is let in by
 * such a rule when its interface is a member. */
static void
find_members(struct reader *r)
{
	static const char lost[] = "the members of the groups that rules "
				   "name are not known";
	struct reading rd = { .cfg = r->cfg, .kind = &kinds[A_INTERFACES] };
	struct strs named = { 0 };

	/* The rules' strings hold still: the answers add interfaces only. */
	named_groups(r->cfg, &named);
	rd.limit = r->cfg->nifs + EC2_CONFIG_MEMBERS_MAX;
	if (rd.limit > EC2_CONFIG_INTERFACES_MAX)
		rd.limit = EC2_CONFIG_INTERFACES_MAX;
	call_filtered(r, &rd, "group-id", &named, NULL, NULL, lost);
	free(named.v);
}

/* The network ACLs and route tables of the subnets of the first nifs
 * interfaces, with the main tables of their VPCs. */
static void
find_subnets(struct reader *r, size_t nifs)
{
	static const char acls_lost[] = "the network ACLs are not judged",
			  rts_lost[] = "the route tables are not judged";
	struct reading acls = { .cfg = r->cfg, .kind = &kinds[A_ACLS] },
		       rts = { .cfg = r->cfg, .kind = &kinds[A_RTS] };
	struct strs subnets = { 0 }, vpcs = { 0 };
	size_t i;

	/* The interfaces' strings hold still: the answers add ACLs and
	 * tables only. */
	for (i = 0; i < nifs; i++)
		strs_add(&subnets, r->cfg->ifs[i].subnet);
	call_filtered(r, &acls, "association.subnet-id", &subnets, NULL, NULL,
	    acls_lost);
	call_filtered(r, &rts, "association.subnet-id", &subnets, NULL, NULL,
	    rts_lost);
	/* The main table of each VPC, also when every subnet has a table of
	 * its own: it routes those that do not, and it shows the VPC's
	 * internet gateway, which a command that routes replies names. */
	for (i = 0; i < nifs; i++) {
		if (r->cfg->ifs[i].vpc != NULL)
			strs_add(&vpcs, r->cfg->ifs[i].vpc);
	}
	call_filtered(r, &rts, "vpc-id", &vpcs, "association.main", "true",
	    rts_lost);
	free(subnets.v);
	free(vpcs.v);
}

/* The prefix lists that rules and routes name, and their entries. */
static void
find_prefix_lists(struct reader *r)
{
	static const char lost[] = "the prefix lists are not known";
	struct reading rd = { .cfg = r->cfg, .kind = &kinds[A_PLS] };
	struct vpc_config *cfg = r->cfg;
	struct strs ids = { 0 };
	struct buf params;
	char line[96];
	size_t i, k;
	bool known;

	for (i = 0; i < cfg->nsgs; i++) {
		for (k = 0; k < cfg->sgs[i].nin; k++) {
			if (cfg->sgs[i].in[k].kind == VPC_PEER_PREFIX_LIST)
				strs_add(&ids, cfg->sgs[i].in[k].ref);
		}
		for (k = 0; k < cfg->sgs[i].nout; k++) {
			if (cfg->sgs[i].out[k].kind == VPC_PEER_PREFIX_LIST)
				strs_add(&ids, cfg->sgs[i].out[k].ref);
		}
	}
	for (i = 0; i < cfg->nrts; i++) {
		for (k = 0; k < cfg->rts[i].n; k++)
			strs_add(&ids, cfg->rts[i].v[k].prefix_list);
	}
	if (ids.n > EC2_CONFIG_PLS_MAX) {
		vpc_missing(cfg,
		    "more than %d prefix lists named: the rest are not known",
		    EC2_CONFIG_PLS_MAX);
		ids.n = EC2_CONFIG_PLS_MAX;
	}
	call_filtered(r, &rd, "prefix-list-id", &ids, NULL, NULL, lost);
	/* The rules' and routes' strings hold still: the answers add
	 * prefix lists only.  A list named but not described is still one
	 * to ask about. */
	for (i = 0; i < ids.n; i++) {
		if (vpc_prefix_list_by_id(cfg, ids.v[i]) == NULL)
			vpc_add_prefix_list(cfg, ids.v[i])->origin =
			    xstrdup(ORIGIN);
	}
	for (i = 0; i < ids.n && !r->stopped && !r->denied[A_PL_ENTRIES]; i++) {
		struct vpc_prefix_list *p;

		rd.id = ids.v[i];
		rd.spoiled = false;
		buf_init(&params, 1024);
		buf_append(&params, "PrefixListId=", 13);
		ec2_add_escaped(&params, ids.v[i]);
		snprintf(line, sizeof(line),
		    "the entries of prefix list %s are not known", ids.v[i]);
		known = call(r, A_PL_ENTRIES, params.data, parse_pl_entries,
			    &rd, line) == 0 &&
		    !rd.spoiled;
		buf_release(&params);
		p = (struct vpc_prefix_list *)vpc_prefix_list_by_id(cfg,
		    ids.v[i]);
		p->entries_known = known;
		if (!known) {
			free(p->v);
			p->v = NULL;
			p->n = 0;
		}
	}
	free(ids.v);
}

int
ec2_read_config(struct aws_client *c, const struct addr *target,
    const struct addr *clients, size_t nclients, struct vpc_config *cfg,
    struct errinfo *ei)
{
	struct reader r = { .c = c, .cfg = cfg, .ei = ei };
	size_t nifs;

	find_interfaces(&r, target, clients, nclients);
	/* The interfaces found so far are the target's and the clients';
	 * members, found next, are added after them or replace them in
	 * place. */
	nifs = cfg->nifs;
	find_groups(&r, nifs);
	find_members(&r);
	find_subnets(&r, nifs);
	find_prefix_lists(&r);
	return r.stopped ? -1 : 0;
}
