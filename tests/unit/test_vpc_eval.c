/*
 * Unit tests of the evaluator (vpc/eval.h): snapshots built in C, flows
 * held against them, and the decisions, entries and commands compared
 * with what AWS's documented semantics give, worked out by hand: network
 * ACL entries in rule-number order with the final "*", security groups
 * where any rule of any group admits, routes by longest prefix.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/addr.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/eval.h"
#include "flowdiag/vpc/vpc.h"
#include "helpers.h"

#define ALL VPC_PROTO_ALL
#define ANY VPC_ANY

static struct addr
A(const char *s) {
	struct addr a;

	assert_int_equal(addr_parse(s, strlen(s), &a), 0);
	return a;
}

static struct addr_prefix
P(const char *s) {
	struct addr_prefix p;

	assert_int_equal(addr_prefix_parse(s, &p), 0);
	return p;
}

/* The words of s, split at spaces, as a new array of new strings. */
static char **
words(const char *s, size_t *n)
{
	char **v = NULL, *copy = xstrdup(s), *w, *save = NULL;

	*n = 0;
	for (w = strtok_r(copy, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(w);
	}
	free(copy);
	return v;
}

/* An interface of one private address (and a public one, or NULL) in the
 * groups named, space-separated. */
static struct vpc_interface *
add_if(struct vpc_config *c, const char *id, const char *subnet,
    const char *addr, const char *pub, const char *groups)
{
	struct vpc_interface *f = vpc_add_interface(c, id);

	f->subnet = xstrdup(subnet);
	f->vpc = xstrdup("vpc-0100");
	f->origin = xstrdup("api");
	f->addrs = xcalloc(2, sizeof(*f->addrs));
	f->addrs[f->naddrs++] = A(addr);
	if (pub != NULL)
		f->public_ip = A(pub);
	f->groups = words(groups, &f->ngroups);
	return f;
}

static struct vpc_sg *
add_sg(struct vpc_config *c, const char *id, const char *name)
{
	struct vpc_sg *g = vpc_add_sg(c, id);

	if (name != NULL)
		g->name = xstrdup(name);
	g->vpc = xstrdup("vpc-0100");
	g->origin = xstrdup("api");
	return g;
}

/* A rule of g; peer a CIDR, "pl-..." or "sg-...". */
static void
sg_rule(struct vpc_sg *g, bool out, int proto, int from, int to,
    const char *peer)
{
	struct vpc_sg_rule **v = out ? &g->out : &g->in;
	size_t *n = out ? &g->nout : &g->nin;
	struct vpc_sg_rule *r;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->protocol = proto;
	r->from = from;
	r->to = to;
	if (strncmp(peer, "pl-", 3) == 0 || strncmp(peer, "sg-", 3) == 0) {
		r->kind =
		    peer[0] == 'p' ? VPC_PEER_PREFIX_LIST : VPC_PEER_GROUP;
		r->ref = xstrdup(peer);
	} else {
		r->kind = VPC_PEER_CIDR;
		r->cidr = P(peer);
	}
}

static struct vpc_acl *
add_acl(struct vpc_config *c, const char *id, const char *subnets)
{
	struct vpc_acl *a = vpc_add_acl(c, id);

	a->vpc = xstrdup("vpc-0100");
	a->origin = xstrdup("api");
	a->subnets = words(subnets, &a->nsubnets);
	return a;
}

/* An entry of a; for ICMP, from and to are the type and code. */
static void
acl_entry(struct vpc_acl *a, int number, bool egress, bool allow, int proto,
    int from, int to, const char *cidr)
{
	struct vpc_acl_entry *x;

	a->v = xreallocarray(a->v, a->n + 1, sizeof(*a->v));
	x = &a->v[a->n++];
	memset(x, 0, sizeof(*x));
	x->number = number;
	x->egress = egress;
	x->allow = allow;
	x->protocol = proto;
	x->from = x->to = x->icmp_type = x->icmp_code = ANY;
	if (proto == 1 || proto == 58) {
		x->icmp_type = from;
		x->icmp_code = to;
	} else if (proto == 6 || proto == 17) {
		x->from = from;
		x->to = to;
	}
	x->cidr = P(cidr);
}

static struct vpc_route_table *
add_rt(struct vpc_config *c, const char *id, bool main, const char *subnets)
{
	struct vpc_route_table *t = vpc_add_route_table(c, id);

	t->vpc = xstrdup("vpc-0100");
	t->origin = xstrdup("api");
	t->main = main;
	t->subnets = words(subnets, &t->nsubnets);
	return t;
}

/* A route of t; dest a CIDR or "pl-...", target NULL for none. */
static void
route(struct vpc_route_table *t, const char *dest, const char *target,
    bool blackhole)
{
	struct vpc_route *r;

	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	r = &t->v[t->n++];
	memset(r, 0, sizeof(*r));
	if (strncmp(dest, "pl-", 3) == 0)
		r->prefix_list = xstrdup(dest);
	else
		r->dest = P(dest);
	if (target != NULL)
		r->target = xstrdup(target);
	r->blackhole = blackhole;
}

static struct vpc_prefix_list *
add_pl(struct vpc_config *c, const char *id, bool known, const char *cidrs)
{
	struct vpc_prefix_list *p = vpc_add_prefix_list(c, id);
	char **v;
	size_t i, n;

	p->origin = xstrdup("api");
	p->entries_known = known;
	v = words(cidrs, &n);
	p->v = xcalloc(n + 1, sizeof(*p->v));
	for (i = 0; i < n; i++)
		p->v[p->n++] = P(v[i]);
	xfree_strings(v, n);
	return p;
}

/*
 * The snapshot most tests start from: the target eni-0a01 (10.0.1.5,
 * public 54.0.0.5) in subnet-0a, group sg-0123 (web) admitting tcp 80
 * from 10.0.0.0/16 and everything out; acl-0a1b on subnet-0a allowing
 * everything both ways at rule 100; the main table rtb-0a01: the VPC's
 * 10.0.0.0/16 local, the rest to igw-0e01.
 */
/* The fixture's group sg-0123, acl-0a1b and rtb-0a01, the first of
 * their kinds, found afresh each time: an adder moves the arrays. */
#define WEB(x) (&(x)->c.sgs[0])
#define ACL(x) (&(x)->c.acls[0])
#define RT(x)  (&(x)->c.rts[0])

struct fx {
	struct vpc_config c;
	struct vpc_flow f;
	struct vpc_eval e;
};

static int
setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof(*x));

	add_if(&x->c, "eni-0a01", "subnet-0a", "10.0.1.5", "54.0.0.5",
	    "sg-0123");
	add_sg(&x->c, "sg-0123", "web");
	sg_rule(WEB(x), false, 6, 80, 80, "10.0.0.0/16");
	sg_rule(WEB(x), true, ALL, ANY, ANY, "0.0.0.0/0");
	add_acl(&x->c, "acl-0a1b", "subnet-0a");
	acl_entry(ACL(x), 100, false, true, ALL, ANY, ANY, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	add_rt(&x->c, "rtb-0a01", true, "");
	route(RT(x), "10.0.0.0/16", "local", false);
	route(RT(x), "0.0.0.0/0", "igw-0e01", false);
	x->f.client = A("203.0.113.5");
	x->f.target = A("10.0.1.5");
	x->f.protocol = 6;
	x->f.port = 80;
	x->f.client_port = 51234;
	vpc_eval_release(&x->e);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	vpc_eval_release(&x->e);
	vpc_config_release(&x->c);
	free(x);
	return 0;
}

