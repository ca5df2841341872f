/*
 * vpc/json.c: the JSON the AWS CLI prints, read into a vpc_config.  The
 * values expected are those the fixtures' makers asked for
 * (tests/make-config-fixtures.sh, tests/data/config/README) as EC2
 * documents them, not what the code printed.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/json.h"
#include "flowdiag/vpc/vpc.h"
#include "helpers.h"

struct state {
	struct vpc_config c;
	struct errinfo ei;
	struct tmpdir td;
};

static int
setup(void **state)
{
	struct state *s = xcalloc(1, sizeof(*s));

	if (tmpdir_make(&s->td, "test_vpc_json") != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct state *s = *state;
	int ret;

	vpc_config_release(&s->c);
	ret = tmpdir_remove(&s->td);
	free(s);
	return ret;
}

/* The path of a fixture of tests/data/config; owned by the caller. */
static char *
fixture(const char *name)
{
	const char *data = getenv("TESTDATA");
	char *path;

	xasprintf(&path, "%s/config/%s",
	    data != NULL && *data != '\0' ? data : "tests/data", name);
	return path;
}

/* Loads the fixture, which must load with nothing missing. */
static void
load_fixture(struct state *s, const char *name)
{
	char *path = fixture(name);

	if (vpc_load_path(&s->c, path, &s->ei) != 0)
		fail_msg("%s: %s", path, s->ei.msg);
	free(path);
	if (s->c.nmissing != 0)
		fail_msg("%s: missing '%s'", name, s->c.missing[0]);
}

/* Loads text as the file t.json; returns what vpc_load_json() did. */
static int
load_text(struct state *s, const char *text)
{
	errinfo_clear(&s->ei);
	return vpc_load_json(&s->c, text, strlen(text), "t.json", &s->ei);
}

static void
assert_prefix(const struct addr_prefix *p, const char *want)
{
	struct addr_prefix w;

	assert_int_equal(addr_prefix_parse(want, &w), 0);
	assert_true(addr_equal(&p->addr, &w.addr));
	assert_int_equal(p->len, w.len);
}

/* The origin of an object ends with the fixture's name. */
static void
assert_origin(const char *origin, const char *name)
{
	size_t n = strlen(origin), k = strlen(name);

	assert_true(n > k && origin[n - k - 1] == '/');
	assert_string_equal(origin + n - k, name);
}

static void
assert_rule(const struct vpc_sg_rule *r, int protocol, int from, int to,
    const char *peer)
{
	assert_int_equal(r->protocol, protocol);
	assert_int_equal(r->from, from);
	assert_int_equal(r->to, to);
	if (strncmp(peer, "sg-", 3) == 0 || strncmp(peer, "pl-", 3) == 0) {
		assert_int_equal(r->kind,
		    peer[0] == 's' ? VPC_PEER_GROUP : VPC_PEER_PREFIX_LIST);
		assert_non_null(r->ref);
		assert_string_equal(r->ref, peer);
	} else {
		assert_int_equal(r->kind, VPC_PEER_CIDR);
		assert_null(r->ref);
		assert_prefix(&r->cidr, peer);
	}
}

static void
assert_entry(const struct vpc_acl_entry *e, int number, bool egress, bool allow,
    int protocol, int from, int to, const char *cidr)
{
	assert_int_equal(e->number, number);
	assert_int_equal(e->egress, egress);
	assert_int_equal(e->allow, allow);
	assert_int_equal(e->protocol, protocol);
	assert_int_equal(e->from, from);
	assert_int_equal(e->to, to);
	assert_prefix(&e->cidr, cidr);
}

static void
assert_route(const struct vpc_route *r, const char *dest, const char *target,
    bool blackhole)
{
	if (strncmp(dest, "pl-", 3) == 0) {
		assert_non_null(r->prefix_list);
		assert_string_equal(r->prefix_list, dest);
		assert_int_equal(r->dest.addr.family, 0);
	} else {
		assert_null(r->prefix_list);
		assert_prefix(&r->dest, dest);
	}
	assert_non_null(r->target);
	assert_string_equal(r->target, target);
	assert_int_equal(r->blackhole, blackhole);
}

/* c's missing lines hold one with part. */
static void
assert_missing(const struct vpc_config *c, const char *part)
{
	size_t i;

	for (i = 0; i < c->nmissing; i++) {
		if (strstr(c->missing[i], part) != NULL)
			return;
	}
	fail_msg("no missing line says '%s' (%zu lines%s%s)", part, c->nmissing,
	    c->nmissing ? ", first: " : "", c->nmissing ? c->missing[0] : "");
}

static const struct vpc_route_table *
table(const struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nrts; i++) {
		if (strcmp(c->rts[i].id, id) == 0)
			return &c->rts[i];
	}
	fail_msg("no route table %s", id);
	return NULL;
}

static const struct vpc_acl *
acl(const struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nacls; i++) {
		if (strcmp(c->acls[i].id, id) == 0)
			return &c->acls[i];
	}
	fail_msg("no network ACL %s", id);
	return NULL;
}

static const struct vpc_sg *
sg(const struct vpc_config *c, const char *id)
{
	const struct vpc_sg *g = vpc_sg_by_id(c, id);

	if (g == NULL)
		fail_msg("no security group %s", id);
	return g;
}

static const struct vpc_interface *
iface(const struct vpc_config *c, const char *id)
{
	const struct vpc_interface *f = vpc_interface_by_id(c, id);

	if (f == NULL)
		fail_msg("no interface %s", id);
	return f;
}

