#include "config.h"

#include "eval-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* The route a destination takes, and what could not be judged. */
struct pick {
	const struct vpc_route *rt; /* NULL: none holds the destination */
	unsigned int len;
	bool by_list;           /* the route's destination is a prefix list */
	const char *unknown_pl; /* a list named by a route, not judged */
};

static bool
has_prefix(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The longest prefix of t that holds a.  A route to a prefix list counts
 * with the longest of its entries that holds a; at one length a CIDR's
 * route wins over a list's, as AWS's route priority has it. */
static void
longest(const struct ev *e, const struct vpc_route_table *t,
    const struct addr *a, struct pick *p)
{
	const struct vpc_route *rt;
	const struct vpc_prefix_list *pl;
	unsigned int len;
	bool found, list;
	size_t i, k;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < t->n; i++) {
		rt = &t->v[i];
		found = false;
		len = 0;
		list = rt->prefix_list != NULL;
		if (list) {
			pl = vpc_prefix_list_by_id(e->c, rt->prefix_list);
			if (pl == NULL || !pl->entries_known) {
				if (p->unknown_pl == NULL)
					p->unknown_pl = rt->prefix_list;
				continue;
			}
			for (k = 0; k < pl->n; k++) {
				if (ev_contains(&pl->v[k], a) &&
				    (!found || pl->v[k].len > len)) {
					found = true;
					len = pl->v[k].len;
				}
			}
		} else if ((found = ev_contains(&rt->dest, a)))
			len = rt->dest.len;
		if (!found)
			continue;
		if (p->rt == NULL || len > p->len ||
		    (len == p->len && p->by_list && !list)) {
			p->rt = rt;
			p->len = len;
			p->by_list = list;
		}
	}
}

/* "rtb-1 route 0.0.0.0/0 -> igw-2", "-> blackhole" for a blackhole. */
static void
route_words(struct buf *b, const struct vpc_route_table *t,
    const struct vpc_route *rt)
{
	char cb[ADDR_STRLEN + 8];

	buf_printf(b, "%s route ", t->id);
	if (rt->prefix_list != NULL)
		buf_printf(b, "%s", rt->prefix_list);
	else
		buf_printf(b, "%s", ev_cidr(&rt->dest, cb, sizeof(cb)));
	buf_printf(b, " -> %s",
	    rt->blackhole            ? "blackhole"
		: rt->target != NULL ? rt->target
				     : "nothing");
}

/* What a table holds, for a destination none of its routes holds. */
static void
table_words(struct buf *b, const struct vpc_route_table *t)
{
	char cb[ADDR_STRLEN + 8];
	size_t i;

	if (t->n == 0) {
		buf_printf(b, "%s has no route", t->id);
		return;
	}
	buf_printf(b, "%s routes: ", t->id);
	for (i = 0; i < t->n && i < EV_LISTED; i++)
		buf_printf(b, "%s%s -> %s", i > 0 ? ", " : "",
		    t->v[i].prefix_list != NULL
			? t->v[i].prefix_list
			: ev_cidr(&t->v[i].dest, cb, sizeof(cb)),
		    t->v[i].blackhole            ? "blackhole"
			: t->v[i].target != NULL ? t->v[i].target
						 : "nothing");
	if (t->n > EV_LISTED)
		buf_printf(b, " and %zu more", t->n - EV_LISTED);
}

/* An internet gateway of the VPC: a live route to one in any of its
 * tables. */
static const char *
igw_of(const struct ev *e, const char *vpc)
{
	const struct vpc_route_table *t;
	size_t i, k;

	for (i = 0; vpc != NULL && i < e->c->nrts; i++) {
		t = &e->c->rts[i];
		if (t->vpc == NULL || strcmp(t->vpc, vpc) != 0)
			continue;
		for (k = 0; k < t->n; k++) {
			if (!t->v[k].blackhole &&
			    has_prefix(t->v[k].target, "igw-"))
				return t->v[k].target;
		}
	}
	return NULL;
}

/* For a destination on the internet that no live route takes to it: the
 * route to the VPC's internet gateway, replacing the blackhole rt or
 * created as the default route.  NULL, with why telling what is missing,
 * when there is no gateway or the destination is not on the internet. */