/* Evaluates the fixture's flow afresh. */
static const struct vpc_eval *
run(struct fx *x)
{
	vpc_eval_release(&x->e);
	vpc_evaluate(&x->c, &x->f, &x->e);
	return &x->e;
}

static void
assert_layer(const struct vpc_eval *e, enum vpc_layer l, enum vpc_decision want)
{
	if (e->layer[l].decision != want)
		fail_msg("%s: %s, not %s (why: %s)", vpc_layer_name(l),
		    vpc_decision_name(e->layer[l].decision),
		    vpc_decision_name(want),
		    e->layer[l].why != NULL ? e->layer[l].why : "-");
}

static void
assert_str(const char *got, const char *want)
{
	if (want == NULL) {
		if (got != NULL)
			fail_msg("'%s', not NULL", got);
		return;
	}
	if (got == NULL)
		fail_msg("NULL, not '%s'", want);
	assert_string_equal(got, want);
}

static void
test_vpc_eval_names(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(vpc_layer_name(VPC_CLIENT_SG_OUT), "client-sg-out");
	assert_string_equal(vpc_layer_name(VPC_CLIENT_ACL_OUT),
	    "client-acl-out");
	assert_string_equal(vpc_layer_name(VPC_ROUTE_REQUEST), "route-request");
	assert_string_equal(vpc_layer_name(VPC_TARGET_ACL_IN), "target-acl-in");
	assert_string_equal(vpc_layer_name(VPC_TARGET_SG_IN), "target-sg-in");
	assert_string_equal(vpc_layer_name(VPC_TARGET_ACL_OUT),
	    "target-acl-out");
	assert_string_equal(vpc_layer_name(VPC_ROUTE_REPLY), "route-reply");
	assert_string_equal(vpc_layer_name(VPC_CLIENT_ACL_IN), "client-acl-in");
	assert_false(vpc_layer_is_reply(VPC_TARGET_SG_IN));
	assert_false(vpc_layer_is_reply(VPC_ROUTE_REQUEST));
	assert_true(vpc_layer_is_reply(VPC_TARGET_ACL_OUT));
	assert_true(vpc_layer_is_reply(VPC_ROUTE_REPLY));
	assert_true(vpc_layer_is_reply(VPC_CLIENT_ACL_IN));
	assert_string_equal(vpc_decision_name(VPC_UNKNOWN), "unknown");
	assert_string_equal(vpc_decision_name(VPC_SKIPPED), "skipped");
	assert_string_equal(vpc_decision_name(VPC_ALLOWS), "allows");
	assert_string_equal(vpc_decision_name(VPC_DENIES), "denies");
	assert_string_equal(vpc_protocol_name(6, b, sizeof(b)), "tcp");
	assert_string_equal(vpc_protocol_name(17, b, sizeof(b)), "udp");
	assert_string_equal(vpc_protocol_name(1, b, sizeof(b)), "icmp");
	assert_string_equal(vpc_protocol_name(58, b, sizeof(b)), "icmpv6");
	assert_string_equal(vpc_protocol_name(-1, b, sizeof(b)), "all");
	assert_string_equal(vpc_protocol_name(50, b, sizeof(b)), "50");
}

/* Without the target's interface nothing is decided. */
static void
test_vpc_eval_target_unknown(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;
	int l;

	x->f.target = A("10.0.1.99");
	e = run(x);
	assert_false(e->target_known);
	assert_false(e->allows);
	assert_int_equal(e->first_deny, VPC_NLAYERS);
	for (l = 0; l < VPC_NLAYERS; l++)
		assert_layer(e, l, VPC_UNKNOWN);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no interface of the snapshot holds 10.0.1.99");
	/* Named by id, the interface counts only when it holds the address:
	 * one the records only think may be the target's can be the
	 * client's. */
	x->f.target_interface = "eni-0fff";
	e = run(x);
	assert_false(e->target_known);
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "no interface of the snapshot holds 10.0.1.99");
	x->f.target_interface = "eni-0a01";
	e = run(x);
	assert_false(e->target_known);
	x->f.target = A("10.0.1.5");
	e = run(x);
	assert_true(e->target_known);
	assert_ptr_equal(e->target_if, &x->c.ifs[0]);
}

/* A public client the group admits: every layer crossed allows, the
 * client's own are skipped. */
