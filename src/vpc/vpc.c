#include "config.h"

#include "flowdiag/vpc/vpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

static void
interface_release(struct vpc_interface *f)
{
	free(f->id);
	free(f->subnet);
	free(f->vpc);
	free(f->origin);
	free(f->addrs);
	xfree_strings(f->groups, f->ngroups);
	memset(f, 0, sizeof(*f));
}

static void
sg_rules_release(struct vpc_sg_rule *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].description);
	}
	free(v);
}

static void
sg_release(struct vpc_sg *g)
{
	free(g->id);
	free(g->name);
	free(g->vpc);
	free(g->origin);
	sg_rules_release(g->in, g->nin);
	sg_rules_release(g->out, g->nout);
	memset(g, 0, sizeof(*g));
}

static void
acl_release(struct vpc_acl *a)
{
	free(a->id);
	free(a->vpc);
	free(a->origin);
	xfree_strings(a->subnets, a->nsubnets);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static void
route_table_release(struct vpc_route_table *t)
{
	size_t i;

	free(t->id);
	free(t->vpc);
	free(t->origin);
	xfree_strings(t->subnets, t->nsubnets);
	for (i = 0; i < t->n; i++) {
		free(t->v[i].prefix_list);
		free(t->v[i].target);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static void
prefix_list_release(struct vpc_prefix_list *p)
{
	free(p->id);
	free(p->name);
	free(p->origin);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void
vpc_config_release(struct vpc_config *c)
{
	size_t i;

	for (i = 0; i < c->nifs; i++)
		interface_release(&c->ifs[i]);
	for (i = 0; i < c->nsgs; i++)
		sg_release(&c->sgs[i]);
	for (i = 0; i < c->nacls; i++)
		acl_release(&c->acls[i]);
	for (i = 0; i < c->nrts; i++)
		route_table_release(&c->rts[i]);
	for (i = 0; i < c->npls; i++)
		prefix_list_release(&c->pls[i]);
	free(c->ifs);
	free(c->sgs);
	free(c->acls);
	free(c->rts);
	free(c->pls);
	xfree_strings(c->missing, c->nmissing);
	memset(c, 0, sizeof(*c));
}

/*
 * The objects are kept in arrays, found by id with a linear search: a
 * snapshot that matters to one target holds tens of them, not thousands.
 * Each adder finds the id first so that a later answer or file replaces
 * what an earlier one said.
 */
#define ADD(c, arr, n, id, release)                                         \
	do {                                                                \
		size_t i_;                                                  \
		for (i_ = 0; i_ < (c)->n; i_++) {                           \
			if (strcmp((c)->arr[i_].id, (id)) == 0) {           \
				release(&(c)->arr[i_]);                     \
				(c)->arr[i_].id = xstrdup(id);              \
				return &(c)->arr[i_];                       \
			}                                                   \
		}                                                           \
		(c)->arr =                                                  \
		    xreallocarray((c)->arr, (c)->n + 1, sizeof(*(c)->arr)); \
		memset(&(c)->arr[(c)->n], 0, sizeof(*(c)->arr));            \
		(c)->arr[(c)->n].id = xstrdup(id);                          \
		return &(c)->arr[(c)->n++];                                 \
	} while (0)

struct vpc_interface *
vpc_add_interface(struct vpc_config *c, const char *id)
{
	ADD(c, ifs, nifs, id, interface_release);
}

struct vpc_sg *
vpc_add_sg(struct vpc_config *c, const char *id)
{
	ADD(c, sgs, nsgs, id, sg_release);
}

struct vpc_acl *
vpc_add_acl(struct vpc_config *c, const char *id)
{
	ADD(c, acls, nacls, id, acl_release);
}

struct vpc_route_table *
vpc_add_route_table(struct vpc_config *c, const char *id)
{
	ADD(c, rts, nrts, id, route_table_release);
}

struct vpc_prefix_list *
vpc_add_prefix_list(struct vpc_config *c, const char *id)
{
	ADD(c, pls, npls, id, prefix_list_release);
}

void
vpc_missing(struct vpc_config *c, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	size_t i;

	/* A hostile file could miss parts without end: past the cap, one
	 * line says that more were. */
	if (c->nmissing > VPC_MISSING_MAX)
		return;
	if (c->nmissing == VPC_MISSING_MAX) {
		snprintf(buf, sizeof(buf),
		    "and more parts could not be had: "
		    "the first ones above say why");
	} else {
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	/* The same part missing twice (two files, two calls) is one line. */
	for (i = 0; i < c->nmissing; i++) {
		if (strcmp(c->missing[i], buf) == 0)
			return;
	}
	c->missing =
	    xreallocarray(c->missing, c->nmissing + 1, sizeof(*c->missing));
	c->missing[c->nmissing++] = xstrdup(buf);
}

const struct vpc_interface *
vpc_interface_by_id(const struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < c->nifs; i++) {
		if (strcmp(c->ifs[i].id, id) == 0)
			return &c->ifs[i];
	}
	return NULL;
}

const struct vpc_interface *
vpc_interface_by_addr(const struct vpc_config *c, const struct addr *a)
{
	size_t i, k;

	for (i = 0; i < c->nifs; i++) {
		const struct vpc_interface *f = &c->ifs[i];

		if (addr_equal(&f->public_ip, a))
			return f;
		for (k = 0; k < f->naddrs; k++) {
			if (addr_equal(&f->addrs[k], a))
				return f;
		}
	}
	return NULL;
}

const struct vpc_sg *
vpc_sg_by_id(const struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < c->nsgs; i++) {
		if (strcmp(c->sgs[i].id, id) == 0)
			return &c->sgs[i];
	}
	return NULL;
}

const struct vpc_prefix_list *
vpc_prefix_list_by_id(const struct vpc_config *c, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < c->npls; i++) {
		if (strcmp(c->pls[i].id, id) == 0)
			return &c->pls[i];
	}
	return NULL;
}

static bool
has_string(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(v[i], s) == 0)
			return true;
	}
	return false;
}