/* tests/make-config-fixtures.sh: web takes https from anywhere, ssh from
 * the prefix list, udp 1000-2000 from two ranges and pings (ICMP type 8,
 * any code) from 10/8; app takes 5432 from web and everything from the
 * private subnet; every group's egress is moto's default. */
static void
test_vpc_json_moto_security_groups(void **state)
{
	struct state *s = *state;
	const struct vpc_sg *g;

	load_fixture(s, "moto-security-groups.json");
	assert_int_equal(s->c.nsgs, 3);
	g = sg(&s->c, "sg-77dfe8ff520713c34");
	assert_string_equal(g->name, "web");
	assert_string_equal(g->vpc, "vpc-066ea387ced114921");
	assert_origin(g->origin, "moto-security-groups.json");
	assert_int_equal(g->nin, 6);
	assert_rule(&g->in[0], 6, 443, 443, "0.0.0.0/0");
	assert_string_equal(g->in[0].description, "https");
	assert_rule(&g->in[1], 6, 443, 443, "::/0");
	assert_null(g->in[1].description);
	assert_rule(&g->in[2], 6, 22, 22, "pl-794411c9da1e69283");
	assert_rule(&g->in[3], 17, 1000, 2000, "10.0.0.0/16");
	assert_rule(&g->in[4], 17, 1000, 2000, "192.168.1.0/24");
	assert_rule(&g->in[5], 1, 8, VPC_ANY, "10.0.0.0/8");
	assert_int_equal(g->nout, 2);
	assert_rule(&g->out[0], VPC_PROTO_ALL, VPC_ANY, VPC_ANY, "0.0.0.0/0");
	assert_rule(&g->out[1], VPC_PROTO_ALL, VPC_ANY, VPC_ANY, "::/0");

	g = sg(&s->c, "sg-9421117abd773f473");
	assert_string_equal(g->name, "app");
	assert_int_equal(g->nin, 2);
	assert_rule(&g->in[0], 6, 5432, 5432, "sg-77dfe8ff520713c34");
	assert_rule(&g->in[1], VPC_PROTO_ALL, VPC_ANY, VPC_ANY, "10.0.2.0/24");

	g = sg(&s->c, "sg-6e3e6ce202c74c025");
	assert_string_equal(g->name, "default");
	assert_int_equal(g->nin, 0);
	assert_int_equal(g->nout, 2);
}

/* The custom ACL: 100 tcp 443 in, 110 tcp 1024-65535 in from ::/0, 120
 * denies ICMP (moto drops its type and code), 100 everything out; moto
 * writes tcp as "6" and lists no "*" entries for it.  The default ACL
 * keeps the private subnet. */
static void
test_vpc_json_moto_network_acls(void **state)
{
	struct state *s = *state;
	const struct vpc_acl *a;

	load_fixture(s, "moto-network-acls.json");
	assert_int_equal(s->c.nacls, 2);
	a = acl(&s->c, "acl-ae0ba70bdb254f7d5");
	assert_false(a->is_default);
	assert_string_equal(a->vpc, "vpc-066ea387ced114921");
	assert_int_equal(a->nsubnets, 1);
	assert_string_equal(a->subnets[0], "subnet-9ad0d2294b6b5710c");
	assert_int_equal(a->n, 4);
	assert_entry(&a->v[0], 100, false, true, 6, 443, 443, "0.0.0.0/0");
	assert_entry(&a->v[1], 110, false, true, 6, 1024, 65535, "::/0");
	assert_entry(&a->v[2], 120, false, false, 1, VPC_ANY, VPC_ANY,
	    "0.0.0.0/0");
	assert_int_equal(a->v[2].icmp_type, VPC_ANY);
	assert_int_equal(a->v[2].icmp_code, VPC_ANY);
	assert_entry(&a->v[3], 100, true, true, VPC_PROTO_ALL, VPC_ANY, VPC_ANY,
	    "0.0.0.0/0");
	assert_ptr_equal(vpc_acl_of_subnet(&s->c, "subnet-9ad0d2294b6b5710c"),
	    a);

	a = acl(&s->c, "acl-a2c9c8bb68919c1e5");
	assert_true(a->is_default);
	assert_int_equal(a->n, 4);
	assert_entry(&a->v[1], VPC_ACL_LAST, true, false, VPC_PROTO_ALL,
	    VPC_ANY, VPC_ANY, "0.0.0.0/0");
	assert_ptr_equal(vpc_acl_of_subnet(&s->c, "subnet-8aa99fdc6737d832c"),
	    a);
}

/* The main table routes the VPC's two blocks locally; the public
 * subnet's table goes out by the internet gateway and, for IPv6, the
 * egress-only one; the private subnet's by the NAT gateway, and to the
 * prefix list by the internet gateway. */
