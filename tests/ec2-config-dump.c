/*
 * ec2-config-dump: reads a target's configuration from EC2 with
 * ec2_read_config() and prints the snapshot as stable text, objects
 * sorted by id, for tests/cli/ec2-config.sh:
 *
 *   interface eni-1 subnet subnet-1 vpc vpc-1 addrs 10.0.1.10 public -
 *     groups sg-1,sg-2 origin api
 *   sg sg-1 name 'web' vpc vpc-1 origin api
 *     in tcp 80-80 cidr 10.0.0.0/16
 *     in all any group sg-2
 *     out all any cidr 0.0.0.0/0
 *   acl acl-1 vpc vpc-1 default no subnets subnet-1 origin api
 *     ingress 100 allow proto 6 ports 80-80 icmp any/any cidr 0.0.0.0/0
 *   rtb rtb-1 vpc vpc-1 main yes subnets - origin api
 *     route 10.0.0.0/16 local
 *     route 0.0.0.0/0 igw-1 blackhole
 *   pl pl-1 name 'corp' entries 10.8.0.0/16,10.9.0.0/16   (or "unknown")
 *   missing ec2:DescribeNetworkAcls denied: the network ACLs are not judged
 *
 * (each object on one line, its rules, entries and routes indented
 * below).  Usage: ec2-config-dump TARGET [CLIENT...]; the region, the
 * credentials and the endpoint come from the environment.  Warnings go
 * to standard error as "warning: TEXT".  On failure prints
 * "ec2-config-dump: MESSAGE" on standard error and exits with
 * errinfo_exit_status() of the error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "flowdiag/aws/ec2-config.h"
#include "flowdiag/aws/ec2.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/eval.h"
#include "flowdiag/vpc/vpc.h"

#define USAGE "usage: ec2-config-dump TARGET [CLIENT...]\n"

static void
to_stderr(void *arg, enum notice_kind kind, const char *text)
{
	(void)arg;
	if (kind == NOTICE_WARNING)
		fprintf(stderr, "warning: %s\n", text);
}

static void
print_value(int v)
{
	if (v == VPC_ANY)
		printf("any");
	else
		printf("%d", v);
}

static void
print_range(int from, int to)
{
	if (from == VPC_ANY && to == VPC_ANY) {
		printf("any");
		return;
	}
	print_value(from);
	printf("-");
	print_value(to);
}

static void
print_strings(char *const *v, size_t n)
{
	size_t i;

	if (n == 0)
		printf("-");
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", v[i]);
}

static void
print_rules(const char *way, const struct vpc_sg_rule *v, size_t n)
{
	char b[ADDR_STRLEN + 8];
	size_t i;

	for (i = 0; i < n; i++) {
		printf("  %s %s ", way,
		    vpc_protocol_name(v[i].protocol, b, sizeof(b)));
		print_range(v[i].from, v[i].to);
		if (v[i].kind == VPC_PEER_CIDR)
			printf(" cidr %s",
			    addr_prefix_format(&v[i].cidr, b, sizeof(b)));
		else
			printf(" %s %s",
			    v[i].kind == VPC_PEER_GROUP ? "group" : "pl",
			    v[i].ref);
		if (v[i].description != NULL)
			printf(" '%s'", v[i].description);
		printf("\n");
	}
}

/* The objects of an array of structs that begin with their id, sorted. */
static int
by_id(const void *a, const void *b)
{
	return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

static const void **
sorted(const void *base, size_t n, size_t size)
{
	const void **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = (const char *)base + i * size;
	qsort(v, n, sizeof(*v), by_id);
	return v;
}

static void
dump(const struct vpc_config *c)
{
	const void **v;
	char b[ADDR_STRLEN + 8];
	size_t i, k;

	v = sorted(c->ifs, c->nifs, sizeof(*c->ifs));
	for (i = 0; i < c->nifs; i++) {
		const struct vpc_interface *f = v[i];

		printf("interface %s subnet %s vpc %s addrs ", f->id,
		    f->subnet ? f->subnet : "-", f->vpc ? f->vpc : "-");
		for (k = 0; k < f->naddrs; k++)
			printf("%s%s", k ? "," : "",
			    addr_format(&f->addrs[k], b, sizeof(b)));
		printf(" public %s groups ",
		    f->public_ip.family
			? addr_format(&f->public_ip, b, sizeof(b))
			: "-");
		print_strings(f->groups, f->ngroups);
		printf(" origin %s\n", f->origin);
	}
	free(v);
	v = sorted(c->sgs, c->nsgs, sizeof(*c->sgs));
	for (i = 0; i < c->nsgs; i++) {
		const struct vpc_sg *g = v[i];

		printf("sg %s name '%s' vpc %s origin %s\n", g->id,
		    g->name ? g->name : "", g->vpc ? g->vpc : "-", g->origin);
		print_rules("in", g->in, g->nin);
		print_rules("out", g->out, g->nout);
	}
	free(v);
	v = sorted(c->acls, c->nacls, sizeof(*c->acls));
	for (i = 0; i < c->nacls; i++) {
		const struct vpc_acl *a = v[i];

		printf("acl %s vpc %s default %s subnets ", a->id,
		    a->vpc ? a->vpc : "-", a->is_default ? "yes" : "no");
		print_strings(a->subnets, a->nsubnets);
		printf(" origin %s\n", a->origin);
		for (k = 0; k < a->n; k++) {
			const struct vpc_acl_entry *e = &a->v[k];

			printf("  %s %d %s proto %d ports ",
			    e->egress ? "egress" : "ingress", e->number,
			    e->allow ? "allow" : "deny", e->protocol);
			print_range(e->from, e->to);
			printf(" icmp ");
			print_value(e->icmp_type);
			printf("/");
			print_value(e->icmp_code);
			printf(" cidr %s\n",
			    addr_prefix_format(&e->cidr, b, sizeof(b)));
		}
	}
	free(v);
	v = sorted(c->rts, c->nrts, sizeof(*c->rts));
	for (i = 0; i < c->nrts; i++) {
		const struct vpc_route_table *t = v[i];

		printf("rtb %s vpc %s main %s subnets ", t->id,
		    t->vpc ? t->vpc : "-", t->main ? "yes" : "no");
		print_strings(t->subnets, t->nsubnets);
		printf(" origin %s\n", t->origin);
		for (k = 0; k < t->n; k++) {
			const struct vpc_route *r = &t->v[k];

			printf("  route %s %s%s\n",
			    r->prefix_list != NULL
				? r->prefix_list
				: addr_prefix_format(&r->dest, b, sizeof(b)),
			    r->target ? r->target : "-",
			    r->blackhole ? " blackhole" : "");
		}
	}
	free(v);
	v = sorted(c->pls, c->npls, sizeof(*c->pls));
	for (i = 0; i < c->npls; i++) {
		const struct vpc_prefix_list *p = v[i];

		printf("pl %s name '%s' entries ", p->id,
		    p->name ? p->name : "");
		if (!p->entries_known)
			printf("unknown");
		for (k = 0; p->entries_known && k < p->n; k++)
			printf("%s%s", k ? "," : "",
			    addr_prefix_format(&p->v[k], b, sizeof(b)));
		printf(" origin %s\n", p->origin);
	}
	free(v);
	for (i = 0; i < c->nmissing; i++)
		printf("missing %s\n", c->missing[i]);
}

int
main(int argc, char **argv)
{
	struct aws_options ao = { NULL, NULL, NULL };
	struct vpc_config cfg = { 0 };
	struct aws_client c;
	struct addr target, *clients = NULL;
	struct errinfo ei;
	int i, status = 0;

	if (argc < 2) {
		fputs(USAGE, stderr);
		return EX_USAGE;
	}
	clients = xcalloc((size_t)argc, sizeof(*clients));
	for (i = 1; i < argc; i++) {
		if (addr_parse(argv[i], strlen(argv[i]),
			i == 1 ? &target : &clients[i - 2]) == -1) {
			fprintf(stderr, "ec2-config-dump: bad address '%s'\n",
			    argv[i]);
			free(clients);
			return EX_USAGE;
		}
	}
	notice_set(to_stderr, NULL);
	errinfo_clear(&ei);
	if (aws_client_init(&c, "ec2", EC2_API_VERSION, "EC2", &ao, &ei) ==
	    -1) {
		fprintf(stderr, "ec2-config-dump: %s\n", ei.msg);
		status = errinfo_exit_status(ei.code);
		goto out;
	}
	if (ec2_read_config(&c, &target, clients, (size_t)argc - 2, &cfg,
		&ei) == -1) {
		fprintf(stderr, "ec2-config-dump: %s\n", ei.msg);
		status = errinfo_exit_status(ei.code);
	}
	dump(&cfg);
out:
	aws_client_release(&c);
	vpc_config_release(&cfg);
	free(clients);
	return status;
}
