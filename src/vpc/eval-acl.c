#include "config.h"

#include "eval-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* The ephemeral ports a client's replies go to when its port is not
 * known: the range the ACL must pass whole (Linux and Windows pick from
 * inside it). */
#define EPHEMERAL_LO 1024
#define EPHEMERAL_HI 65535

/* One direction of the flow held against one ACL. */
struct acl_job {
	const struct ev *e;
	const struct vpc_acl *a;
	bool reply;
	bool egress;
	const struct addr *peer; /* the other end: source in, destination out */
	int protocol;
	int type;   /* ICMP: the type of the packets judged */
	int lo, hi; /* the destination ports judged, both included */
	/* The entries of the direction that hold the peer and take the
	 * protocol, in rule-number order */
	const struct vpc_acl_entry **cand;
	size_t ncand;
	size_t nfamily; /* entries of the direction of the peer's family */
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct vpc_acl_entry *x = *(const struct vpc_acl_entry *const *)a;
	const struct vpc_acl_entry *y = *(const struct vpc_acl_entry *const *)b;

	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	/* One array: the order given breaks a tie. */
	return x < y ? -1 : x > y;
}

/* Whether the entry takes destination port p of the job's protocol. */
static bool
entry_port(const struct vpc_acl_entry *x, int protocol, int p)
{
	if (x->protocol == VPC_PROTO_ALL || !ev_has_ports(protocol))
		return true;
	if (x->from < 0 || x->to < 0)
		return true;
	return x->from <= p && p <= x->to;
}

/* Gathers the entries that could decide the job's packets, whatever their
 * port, and sorts them by rule number. */
static void
candidates(struct acl_job *j)
{
	const struct vpc_acl_entry *x;
	size_t i;

	j->cand = xreallocarray(NULL, j->a->n + 1, sizeof(*j->cand));
	for (i = 0; i < j->a->n; i++) {
		x = &j->a->v[i];
		if (x->egress != j->egress)
			continue;
		if (x->cidr.addr.family == j->peer->family)
			j->nfamily++;
		if (!ev_contains(&x->cidr, j->peer))
			continue;
		if (x->protocol != VPC_PROTO_ALL && x->protocol != j->protocol)
			continue;
		if (x->protocol != VPC_PROTO_ALL && ev_is_icmp(j->protocol) &&
		    !ev_icmp_takes(x->icmp_type, x->icmp_code, j->type))
			continue;
		j->cand[j->ncand++] = x;
	}
	qsort(j->cand, j->ncand, sizeof(*j->cand), entry_cmp);
}

/* The entry that decides port p: the first that takes it; NULL for the
 * final "*", which denies. */
static const struct vpc_acl_entry *
first_at(const struct acl_job *j, int p)
{
	size_t i;

	for (i = 0; i < j->ncand; i++) {
		if (entry_port(j->cand[i], j->protocol, p))
			return j->cand[i];
	}
	return NULL;
}

/* The entry in words: "acl-0a1b egress rule 100 denies tcp 0-65535 to
 * 0.0.0.0/0"; x NULL for the implicit "*". */
static void
entry_words(struct buf *b, const struct acl_job *j,
    const struct vpc_acl_entry *x)
{
	char cb[ADDR_STRLEN + 8];

	buf_printf(b, "%s %s rule ", j->a->id,
	    j->egress ? "egress" : "ingress");
	if (x == NULL || x->number == VPC_ACL_LAST)
		buf_printf(b, "*");
	else
		buf_printf(b, "%d", x->number);
	if (x == NULL) {
		buf_printf(b, " denies all traffic %s %s",
		    j->egress ? "to" : "from",
		    j->peer->family == 6 ? "::/0" : "0.0.0.0/0");
		return;
	}
	buf_printf(b, " %s ", x->allow ? "allows" : "denies");
	if (ev_is_icmp(x->protocol))
		ev_traffic(b, x->protocol, 0, 0, x->icmp_type, x->icmp_code);
	else
		ev_traffic(b, x->protocol, x->from < 0 ? VPC_ANY : x->from,
		    x->to < 0 ? VPC_ANY : x->to, 0, 0);
	buf_printf(b, " %s %s", j->egress ? "to" : "from",
	    ev_cidr(&x->cidr, cb, sizeof(cb)));
}

/* The packets judged: "the tcp requests from 203.0.113.5 to 10.0.1.5:80",
 * "the tcp replies from 10.0.1.5:80 to 203.0.113.12:51234". */