static void
test_vpc_json_moto_route_tables(void **state)
{
	struct state *s = *state;
	const struct vpc_route_table *t;

	load_fixture(s, "moto-route-tables.json");
	assert_int_equal(s->c.nrts, 3);
	t = table(&s->c, "rtb-a122db725d396c080");
	assert_true(t->main);
	assert_int_equal(t->nsubnets, 0);
	assert_int_equal(t->n, 2);
	assert_route(&t->v[0], "10.0.0.0/16", "local", false);
	assert_route(&t->v[1], "2400:6500:1be0:7300::/56", "local", false);

	t = table(&s->c, "rtb-0be1750e29d067f76");
	assert_false(t->main);
	assert_int_equal(t->nsubnets, 1);
	assert_string_equal(t->subnets[0], "subnet-9ad0d2294b6b5710c");
	assert_int_equal(t->n, 4);
	assert_route(&t->v[2], "0.0.0.0/0", "igw-fb4d03e83d049128b", false);
	assert_route(&t->v[3], "::/0", "eigw-fe1bdcf0e113714fc", false);

	t = table(&s->c, "rtb-382cafa2f2ddec0c9");
	assert_int_equal(t->n, 4);
	assert_route(&t->v[2], "0.0.0.0/0", "nat-87a091941ee751986", false);
	assert_route(&t->v[3], "pl-794411c9da1e69283", "igw-fb4d03e83d049128b",
	    false);
	assert_ptr_equal(vpc_route_table_of_subnet(&s->c,
			     "subnet-8aa99fdc6737d832c",
			     "vpc-066ea387ced114921"),
	    t);
	/* A subnet of no association has the main table. */
	assert_string_equal(vpc_route_table_of_subnet(&s->c,
				"subnet-0123456789abcdef0",
				"vpc-066ea387ced114921")
				->id,
	    "rtb-a122db725d396c080");
}

/* The web interface: 10.0.1.10, 10.0.1.11 assigned after, one IPv6
 * address of the subnet, an Elastic IP; app's has no public IP. */
static void
test_vpc_json_moto_network_interfaces(void **state)
{
	struct state *s = *state;
	const struct vpc_interface *f;
	struct addr a;

	load_fixture(s, "moto-network-interfaces.json");
	assert_int_equal(s->c.nifs, 3);
	f = iface(&s->c, "eni-497a771246af50153");
	assert_string_equal(f->subnet, "subnet-9ad0d2294b6b5710c");
	assert_string_equal(f->vpc, "vpc-066ea387ced114921");
	assert_int_equal(f->naddrs, 3);
	assert_addr(&f->addrs[0], "10.0.1.10");
	assert_addr(&f->addrs[1], "10.0.1.11");
	assert_int_equal(f->addrs[2].family, 6);
	/* In the subnet's /64 (2400:6500:1be0:7300::/64). */
	assert_int_equal(memcmp(f->addrs[2].bytes,
			     "\x24\x00\x65\x00\x1b\xe0\x73\x00", 8),
	    0);
	assert_addr(&f->public_ip, "127.148.137.198");
	assert_int_equal(f->ngroups, 1);
	assert_string_equal(f->groups[0], "sg-77dfe8ff520713c34");
	assert_true(vpc_interface_in_group(f, "sg-77dfe8ff520713c34"));
	assert_int_equal(addr_parse("127.148.137.198", 15, &a), 0);
	assert_ptr_equal(vpc_interface_by_addr(&s->c, &a), f);

	f = iface(&s->c, "eni-ab950bbf76179a16f");
	assert_int_equal(f->naddrs, 1);
	assert_addr(&f->addrs[0], "10.0.2.20");
	assert_int_equal(f->public_ip.family, 0);
	assert_string_equal(f->groups[0], "sg-9421117abd773f473");
}

/* The list, described, then its entries, from the file named by its id;
 * and the other way round, which keeps the entries too. */
static void
test_vpc_json_moto_prefix_list(void **state)
{
	struct state *s = *state;
	const struct vpc_prefix_list *p;
	int round;

	for (round = 0; round < 2; round++) {
		load_fixture(s,
		    round == 0 ? "moto-prefix-lists.json"
			       : "pl-794411c9da1e69283.json");
		load_fixture(s,
		    round == 0 ? "pl-794411c9da1e69283.json"
			       : "moto-prefix-lists.json");
		assert_int_equal(s->c.npls, 1);
		p = vpc_prefix_list_by_id(&s->c, "pl-794411c9da1e69283");
		assert_non_null(p);
		assert_string_equal(p->name, "office");
		assert_true(p->entries_known);
		assert_int_equal(p->n, 2);
		assert_prefix(&p->v[0], "203.0.113.0/24");
		assert_prefix(&p->v[1], "198.51.100.16/28");
		vpc_config_release(&s->c);
	}
}

/* A described list whose entries were never read does not claim them. */
static void
test_vpc_json_prefix_list_without_entries(void **state)
{
	struct state *s = *state;
	const struct vpc_prefix_list *p;

	load_fixture(s, "moto-prefix-lists.json");
	p = vpc_prefix_list_by_id(&s->c, "pl-794411c9da1e69283");
	assert_non_null(p);
	assert_false(p->entries_known);
	assert_int_equal(p->n, 0);
}

/* What moto leaves out: the final entries of both families (32767 and
 * 32768 as EC2 lists them), ICMP by type, ICMPv6 as "58". */
static void
test_vpc_json_aws_network_acls(void **state)
{
	struct state *s = *state;
	const struct vpc_acl *a;

	load_fixture(s, "aws-network-acls.json");
	a = acl(&s->c, "acl-0a1b2c3d4e5f60001");
	assert_true(a->is_default);
	assert_int_equal(a->n, 8);
	assert_entry(&a->v[1], 101, true, true, VPC_PROTO_ALL, VPC_ANY, VPC_ANY,
	    "::/0");
	assert_entry(&a->v[2], VPC_ACL_LAST, true, false, VPC_PROTO_ALL,
	    VPC_ANY, VPC_ANY, "0.0.0.0/0");
	assert_entry(&a->v[3], VPC_ACL_LAST, true, false, VPC_PROTO_ALL,
	    VPC_ANY, VPC_ANY, "::/0");
	assert_entry(&a->v[7], VPC_ACL_LAST, false, false, VPC_PROTO_ALL,
	    VPC_ANY, VPC_ANY, "::/0");

	a = acl(&s->c, "acl-0a1b2c3d4e5f60002");
	assert_false(a->is_default);
	assert_int_equal(a->nsubnets, 2);
	assert_string_equal(a->subnets[1], "subnet-0a1b2c3d4e5f60003");
	assert_int_equal(a->n, 7);
	assert_entry(&a->v[0], 90, false, true, 1, VPC_ANY, VPC_ANY,
	    "10.0.0.0/16");
	assert_int_equal(a->v[0].icmp_type, 8);
	assert_int_equal(a->v[0].icmp_code, VPC_ANY);
	assert_entry(&a->v[1], 100, false, false, 6, 22, 22, "198.51.100.0/24");
	assert_int_equal(a->v[1].icmp_type, VPC_ANY);
	assert_entry(&a->v[2], 110, false, true, 17, 53, 53, "0.0.0.0/0");
	assert_entry(&a->v[3], 120, false, true, 58, VPC_ANY, VPC_ANY,
	    "2001:db8:1234:1a00::/56");
	assert_int_equal(a->v[3].icmp_type, VPC_ANY);
	assert_entry(&a->v[5], 100, true, true, 6, 1024, 65535, "0.0.0.0/0");
}