static void
test_vpc_eval_allows(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	e = run(x);
	assert_true(e->target_known);
	assert_null(e->client_if);
	assert_layer(e, VPC_CLIENT_SG_OUT, VPC_SKIPPED);
	assert_layer(e, VPC_CLIENT_ACL_OUT, VPC_SKIPPED);
	assert_layer(e, VPC_ROUTE_REQUEST, VPC_SKIPPED);
	assert_layer(e, VPC_CLIENT_ACL_IN, VPC_SKIPPED);
	assert_str(e->layer[VPC_CLIENT_SG_OUT].why,
	    "the client is not in the snapshot: its own groups, ACL and "
	    "routes are not judged");
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_ALLOWS);
	assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number, 100);
	assert_str(e->layer[VPC_TARGET_ACL_IN].entry,
	    "acl-0a1b ingress rule 100 allows all traffic from 0.0.0.0/0");
	assert_str(e->layer[VPC_TARGET_ACL_IN].component, "acl-0a1b");
	assert_str(e->layer[VPC_TARGET_ACL_IN].origin, "api");
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound tcp 80 from 0.0.0.0/0");
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "sg-0123 (web) inbound tcp 80 from 0.0.0.0/0: it admits tcp/80 from "
	    "203.0.113.5");
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_ACL_OUT].why,
	    "acl-0a1b egress rule 100 allows all traffic to 0.0.0.0/0: the "
	    "tcp replies from 10.0.1.5:80 to 203.0.113.5:51234 pass it");
	assert_layer(e, VPC_ROUTE_REPLY, VPC_ALLOWS);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0a01 route 0.0.0.0/0 -> igw-0e01");
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "rtb-0a01 route 0.0.0.0/0 -> igw-0e01: the replies to "
	    "203.0.113.5 leave by igw-0e01, to the internet");
	assert_true(e->allows);
	assert_int_equal(e->first_deny, VPC_NLAYERS);
	assert_null(e->layer[VPC_TARGET_SG_IN].fix);
}

/* The example: the group admits the VPC only. */
static void
test_vpc_eval_sg_cidr(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e = run(x);
	const struct vpc_result *r = &e->layer[VPC_TARGET_SG_IN];

	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_false(e->allows);
	assert_int_equal(e->first_deny, VPC_TARGET_SG_IN);
	assert_str(r->component, "sg-0123");
	assert_str(r->why,
	    "no rule of sg-0123 (web) admits tcp/80 from "
	    "203.0.113.5: it admits tcp/80 from 10.0.0.0/16 "
	    "only");
	assert_str(r->entry, "sg-0123 (web) inbound: tcp 80 from 10.0.0.0/16");
	assert_str(r->fix,
	    "aws ec2 authorize-security-group-ingress "
	    "--group-id sg-0123 --protocol tcp --port 80 "
	    "--cidr 203.0.113.5/32");
	/* Inside the VPC the same rule admits. */
	x->f.client = A("10.0.200.7");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound tcp 80 from 10.0.0.0/16");
	/* 10.1.0.0 is the first address past 10.0.0.0/16. */
	x->f.client = A("10.1.0.0");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_DENIES);
}

/* Rule numbers decide, not the order entries are given in. */
static void
test_vpc_eval_acl_order(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;
	const struct vpc_result *r;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, true, 6, 80, 80, "0.0.0.0/0");
	acl_entry(ACL(x), 90, false, false, 6, 80, 80, "203.0.113.0/24");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	e = run(x);
	r = &e->layer[VPC_TARGET_ACL_IN];
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_int_equal(r->rule_number, 90);
	assert_int_equal(e->first_deny, VPC_TARGET_ACL_IN);
	assert_str(r->entry,
	    "acl-0a1b ingress rule 90 denies tcp 80 from 203.0.113.0/24");
	assert_str(r->why,
	    "acl-0a1b ingress rule 90 denies tcp 80 from "
	    "203.0.113.0/24: the tcp requests from 203.0.113.5 "
	    "to 10.0.1.5:80 hit it");
	assert_str(r->fix,
	    "aws ec2 create-network-acl-entry "
	    "--network-acl-id acl-0a1b --ingress --rule-number "
	    "89 --protocol tcp --port-range From=80,To=80 "
	    "--cidr-block 203.0.113.5/32 --rule-action allow");
	/* The deny at 110 comes after the allow at 100. */
	ACL(x)->n = 0;
	acl_entry(ACL(x), 110, false, false, 6, 80, 80, "203.0.113.0/24");
	acl_entry(ACL(x), 100, false, true, 6, 80, 80, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_ALLOWS);
	assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number, 100);
	assert_true(e->allows);
}

/* Port ranges hold both ends and nothing past them, in ACLs and groups. */
static void
test_vpc_eval_port_edges(void **state)
{
	struct fx *x = *state;
	static const struct {
		int port;
		enum vpc_decision want;
	} cases[] = { { 79, VPC_DENIES }, { 80, VPC_ALLOWS },
		{ 90, VPC_ALLOWS }, { 91, VPC_DENIES } };
	size_t i;

	WEB(x)->nin = 0;
	sg_rule(WEB(x), false, 6, 80, 90, "0.0.0.0/0");
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, true, 6, 80, 90, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		x->f.port = cases[i].port;
		run(x);
		assert_layer(&x->e, VPC_TARGET_ACL_IN, cases[i].want);
		assert_layer(&x->e, VPC_TARGET_SG_IN, cases[i].want);
	}
	/* Past the range the final "*" denies. */
	assert_int_equal(x->e.layer[VPC_TARGET_ACL_IN].rule_number,
	    VPC_ACL_LAST);
	assert_str(x->e.layer[VPC_TARGET_SG_IN].why,
	    "no rule of sg-0123 (web) admits tcp/91 from 203.0.113.5: it "
	    "admits tcp 80-90 from 0.0.0.0/0 only");
}

/* Protocol -1 takes every protocol; a tcp entry does not take udp. */
static void
test_vpc_eval_protocol_all(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	x->f.protocol = 17;
	x->f.port = 53;
	sg_rule(WEB(x), false, ALL, ANY, ANY, "203.0.113.0/24");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound all traffic from 203.0.113.0/24");
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_ALLOWS);
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, true, 6, 0, 65535, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number, VPC_ACL_LAST);
	assert_str(e->layer[VPC_TARGET_ACL_IN].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0a1b "
	    "--ingress --rule-number 32766 --protocol udp --port-range "
	    "From=53,To=53 --cidr-block 203.0.113.5/32 --rule-action allow");
}

