#include "config.h"

#include "flowdiag/vpc/json.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "flowdiag/util/addr.h"
#include "flowdiag/util/xmalloc.h"

/* The longest run of hex digits an id may hold; AWS writes 8 or 17. */
#define HEX_MAX 32
/* How many characters of a bad value a message quotes. */
#define SHOWN 40
/* How many elements left out a file says one line each; the rest are
 * counted in one more. */
#define SKIP_LINES 8
/* The longest description or name kept: EC2 allows 255 characters. */
#define TEXT_MAX 1024
/* The longest CoreNetworkArn. */
#define ARN_MAX 256

/* One file being read: where its objects go, what is left of the bounds,
 * and what was left out. */
struct load {
	struct vpc_config *c;
	const char *origin;
	struct errinfo *ei;
	size_t objects;  /* objects the config holds */
	size_t elements; /* elements the config holds */
	size_t skipped;  /* elements left out */
};

/* Says that an element was left out, and why: a line of c->missing for
 * the first few, a count for the rest. */
static void __attribute__((format(printf, 2, 3)))
skip(struct load *l, const char *fmt, ...)
{
	va_list ap;
	char buf[400];

	if (l->skipped++ >= SKIP_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vpc_missing(l->c, "%s: %s", l->origin, buf);
}

/* Writes the reason an element is left out to why; returns -1. */
static int __attribute__((format(printf, 3, 4)))
reason(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* Takes n elements from what the config may still hold; -1 with ei set
 * beyond it. */
static int
take_elements(struct load *l, size_t n)
{
	if (n > VPC_JSON_MAX_ELEMENTS - l->elements)
		return errinfo_set(l->ei, EC_DATA,
		    "%s: more than %d rules, entries, routes and addresses in "
		    "the configuration",
		    l->origin, VPC_JSON_MAX_ELEMENTS);
	l->elements += n;
	return 0;
}

static int
take_object(struct load *l)
{
	if (l->objects >= VPC_JSON_MAX_OBJECTS)
		return errinfo_set(l->ei, EC_DATA,
		    "%s: more than %d objects in the configuration", l->origin,
		    VPC_JSON_MAX_OBJECTS);
	l->objects++;
	return 0;
}

/* The string member key of o, or NULL when absent or not a string. */
static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The id member key of o when it has the form prefix-hex; NULL, with the
 * reason in why (of size SHOWN + 80), when it does not. */
static const char *
get_id(const json_t *o, const char *key, const char *prefix, char *why,
    size_t size)
{
	const char *s = str(o, key);

	if (vpc_id_valid(s, prefix))
		return s;
	if (s == NULL)
		snprintf(why, size, "no %s", key);
	else
		snprintf(why, size, "%s '%.*s' is not %s and hex digits", key,
		    SHOWN, s, prefix);
	return NULL;
}

/* Reads the integer member key of o into *v: def when absent, -1 when it
 * is not an integer from lo to hi. */
static int
get_int(const json_t *o, const char *key, long long lo, long long hi, int def,
    int *v)
{
	const json_t *j = json_object_get(o, key);
	json_int_t n;

	if (j == NULL || json_is_null(j)) {
		*v = def;
		return 0;
	}
	if (!json_is_integer(j))
		return -1;
	n = json_integer_value(j);
	if (n < lo || n > hi)
		return -1;
	*v = (int)n;
	return 0;
}

/* The array member key of o: NULL when absent or null; -1 with the reason
 * when something else. */
static int
get_array(const json_t *o, const char *key, const json_t **arr)
{
	const json_t *j = json_object_get(o, key);

	*arr = NULL;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_array(j))
		return -1;
	*arr = j;
	return 0;
}

/* Parses the CIDR s of the family (4 or 6); -1 when it is not one. */
static int
cidr_parse(const char *s, int family, struct addr_prefix *p)
{
	if (s == NULL || addr_prefix_parse(s, p) == -1 ||
	    p->addr.family != family)
		return -1;
	return 0;
}

/* Parses the address s of the family; -1 when it is not one. */
static int
addr_of(const char *s, int family, struct addr *a)
{
	if (s == NULL || addr_parse(s, strlen(s), a) == -1 ||
	    a->family != family)
		return -1;
	return 0;
}

/* Appends a copy of s to the strings *v. */
static void
push_string(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* The peers of one IpPermission, one key of them. */
struct peer_key {
	const char *array;  /* IpRanges */
	const char *member; /* CidrIp */
	enum vpc_peer_kind kind;
	int family;         /* of a CIDR */
	const char *prefix; /* of an id */
};

static const struct peer_key peer_keys[] = {
	{ "IpRanges", "CidrIp", VPC_PEER_CIDR, 4, NULL },
	{ "Ipv6Ranges", "CidrIpv6", VPC_PEER_CIDR, 6, NULL },
	{ "PrefixListIds", "PrefixListId", VPC_PEER_PREFIX_LIST, 0, "pl-" },
	{ "UserIdGroupPairs", "GroupId", VPC_PEER_GROUP, 0, "sg-" },
};

/* Appends the rules of IpPermissions (or IpPermissionsEgress) perms to
 * *v, one per peer; where names the group's key in messages. */
static int
read_permissions(struct load *l, const json_t *perms, const char *where,
    struct vpc_sg_rule **v, size_t *n)
{
	const json_t *perm, *peers, *e;
	struct vpc_sg_rule r;
	const char *s, *desc;
	char why[SHOWN + 80];
	size_t i, k, j;
	int proto, from, to;

	json_array_foreach (perms, i, perm) {
		if (!json_is_object(perm)) {
			skip(l, "%s[%zu]: not an object", where, i);
			continue;
		}
		s = str(perm, "IpProtocol");
		if (s == NULL) {
			skip(l, "%s[%zu]: no IpProtocol", where, i);
			continue;
		}
		if ((proto = vpc_protocol_parse(s)) == -2) {
			skip(l, "%s[%zu]: unknown IpProtocol '%.*s'", where, i,
			    SHOWN, s);
			continue;
		}
		if (get_int(perm, "FromPort", -1, 65535, VPC_ANY, &from) ==
			-1 ||
		    get_int(perm, "ToPort", -1, 65535, VPC_ANY, &to) == -1) {
			skip(l,
			    "%s[%zu]: FromPort or ToPort not from -1 to "
			    "65535",
			    where, i);
			continue;
		}
		for (k = 0; k < sizeof(peer_keys) / sizeof(peer_keys[0]); k++) {
			const struct peer_key *pk = &peer_keys[k];

			if (get_array(perm, pk->array, &peers) == -1) {
				skip(l, "%s[%zu]: %s is not an array", where, i,
				    pk->array);
				continue;
			}
			json_array_foreach (peers, j, e) {
				memset(&r, 0, sizeof(r));
				r.protocol = proto;
				r.from = from;
				r.to = to;
				r.kind = pk->kind;
				s = str(e, pk->member);
				if (pk->prefix == NULL &&
				    cidr_parse(s, pk->family, &r.cidr) == -1) {
					skip(l,
					    "%s[%zu].%s[%zu]: %s '%.*s' is not "
					    "an IPv%d CIDR",
					    where, i, pk->array, j, pk->member,
					    SHOWN, s != NULL ? s : "",
					    pk->family);
					continue;
				}
				if (pk->prefix != NULL &&
				    get_id(e, pk->member, pk->prefix, why,
					sizeof(why)) == NULL) {
					skip(l, "%s[%zu].%s[%zu]: %s", where, i,
					    pk->array, j, why);
					continue;
				}
				if (take_elements(l, 1) == -1)
					return -1;
				if (pk->prefix != NULL)
					r.ref = xstrdup(s);
				desc = str(e, "Description");
				if (desc != NULL && strlen(desc) <= TEXT_MAX)
					r.description = xstrdup(desc);
				*v = xreallocarray(*v, *n + 1, sizeof(**v));
				(*v)[(*n)++] = r;
			}
		}
	}
	return 0;
}

static int
read_sg(struct load *l, const json_t *o, size_t i)
{
	const json_t *in, *out;
	const char *id, *vpc = NULL, *name;
	char why[SHOWN + 80], where[80];
	struct vpc_sg *g;

	if ((id = get_id(o, "GroupId", "sg-", why, sizeof(why))) == NULL ||
	    (str(o, "VpcId") != NULL &&
		(vpc = get_id(o, "VpcId", "vpc-", why, sizeof(why))) == NULL)) {
		skip(l, "SecurityGroups[%zu]: %s", i, why);
		return 0;
	}
	if (get_array(o, "IpPermissions", &in) == -1 ||
	    get_array(o, "IpPermissionsEgress", &out) == -1) {
		skip(l,
		    "SecurityGroups[%zu] (%s): its permissions are not an "
		    "array",
		    i, id);
		return 0;
	}
	if (take_object(l) == -1)
		return -1;
	g = vpc_add_sg(l->c, id);
	g->origin = xstrdup(l->origin);
	if (vpc != NULL)
		g->vpc = xstrdup(vpc);
	name = str(o, "GroupName");
	if (name != NULL && strlen(name) <= TEXT_MAX)
		g->name = xstrdup(name);
	snprintf(where, sizeof(where), "SecurityGroups[%zu] (%s).IpPermissions",
	    i, id);
	if (in != NULL && read_permissions(l, in, where, &g->in, &g->nin) == -1)
		return -1;
	snprintf(where, sizeof(where),
	    "SecurityGroups[%zu] (%s).IpPermissionsEgress", i, id);
	if (out != NULL &&
	    read_permissions(l, out, where, &g->out, &g->nout) == -1)
		return -1;
	return 0;
}

/* Reads one entry of a network ACL; -1 with the reason in why. */
static int
read_acl_entry(const json_t *e, struct vpc_acl_entry *a, char *why, size_t size)
{
	const json_t *j, *range, *icmp;
	const char *s, *v4, *v6;

	memset(a, 0, sizeof(*a));
	if (!json_is_object(e))
		return reason(why, size, "not an object");
	/* The final "*" entry is 32767 for IPv4, 32768 for IPv6: both the
	 * final entry. */
	if (get_int(e, "RuleNumber", 1, VPC_ACL_LAST + 1, 0, &a->number) ==
		-1 ||
	    a->number == 0)
		return reason(why, size, "no RuleNumber from 1 to %d",
		    VPC_ACL_LAST + 1);
	if (a->number > VPC_ACL_LAST)
		a->number = VPC_ACL_LAST;
	if (!json_is_boolean(j = json_object_get(e, "Egress")))
		return reason(why, size, "no Egress true or false");
	a->egress = json_is_true(j);
	s = str(e, "RuleAction");
	if (s == NULL || (strcmp(s, "allow") != 0 && strcmp(s, "deny") != 0))
		return reason(why, size, "no RuleAction allow or deny");
	a->allow = strcmp(s, "allow") == 0;
	s = str(e, "Protocol");
	if ((a->protocol = vpc_protocol_parse(s)) == -2)
		return reason(why, size,
		    "Protocol '%.*s' is not -1 or a "
		    "number from 0 to 255",
		    SHOWN, s != NULL ? s : "");
	a->from = a->to = a->icmp_type = a->icmp_code = VPC_ANY;
	range = json_object_get(e, "PortRange");
	if (range != NULL && !json_is_null(range) &&
	    (!json_is_object(range) ||
		get_int(range, "From", 0, 65535, VPC_ANY, &a->from) == -1 ||
		get_int(range, "To", 0, 65535, VPC_ANY, &a->to) == -1))
		return reason(why, size,
		    "PortRange not From and To from 0 to 65535");
	icmp = json_object_get(e, "IcmpTypeCode");
	if (icmp != NULL && !json_is_null(icmp) &&
	    (!json_is_object(icmp) ||
		get_int(icmp, "Type", -1, 255, VPC_ANY, &a->icmp_type) == -1 ||
		get_int(icmp, "Code", -1, 255, VPC_ANY, &a->icmp_code) == -1))
		return reason(why, size,
		    "IcmpTypeCode not Type and Code from -1 to 255");
	v4 = str(e, "CidrBlock");
	v6 = str(e, "Ipv6CidrBlock");
	if ((v4 == NULL) == (v6 == NULL))
		return reason(why, size,
		    "not one of CidrBlock and Ipv6CidrBlock");
	if (v4 != NULL ? cidr_parse(v4, 4, &a->cidr) == -1
		       : cidr_parse(v6, 6, &a->cidr) == -1)
		return reason(why, size, "'%.*s' is not an IPv%d CIDR", SHOWN,
		    v4 != NULL ? v4 : v6, v4 != NULL ? 4 : 6);
	return 0;
}

static int
read_acl(struct load *l, const json_t *o, size_t i)
{
	const json_t *assocs, *entries, *e;
	const char *id, *vpc = NULL, *subnet;
	char why[SHOWN + 80];
	struct vpc_acl_entry entry;
	struct vpc_acl *a;
	size_t k;

	if ((id = get_id(o, "NetworkAclId", "acl-", why, sizeof(why))) ==
		NULL ||
	    (str(o, "VpcId") != NULL &&
		(vpc = get_id(o, "VpcId", "vpc-", why, sizeof(why))) == NULL)) {
		skip(l, "NetworkAcls[%zu]: %s", i, why);
		return 0;
	}
	if (get_array(o, "Associations", &assocs) == -1 ||
	    get_array(o, "Entries", &entries) == -1) {
		skip(l,
		    "NetworkAcls[%zu] (%s): Associations or Entries not an "
		    "array",
		    i, id);
		return 0;
	}
	if (take_object(l) == -1)
		return -1;
	a = vpc_add_acl(l->c, id);
	a->origin = xstrdup(l->origin);
	if (vpc != NULL)
		a->vpc = xstrdup(vpc);
	a->is_default = json_is_true(json_object_get(o, "IsDefault"));
	json_array_foreach (assocs, k, e) {
		if ((subnet = get_id(e, "SubnetId", "subnet-", why,
			 sizeof(why))) == NULL) {
			skip(l, "NetworkAcls[%zu] (%s).Associations[%zu]: %s",
			    i, id, k, why);
			continue;
		}
		if (take_elements(l, 1) == -1)
			return -1;
		push_string(&a->subnets, &a->nsubnets, subnet);
	}
	json_array_foreach (entries, k, e) {
		if (read_acl_entry(e, &entry, why, sizeof(why)) == -1) {
			skip(l, "NetworkAcls[%zu] (%s).Entries[%zu]: %s", i, id,
			    k, why);
			continue;
		}
		if (take_elements(l, 1) == -1)
			return -1;
		a->v = xreallocarray(a->v, a->n + 1, sizeof(*a->v));
		a->v[a->n++] = entry;
	}
	return 0;
}

/* The keys that name a route's target, in the order taken when several
 * do (an instance's route names its interface too), with their forms. */
static const struct {
	const char *key;
	const char *prefixes[4];
} targets[] = {
	{ "GatewayId", { "igw-", "vgw-", "vpce-", NULL } },
	{ "NatGatewayId", { "nat-", NULL } },
	{ "TransitGatewayId", { "tgw-", NULL } },
	{ "VpcPeeringConnectionId", { "pcx-", NULL } },
	{ "NetworkInterfaceId", { "eni-", NULL } },
	{ "InstanceId", { "i-", NULL } },
	{ "EgressOnlyInternetGatewayId", { "eigw-", NULL } },
	{ "CarrierGatewayId", { "cagw-", NULL } },
	{ "LocalGatewayId", { "lgw-", NULL } },
	{ "CoreNetworkArn", { NULL } },
	{ "OdbNetworkArn", { NULL } },
};

/* Whether s is an ARN: "arn:" and letters, digits and :/._- only. */
static bool
arn_valid(const char *s)
{
	size_t n = strlen(s);

	return n <= ARN_MAX && strncmp(s, "arn:", 4) == 0 &&
	    strspn(s,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789:/._-") == n;
}

/* Reads one route; -1 with the reason in why. */
static int
read_route(const json_t *e, struct vpc_route *r, char *why, size_t size)
{
	const char *v4, *v6, *pl, *s;
	size_t i, k;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(e))
		return reason(why, size, "not an object");
	v4 = str(e, "DestinationCidrBlock");
	v6 = str(e, "DestinationIpv6CidrBlock");
	pl = str(e, "DestinationPrefixListId");
	if ((v4 != NULL) + (v6 != NULL) + (pl != NULL) != 1)
		return reason(why, size,
		    "not one destination (DestinationCidrBlock, "
		    "DestinationIpv6CidrBlock, "
		    "DestinationPrefixListId)");
	if ((v4 != NULL && cidr_parse(v4, 4, &r->dest) == -1) ||
	    (v6 != NULL && cidr_parse(v6, 6, &r->dest) == -1))
		return reason(why, size, "destination '%.*s' is not a CIDR",
		    SHOWN, v4 != NULL ? v4 : v6);
	if (pl != NULL &&
	    get_id(e, "DestinationPrefixListId", "pl-", why, size) == NULL)
		return -1;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		if ((s = str(e, targets[i].key)) == NULL)
			continue;
		ok = targets[i].prefixes[0] == NULL
		    ? arn_valid(s)
		    : i == 0 && strcmp(s, "local") == 0;
		for (k = 0; !ok && targets[i].prefixes[k] != NULL; k++)
			ok = vpc_id_valid(s, targets[i].prefixes[k]);
		if (!ok)
			return reason(why, size,
			    "%s '%.*s' is not of EC2's form", targets[i].key,
			    SHOWN, s);
		r->target = xstrdup(s);
		break;
	}
	if (pl != NULL)
		r->prefix_list = xstrdup(pl);
	s = str(e, "State");
	r->blackhole = s != NULL && strcmp(s, "blackhole") == 0;
	return 0;
}

static int
read_route_table(struct load *l, const json_t *o, size_t i)
{
	const json_t *assocs, *routes, *e, *state;
	const char *id, *vpc = NULL, *subnet, *s;
	char why[SHOWN + 80];
	struct vpc_route_table *t;
	struct vpc_route r;
	size_t k;

	if ((id = get_id(o, "RouteTableId", "rtb-", why, sizeof(why))) ==
		NULL ||
	    (str(o, "VpcId") != NULL &&
		(vpc = get_id(o, "VpcId", "vpc-", why, sizeof(why))) == NULL)) {
		skip(l, "RouteTables[%zu]: %s", i, why);
		return 0;
	}
	if (get_array(o, "Associations", &assocs) == -1 ||
	    get_array(o, "Routes", &routes) == -1) {
		skip(l,
		    "RouteTables[%zu] (%s): Associations or Routes not an "
		    "array",
		    i, id);
		return 0;
	}
	if (take_object(l) == -1)
		return -1;
	t = vpc_add_route_table(l->c, id);
	t->origin = xstrdup(l->origin);
	if (vpc != NULL)
		t->vpc = xstrdup(vpc);
	json_array_foreach (assocs, k, e) {
		/* One being made or undone does not govern the subnet. */
		state = json_object_get(e, "AssociationState");
		s = str(state, "State");
		if (s != NULL && strcmp(s, "associated") != 0)
			continue;
		if (json_is_true(json_object_get(e, "Main"))) {
			t->main = true;
			continue;
		}
		/* An edge association (GatewayId) governs no subnet. */
		if (json_object_get(e, "SubnetId") == NULL &&
		    str(e, "GatewayId") != NULL)
			continue;
		if ((subnet = get_id(e, "SubnetId", "subnet-", why,
			 sizeof(why))) == NULL) {
			skip(l, "RouteTables[%zu] (%s).Associations[%zu]: %s",
			    i, id, k, why);
			continue;
		}
		if (take_elements(l, 1) == -1)
			return -1;
		push_string(&t->subnets, &t->nsubnets, subnet);
	}
	json_array_foreach (routes, k, e) {
		if (read_route(e, &r, why, sizeof(why)) == -1) {
			skip(l, "RouteTables[%zu] (%s).Routes[%zu]: %s", i, id,
			    k, why);
			continue;
		}
		if (take_elements(l, 1) == -1) {
			free(r.target);
			free(r.prefix_list);
			return -1;
		}
		if (r.target == NULL && !r.blackhole)
			vpc_missing(l->c,
			    "%s: RouteTables[%zu] (%s).Routes[%zu]: a target of "
			    "no kind known, kept without one",
			    l->origin, i, id, k);
		t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
		t->v[t->n++] = r;
	}
	return 0;
}

/* Appends a to the interface's addresses unless it holds it already. */
static int
push_addr(struct load *l, struct vpc_interface *f, const struct addr *a)
{
	size_t i;

	for (i = 0; i < f->naddrs; i++) {
		if (addr_equal(&f->addrs[i], a))
			return 0;
	}
	if (take_elements(l, 1) == -1)
		return -1;
	f->addrs = xreallocarray(f->addrs, f->naddrs + 1, sizeof(*f->addrs));
	f->addrs[f->naddrs++] = *a;
	return 0;
}

static int
read_interface(struct load *l, const json_t *o, size_t i)
{
	const json_t *privs, *v6s, *groups, *e;
	const char *id, *subnet = NULL, *vpc = NULL, *s, *pub, *other;
	char why[SHOWN + 80];
	struct vpc_interface *f;
	struct addr a;
	size_t k;

	if ((id = get_id(o, "NetworkInterfaceId", "eni-", why, sizeof(why))) ==
		NULL ||
	    (str(o, "SubnetId") != NULL &&
		(subnet = get_id(o, "SubnetId", "subnet-", why, sizeof(why))) ==
		    NULL) ||
	    (str(o, "VpcId") != NULL &&
		(vpc = get_id(o, "VpcId", "vpc-", why, sizeof(why))) == NULL)) {
		skip(l, "NetworkInterfaces[%zu]: %s", i, why);
		return 0;
	}
	if (get_array(o, "PrivateIpAddresses", &privs) == -1 ||
	    get_array(o, "Ipv6Addresses", &v6s) == -1 ||
	    get_array(o, "Groups", &groups) == -1) {
		skip(l,
		    "NetworkInterfaces[%zu] (%s): PrivateIpAddresses, "
		    "Ipv6Addresses or Groups not an array",
		    i, id);
		return 0;
	}
	if (take_object(l) == -1)
		return -1;
	f = vpc_add_interface(l->c, id);
	f->origin = xstrdup(l->origin);
	if (subnet != NULL)
		f->subnet = xstrdup(subnet);
	if (vpc != NULL)
		f->vpc = xstrdup(vpc);
	if ((s = str(o, "PrivateIpAddress")) != NULL) {
		if (addr_of(s, 4, &a) == -1)
			skip(l,
			    "NetworkInterfaces[%zu] (%s): PrivateIpAddress "
			    "'%.*s' is not an IPv4 address",
			    i, id, SHOWN, s);
		else if (push_addr(l, f, &a) == -1)
			return -1;
	}
	/* The interface's public IP, else its primary address's. */
	pub = str(json_object_get(o, "Association"), "PublicIp");
	json_array_foreach (privs, k, e) {
		s = str(e, "PrivateIpAddress");
		if (addr_of(s, 4, &a) == -1) {
			skip(l,
			    "NetworkInterfaces[%zu] (%s)."
			    "PrivateIpAddresses[%zu]: '%.*s' is not an "
			    "IPv4 address",
			    i, id, k, SHOWN, s != NULL ? s : "");
			continue;
		}
		if (push_addr(l, f, &a) == -1)
			return -1;
		other = str(json_object_get(e, "Association"), "PublicIp");
		if (pub == NULL && json_is_true(json_object_get(e, "Primary")))
			pub = other;
		else if (other != NULL &&
		    (pub == NULL || strcmp(other, pub) != 0))
			vpc_missing(l->c,
			    "%s: NetworkInterfaces[%zu] (%s): the public IP "
			    "'%.*s' of %s left out: one public IP an interface",
			    l->origin, i, id, SHOWN, other, s);
	}
	json_array_foreach (v6s, k, e) {
		s = str(e, "Ipv6Address");
		if (addr_of(s, 6, &a) == -1) {
			skip(l,
			    "NetworkInterfaces[%zu] (%s).Ipv6Addresses[%zu]: "
			    "'%.*s' is not an IPv6 address",
			    i, id, k, SHOWN, s != NULL ? s : "");
			continue;
		}
		if (push_addr(l, f, &a) == -1)
			return -1;
	}
	if (pub != NULL && addr_of(pub, 4, &f->public_ip) == -1) {
		memset(&f->public_ip, 0, sizeof(f->public_ip));
		skip(l,
		    "NetworkInterfaces[%zu] (%s): PublicIp '%.*s' is not an "
		    "IPv4 address",
		    i, id, SHOWN, pub);
	}
	json_array_foreach (groups, k, e) {
		if ((s = get_id(e, "GroupId", "sg-", why, sizeof(why))) ==
		    NULL) {
			skip(l, "NetworkInterfaces[%zu] (%s).Groups[%zu]: %s",
			    i, id, k, why);
			continue;
		}
		if (take_elements(l, 1) == -1)
			return -1;
		push_string(&f->groups, &f->ngroups, s);
	}
	return 0;
}

/* The prefix list of id in c, or NULL. */
static struct vpc_prefix_list *
prefix_list_get(struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->npls; i++) {
		if (strcmp(c->pls[i].id, id) == 0)
			return &c->pls[i];
	}
	return NULL;
}