/* A blackhole, the main association, each kind of target; an
 * association being undone and an edge association govern no subnet. */
static void
test_vpc_json_aws_route_tables(void **state)
{
	struct state *s = *state;
	const struct vpc_route_table *t;

	load_fixture(s, "aws-route-tables.json");
	t = table(&s->c, "rtb-0a1b2c3d4e5f60001");
	assert_true(t->main);
	assert_int_equal(t->nsubnets, 0);
	assert_int_equal(t->n, 8);
	assert_route(&t->v[0], "10.0.0.0/16", "local", false);
	assert_route(&t->v[1], "0.0.0.0/0", "nat-06c018cbd8a1b2c3d", true);
	assert_route(&t->v[2], "172.16.0.0/12", "tgw-0123456789abcdef0", false);
	assert_route(&t->v[3], "10.1.0.0/16", "pcx-0a1b2c3d4e5f60001", false);
	/* An instance's route: its interface, which flow logs name. */
	assert_route(&t->v[4], "192.168.0.0/16", "eni-0a1b2c3d4e5f60009",
	    false);
	assert_route(&t->v[5], "pl-63a5400a", "vpce-0a1b2c3d4e5f60001", false);
	assert_route(&t->v[6], "::/0", "eigw-0a1b2c3d4e5f60001", false);
	assert_route(&t->v[7], "100.64.0.0/10",
	    "arn:aws:networkmanager::111122223333:core-network/"
	    "core-network-0a1b2c3d4e5f60001",
	    false);

	t = table(&s->c, "rtb-0a1b2c3d4e5f60002");
	assert_false(t->main);
	assert_int_equal(t->nsubnets, 1);
	assert_string_equal(t->subnets[0], "subnet-0a1b2c3d4e5f60002");
	assert_int_equal(t->n, 3);
	assert_route(&t->v[2], "10.200.0.0/16", "vgw-0a1b2c3d4e5f60001", false);
	assert_ptr_equal(vpc_route_table_of_subnet(&s->c,
			     "subnet-0a1b2c3d4e5f60004",
			     "vpc-0a1b2c3d4e5f60001"),
	    table(&s->c, "rtb-0a1b2c3d4e5f60001"));
}

/* ICMP of any type, ICMPv6 by name and by number, ESP (no ports), a
 * group of another account. */
static void
test_vpc_json_aws_security_groups(void **state)
{
	struct state *s = *state;
	const struct vpc_sg *g;

	load_fixture(s, "aws-security-groups.json");
	g = sg(&s->c, "sg-0a1b2c3d4e5f60001");
	assert_int_equal(g->nin, 4);
	assert_rule(&g->in[0], 1, VPC_ANY, VPC_ANY, "10.0.0.0/16");
	assert_rule(&g->in[1], 58, 128, VPC_ANY, "2001:db8:1234:1a00::/56");
	assert_string_equal(g->in[1].description, "echo request");
	assert_rule(&g->in[2], 50, VPC_ANY, VPC_ANY, "198.51.100.7/32");
	assert_rule(&g->in[3], 6, 22, 22, "sg-0f1e2d3c4b5a69788");
	assert_int_equal(g->nout, 3);
	assert_rule(&g->out[2], 58, 0, 255, "::/0");
}

static void
test_vpc_json_aws_network_interfaces(void **state)
{
	struct state *s = *state;
	const struct vpc_interface *f;

	load_fixture(s, "aws-network-interfaces.json");
	f = iface(&s->c, "eni-e5aa89a3");
	assert_string_equal(f->subnet, "subnet-b61f49f0");
	assert_int_equal(f->naddrs, 3);
	assert_addr(&f->addrs[0], "10.0.1.17");
	assert_addr(&f->addrs[1], "10.0.1.18");
	assert_addr(&f->addrs[2], "2001:db8:1234:1a00:9691:9503:25ad:1761");
	assert_addr(&f->public_ip, "203.0.113.12");
	assert_int_equal(f->ngroups, 2);
	assert_string_equal(f->groups[1], "sg-0a1b2c3d4e5f60001");
	f = iface(&s->c, "eni-f9ba99bf");
	assert_int_equal(f->public_ip.family, 0);
}