/* ICMP: the type exactly, -1 for any code; the reply is type 0. */
static void
test_vpc_eval_icmp(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	x->f.protocol = 1;
	x->f.port = 8;
	x->f.client_port = -1;
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, true, 1, 8, ANY, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, 1, 0, ANY, "0.0.0.0/0");
	sg_rule(WEB(x), false, 1, 8, ANY, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound icmp type 8 from 0.0.0.0/0");
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_ALLOWS);
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_ALLOWS);
	assert_true(e->allows);
	/* Timestamp (13) is another type. */
	x->f.port = 13;
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_SG_IN].fix,
	    "aws ec2 authorize-security-group-ingress --group-id sg-0123 "
	    "--ip-permissions "
	    "'IpProtocol=icmp,FromPort=13,ToPort=-1,IpRanges=[{CidrIp=203.0."
	    "113.5/32}]'");
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_ACL_IN].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0a1b "
	    "--ingress --rule-number 32766 --protocol 1 --icmp-type-code "
	    "Type=13,Code=-1 --cidr-block 203.0.113.5/32 --rule-action allow");
	/* The echo replies (type 0) need their own egress entry. */
	x->f.port = 8;
	ACL(x)->n = 1;
	acl_entry(ACL(x), 100, true, true, 1, 8, ANY, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_ALLOWS);
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_ACL_OUT].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0a1b "
	    "--egress --rule-number 32766 --protocol 1 --icmp-type-code "
	    "Type=0,Code=-1 --cidr-block 203.0.113.5/32 --rule-action allow");
	/* Destination unreachable (3) has no reply to judge. */
	x->f.port = 3;
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_SKIPPED);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_SKIPPED);
	assert_str(e->layer[VPC_ROUTE_REPLY].why, "icmp type 3 has no reply");
	x->f.port = 8;
	/* A code given: echo requests are code 0. */
	WEB(x)->nin = 0;
	sg_rule(WEB(x), false, 1, 8, 0, "0.0.0.0/0");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_ALLOWS);
	WEB(x)->nin = 0;
	sg_rule(WEB(x), false, 1, 8, 1, "0.0.0.0/0");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_DENIES);
}

/* A prefix list admits what its entries hold; unknown entries leave the
 * layer undecided unless another rule admits. */
static void
test_vpc_eval_prefix_list(void **state)
{
	struct fx *x = *state;
	struct vpc_prefix_list *pl;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "pl-0a1b");
	pl = add_pl(&x->c, "pl-0a1b", true, "198.51.100.0/24 203.0.113.0/24");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound tcp 80 from pl-0a1b");
	x->f.client = A("192.0.2.9");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule of sg-0123 (web) admits tcp/80 from 192.0.2.9: it "
	    "admits tcp/80 from 10.0.0.0/16, pl-0a1b only");
	pl->entries_known = false;
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_UNKNOWN);
	assert_false(e->allows);
	assert_str(e->layer[VPC_TARGET_SG_IN].component, "sg-0123");
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule that can be judged admits tcp/80 from 192.0.2.9, but "
	    "sg-0123 (web) inbound tcp 80 from pl-0a1b: pl-0a1b has entries "
	    "that are not known");
	/* Another rule that admits decides. */
	sg_rule(WEB(x), false, 6, 0, 65535, "192.0.2.0/24");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_ALLOWS);
	/* A list not in the snapshot at all. */
	WEB(x)->nin = 2;
	WEB(x)->in[1].ref[3] = 'f';
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_UNKNOWN);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule that can be judged admits tcp/80 from 192.0.2.9, but "
	    "sg-0123 (web) inbound tcp 80 from pl-fa1b: pl-fa1b is not in "
	    "the snapshot");
}

/* IPv4 entries do not hold an IPv6 address: the final "*" denies it. */
static void
test_vpc_eval_ipv6(void **state)
{
	struct fx *x = *state;
	struct vpc_interface *f = &x->c.ifs[0];
	const struct vpc_eval *e;

	f->addrs[f->naddrs++] = A("2600:1f18::5");
	x->f.client = A("2001:db8::5");
	x->f.target = A("2600:1f18::5");
	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	route(RT(x), "::/0", "igw-0e01", false);
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number, VPC_ACL_LAST);
	assert_str(e->layer[VPC_TARGET_ACL_IN].entry,
	    "acl-0a1b ingress rule * denies all traffic from ::/0");
	assert_str(e->layer[VPC_TARGET_ACL_IN].why,
	    "no entry of acl-0a1b ingress before the final * admits the tcp "
	    "requests from 2001:db8::5 to [2600:1f18::5]:80: the * entry "
	    "denies them (acl-0a1b has no IPv6 ingress entry)");
	assert_str(e->layer[VPC_TARGET_ACL_IN].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0a1b "
	    "--ingress --rule-number 32766 --protocol tcp --port-range "
	    "From=80,To=80 --ipv6-cidr-block 2001:db8::5/128 --rule-action "
	    "allow");
	/* Nor does 0.0.0.0/0 in a group. */
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_SG_IN].fix,
	    "aws ec2 authorize-security-group-ingress --group-id sg-0123 "
	    "--ip-permissions "
	    "'IpProtocol=tcp,FromPort=80,ToPort=80,Ipv6Ranges=[{CidrIpv6=2001:"
	    "db8::5/128}]'");
	assert_layer(e, VPC_ROUTE_REPLY, VPC_ALLOWS);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0a01 route ::/0 -> igw-0e01");
	/* The global IPv6 address is reachable: no request deny. */
	assert_layer(e, VPC_ROUTE_REQUEST, VPC_SKIPPED);
	acl_entry(ACL(x), 101, false, true, ALL, ANY, ANY, "::/0");
	acl_entry(ACL(x), 101, true, true, ALL, ANY, ANY, "::/0");
	sg_rule(WEB(x), false, 6, 80, 80, "::/0");
	e = run(x);
	assert_true(e->allows);
	assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number, 101);
}

/* The final "*": the same whether the snapshot lists it (AWS) or not
 * (moto's custom ACLs). */
static void
test_vpc_eval_final_entry(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;
	int i;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	for (i = 0; i < 2; i++) {
		if (i == 1)
			acl_entry(ACL(x), VPC_ACL_LAST, false, false, ALL, ANY,
			    ANY, "0.0.0.0/0");
		e = run(x);
		assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
		assert_int_equal(e->layer[VPC_TARGET_ACL_IN].rule_number,
		    VPC_ACL_LAST);
		assert_str(e->layer[VPC_TARGET_ACL_IN].entry,
		    "acl-0a1b ingress rule * denies all traffic from "
		    "0.0.0.0/0");
	}
}