static char *
route_fix(const struct ev *e, const struct vpc_route_table *t,
    const struct vpc_route *rt, const struct vpc_interface *at,
    const struct addr *a, const char *text, struct buf *why)
{
	const char *igw;
	char cb[ADDR_STRLEN + 8];

	if (addr_private(a)) {
		buf_printf(why,
		    " (%s is a private address: a route to its "
		    "network, by a transit gateway, VPN or peering, "
		    "is what is missing)",
		    text);
		return NULL;
	}
	if ((igw = igw_of(e, at->vpc)) == NULL) {
		buf_printf(why,
		    " (no internet gateway of %s is in the "
		    "snapshot: the VPC needs one attached, and a "
		    "route to it)",
		    at->vpc != NULL ? at->vpc : "the VPC");
		return NULL;
	}
	if (!vpc_id_valid(t->id, NULL) || !vpc_id_valid(igw, NULL) ||
	    (rt != NULL && rt->prefix_list != NULL &&
		!vpc_id_valid(rt->prefix_list, NULL))) {
		buf_printf(why,
		    " (no command is given: an id is not of "
		    "AWS's form)");
		return NULL;
	}
	if (rt == NULL)
		return ev_command("create-route", "--route-table-id", t->id,
		    a->family == 6 ? "--destination-ipv6-cidr-block"
				   : "--destination-cidr-block",
		    a->family == 6 ? "::/0" : "0.0.0.0/0", "--gateway-id", igw,
		    (char *)NULL);
	if (rt->prefix_list != NULL)
		return ev_command("replace-route", "--route-table-id", t->id,
		    "--destination-prefix-list-id", rt->prefix_list,
		    "--gateway-id", igw, (char *)NULL);
	return ev_command("replace-route", "--route-table-id", t->id,
	    rt->dest.addr.family == 6 ? "--destination-ipv6-cidr-block"
				      : "--destination-cidr-block",
	    ev_cidr(&rt->dest, cb, sizeof(cb)), "--gateway-id", igw,
	    (char *)NULL);
}

/* Judges the route from at's subnet to a (the client for the reply, the
 * target for the request). */
static void
judge(const struct ev *e, const struct vpc_route_table *t,
    const struct vpc_interface *at, bool reply, struct vpc_result *r)
{
	const struct addr *a = reply ? &e->f->client : &e->f->target;
	const char *text = reply ? e->client : e->target;
	const char *what = reply ? "the replies to" : "the requests to";
	const char *to;
	struct pick p;
	struct buf entry, why;
	bool public = !addr_private(a);

	ev_buf(&entry);
	ev_buf(&why);
	r->component = t->id;
	r->origin = t->origin;
	longest(e, t, a, &p);
	if (p.rt == NULL) {
		table_words(&entry, t);
		if (p.unknown_pl != NULL) {
			r->decision = VPC_UNKNOWN;
			buf_printf(&why,
			    "no route of %s that can be judged holds "
			    "%s, but the entries of %s, which a "
			    "route names, are not known",
			    t->id, text, p.unknown_pl);
			goto out;
		}
		r->decision = VPC_DENIES;
		buf_printf(&why, "no route to %s in %s", text, t->id);
		r->fix = route_fix(e, t, NULL, at, a, text, &why);
		goto out;
	}
	route_words(&entry, t, p.rt);
	to = p.rt->target;
	if (p.rt->blackhole) {
		r->decision = VPC_DENIES;
		buf_printf(&why, "%s: %s %s are dropped", entry.data, what,
		    text);
		if (to != NULL)
			buf_printf(&why,
			    ", as the target it named, %s, is gone", to);
		r->fix = route_fix(e, t, p.rt, at, a, text, &why);
	} else if (to == NULL) {
		r->decision = VPC_UNKNOWN;
		buf_printf(&why, "%s names no target the snapshot shows",
		    entry.data);
	} else if (strcmp(to, "local") == 0) {
		r->decision = VPC_ALLOWS;
		buf_printf(&why, "%s: %s is in the VPC", entry.data, text);
	} else if (has_prefix(to, "igw-") ||
	    (has_prefix(to, "eigw-") && a->family == 6)) {
		if (public) {
			r->decision = VPC_ALLOWS;
			buf_printf(&why,
			    "%s: %s %s leave by %s, to the internet",
			    entry.data, what, text, to);
		} else {
			r->decision = VPC_DENIES;
			buf_printf(&why,
			    "%s: %s %s leave by %s, which does "
			    "not carry a private address",
			    entry.data, what, text, to);
			r->fix = route_fix(e, t, NULL, at, a, text, &why);
		}
	} else if (has_prefix(to, "nat-") && reply) {
		r->decision = VPC_DENIES;
		buf_printf(&why,
		    "%s: %s %s leave by %s, which translates their "
		    "source, so they never reach %s as replies",
		    entry.data, what, text, to, text);
		if (public)
			buf_printf(&why,
			    " (the subnet is private: a request "
			    "from the internet reaches it only "
			    "through what translates it, a load "
			    "balancer)");
	} else if (has_prefix(to, "nat-")) {
		r->decision = VPC_ALLOWS;
		buf_printf(&why,
		    "%s: %s %s leave by %s, translated: %s sees the "
		    "NAT gateway's address",
		    entry.data, what, text, to, text);
	} else {
		r->decision = VPC_ALLOWS;
		buf_printf(&why,
		    "%s: %s %s leave by %s, and what is beyond it "
		    "(an appliance, a firewall endpoint, a peer) "
		    "then decides",
		    entry.data, what, text, to);
	}
	if (p.unknown_pl != NULL && p.len < (a->family == 6 ? 128u : 32u))
		buf_printf(&why,
		    " (the entries of %s are not known: a route "
		    "to it might be more specific)",
		    p.unknown_pl);
out:
	r->entry = ev_take(&entry);
	r->why = ev_take(&why);
}