const struct vpc_acl *
vpc_acl_of_subnet(const struct vpc_config *c, const char *subnet)
{
	size_t i;

	for (i = 0; i < c->nacls; i++) {
		if (has_string(c->acls[i].subnets, c->acls[i].nsubnets, subnet))
			return &c->acls[i];
	}
	return NULL;
}

const struct vpc_route_table *
vpc_route_table_of_subnet(const struct vpc_config *c, const char *subnet,
    const char *vpc)
{
	size_t i;

	for (i = 0; i < c->nrts; i++) {
		if (has_string(c->rts[i].subnets, c->rts[i].nsubnets, subnet))
			return &c->rts[i];
	}
	for (i = 0; vpc != NULL && i < c->nrts; i++) {
		if (c->rts[i].main && c->rts[i].vpc != NULL &&
		    strcmp(c->rts[i].vpc, vpc) == 0)
			return &c->rts[i];
	}
	return NULL;
}

bool
vpc_interface_in_group(const struct vpc_interface *f, const char *sg)
{
	return has_string(f->groups, f->ngroups, sg);
}

bool
vpc_id_valid(const char *s, const char *prefix)
{
	const char *p, *last;
	size_t n;

	if (s == NULL)
		return false;
	if (prefix != NULL) {
		if (strncmp(s, prefix, strlen(prefix)) != 0)
			return false;
		last = s + strlen(prefix) - 1;
	} else {
		if ((last = strrchr(s, '-')) == NULL || last == s)
			return false;
		/* Words of lowercase letters, each followed by '-'. */
		for (p = s; p < last; p++) {
			if (*p == '-' ? p == s || p[-1] == '-'
				      : *p < 'a' || *p > 'z')
				return false;
		}
	}
	for (n = 0, p = last + 1; *p != '\0'; p++, n++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	}
	return n > 0 && n <= 32;
}

int
vpc_protocol_parse(const char *s)
{
	static const struct {
		const char *name;
		int number;
	} names[] = {
		{ "-1", VPC_PROTO_ALL },
		{ "all", VPC_PROTO_ALL },
		{ "tcp", 6 },
		{ "udp", 17 },
		{ "icmp", 1 },
		{ "icmpv6", 58 },
	};
	size_t i;
	int n = 0;

	if (s == NULL)
		return -2;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0)
			return names[i].number;
	}
	if (s[0] == '\0' || strlen(s) > 3)
		return -2;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -2;
		n = n * 10 + (s[i] - '0');
	}
	return n <= 255 ? n : -2;
}