/* The replies: every port of the ephemeral range when the client's is
 * not known, its own port when it is. */
static void
test_vpc_eval_reply_ports(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;
	const struct vpc_result *r;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	x->f.client = A("203.0.113.12");
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, true, ALL, ANY, ANY, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, false, 6, 0, 65535, "0.0.0.0/0");
	e = run(x);
	r = &e->layer[VPC_TARGET_ACL_OUT];
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_DENIES);
	assert_int_equal(e->first_deny, VPC_TARGET_ACL_OUT);
	assert_str(r->why,
	    "acl-0a1b egress rule 100 denies tcp 0-65535 to "
	    "0.0.0.0/0: the tcp replies from 10.0.1.5:80 to "
	    "203.0.113.12:51234 hit it");
	assert_str(r->fix,
	    "aws ec2 create-network-acl-entry "
	    "--network-acl-id acl-0a1b --egress --rule-number "
	    "99 --protocol tcp --port-range From=1024,To=65535 "
	    "--cidr-block 203.0.113.12/32 --rule-action allow");
	/* Part of the range: 1024-2000 allowed, 2001 on denied by 200. */
	x->f.client_port = -1;
	ACL(x)->n = 1;
	acl_entry(ACL(x), 200, true, false, ALL, ANY, ANY, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, 6, 1024, 2000, "0.0.0.0/0");
	e = run(x);
	r = &e->layer[VPC_TARGET_ACL_OUT];
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_DENIES);
	assert_int_equal(r->rule_number, 200);
	assert_str(r->why,
	    "acl-0a1b egress rule 200 denies all traffic to "
	    "0.0.0.0/0: the tcp replies from 10.0.1.5:80 to "
	    "203.0.113.12 on ports 1024-65535 (the client's "
	    "port is not known) hit it at port 2001");
	assert_str(r->fix,
	    "aws ec2 create-network-acl-entry "
	    "--network-acl-id acl-0a1b --egress --rule-number "
	    "199 --protocol tcp --port-range From=1024,To=65535 "
	    "--cidr-block 203.0.113.12/32 --rule-action allow");
	/* A known port inside the allowed part passes. */
	x->f.client_port = 1500;
	assert_int_equal(run(x)->layer[VPC_TARGET_ACL_OUT].decision,
	    VPC_ALLOWS);
	/* The whole range allowed, by two entries. */
	x->f.client_port = -1;
	acl_entry(ACL(x), 150, true, true, 6, 2001, 65535, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_ALLOWS);
	assert_int_equal(e->layer[VPC_TARGET_ACL_OUT].rule_number, 100);
	/* A deny of one port inside an allowed range, numbered lower: the
	 * allowing entry must come before the lowest deny. */
	acl_entry(ACL(x), 50, true, false, 6, 3000, 3000, "0.0.0.0/0");
	e = run(x);
	r = &e->layer[VPC_TARGET_ACL_OUT];
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_DENIES);
	assert_int_equal(r->rule_number, 50);
	assert_str(r->fix,
	    "aws ec2 create-network-acl-entry "
	    "--network-acl-id acl-0a1b --egress --rule-number "
	    "49 --protocol tcp --port-range From=1024,To=65535 "
	    "--cidr-block 203.0.113.12/32 --rule-action allow");
}

/* The allowing entry takes the highest free number below the deny. */
static void
test_vpc_eval_free_number(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	ACL(x)->n = 0;
	acl_entry(ACL(x), 100, false, false, 6, 80, 80, "0.0.0.0/0");
	acl_entry(ACL(x), 99, false, true, 6, 22, 22, "0.0.0.0/0");
	acl_entry(ACL(x), 98, true, true, 6, 443, 443, "0.0.0.0/0");
	acl_entry(ACL(x), 100, true, true, ALL, ANY, ANY, "0.0.0.0/0");
	e = run(x);
	/* 99 is taken on ingress; 98 only on egress. */
	assert_str(e->layer[VPC_TARGET_ACL_IN].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0a1b "
	    "--ingress --rule-number 98 --protocol tcp --port-range "
	    "From=80,To=80 --cidr-block 203.0.113.5/32 --rule-action allow");
	ACL(x)->v[0].number = 1;
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_null(e->layer[VPC_TARGET_ACL_IN].fix);
	assert_str(e->layer[VPC_TARGET_ACL_IN].why,
	    "acl-0a1b ingress rule 1 denies tcp 80 from 0.0.0.0/0: the tcp "
	    "requests from 203.0.113.5 to 10.0.1.5:80 hit it; no rule number "
	    "below 1 is free for an entry that allows them");
}

/* No ACL lies between two interfaces of one subnet. */
static void
test_vpc_eval_same_subnet(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	add_if(&x->c, "eni-0b02", "subnet-0a", "10.0.1.9", NULL, "sg-0123");
	ACL(x)->n = 0;
	x->f.client = A("10.0.1.9");
	e = run(x);
	assert_non_null(e->client_if);
	assert_layer(e, VPC_CLIENT_ACL_OUT, VPC_SKIPPED);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_SKIPPED);
	assert_layer(e, VPC_TARGET_ACL_OUT, VPC_SKIPPED);
	assert_layer(e, VPC_CLIENT_ACL_IN, VPC_SKIPPED);
	assert_str(e->layer[VPC_TARGET_ACL_IN].why,
	    "eni-0b02 and eni-0a01 are in one subnet, subnet-0a: no network "
	    "ACL lies between them");
	assert_layer(e, VPC_CLIENT_SG_OUT, VPC_ALLOWS);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_layer(e, VPC_ROUTE_REQUEST, VPC_ALLOWS);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_ALLOWS);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0a01 route 10.0.0.0/16 -> local");
	assert_true(e->allows);
	/* In another subnet, whose ACL the snapshot lacks. */
	free(x->c.ifs[1].subnet);
	x->c.ifs[1].subnet = xstrdup("subnet-0b");
	e = run(x);
	assert_layer(e, VPC_CLIENT_ACL_OUT, VPC_UNKNOWN);
	assert_str(e->layer[VPC_CLIENT_ACL_OUT].why,
	    "the network ACL of subnet-0b (eni-0b02's subnet) is not in the "
	    "snapshot");
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_false(e->allows);
}