/* One file holding every kind, the entries of its list included. */
static void
test_vpc_json_combined(void **state)
{
	struct state *s = *state;
	const struct vpc_prefix_list *p;

	load_fixture(s, "combined.json");
	assert_int_equal(s->c.nsgs, 1);
	assert_int_equal(s->c.nacls, 1);
	assert_int_equal(s->c.nrts, 1);
	assert_int_equal(s->c.nifs, 1);
	assert_int_equal(s->c.npls, 1);
	assert_rule(&sg(&s->c, "sg-0c0c0c0c0c0c0c0c1")->in[0], 6, 5432, 5432,
	    "pl-0c0c0c0c0c0c0c0c1");
	assert_true(acl(&s->c, "acl-0c0c0c0c0c0c0c0c1")->is_default);
	assert_true(table(&s->c, "rtb-0c0c0c0c0c0c0c0c1")->main);
	assert_addr(&iface(&s->c, "eni-0c0c0c0c0c0c0c0c1")->addrs[0],
	    "10.12.0.5");
	p = vpc_prefix_list_by_id(&s->c, "pl-0c0c0c0c0c0c0c0c1");
	assert_string_equal(p->name, "admins");
	assert_true(p->entries_known);
	assert_int_equal(p->n, 1);
	assert_prefix(&p->v[0], "192.0.2.0/25");
}

/* The entries of a list: named in the object, or by the file's name. */
static void
test_vpc_json_prefix_list_entries(void **state)
{
	struct state *s = *state;
	const struct vpc_prefix_list *p;
	const char *e = "{\"Entries\": [{\"Cidr\": \"10.9.0.0/16\"}]}";

	load_fixture(s, "aws-prefix-list-entries.json");
	p = vpc_prefix_list_by_id(&s->c, "pl-0123456abcabcabc1");
	assert_non_null(p);
	assert_int_equal(p->n, 2);
	assert_prefix(&p->v[1], "2001:db8:1234:1a00::/56");

	assert_int_equal(vpc_load_json(&s->c, e, strlen(e),
			     "dir/entries-pl-0abc123.json", &s->ei),
	    0);
	p = vpc_prefix_list_by_id(&s->c, "pl-0abc123");
	assert_non_null(p);
	assert_true(p->entries_known);
	assert_prefix(&p->v[0], "10.9.0.0/16");
	assert_string_equal(p->origin, "dir/entries-pl-0abc123.json");
	/* pl-0abcdefg is no id; the directory's name is not the file's. */
	assert_refused(vpc_load_json(&s->c, e, strlen(e),
			   "pl-0abc/list-pl-0abcdefg.json", &s->ei),
	    &s->ei,
	    "pl-0abc/list-pl-0abcdefg.json: the entries of a prefix "
	    "list, but which list: name the file pl-<id>.json or give "
	    "\"PrefixListId\"");
	assert_refused(load_text(s,
			   "{\"PrefixListId\": \"pl-1;x\", "
			   "\"Entries\": []}"),
	    &s->ei, "t.json: PrefixListId 'pl-1;x' is not pl- and hex digits");
}

/* The fixtures' directory, every file in it: nothing left out. */
static void
test_vpc_json_directory(void **state)
{
	struct state *s = *state;
	char *dir = fixture("");

	if (vpc_load_path(&s->c, dir, &s->ei) != 0)
		fail_msg("%s", s->ei.msg);
	free(dir);
	assert_int_equal(s->c.nmissing, 0);
	/* moto 3 + bastion + db, and so on. */
	assert_int_equal(s->c.nsgs, 5);
	assert_int_equal(s->c.nacls, 5);
	assert_int_equal(s->c.nrts, 6);
	assert_int_equal(s->c.nifs, 6);
	assert_int_equal(s->c.npls, 3);
	assert_true(vpc_prefix_list_by_id(&s->c, "pl-794411c9da1e69283")
			->entries_known);
}

static const char sg_a[] =
    "{\"SecurityGroups\": [{\"GroupId\": \"sg-0a\", \"IpPermissions\": "
    "[{\"IpProtocol\": \"tcp\", \"FromPort\": 80, \"ToPort\": 80, "
    "\"IpRanges\": [{\"CidrIp\": \"10.0.0.0/8\"}]}]}]}";
static const char sg_b[] =
    "{\"SecurityGroups\": [{\"GroupId\": \"sg-0a\", \"IpPermissions\": "
    "[{\"IpProtocol\": \"udp\", \"FromPort\": 53, \"ToPort\": 53, "
    "\"IpRanges\": [{\"CidrIp\": \"10.1.0.0/16\"}]}]}]}";

/* Files in name order, the later winning; hidden files, other names and
 * what is not a regular file left out, the last said; a link to a
 * regular file followed. */
static void
test_vpc_json_directory_order(void **state)
{
	struct state *s = *state;
	const char *dir = tmpdir_path(&s->td, "d");
	char *p, *target;
	const struct vpc_sg *g;

	assert_int_equal(mkdir(dir, 0700), 0);
	tmpdir_write_text(&s->td, "d/b.json", sg_b);
	tmpdir_write_text(&s->td, "d/a.json", sg_a);
	tmpdir_write_text(&s->td, "d/.c.json", "not json");
	tmpdir_write_text(&s->td, "d/c.json.txt", "not json");
	assert_int_equal(mkdir(tmpdir_path(&s->td, "d/sub.json"), 0700), 0);
	assert_int_equal(vpc_load_path(&s->c, dir, &s->ei), 0);
	g = vpc_sg_by_id(&s->c, "sg-0a");
	assert_non_null(g);
	assert_int_equal(g->nin, 1);
	assert_rule(&g->in[0], 17, 53, 53, "10.1.0.0/16");
	xasprintf(&p, "%s/b.json", dir);
	assert_string_equal(g->origin, p);
	free(p);
	assert_int_equal(s->c.nmissing, 1);
	assert_missing(&s->c, "/d/sub.json: not a regular file, left out");

	/* z.json, a link to a regular file elsewhere, comes last. */
	target = (char *)tmpdir_write_text(&s->td, "elsewhere", sg_a);
	xasprintf(&p, "%s/z.json", dir);
	assert_int_equal(symlink(target, p), 0);
	free(p);
	vpc_config_release(&s->c);
	assert_int_equal(vpc_load_path(&s->c, dir, &s->ei), 0);
	assert_rule(&vpc_sg_by_id(&s->c, "sg-0a")->in[0], 6, 80, 80,
	    "10.0.0.0/8");
}