static void
packets_words(struct buf *b, const struct acl_job *j)
{
	const struct ev *e = j->e;
	const struct vpc_flow *f = e->f;
	char pb[16], tp[ADDR_STRLEN + 8], cp[ADDR_STRLEN + 8];
	const char *name = vpc_protocol_name(f->protocol, pb, sizeof(pb));

	if (ev_is_icmp(f->protocol))
		buf_printf(b, "the %s type %d %s", name, j->type,
		    j->reply ? "replies" : "requests");
	else if (ev_has_ports(f->protocol))
		buf_printf(b, "the %s %s", name,
		    j->reply ? "replies" : "requests");
	else
		buf_printf(b, "the protocol %s %s", name,
		    j->reply ? "replies" : "requests");
	if (!ev_has_ports(f->protocol)) {
		buf_printf(b, " from %s to %s",
		    j->reply ? e->target : e->client,
		    j->reply ? e->client : e->target);
		return;
	}
	if (!j->reply) {
		buf_printf(b, " from %s to %s", e->client,
		    ev_endpoint(&f->target, f->port, tp, sizeof(tp)));
		return;
	}
	buf_printf(b, " from %s to ",
	    ev_endpoint(&f->target, f->port, tp, sizeof(tp)));
	if (f->client_port >= 0)
		buf_printf(b, "%s",
		    ev_endpoint(&f->client, f->client_port, cp, sizeof(cp)));
	else
		buf_printf(b,
		    "%s on ports %d-%d (the client's port is not known)",
		    e->client, j->lo, j->hi);
}

/* The command that adds an allowing entry numbered n for the packets. */
static char *
acl_fix(const struct acl_job *j, int n)
{
	char num[16], proto[16], range[64], host[ADDR_STRLEN + 8];
	const char *kind = NULL, *value = NULL;
	int lo = j->lo;

	snprintf(num, sizeof(num), "%d", n);
	if (j->protocol == 6 || j->protocol == 17)
		snprintf(proto, sizeof(proto), "%s",
		    j->protocol == 6 ? "tcp" : "udp");
	else
		snprintf(proto, sizeof(proto), "%d", j->protocol);
	if (ev_has_ports(j->protocol)) {
		/* The reply: the whole ephemeral range, which the next
		 * connection's port is in too. */
		if (j->reply && lo > EPHEMERAL_LO)
			lo = EPHEMERAL_LO;
		snprintf(range, sizeof(range), "From=%d,To=%d", lo,
		    j->reply && j->hi < EPHEMERAL_HI ? EPHEMERAL_HI : j->hi);
		kind = "--port-range";
		value = range;
	} else if (ev_is_icmp(j->protocol)) {
		snprintf(range, sizeof(range), "Type=%d,Code=-1", j->type);
		kind = "--icmp-type-code";
		value = range;
	}
	ev_host(j->peer, host, sizeof(host));
	if (kind == NULL)
		return ev_command("create-network-acl-entry",
		    "--network-acl-id", j->a->id,
		    j->egress ? "--egress" : "--ingress", "--rule-number", num,
		    "--protocol", proto,
		    j->peer->family == 6 ? "--ipv6-cidr-block" : "--cidr-block",
		    host, "--rule-action", "allow", (char *)NULL);
	return ev_command("create-network-acl-entry", "--network-acl-id",
	    j->a->id, j->egress ? "--egress" : "--ingress", "--rule-number",
	    num, "--protocol", proto, kind, value,
	    j->peer->family == 6 ? "--ipv6-cidr-block" : "--cidr-block", host,
	    "--rule-action", "allow", (char *)NULL);
}

/* A rule number below below that no entry of the direction holds: the
 * highest, so the new entry sits just before the deny; 0 when none. */
static int
free_number(const struct acl_job *j, int below)
{
	int n;
	size_t i;

	for (n = below - 1; n >= 1; n--) {
		for (i = 0; i < j->a->n; i++) {
			if (j->a->v[i].egress == j->egress &&
			    j->a->v[i].number == n)
				break;
		}
		if (i == j->a->n)
			return n;
	}
	return 0;
}

/* What the probes of a range found: the lowest port denied, the entry
 * that denies it, and the lowest number among the denying entries, which
 * an allowing entry must come before. */
struct probes {
	bool denied;
	const struct vpc_acl_entry *deny; /* NULL: the final "*" */
	int port;
	int lowest;
};

static void
probe(const struct acl_job *j, int p, struct probes *st)
{
	const struct vpc_acl_entry *x;
	int num;

	if (p < j->lo || p > j->hi)
		return;
	if ((x = first_at(j, p)) != NULL && x->allow)
		return;
	num = x == NULL ? VPC_ACL_LAST : x->number;
	if (!st->denied || p < st->port) {
		st->deny = x;
		st->port = p;
	}
	st->denied = true;
	if (num < st->lowest)
		st->lowest = num;
}

/* Judges the job's ports: the port where each entry starts and the one
 * after it ends are probed, since between two such edges the first
 * match cannot change. */