/* A referenced group admits its members, and only them. */
static void
test_vpc_eval_group_ref(void **state)
{
	struct fx *x = *state;
	struct vpc_sg *app;
	const struct vpc_eval *e;

	WEB(x)->nin = 0;
	sg_rule(WEB(x), false, 6, 5432, 5432, "sg-0456");
	app = add_sg(&x->c, "sg-0456", "app");
	sg_rule(app, true, ALL, ANY, ANY, "0.0.0.0/0");
	add_sg(&x->c, "sg-0789", "other");
	add_if(&x->c, "eni-0b02", "subnet-0a", "10.0.2.7", NULL, "sg-0456");
	x->f.client = A("10.0.2.7");
	x->f.port = 5432;
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound tcp 5432 from sg-0456");
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "sg-0123 (web) inbound tcp 5432 from sg-0456: it admits tcp/5432 "
	    "from 10.0.2.7: eni-0b02 is in sg-0456");
	/* By its public address the member comes through the internet,
	 * which a group reference does not admit. */
	x->c.ifs[1].public_ip = A("54.0.0.9");
	x->f.client = A("54.0.0.9");
	e = run(x);
	assert_ptr_equal(e->client_if, &x->c.ifs[1]);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	x->f.client = A("10.0.2.7");
	/* The client in another group. */
	free(x->c.ifs[1].groups[0]);
	x->c.ifs[1].groups[0] = xstrdup("sg-0789");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule of sg-0123 (web) admits tcp/5432 from 10.0.2.7: it "
	    "admits tcp/5432 from sg-0456 only");
	/* Its own group has no outbound rule. */
	assert_layer(e, VPC_CLIENT_SG_OUT, VPC_DENIES);
	assert_str(e->layer[VPC_CLIENT_SG_OUT].why,
	    "no rule of sg-0789 (other) admits tcp/5432 to 10.0.1.5: it has "
	    "no outbound rule");
	assert_str(e->layer[VPC_CLIENT_SG_OUT].fix,
	    "aws ec2 authorize-security-group-egress --group-id sg-0789 "
	    "--ip-permissions "
	    "'IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=10.0."
	    "1.5/32}]'");
	assert_int_equal(e->first_deny, VPC_CLIENT_SG_OUT);
	/* A private client not in the snapshot may be a member: the rule
	 * cannot tell, and says so. */
	x->f.client = A("10.0.2.8");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_UNKNOWN);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule that can be judged admits tcp/5432 from 10.0.2.8, but "
	    "sg-0123 (web) inbound tcp 5432 from sg-0456: whether 10.0.2.8 is "
	    "in sg-0456 is not known (its interface is not in the snapshot)");
	assert_null(e->layer[VPC_TARGET_SG_IN].fix);
	/* A public one is no member: a group admits by private address. */
	x->f.client = A("198.51.100.8");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_DENIES);
}

/* Any rule of any group admits; a group missing leaves the layer
 * undecided unless another admits. */
static void
test_vpc_eval_two_groups(void **state)
{
	struct fx *x = *state;
	struct vpc_interface *f = &x->c.ifs[0];
	struct vpc_sg *db;
	const struct vpc_eval *e;

	xfree_strings(f->groups, f->ngroups);
	f->groups = words("sg-0123 sg-0456", &f->ngroups);
	db = add_sg(&x->c, "sg-0456", "db");
	sg_rule(db, false, 6, 443, 443, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule of sg-0123 (web) or sg-0456 (db) admits tcp/80 from "
	    "203.0.113.5: they admit tcp/80 from 10.0.0.0/16 only");
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound: tcp 80 from 10.0.0.0/16; sg-0456 (db) "
	    "inbound: tcp 443 from 0.0.0.0/0");
	sg_rule(db, false, 6, 80, 80, "203.0.113.5/32");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_str(e->layer[VPC_TARGET_SG_IN].component, "sg-0456");
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0456 (db) inbound tcp 80 from 203.0.113.5/32");
	/* The admitting group's id changes: the one named is missing. */
	free(db->id);
	db->id = xstrdup("sg-0999");
	e = run(x);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_UNKNOWN);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule that can be judged admits tcp/80 from 203.0.113.5, but "
	    "sg-0456, a group of eni-0a01, is not in the snapshot");
	WEB(x)->nin = 0;
	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	assert_int_equal(run(x)->layer[VPC_TARGET_SG_IN].decision, VPC_ALLOWS);
}