/* The prefix list of id in c, made when there is none; NULL beyond the
 * bounds, with ei set. */
static struct vpc_prefix_list *
prefix_list_find(struct load *l, const char *id)
{
	struct vpc_prefix_list *p;

	if ((p = prefix_list_get(l->c, id)) != NULL)
		return p;
	if (take_object(l) == -1)
		return NULL;
	p = vpc_add_prefix_list(l->c, id);
	p->origin = xstrdup(l->origin);
	return p;
}

static int
read_prefix_list(struct load *l, const json_t *o, size_t i)
{
	struct vpc_prefix_list *p;
	struct addr_prefix *v = NULL;
	const char *id, *name;
	char why[SHOWN + 80];
	size_t n = 0;
	bool known = false;

	if ((id = get_id(o, "PrefixListId", "pl-", why, sizeof(why))) == NULL) {
		skip(l, "PrefixLists[%zu]: %s", i, why);
		return 0;
	}
	/* Described again, a list keeps the entries read for it: describing
	 * does not list them. */
	if ((p = prefix_list_get(l->c, id)) != NULL && p->entries_known) {
		v = p->v;
		n = p->n;
		known = true;
		p->v = NULL;
		p->n = 0;
	} else if (take_object(l) == -1)
		return -1;
	p = vpc_add_prefix_list(l->c, id);
	p->origin = xstrdup(l->origin);
	p->v = v;
	p->n = n;
	p->entries_known = known;
	name = str(o, "PrefixListName");
	if (name != NULL && strlen(name) <= TEXT_MAX)
		p->name = xstrdup(name);
	return 0;
}