static void
test_vpc_json_directory_empty(void **state)
{
	struct state *s = *state;
	const char *dir = tmpdir_path(&s->td, "empty");

	assert_int_equal(mkdir(dir, 0700), 0);
	tmpdir_write_text(&s->td, "empty/notes.txt", sg_a);
	assert_int_equal(vpc_load_path(&s->c, dir, &s->ei), -1);
	assert_int_equal(s->ei.code, EC_NOINPUT);
	assert_has_text(s->ei.msg, "empty: no *.json files");
}

/* JSON that does not parse: the file, line and column. */
static void
test_vpc_json_malformed(void **state)
{
	struct state *s = *state;
	const char *path;
	char want[600];

	/* Line 3, the , its sixth character: jansson counts the column
	 * of the byte it stopped at. */
	assert_refused(load_text(s, "{\n  \"SecurityGroups\": [\n    {,\n"),
	    &s->ei, "t.json:3:6: ");
	path = tmpdir_write_text(&s->td, "bad.json", "{\"NetworkAcls\": [}\n");
	assert_int_equal(vpc_load_path(&s->c, path, &s->ei), -1);
	assert_int_equal(s->ei.code, EC_DATA);
	snprintf(want, sizeof(want), "%s:1:18: ", path);
	assert_has_text(s->ei.msg, want);
	/* Two members of one name. */
	assert_refused(load_text(s,
			   "{\"SecurityGroups\": [], "
			   "\"SecurityGroups\": []}"),
	    &s->ei, "t.json:1:");
	assert_has_text(s->ei.msg, "duplicate");
}

/* JSON, but not of a describe-* command, or of the wrong shape. */
static void
test_vpc_json_wrong_shape(void **state)
{
	struct state *s = *state;
	const char *path;
	char want[600];

	path = tmpdir_write_text(&s->td, "reservations.json",
	    "{\"Reservations\": []}");
	assert_int_equal(vpc_load_path(&s->c, path, &s->ei), -1);
	snprintf(want, sizeof(want),
	    "%s: not the JSON of an aws ec2 describe-* command (no "
	    "SecurityGroups, NetworkAcls, RouteTables or NetworkInterfaces)",
	    path);
	assert_string_equal(s->ei.msg, want);
	assert_int_equal(s->ei.code, EC_DATA);
	assert_refused(load_text(s, "[{\"SecurityGroups\": []}]"), &s->ei,
	    "t.json: not the JSON of an aws ec2 describe-* command");
	assert_refused(load_text(s, "\"SecurityGroups\""), &s->ei,
	    "t.json: not the JSON");
	assert_refused(load_text(s, "{\"SecurityGroups\": {}}"), &s->ei,
	    "t.json: SecurityGroups is not an array");
	assert_refused(load_text(s, "{\"RouteTables\": [], \"Entries\": 5}"),
	    &s->ei, "t.json: Entries is not an array");
	assert_int_equal(s->c.nsgs + s->c.nrts, 0);
}

/* Ids not of AWS's form are refused with the reason; what is sound
 * beside them is kept. */
static void
test_vpc_json_hostile_ids(void **state)
{
	struct state *s = *state;
	const struct vpc_acl *a;

	assert_int_equal(
	    load_text(s,
		"{\"SecurityGroups\": ["
		"{\"GroupId\": \"sg-1234;rm -rf /\"},"
		"{\"GroupId\": \"sg-12\\u001b[31m\"},"
		"{\"GroupId\": \"sg-ABCDEF\"},"
		"{\"GroupId\": \"sg-\"},"
		"{\"GroupId\": 17},"
		"{\"GroupId\": \"sg-00000000000000000000000000000000"
		"0\"},"
		"{\"GroupId\": \"sg-0f\", \"VpcId\": \"vpc-$(x)\"}"
		"]}"),
	    0);
	assert_int_equal(s->c.nsgs, 0);
	assert_int_equal(s->c.nmissing, 7);
	assert_missing(&s->c,
	    "t.json: SecurityGroups[0]: GroupId "
	    "'sg-1234;rm -rf /' is not sg- and hex digits");
	assert_missing(&s->c,
	    "t.json: SecurityGroups[1]: GroupId 'sg-12\x1b[31m' "
	    "is not sg- and hex digits");
	assert_missing(&s->c, "SecurityGroups[2]: GroupId 'sg-ABCDEF'");
	assert_missing(&s->c, "SecurityGroups[3]: GroupId 'sg-'");
	assert_missing(&s->c, "SecurityGroups[4]: no GroupId");
	assert_missing(&s->c, "SecurityGroups[5]: GroupId");
	assert_missing(&s->c, "SecurityGroups[6]: VpcId 'vpc-$(x)'");

	vpc_config_release(&s->c);
	assert_int_equal(
	    load_text(s,
		"{\"NetworkAcls\": [{\"NetworkAclId\": \"acl-0a\", "
		"\"Associations\": [{\"SubnetId\": \"subnet-0a'\"}, "
		"{\"SubnetId\": \"subnet-0b\"}], \"Entries\": []}], "
		"\"RouteTables\": [{\"RouteTableId\": \"rtb-0a\", "
		"\"Routes\": [{\"DestinationCidrBlock\": "
		"\"0.0.0.0/0\", \"GatewayId\": \"igw-0a|sh\"}, "
		"{\"DestinationCidrBlock\": \"0.0.0.0/0\", "
		"\"CoreNetworkArn\": \"arn:aws:x;y\"}, "
		"{\"DestinationCidrBlock\": \"10.0.0.0/8\", "
		"\"GatewayId\": \"localhost\"}]}]}"),
	    0);
	a = acl(&s->c, "acl-0a");
	assert_int_equal(a->nsubnets, 1);
	assert_string_equal(a->subnets[0], "subnet-0b");
	assert_missing(&s->c,
	    "NetworkAcls[0] (acl-0a).Associations[0]: "
	    "SubnetId 'subnet-0a'' is not subnet- and hex "
	    "digits");
	assert_int_equal(table(&s->c, "rtb-0a")->n, 0);
	assert_missing(&s->c,
	    "RouteTables[0] (rtb-0a).Routes[0]: GatewayId "
	    "'igw-0a|sh' is not of EC2's form");
	assert_missing(&s->c, "Routes[1]: CoreNetworkArn 'arn:aws:x;y'");
	assert_missing(&s->c, "Routes[2]: GatewayId 'localhost'");
}