/* The longest prefix wins, whatever the order of the routes. */
static void
test_vpc_eval_route_longest(void **state)
{
	struct fx *x = *state;
	struct vpc_route_table *t;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	route(RT(x), "203.0.113.0/24", "tgw-0c01", false);
	route(RT(x), "203.0.0.0/16", "pcx-0d01", false);
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_ALLOWS);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0a01 route 203.0.113.0/24 -> tgw-0c01");
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "rtb-0a01 route 203.0.113.0/24 -> tgw-0c01: the replies to "
	    "203.0.113.5 leave by tgw-0c01, and what is beyond it (an "
	    "appliance, a firewall endpoint, a peer) then decides");
	x->f.client = A("203.0.9.9");
	assert_str(run(x)->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0a01 route 203.0.0.0/16 -> pcx-0d01");
	/* The subnet's own table, before the main one; its most specific
	 * route a prefix list's entry. */
	t = add_rt(&x->c, "rtb-0b02", false, "subnet-0a");
	route(t, "pl-0a1b", "vpce-0a02", false);
	route(t, "0.0.0.0/0", "igw-0e01", false);
	route(t, "203.0.0.0/16", "eni-0c03", false);
	add_pl(&x->c, "pl-0a1b", true, "203.0.0.0/8 203.0.9.0/24");
	e = run(x);
	assert_str(e->layer[VPC_ROUTE_REPLY].component, "rtb-0b02");
	/* The list's /24 holds 203.0.9.9: longer than the /16. */
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route pl-0a1b -> vpce-0a02");
	/* Its /8 only holds 203.0.10.1: the /16 wins. */
	x->f.client = A("203.0.10.1");
	assert_str(run(x)->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 203.0.0.0/16 -> eni-0c03");
	x->f.client = A("198.51.100.1");
	assert_str(run(x)->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 0.0.0.0/0 -> igw-0e01");
	/* At one length a CIDR's route comes before a list's (AWS's route
	 * priority: longest prefix, then static routes, then lists). */
	route(t, "203.0.9.0/24", "pcx-0d02", false);
	x->f.client = A("203.0.9.9");
	assert_str(run(x)->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 203.0.9.0/24 -> pcx-0d02");
}

/* A blackhole drops the replies; the VPC's internet gateway, seen in
 * another table, is the fix. */
static void
test_vpc_eval_route_blackhole(void **state)
{
	struct fx *x = *state;
	struct vpc_route_table *t;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	t = add_rt(&x->c, "rtb-0b02", false, "subnet-0a");
	route(t, "10.0.0.0/16", "local", false);
	route(t, "0.0.0.0/0", "nat-0f01", true);
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_int_equal(e->first_deny, VPC_ROUTE_REPLY);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 0.0.0.0/0 -> blackhole");
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "rtb-0b02 route 0.0.0.0/0 -> blackhole: the replies to "
	    "203.0.113.5 are dropped, as the target it named, nat-0f01, is "
	    "gone");
	assert_str(e->layer[VPC_ROUTE_REPLY].fix,
	    "aws ec2 replace-route --route-table-id rtb-0b02 "
	    "--destination-cidr-block 0.0.0.0/0 --gateway-id igw-0e01");
	/* No gateway anywhere in the VPC: no command. */
	RT(x)->v[1].blackhole = true;
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_null(e->layer[VPC_ROUTE_REPLY].fix);
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "rtb-0b02 route 0.0.0.0/0 -> blackhole: the replies to "
	    "203.0.113.5 are dropped, as the target it named, nat-0f01, is "
	    "gone (no internet gateway of vpc-0100 is in the snapshot: the "
	    "VPC needs one attached, and a route to it)");
}

/* A public client, a table without a route to it. */
static void
test_vpc_eval_route_missing(void **state)
{
	struct fx *x = *state;
	struct vpc_route_table *t;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	t = add_rt(&x->c, "rtb-0b02", false, "subnet-0a");
	route(t, "10.0.0.0/16", "local", false);
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "no route to 203.0.113.5 in rtb-0b02");
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 routes: 10.0.0.0/16 -> local");
	assert_str(e->layer[VPC_ROUTE_REPLY].fix,
	    "aws ec2 create-route --route-table-id rtb-0b02 "
	    "--destination-cidr-block 0.0.0.0/0 --gateway-id igw-0e01");
	/* A private client: no gateway carries it. */
	x->f.client = A("172.16.0.4");
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_null(e->layer[VPC_ROUTE_REPLY].fix);
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "no route to 172.16.0.4 in rtb-0b02 (172.16.0.4 is a private "
	    "address: a route to its network, by a transit gateway, VPN or "
	    "peering, is what is missing)");
	/* Nor does an internet gateway. */
	route(t, "0.0.0.0/0", "igw-0e01", false);
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 0.0.0.0/0 -> igw-0e01");
	assert_null(e->layer[VPC_ROUTE_REPLY].fix);
	free(t->v[1].target);
	t->n = 1;
	/* The replies through a NAT gateway never reach a public client. */
	x->f.client = A("203.0.113.5");
	route(t, "0.0.0.0/0", "nat-0f01", false);
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_DENIES);
	assert_null(e->layer[VPC_ROUTE_REPLY].fix);
	assert_str(e->layer[VPC_ROUTE_REPLY].entry,
	    "rtb-0b02 route 0.0.0.0/0 -> nat-0f01");
	assert_has_text(e->layer[VPC_ROUTE_REPLY].why,
	    "leave by nat-0f01, which translates their source");
}

/* The internet reaches only an interface with a public address. */
static void
test_vpc_eval_no_public_address(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	sg_rule(WEB(x), false, 6, 80, 80, "0.0.0.0/0");
	memset(&x->c.ifs[0].public_ip, 0, sizeof(x->c.ifs[0].public_ip));
	e = run(x);
	assert_layer(e, VPC_ROUTE_REQUEST, VPC_DENIES);
	assert_int_equal(e->first_deny, VPC_ROUTE_REQUEST);
	assert_str(e->layer[VPC_ROUTE_REQUEST].component, "eni-0a01");
	assert_str(e->layer[VPC_ROUTE_REQUEST].why,
	    "203.0.113.5 is on the internet and eni-0a01 has no public "
	    "address: the internet cannot reach it directly");
	assert_null(e->layer[VPC_ROUTE_REQUEST].fix);
	/* A private client outside the snapshot is not judged. */
	x->f.client = A("10.0.9.9");
	assert_int_equal(run(x)->layer[VPC_ROUTE_REQUEST].decision,
	    VPC_SKIPPED);
}

/* The client in the VPC: its own group, ACL and route are judged. */
static void
test_vpc_eval_client_layers(void **state)
{
	struct fx *x = *state;
	struct vpc_sg *g;
	struct vpc_acl *a;
	const struct vpc_eval *e;

	add_if(&x->c, "eni-0b02", "subnet-0b", "10.0.2.7", NULL, "sg-0789");
	g = add_sg(&x->c, "sg-0789", NULL);
	sg_rule(g, true, 6, 443, 443, "0.0.0.0/0");
	a = add_acl(&x->c, "acl-0c2d", "subnet-0b");
	acl_entry(a, 100, true, true, 6, 80, 80, "10.0.1.0/24");
	acl_entry(a, 100, false, true, 6, 1024, 65535, "10.0.1.0/24");
	x->f.client = A("10.0.2.7");
	e = run(x);
	assert_layer(e, VPC_CLIENT_SG_OUT, VPC_DENIES);
	assert_str(e->layer[VPC_CLIENT_SG_OUT].why,
	    "no rule of sg-0789 admits tcp/80 to 10.0.1.5: it admits tcp 443 "
	    "to 0.0.0.0/0 only");
	assert_layer(e, VPC_CLIENT_ACL_OUT, VPC_ALLOWS);
	assert_str(e->layer[VPC_CLIENT_ACL_OUT].entry,
	    "acl-0c2d egress rule 100 allows tcp 80 to 10.0.1.0/24");
	assert_layer(e, VPC_ROUTE_REQUEST, VPC_ALLOWS);
	assert_layer(e, VPC_TARGET_SG_IN, VPC_ALLOWS);
	assert_layer(e, VPC_CLIENT_ACL_IN, VPC_ALLOWS);
	/* The reply to a port below the range the entry allows. */
	x->f.client_port = 1023;
	e = run(x);
	assert_layer(e, VPC_CLIENT_ACL_IN, VPC_DENIES);
	assert_str(e->layer[VPC_CLIENT_ACL_IN].fix,
	    "aws ec2 create-network-acl-entry --network-acl-id acl-0c2d "
	    "--ingress --rule-number 32766 --protocol tcp --port-range "
	    "From=1023,To=65535 --cidr-block 10.0.1.5/32 --rule-action allow");
	assert_int_equal(e->first_deny, VPC_CLIENT_SG_OUT);
}