/* Whether the internet can address the interface: a public IPv4
 * address, or a global IPv6 one. */
static bool
on_internet(const struct vpc_interface *f, int family)
{
	size_t i;

	if (family == 4)
		return f->public_ip.family == 4;
	for (i = 0; i < f->naddrs; i++) {
		if (f->addrs[i].family == 6 && !addr_private(&f->addrs[i]))
			return true;
	}
	return false;
}

void
ev_route(const struct ev *e, enum vpc_layer l, struct vpc_result *r)
{
	const struct vpc_flow *f = e->f;
	const struct vpc_interface *at;
	const struct vpc_route_table *t;
	bool reply = l == VPC_ROUTE_REPLY;
	char pb[16];

	at = reply ? e->tif : e->cif;
	if (at == NULL && !addr_private(&f->client) &&
	    !on_internet(e->tif, f->client.family)) {
		r->decision = VPC_DENIES;
		r->component = e->tif->id;
		r->origin = e->tif->origin;
		xasprintf(&r->entry, "%s has no public address", e->tif->id);
		xasprintf(&r->why,
		    "%s is on the internet and %s has no public address: the "
		    "internet cannot reach it directly",
		    e->client, e->tif->id);
		return;
	}
	/* A request from the internet to an interface it cannot address
	 * came through something that translates it (a load balancer that
	 * keeps the client's address, most often); the reply goes back that
	 * way, which the route table alone does not show. */
	if (reply && e->cif == NULL && !addr_private(&f->client) &&
	    !on_internet(e->tif, f->client.family)) {
		r->decision = VPC_UNKNOWN;
		xasprintf(&r->why,
		    "%s is on the internet and %s has no public address: the "
		    "requests came through a load balancer or another "
		    "translator, and the replies go back through it, which "
		    "the routes do not show",
		    e->client, e->tif->id);
		return;
	}
	if (at == NULL) {
		r->decision = VPC_SKIPPED;
		r->why = xstrdup("the client is not in the snapshot: its own "
				 "groups, ACL and routes are not judged");
		return;
	}
	if (reply && ev_is_icmp(f->protocol) &&
	    ev_icmp_reply(f->protocol, f->port) < 0) {
		r->decision = VPC_SKIPPED;
		xasprintf(&r->why, "%s type %d has no reply",
		    vpc_protocol_name(f->protocol, pb, sizeof(pb)), f->port);
		return;
	}
	r->decision = VPC_UNKNOWN;
	if (at->subnet == NULL) {
		xasprintf(&r->why, "the subnet of %s is not known", at->id);
		return;
	}
	if ((t = vpc_route_table_of_subnet(e->c, at->subnet, at->vpc)) ==
	    NULL) {
		xasprintf(&r->why,
		    "no route table of %s (%s's subnet), nor a main table of "
		    "%s, is in the snapshot",
		    at->subnet, at->id, at->vpc != NULL ? at->vpc : "its VPC");
		return;
	}
	judge(e, t, at, reply, r);
}