/* Sets the entries of the list id to those of the array entries; where
 * names it in messages. */
static int
read_entries(struct load *l, const char *id, const json_t *entries,
    const char *where)
{
	struct vpc_prefix_list *p;
	struct addr_prefix cidr;
	const json_t *e;
	const char *s;
	size_t k;

	if ((p = prefix_list_find(l, id)) == NULL)
		return -1;
	free(p->v);
	p->v = NULL;
	p->n = 0;
	p->entries_known = true;
	json_array_foreach (entries, k, e) {
		s = str(e, "Cidr");
		if (s == NULL || addr_prefix_parse(s, &cidr) == -1) {
			skip(l, "%s[%zu] (%s): Cidr '%.*s' is not a CIDR",
			    where, k, id, SHOWN, s != NULL ? s : "");
			continue;
		}
		if (take_elements(l, 1) == -1)
			return -1;
		p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
		p->v[p->n++] = cidr;
	}
	return 0;
}

/* The pl-<hex> in the last part of origin, bounded by what is not a
 * letter or digit; 0 with it in buf, else -1. */
static int
prefix_list_of_name(const char *origin, char *buf, size_t size)
{
	const char *base = strrchr(origin, '/'), *p, *e;

	base = base != NULL ? base + 1 : origin;
	for (p = base; (p = strstr(p, "pl-")) != NULL; p += 3) {
		if (p > base &&
		    (strchr("0123456789abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			 p[-1]) != NULL))
			continue;
		for (e = p + 3;
		     *e != '\0' && strchr("0123456789abcdef", *e) != NULL; e++)
			;
		if (e == p + 3 || e - (p + 3) > HEX_MAX ||
		    (size_t)(e - p) >= size)
			continue;
		if (*e != '\0' &&
		    (strchr("ghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			 *e) != NULL))
			continue;
		memcpy(buf, p, (size_t)(e - p));
		buf[e - p] = '\0';
		return 0;
	}
	return -1;
}

/* The top-level keys, in the order read: lists before their entries, so
 * that a combined file's entries are not replaced by its lists. */
static const struct {
	const char *key;
	int (*read)(struct load *, const json_t *, size_t);
} kinds[] = {
	{ "PrefixLists", read_prefix_list },
	{ "SecurityGroups", read_sg },
	{ "NetworkAcls", read_acl },
	{ "RouteTables", read_route_table },
	{ "NetworkInterfaces", read_interface },
};

/* Reads the entries of get-managed-prefix-list-entries in root, and those
 * of a combined snapshot's PrefixListEntries. */
static int
read_root_entries(struct load *l, const json_t *root)
{
	const json_t *entries, *all, *e;
	char why[SHOWN + 80], id[HEX_MAX + 8], where[64];
	const char *s;
	size_t k;

	if (get_array(root, "Entries", &entries) == -1)
		return errinfo_set(l->ei, EC_DATA,
		    "%s: Entries is not an array", l->origin);
	if (entries != NULL) {
		if (json_object_get(root, "PrefixListId") != NULL) {
			if ((s = get_id(root, "PrefixListId", "pl-", why,
				 sizeof(why))) == NULL)
				return errinfo_set(l->ei, EC_DATA, "%s: %s",
				    l->origin, why);
			snprintf(id, sizeof(id), "%s", s);
		} else if (prefix_list_of_name(l->origin, id, sizeof(id)) == -1)
			return errinfo_set(l->ei, EC_DATA,
			    "%s: the entries of a prefix list, but which list: "
			    "name the file pl-<id>.json or give \"PrefixListId\"",
			    l->origin);
		if (read_entries(l, id, entries, "Entries") == -1)
			return -1;
	}
	if (get_array(root, "PrefixListEntries", &all) == -1)
		return errinfo_set(l->ei, EC_DATA,
		    "%s: PrefixListEntries is not an array", l->origin);
	json_array_foreach (all, k, e) {
		if ((s = get_id(e, "PrefixListId", "pl-", why, sizeof(why))) ==
			NULL ||
		    get_array(e, "Entries", &entries) == -1 ||
		    entries == NULL) {
			skip(l, "PrefixListEntries[%zu]: %s", k,
			    s == NULL ? why : "no Entries array");
			continue;
		}
		snprintf(where, sizeof(where), "PrefixListEntries[%zu].Entries",
		    k);
		if (read_entries(l, s, entries, where) == -1)
			return -1;
	}
	return 0;
}

/* What c holds already, counted against the bounds. */
static void
count_config(struct load *l)
{
	const struct vpc_config *c = l->c;
	size_t i, n = 0;

	l->objects = c->nifs + c->nsgs + c->nacls + c->nrts + c->npls;
	for (i = 0; i < c->nifs; i++)
		n += c->ifs[i].naddrs + c->ifs[i].ngroups;
	for (i = 0; i < c->nsgs; i++)
		n += c->sgs[i].nin + c->sgs[i].nout;
	for (i = 0; i < c->nacls; i++)
		n += c->acls[i].n + c->acls[i].nsubnets;
	for (i = 0; i < c->nrts; i++)
		n += c->rts[i].n + c->rts[i].nsubnets;
	for (i = 0; i < c->npls; i++)
		n += c->pls[i].n;
	l->elements = n;
}

static int
load_root(struct load *l, const json_t *root)
{
	const json_t *arr, *o;
	bool known = false;
	size_t i, k;

	if (json_is_object(root)) {
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			known |= json_object_get(root, kinds[i].key) != NULL;
		known |= json_object_get(root, "Entries") != NULL ||
		    json_object_get(root, "PrefixListEntries") != NULL;
	}
	if (!known)
		return errinfo_set(l->ei, EC_DATA,
		    "%s: not the JSON of an aws ec2 describe-* command (no "
		    "SecurityGroups, NetworkAcls, RouteTables or "
		    "NetworkInterfaces)",
		    l->origin);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (get_array(root, kinds[i].key, &arr) == -1)
			return errinfo_set(l->ei, EC_DATA,
			    "%s: %s is not an array", l->origin, kinds[i].key);
		json_array_foreach (arr, k, o) {
			if (!json_is_object(o)) {
				skip(l, "%s[%zu]: not an object", kinds[i].key,
				    k);
				continue;
			}
			if (kinds[i].read(l, o, k) == -1)
				return -1;
		}
	}
	if (read_root_entries(l, root) == -1)
		return -1;
	if (json_object_get(root, "NextToken") != NULL)
		vpc_missing(l->c,
		    "%s: has a NextToken: the listing stops at a page, the "
		    "rest is not in it",
		    l->origin);
	return 0;
}

int
vpc_load_json(struct vpc_config *c, const char *text, size_t len,
    const char *origin, struct errinfo *ei)
{
	struct load l = { .c = c, .origin = origin, .ei = ei };
	json_error_t jerr;
	json_t *root;
	int ret;

	if (len > VPC_JSON_MAX_FILE)
		return errinfo_set(ei, EC_DATA,
		    "%s: %zu bytes, more than the %u MiB a configuration file "
		    "may hold",
		    origin, len, VPC_JSON_MAX_FILE >> 20);
	/* Two members of one name would leave it to jansson which counts. */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &jerr);
	if (root == NULL)
		return errinfo_set(ei, EC_DATA, "%s:%d:%d: %s", origin,
		    jerr.line, jerr.column, jerr.text);
	count_config(&l);
	ret = load_root(&l, root);
	if (l.skipped > SKIP_LINES)
		vpc_missing(c, "%s: %zu more elements left out", origin,
		    l.skipped - SKIP_LINES);
	json_decref(root);
	return ret;
}

/* Reads the regular file path, of at most VPC_JSON_MAX_FILE bytes, into
 * a new buffer *data of *len bytes. */
static int
read_file(const char *path, char **data, size_t *len, struct errinfo *ei)
{
	struct stat st;
	char *buf = NULL;
	size_t size, n = 0;
	ssize_t r;
	int fd, ret = -1;

	/* Without blocking: a FIFO named x.json is refused, not waited on. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return errinfo_errno(ei, errno, "cannot open '%s'", path);
	if (fstat(fd, &st) == -1) {
		errinfo_errno(ei, errno, "cannot read '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		errinfo_set(ei, EC_DATA, "%s: not a regular file", path);
		goto out;
	}
	if ((unsigned long long)st.st_size > VPC_JSON_MAX_FILE)
		goto big;
	/* The file may grow while read: never past the bound. */
	size = (size_t)st.st_size + 1;
	buf = xmalloc(size);
	for (;;) {
		if (n == size) {
			if (size > VPC_JSON_MAX_FILE)
				goto big;
			size = size * 2 > VPC_JSON_MAX_FILE + 1
			    ? VPC_JSON_MAX_FILE + 1
			    : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		r = read(fd, buf + n, size - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			errinfo_errno(ei, errno, "cannot read '%s'", path);
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > VPC_JSON_MAX_FILE)
		goto big;
	*data = buf;
	*len = n;
	buf = NULL;
	ret = 0;
	goto out;
big:
	errinfo_set(ei, EC_DATA,
	    "%s: more than the %u MiB a configuration file may hold", path,
	    VPC_JSON_MAX_FILE >> 20);
out:
	free(buf);
	close(fd);
	return ret;
}

static int
load_file(struct vpc_config *c, const char *path, struct errinfo *ei)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (read_file(path, &data, &len, ei) == -1)
		return -1;
	ret = vpc_load_json(c, data, len, path, ei);
	free(data);
	return ret;
}

static int
name_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the directory's regular *.json files in name order. */
static int
load_dir(struct vpc_config *c, const char *path, struct errinfo *ei)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, *file = NULL;
	size_t n = 0, len, i, loaded = 0;
	DIR *d;
	int ret = -1;

	if ((d = opendir(path)) == NULL)
		return errinfo_errno(ei, errno, "cannot read '%s'", path);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n >= VPC_JSON_MAX_FILES) {
			errinfo_set(ei, EC_DATA,
			    "%s: more than %d *.json files", path,
			    VPC_JSON_MAX_FILES);
			goto out;
		}
		push_string(&names, &n, de->d_name);
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_compare);
	for (i = 0; i < n; i++) {
		free(file);
		xasprintf(&file, "%s/%s", path, names[i]);
		if (stat(file, &st) == -1) {
			errinfo_errno(ei, errno, "cannot read '%s'", file);
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			vpc_missing(c, "%s: not a regular file, left out",
			    file);
			continue;
		}
		if (load_file(c, file, ei) == -1)
			goto out;
		loaded++;
	}
	if (loaded == 0) {
		errinfo_set(ei, EC_NOINPUT, "%s: no *.json files", path);
		goto out;
	}
	ret = 0;
out:
	free(file);
	xfree_strings(names, n);
	closedir(d);
	return ret;
}

int
vpc_load_path(struct vpc_config *c, const char *path, struct errinfo *ei)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return errinfo_errno(ei, errno, "cannot read '%s'", path);
	if (S_ISDIR(st.st_mode))
		return load_dir(c, path, ei);
	return load_file(c, path, ei);
}