/* Malformed elements are left out, each said with its reason, the sound
 * ones beside them kept; past eight, counted. */
static void
test_vpc_json_malformed_elements(void **state)
{
	struct state *s = *state;
	const struct vpc_sg *g;
	const struct vpc_acl *a;

	assert_int_equal(load_text(s,
			     "{\"SecurityGroups\": [{\"GroupId\": \"sg-0a\", "
			     "\"IpPermissions\": ["
			     "{\"IpRanges\": [{\"CidrIp\": \"10.0.0.0/8\"}]},"
			     "{\"IpProtocol\": \"tcpx\"},"
			     "{\"IpProtocol\": \"tcp\", \"FromPort\": 70000, "
			     "\"ToPort\": 70000},"
			     "{\"IpProtocol\": \"tcp\", \"FromPort\": 1, "
			     "\"ToPort\": 2, \"IpRanges\": [{\"CidrIp\": "
			     "\"10.0.0.300/8\"}, {\"CidrIp\": \"::/0\"}, "
			     "{\"CidrIp\": \"10.2.0.0/16\"}]}"
			     "]}],"
			     "\"NetworkAcls\": [{\"NetworkAclId\": \"acl-0a\", "
			     "\"Entries\": ["
			     "{\"RuleNumber\": 1, \"Protocol\": \"-1\", "
			     "\"RuleAction\": \"allow\", \"CidrBlock\": "
			     "\"0.0.0.0/0\"},"
			     "{\"RuleNumber\": 2, \"Egress\": false, "
			     "\"Protocol\": \"-1\", \"RuleAction\": \"allow\", "
			     "\"CidrBlock\": \"0.0.0.0/0\", \"Ipv6CidrBlock\": "
			     "\"::/0\"},"
			     "{\"RuleNumber\": 3, \"Egress\": false, "
			     "\"Protocol\": \"256\", \"RuleAction\": \"deny\", "
			     "\"CidrBlock\": \"0.0.0.0/0\"},"
			     "{\"RuleNumber\": 40000, \"Egress\": false, "
			     "\"Protocol\": \"6\", \"RuleAction\": \"deny\", "
			     "\"CidrBlock\": \"0.0.0.0/0\"},"
			     "{\"RuleNumber\": 5, \"Egress\": true, "
			     "\"Protocol\": \"6\", \"RuleAction\": \"deny\", "
			     "\"PortRange\": {\"From\": 22, \"To\": 22}, "
			     "\"CidrBlock\": \"0.0.0.0/0\"}"
			     "]}]}"),
	    0);
	g = sg(&s->c, "sg-0a");
	assert_int_equal(g->nin, 1);
	assert_rule(&g->in[0], 6, 1, 2, "10.2.0.0/16");
	a = acl(&s->c, "acl-0a");
	assert_int_equal(a->n, 1);
	assert_entry(&a->v[0], 5, true, false, 6, 22, 22, "0.0.0.0/0");
	assert_missing(&s->c,
	    "t.json: SecurityGroups[0] (sg-0a)."
	    "IpPermissions[0]: no IpProtocol");
	assert_missing(&s->c, "IpPermissions[1]: unknown IpProtocol 'tcpx'");
	assert_missing(&s->c,
	    "IpPermissions[2]: FromPort or ToPort not from "
	    "-1 to 65535");
	assert_missing(&s->c,
	    "IpPermissions[3].IpRanges[0]: CidrIp "
	    "'10.0.0.300/8' is not an IPv4 CIDR");
	assert_missing(&s->c,
	    "IpPermissions[3].IpRanges[1]: CidrIp '::/0' "
	    "is not an IPv4 CIDR");
	assert_missing(&s->c,
	    "NetworkAcls[0] (acl-0a).Entries[0]: no Egress "
	    "true or false");
	assert_missing(&s->c,
	    "Entries[1]: not one of CidrBlock and "
	    "Ipv6CidrBlock");
	assert_missing(&s->c,
	    "Entries[2]: Protocol '256' is not -1 or a "
	    "number from 0 to 255");
	/* The ninth is counted, not said. */
	assert_int_equal(s->c.nmissing, 9);
	assert_missing(&s->c, "t.json: 1 more elements left out");
}