static void
judge(struct acl_job *j, struct vpc_result *r)
{
	const struct vpc_acl_entry *x;
	struct probes st = { false, NULL, 0, VPC_ACL_LAST };
	struct buf entry, why;
	int n;
	size_t i;

	candidates(j);
	probe(j, j->lo, &st);
	for (i = 0; ev_has_ports(j->protocol) && i < j->ncand; i++) {
		x = j->cand[i];
		if (x->protocol == VPC_PROTO_ALL || x->from < 0 || x->to < 0)
			continue;
		probe(j, x->from, &st);
		if (x->to < j->hi)
			probe(j, x->to + 1, &st);
	}
	ev_buf(&entry);
	ev_buf(&why);
	r->component = j->a->id;
	r->origin = j->a->origin;
	if (!st.denied) {
		x = first_at(j, j->lo);
		r->decision = VPC_ALLOWS;
		r->rule_number = x->number;
		entry_words(&entry, j, x);
		buf_printf(&why, "%s: ", entry.data);
		packets_words(&why, j);
		buf_printf(&why, " pass it");
		goto out;
	}
	r->decision = VPC_DENIES;
	r->rule_number = st.deny == NULL ? VPC_ACL_LAST : st.deny->number;
	entry_words(&entry, j, st.deny);
	if (st.deny != NULL) {
		buf_printf(&why, "%s: ", entry.data);
		packets_words(&why, j);
		buf_printf(&why, " hit it");
		if (j->lo != j->hi)
			buf_printf(&why, " at port %d", st.port);
	} else {
		buf_printf(&why, "no entry of %s %s before the final * admits ",
		    j->a->id, j->egress ? "egress" : "ingress");
		packets_words(&why, j);
		if (j->lo != j->hi)
			buf_printf(&why, " at port %d", st.port);
		buf_printf(&why, ": the * entry denies them");
		if (j->nfamily == 0)
			buf_printf(&why, " (%s has no IPv%d %s entry)",
			    j->a->id, j->peer->family,
			    j->egress ? "egress" : "ingress");
	}
	if ((n = free_number(j, st.lowest)) == 0)
		buf_printf(&why,
		    "; no rule number below %d is free for an "
		    "entry that allows them",
		    st.lowest);
	else if (!vpc_id_valid(j->a->id, NULL))
		buf_printf(&why,
		    " (no command is given: '%s' is not an id of "
		    "AWS's form)",
		    j->a->id);
	else
		r->fix = acl_fix(j, n);
out:
	r->entry = ev_take(&entry);
	r->why = ev_take(&why);
	free(j->cand);
	j->cand = NULL;
}

void
ev_acl(const struct ev *e, enum vpc_layer l, struct vpc_result *r)
{
	const struct vpc_flow *f = e->f;
	const struct vpc_interface *at;
	struct acl_job j;
	char pb[16];

	memset(&j, 0, sizeof(j));
	j.e = e;
	j.reply = vpc_layer_is_reply(l);
	at =
	    l == VPC_CLIENT_ACL_OUT || l == VPC_CLIENT_ACL_IN ? e->cif : e->tif;
	j.egress = l == VPC_CLIENT_ACL_OUT || l == VPC_TARGET_ACL_OUT;
	j.peer = at == e->tif ? &f->client : &f->target;
	j.protocol = f->protocol;
	j.type = f->port;
	j.lo = j.hi = ev_has_ports(f->protocol) ? f->port : 0;
	if (at == NULL) {
		r->decision = VPC_SKIPPED;
		r->why = xstrdup("the client is not in the snapshot: its own "
				 "groups, ACL and routes are not judged");
		return;
	}
	if (e->cif != NULL && e->cif->subnet != NULL &&
	    e->tif->subnet != NULL &&
	    strcmp(e->cif->subnet, e->tif->subnet) == 0) {
		r->decision = VPC_SKIPPED;
		xasprintf(&r->why,
		    "%s and %s are in one subnet, %s: no network ACL lies "
		    "between them",
		    e->cif->id, e->tif->id, e->tif->subnet);
		return;
	}
	if (j.reply && ev_is_icmp(f->protocol) &&
	    (j.type = ev_icmp_reply(f->protocol, f->port)) < 0) {
		r->decision = VPC_SKIPPED;
		xasprintf(&r->why, "%s type %d has no reply",
		    vpc_protocol_name(f->protocol, pb, sizeof(pb)), f->port);
		return;
	}
	if (j.reply && ev_has_ports(f->protocol)) {
		if (f->client_port >= 0)
			j.lo = j.hi = f->client_port;
		else {
			j.lo = EPHEMERAL_LO;
			j.hi = EPHEMERAL_HI;
		}
	}
	r->decision = VPC_UNKNOWN;
	if (at->subnet == NULL) {
		xasprintf(&r->why, "the subnet of %s is not known", at->id);
		return;
	}
	if ((j.a = vpc_acl_of_subnet(e->c, at->subnet)) == NULL) {
		xasprintf(&r->why,
		    "the network ACL of %s (%s's subnet) is not in the "
		    "snapshot",
		    at->subnet, at->id);
		return;
	}
	if (j.a->n > EV_ACL_MAX) {
		r->component = j.a->id;
		r->origin = j.a->origin;
		xasprintf(&r->why,
		    "%s holds %zu entries, more than the %d judged: AWS "
		    "allows 40 a direction",
		    j.a->id, j.a->n, EV_ACL_MAX);
		return;
	}
	judge(&j, r);
}