/* An id not of AWS's form never reaches a command. */
static void
test_vpc_eval_bad_id(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;

	free(ACL(x)->id);
	ACL(x)->id = xstrdup("acl-0a1b;reboot");
	ACL(x)->n = 0;
	free(WEB(x)->id);
	WEB(x)->id = xstrdup("sg-$(id)");
	free(x->c.ifs[0].groups[0]);
	x->c.ifs[0].groups[0] = xstrdup("sg-$(id)");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_DENIES);
	assert_null(e->layer[VPC_TARGET_ACL_IN].fix);
	assert_has_text(e->layer[VPC_TARGET_ACL_IN].why,
	    "no command is given: 'acl-0a1b;reboot' is not an id of AWS's "
	    "form");
	assert_layer(e, VPC_TARGET_SG_IN, VPC_DENIES);
	assert_null(e->layer[VPC_TARGET_SG_IN].fix);
}

/* What could not be had is said once a part, and at most
 * VPC_MISSING_MAX lines and one that says more were: a hostile file can
 * miss parts without end. */
static void
test_vpc_missing_bounded(void **state)
{
	struct vpc_config c = { 0 };
	int i;

	(void)state;
	vpc_missing(&c, "ec2:DescribeNetworkAcls denied");
	vpc_missing(&c, "ec2:DescribeNetworkAcls denied");
	assert_int_equal(c.nmissing, 1);
	for (i = 0; i < 1000; i++)
		vpc_missing(&c, "f.json: route %d has no target", i);
	assert_int_equal(c.nmissing, VPC_MISSING_MAX + 1);
	assert_string_equal(c.missing[VPC_MISSING_MAX - 1],
	    "f.json: route 62 has no target");
	assert_string_equal(c.missing[VPC_MISSING_MAX],
	    "and more parts could not be had: the first ones above say why");
	vpc_config_release(&c);
}

/* What a snapshot holds in excess is capped: six rules listed as four
 * and "2 more", an ACL past what AWS allows not judged. */
static void
test_vpc_eval_bounded(void **state)
{
	struct fx *x = *state;
	const struct vpc_eval *e;
	char cidr[32];
	int i;

	for (i = 1; i <= 5; i++) {
		snprintf(cidr, sizeof(cidr), "10.%d.0.0/16", i);
		sg_rule(WEB(x), false, 6, 80, 80, cidr);
	}
	e = run(x);
	assert_str(e->layer[VPC_TARGET_SG_IN].why,
	    "no rule of sg-0123 (web) admits tcp/80 from 203.0.113.5: it "
	    "admits tcp/80 from 10.0.0.0/16, 10.1.0.0/16, 10.2.0.0/16, "
	    "10.3.0.0/16 and 2 more only");
	assert_str(e->layer[VPC_TARGET_SG_IN].entry,
	    "sg-0123 (web) inbound: tcp 80 from 10.0.0.0/16, tcp 80 from "
	    "10.1.0.0/16, tcp 80 from 10.2.0.0/16, tcp 80 from 10.3.0.0/16 "
	    "and 2 more");
	for (i = 0; i < 1000; i++)
		acl_entry(ACL(x), 200 + i, false, false, 17, 1, 1, "0.0.0.0/0");
	e = run(x);
	assert_layer(e, VPC_TARGET_ACL_IN, VPC_UNKNOWN);
	assert_str(e->layer[VPC_TARGET_ACL_IN].why,
	    "acl-0a1b holds 1002 entries, more than the 1000 judged: AWS "
	    "allows 40 a direction");
	/* Without the subnet's table or a main one, the routes are not
	 * judged. */
	RT(x)->main = false;
	e = run(x);
	assert_layer(e, VPC_ROUTE_REPLY, VPC_UNKNOWN);
	assert_str(e->layer[VPC_ROUTE_REPLY].why,
	    "no route table of subnet-0a (eni-0a01's subnet), nor a main "
	    "table of vpc-0100, is in the snapshot");
	assert_false(e->allows);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vpc_eval_names),
		T(test_vpc_eval_target_unknown),
		T(test_vpc_eval_allows),
		T(test_vpc_eval_sg_cidr),
		T(test_vpc_eval_acl_order),
		T(test_vpc_eval_port_edges),
		T(test_vpc_eval_protocol_all),
		T(test_vpc_eval_icmp),
		T(test_vpc_eval_prefix_list),
		T(test_vpc_eval_ipv6),
		T(test_vpc_eval_final_entry),
		T(test_vpc_eval_reply_ports),
		T(test_vpc_eval_free_number),
		T(test_vpc_eval_same_subnet),
		T(test_vpc_eval_group_ref),
		T(test_vpc_eval_two_groups),
		T(test_vpc_eval_route_longest),
		T(test_vpc_eval_route_blackhole),
		T(test_vpc_eval_route_missing),
		T(test_vpc_eval_no_public_address),
		T(test_vpc_eval_client_layers),
		T(test_vpc_eval_bad_id),
		T(test_vpc_eval_bounded),
		cmocka_unit_test(test_vpc_missing_bounded),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