/* What the model cannot hold is said: a second public IP of an
 * interface, a route to a target of a kind not known. */
static void
test_vpc_json_partly_modelled(void **state)
{
	struct state *s = *state;
	const struct vpc_route_table *t;
	const struct vpc_interface *f;

	assert_int_equal(
	    load_text(s,
		"{\"NetworkInterfaces\": [{\"NetworkInterfaceId\": "
		"\"eni-0a\", \"Association\": {\"PublicIp\": "
		"\"203.0.113.1\"}, \"PrivateIpAddresses\": ["
		"{\"Primary\": true, \"PrivateIpAddress\": "
		"\"10.0.0.1\", \"Association\": {\"PublicIp\": "
		"\"203.0.113.1\"}}, "
		"{\"Primary\": false, \"PrivateIpAddress\": "
		"\"10.0.0.2\", \"Association\": {\"PublicIp\": "
		"\"203.0.113.2\"}}]}], "
		"\"RouteTables\": [{\"RouteTableId\": \"rtb-0a\", "
		"\"Routes\": [{\"DestinationCidrBlock\": "
		"\"10.9.0.0/16\", \"IpAddress\": \"10.0.0.9\", "
		"\"State\": \"active\"}]}]}"),
	    0);
	f = iface(&s->c, "eni-0a");
	assert_int_equal(f->naddrs, 2);
	assert_addr(&f->public_ip, "203.0.113.1");
	t = table(&s->c, "rtb-0a");
	assert_int_equal(t->n, 1);
	assert_null(t->v[0].target);
	assert_false(t->v[0].blackhole);
	assert_int_equal(s->c.nmissing, 2);
	assert_missing(&s->c,
	    "t.json: NetworkInterfaces[0] (eni-0a): the "
	    "public IP '203.0.113.2' of 10.0.0.2 left out: one "
	    "public IP an interface");
	assert_missing(&s->c,
	    "t.json: RouteTables[0] (rtb-0a).Routes[0]: a "
	    "target of no kind known, kept without one");
}

/* A listing cut at a page says so. */
static void
test_vpc_json_next_token(void **state)
{
	struct state *s = *state;

	assert_int_equal(load_text(s,
			     "{\"SecurityGroups\": [], "
			     "\"NextToken\": \"abc\"}"),
	    0);
	assert_missing(&s->c, "t.json: has a NextToken");
}

/* Past the bounds: an error, not memory without end. */
static void
test_vpc_json_bounds(void **state)
{
	struct state *s = *state;
	size_t i, n = VPC_JSON_MAX_ELEMENTS + 1, len = 0;
	char *text;
	const char *path;
	int fd;

	text = xmalloc(n * 32 + 200);
	len += (size_t)sprintf(text,
	    "{\"SecurityGroups\": [{\"GroupId\": "
	    "\"sg-0a\", \"IpPermissions\": [{"
	    "\"IpProtocol\": \"-1\", \"IpRanges\": [");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len,
		    "%s{\"CidrIp\": \"10.0.0.0/8\"}", i ? "," : "");
	len += (size_t)sprintf(text + len, "]}]}]}");
	assert_refused(vpc_load_json(&s->c, text, len, "t.json", &s->ei),
	    &s->ei,
	    "t.json: more than 100000 rules, entries, routes and "
	    "addresses in the configuration");
	free(text);
	vpc_config_release(&s->c);

	n = VPC_JSON_MAX_OBJECTS + 1;
	text = xmalloc(n * 48 + 200);
	len = (size_t)sprintf(text, "{\"PrefixLists\": [");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len,
		    "%s{\"PrefixListId\": \"pl-%zx\"}", i ? "," : "", i);
	len += (size_t)sprintf(text + len, "]}");
	assert_refused(vpc_load_json(&s->c, text, len, "t.json", &s->ei),
	    &s->ei, "t.json: more than 10000 objects in the configuration");
	free(text);

	/* A file past 64 MiB, sparse, refused before it is read. */
	path = tmpdir_path(&s->td, "huge.json");
	assert_true((fd = open(path, O_WRONLY | O_CREAT, 0600)) != -1);
	assert_int_equal(ftruncate(fd, (off_t)VPC_JSON_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(vpc_load_path(&s->c, path, &s->ei), -1);
	assert_int_equal(s->ei.code, EC_DATA);
	assert_has_text(s->ei.msg,
	    "huge.json: more than the 64 MiB a "
	    "configuration file may hold");
}

/* A FIFO named like a file is refused, not waited on; a file that is
 * not there is no input. */
static void
test_vpc_json_not_regular(void **state)
{
	struct state *s = *state;
	const char *path = tmpdir_path(&s->td, "fifo.json");

	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(vpc_load_path(&s->c, path, &s->ei), -1);
	assert_int_equal(s->ei.code, EC_DATA);
	assert_has_text(s->ei.msg, "fifo.json: not a regular file");
	assert_int_equal(vpc_load_path(&s->c, tmpdir_path(&s->td, "none.json"),
			     &s->ei),
	    -1);
	assert_int_equal(s->ei.code, EC_NOINPUT);
	assert_has_text(s->ei.msg, "none.json");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_moto_security_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_moto_network_acls,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_moto_route_tables,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_moto_network_interfaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_moto_prefix_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_prefix_list_without_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_aws_network_acls,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_aws_route_tables,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_aws_security_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_aws_network_interfaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_combined, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_prefix_list_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_directory_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_directory_empty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_wrong_shape,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_hostile_ids,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_vpc_json_malformed_elements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_partly_modelled,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_next_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vpc_json_not_regular,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("vpc_json", tests, NULL, NULL);
}
