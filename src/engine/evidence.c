#include "config.h"

#include "flowdiag/engine/evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/buf.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

/* Uncovered stretches shorter than this are the seams between records. */
#define SEAM 120
/* Clients named in clients.list. */
#define LISTED 5

/* One matching record, keyed by its connection. */
struct item {
	struct addr client;
	uint16_t port; /* the client's */
	uint8_t proto;
	size_t idx; /* into the scan's matches */
};

/* What the records of one group add up to. */
struct ev_counters {
	uint64_t req, req_acc, req_acc_pkts, req_acc_bytes, req_rej;
	uint64_t req_rej_pkts, req_rej_src, req_tcp, req_udp, req_syn, req_fin;
	uint64_t req_rst;
	uint64_t rep, rep_acc, rep_acc_pkts, rep_acc_bytes, rep_rej;
	uint64_t rep_rej_client, rep_synack, rep_fin, rep_rst, rep_icmp;
	uint64_t flows, answered, unanswered, reply_rejected;
	uint64_t reply_rejected_remote, mixed, data, inbound_rejected;
	uint64_t data_both_ways, reset_sized;
	uint64_t via, tgw_lost;
	uint64_t req_at_target, side_unknown;
	uint64_t max_packets;
	uint64_t req_protos; /* a bit per protocol of the requests, 63: other */
	/* first start and last end per direction; 0 when none */
	int64_t req_first, req_last, rep_first, rep_last;
	int64_t req_start_last; /* the latest start of a request record */
	int64_t req_start_span; /* from the first start to the latest */
	bool ifaces_differ;
	bool bpa;
};

/* Per connection: which interfaces logged each direction and action. */
#define FLOW_IFACES 4
#define SEEN(a)     (1u << (a))
struct flow_state {
	const char *req_if[FLOW_IFACES], *rep_if[FLOW_IFACES];
	/* SEEN() of each action logged on req_if[i], rep_if[i] */
	unsigned int req_act[FLOW_IFACES], rep_act[FLOW_IFACES];
	size_t nreq_if, nrep_if;
	uint64_t req_acc, req_acc_pkts, req_acc_bytes, req_rej;
	uint64_t rep, rep_acc, rep_acc_pkts, rep_acc_bytes, rep_rej;
	uint64_t rej_pkts; /* rejected packets, either way */
	bool tcp;          /* of TCP */
	bool v6;           /* over IPv6 */
	bool synack;       /* an accepted SYN-ACK came back */
};

static bool
is_icmp(unsigned int p)
{
	return p == 1 || p == 58;
}

/* The client of a match: the far side from the target, as the target's
 * interface saw it, or as the packet carried it when only pkt-* named the
 * target (an intermediate's interface). */
static void
item_of(const struct scan *s, size_t idx, struct item *it)
{
	const struct scan_match *m = &s->matches[idx];
	const struct flow_record *r = &m->rec;
	const struct addr *t = &s->opt.target->addr;

	it->idx = idx;
	it->proto = r->protocol;
	if (m->side == TARGET_REQUEST) {
		it->client =
		    addr_equal(&r->dstaddr, t) || !flow_has(r, FF_PKT_SRCADDR)
		    ? r->srcaddr
		    : r->pkt_srcaddr;
		it->port = r->srcport;
	} else {
		it->client =
		    addr_equal(&r->srcaddr, t) || !flow_has(r, FF_PKT_DSTADDR)
		    ? r->dstaddr
		    : r->pkt_dstaddr;
		it->port = r->dstport;
	}
	if (is_icmp(r->protocol))
		it->port = 0;
}

static int
item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c;

	if ((c = addr_compare(&a->client, &b->client)) != 0)
		return c;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static bool
same_flow(const struct item *a, const struct item *b)
{
	return addr_compare(&a->client, &b->client) == 0 &&
	    a->port == b->port && a->proto == b->proto;
}

/* Notes that interface id logged action a in one direction. */
static void
add_if(const char **set, unsigned int *act, size_t *n, const char *id,
    enum flow_action a)
{
	size_t i;

	if (id == NULL)
		return;
	for (i = 0; i < *n && strcmp(set[i], id) != 0; i++)
		;
	if (i == *n && *n == FLOW_IFACES)
		return;
	if (i == *n)
		set[(*n)++] = id;
	act[i] |= SEEN(a);
}

void
ev_group_show(struct ev_group *g, enum ev_class c, size_t idx)
{
	size_t *v = g->shown[c], n = g->nshown[c], i;

	if (n == EVIDENCE_SHOWN && idx > v[n - 1])
		return;
	if (n < EVIDENCE_SHOWN)
		n++;
	for (i = n - 1; i > 0 && v[i - 1] > idx; i--)
		v[i] = v[i - 1];
	v[i] = idx;
	g->nshown[c] = n;
}

/* Widens [*first, *last] (0 when empty) to the record's interval. */
static void
span(int64_t *first, int64_t *last, const struct flow_record *r)
{
	if (!flow_has(r, FF_START) || !flow_has(r, FF_END))
		return;
	if (*first == 0 || r->start < *first)
		*first = r->start;
	if (r->end > *last)
		*last = r->end;
}

static void
set_time(struct facts *f, enum fact_id id, int64_t t)
{
	char buf[32];

	facts_set_str(f, id, t == 0 ? "" : when_format(t, buf, sizeof(buf)));
}

/* Adds one record to the counters, the connection's state and the group's
 * shown records. */
static void
add_record(struct ev_counters *c, struct flow_state *fs, struct ev_group *g,
    const struct scan_match *m, size_t idx, bool icmp_target, enum ev_role role)
{
	const struct flow_record *r = &m->rec;
	const char *id =
	    flow_has(r, FF_INTERFACE_ID) ? flow_text(r, FF_INTERFACE_ID) : NULL;
	bool flags = flow_has(r, FF_TCP_FLAGS), acc = r->action == FLOW_ACCEPT;
	const char *reason = flow_text(r, FF_REJECT_REASON);
	int i;

	if (r->packets > c->max_packets)
		c->max_packets = r->packets;
	if ((flow_has(r, FF_PKT_SRCADDR) &&
		!addr_equal(&r->pkt_srcaddr, &r->srcaddr)) ||
	    (flow_has(r, FF_PKT_DSTADDR) &&
		!addr_equal(&r->pkt_dstaddr, &r->dstaddr)))
		c->via++;
	for (i = 0; i < 4; i++)
		c->tgw_lost += r->packets_lost[i];
	c->side_unknown += role == ROLE_UNKNOWN;
	if (m->side == TARGET_REQUEST) {
		span(&c->req_first, &c->req_last, r);
		if (flow_has(r, FF_START) && r->start > c->req_start_last)
			c->req_start_last = r->start;
		c->req_start_span = c->req_start_last - c->req_first;
	} else
		span(&c->rep_first, &c->rep_last, r);
	if (m->side == TARGET_REQUEST) {
		c->req++;
		c->req_at_target += role == ROLE_TARGET;
		add_if(fs->req_if, fs->req_act, &fs->nreq_if, id, r->action);
		if (acc) {
			c->req_acc++;
			c->req_acc_pkts += r->packets;
			c->req_acc_bytes += r->bytes;
			fs->req_acc++;
			fs->req_acc_pkts += r->packets;
			fs->req_acc_bytes += r->bytes;
			ev_group_show(g, EV_REQ_ACCEPT, idx);
		} else if (r->action == FLOW_REJECT) {
			c->req_rej++;
			c->req_rej_pkts += r->packets;
			c->req_rej_src += role == ROLE_CLIENT;
			fs->req_rej++;
			fs->rej_pkts += r->packets;
			c->bpa |= reason != NULL && strcmp(reason, "BPA") == 0;
			ev_group_show(g, EV_REQ_REJECT, idx);
		}
		c->req_tcp += r->protocol == 6;
		c->req_udp += r->protocol == 17;
		c->req_protos |= (uint64_t)1
		    << (r->protocol < 63 ? r->protocol : 63);
		fs->tcp |= r->protocol == 6;
		fs->v6 |= r->srcaddr.family == 6;
		c->req_syn += flags && (r->tcp_flags & 2);
		c->req_fin += flags && (r->tcp_flags & 1);
		c->req_rst += flags && (r->tcp_flags & 4);
		return;
	}
	c->rep++;
	fs->rep++;
	add_if(fs->rep_if, fs->rep_act, &fs->nrep_if, id, r->action);
	if (acc) {
		c->rep_acc++;
		c->rep_acc_pkts += r->packets;
		c->rep_acc_bytes += r->bytes;
		c->rep_icmp += is_icmp(r->protocol) && !icmp_target;
		c->rep_rst += flags && (r->tcp_flags & 4);
		fs->rep_acc++;
		fs->rep_acc_pkts += r->packets;
		fs->rep_acc_bytes += r->bytes;
		ev_group_show(g, EV_REP_ACCEPT, idx);
	} else if (r->action == FLOW_REJECT) {
		c->rep_rej++;
		c->rep_rej_client += role == ROLE_CLIENT;
		fs->rep_rej++;
		fs->rej_pkts += r->packets;
		ev_group_show(g, EV_REP_REJECT, idx);
	}
	if (acc && flags && (r->tcp_flags & 18) == 18) {
		c->rep_synack++;
		fs->synack = true;
	}
	c->rep_fin += flags && (r->tcp_flags & 1);
}

/* Whether packets of a direction carry data: four or more of 100 bytes
 * or more on average, where a SYN is at most 60 (80 over IPv6). */
static bool
carries_data(uint64_t pkts, uint64_t bytes)
{
	return pkts >= 4 && bytes / pkts >= 100;
}

/* Adds a finished connection to the counters. */
static void
add_flow(struct ev_counters *c, const struct flow_state *fs)
{
	const unsigned int both = SEEN(FLOW_ACCEPT) | SEEN(FLOW_REJECT);
	size_t i, j;
	bool found, mixed = false, remote = false, data, both_ways;

	for (i = 0; i < fs->nreq_if; i++)
		mixed |= (fs->req_act[i] & both) == both;
	for (i = 0; i < fs->nrep_if; i++) {
		mixed |= (fs->rep_act[i] & both) == both;
		for (j = 0; j < fs->nrep_if; j++) {
			remote |= i != j &&
			    (fs->rep_act[i] & SEEN(FLOW_ACCEPT)) &&
			    (fs->rep_act[j] & SEEN(FLOW_REJECT));
		}
	}
	data = fs->tcp && carries_data(fs->req_acc_pkts, fs->req_acc_bytes);
	both_ways = fs->req_acc_pkts >= 4 && fs->rep_acc_pkts >= 4 &&
	    (carries_data(fs->req_acc_pkts, fs->req_acc_bytes) ||
		carries_data(fs->rep_acc_pkts, fs->rep_acc_bytes));
	/* A packet or two rejected after a connection that worked are late
	 * packets after its close, not a rule that changed. */
	if (mixed && (fs->synack || both_ways) && fs->rej_pkts <= 2)
		mixed = false;
	c->flows++;
	c->answered += fs->rep_acc > 0;
	c->unanswered += fs->req_acc > 0 && fs->rep == 0;
	c->reply_rejected += fs->req_acc > 0 && fs->rep_rej > 0;
	c->reply_rejected_remote += remote;
	c->mixed += mixed;
	c->data += data;
	c->inbound_rejected += fs->req_rej > 0 && fs->req_acc == 0;
	c->data_both_ways += both_ways;
	/* One packet of a bare TCP header, 40 bytes over IPv4 and 60 over
	 * IPv6, answering one: a reset.  A SYN-ACK carries options, and the
	 * client's ACK would follow it (FLOWLOGS.md, section 5). */
	c->reset_sized += fs->tcp && fs->req_acc_pkts == 1 &&
	    fs->rep_acc == fs->rep && fs->rep_acc_pkts == 1 &&
	    fs->rep_acc_bytes == (fs->v6 ? 60 : 40);
	for (i = 0; i < fs->nrep_if && fs->nreq_if > 0; i++) {
		found = false;
		for (j = 0; j < fs->nreq_if; j++)
			found |= strcmp(fs->rep_if[i], fs->req_if[j]) == 0;
		c->ifaces_differ |= !found;
	}
}

/* Sums two groups' counters: every member up to max_packets is a count
 * of the same type, which the assertion keeps true. */
_Static_assert(offsetof(struct ev_counters, max_packets) % sizeof(uint64_t) ==
	0,
    "the counts of struct ev_counters are uint64_t");

static void
counters_add(struct ev_counters *dst, const struct ev_counters *src)
{
	uint64_t *d = (uint64_t *)dst;
	const uint64_t *s = (const uint64_t *)src;
	size_t i,
	    n = offsetof(struct ev_counters, max_packets) / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		d[i] += s[i];
	if (src->max_packets > dst->max_packets)
		dst->max_packets = src->max_packets;
	if (src->req_first != 0 &&
	    (dst->req_first == 0 || src->req_first < dst->req_first))
		dst->req_first = src->req_first;
	if (src->rep_first != 0 &&
	    (dst->rep_first == 0 || src->rep_first < dst->rep_first))
		dst->rep_first = src->rep_first;
	if (src->req_last > dst->req_last)
		dst->req_last = src->req_last;
	if (src->req_start_last > dst->req_start_last)
		dst->req_start_last = src->req_start_last;
	dst->req_start_span = dst->req_start_last - dst->req_first;
	if (src->rep_last > dst->rep_last)
		dst->rep_last = src->rep_last;
	dst->ifaces_differ |= src->ifaces_differ;
	dst->req_protos |= src->req_protos;
	dst->bpa |= src->bpa;
}

/* The protocol of the requests, "mixed", or the target's without any. */
static void
req_protocol(const struct ev_counters *c, const struct target *t,
    struct facts *f)
{
	char name[16];
	int p;

	if (c->req_protos == 0) {
		facts_set_str(f, F_REQ_PROTOCOL,
		    t->protocol == TARGET_ANY
			? "any"
			: flow_protocol_name((unsigned int)t->protocol, name,
			      sizeof(name)));
		return;
	}
	if ((c->req_protos & (c->req_protos - 1)) != 0) {
		facts_set_str(f, F_REQ_PROTOCOL, "mixed");
		return;
	}
	p = __builtin_ctzll(c->req_protos);
	facts_set_str(f, F_REQ_PROTOCOL,
	    p == 63 ? "other"
		    : flow_protocol_name((unsigned int)p, name, sizeof(name)));
}

static void
counters_to_facts(const struct ev_counters *c, struct facts *f)
{
	facts_set_num(f, F_REQ_RECORDS, (double)c->req);
	set_time(f, F_REQ_FIRST, c->req_first);
	set_time(f, F_REQ_LAST, c->req_last);
	set_time(f, F_REP_FIRST, c->rep_first);
	set_time(f, F_REP_LAST, c->rep_last);
	facts_set_num(f, F_REQ_ACCEPT_RECORDS, (double)c->req_acc);
	facts_set_num(f, F_REQ_ACCEPT_PACKETS, (double)c->req_acc_pkts);
	facts_set_num(f, F_REQ_ACCEPT_BYTES, (double)c->req_acc_bytes);
	facts_set_num(f, F_REQ_REJECT_RECORDS, (double)c->req_rej);
	facts_set_num(f, F_REQ_REJECT_PACKETS, (double)c->req_rej_pkts);
	facts_set_num(f, F_REQ_REJECT_AT_SOURCE, (double)c->req_rej_src);
	facts_set_str(f, F_REQ_REJECT_REASON, c->bpa ? "BPA" : "");
	facts_set_num(f, F_REQ_TCP, (double)c->req_tcp);
	facts_set_num(f, F_REQ_UDP, (double)c->req_udp);
	facts_set_num(f, F_REQ_SYN, (double)c->req_syn);
	facts_set_num(f, F_REQ_FIN, (double)c->req_fin);
	facts_set_num(f, F_REQ_RST, (double)c->req_rst);
	facts_set_num(f, F_REP_RECORDS, (double)c->rep);
	facts_set_num(f, F_REP_ACCEPT_RECORDS, (double)c->rep_acc);
	facts_set_num(f, F_REP_ACCEPT_PACKETS, (double)c->rep_acc_pkts);
	facts_set_num(f, F_REP_ACCEPT_BYTES, (double)c->rep_acc_bytes);
	facts_set_num(f, F_REP_REJECT_RECORDS, (double)c->rep_rej);
	facts_set_num(f, F_REP_REJECT_AT_CLIENT, (double)c->rep_rej_client);
	facts_set_num(f, F_REP_SYNACK, (double)c->rep_synack);
	facts_set_num(f, F_REP_FIN, (double)c->rep_fin);
	facts_set_num(f, F_REP_RST, (double)c->rep_rst);
	facts_set_num(f, F_REP_ICMP, (double)c->rep_icmp);
	facts_set_bool(f, F_REP_INTERFACES_DIFFER, c->ifaces_differ);
	facts_set_num(f, F_FLOWS, (double)c->flows);
	facts_set_num(f, F_FLOWS_ANSWERED, (double)c->answered);
	facts_set_num(f, F_FLOWS_UNANSWERED, (double)c->unanswered);
	facts_set_num(f, F_FLOWS_REPLY_REJECTED, (double)c->reply_rejected);
	facts_set_num(f, F_FLOWS_REPLY_REJECTED_REMOTE,
	    (double)c->reply_rejected_remote);
	facts_set_num(f, F_FLOWS_MIXED, (double)c->mixed);
	facts_set_num(f, F_FLOWS_DATA, (double)c->data);
	facts_set_num(f, F_FLOWS_INBOUND_REJECTED, (double)c->inbound_rejected);
	facts_set_num(f, F_FLOWS_DATA_BOTH_WAYS, (double)c->data_both_ways);
	facts_set_num(f, F_FLOWS_RESET_SIZED, (double)c->reset_sized);
	facts_set_num(f, F_VIA_INTERMEDIATE, (double)c->via);
	facts_set_num(f, F_TGW_PACKETS_LOST, (double)c->tgw_lost);
	facts_set_num(f, F_REQ_AT_TARGET, (double)c->req_at_target);
	facts_set_num(f, F_RECORDS_SIDE_UNKNOWN, (double)c->side_unknown);
}

/* Appends "a, b and 3 more"-style text of client addresses to buf. */
static void
list_client(char *buf, size_t size, size_t *listed, size_t total,
    const struct addr *a)
{
	char text[ADDR_STRLEN];
	size_t len = strlen(buf);

	if (*listed < LISTED) {
		snprintf(buf + len, size - len, "%s%s", *listed ? ", " : "",
		    addr_format(a, text, sizeof(text)));
	} else if (*listed == LISTED) {
		snprintf(buf + len, size - len, " and %zu more",
		    total - LISTED);
	}
	(*listed)++;
}

static bool
is_target_interface(const struct evidence *ev, const char *id)
{
	size_t i;

	for (i = 0; i < ev->ninterfaces; i++) {
		if (strcmp(ev->interfaces[i], id) == 0)
			return true;
	}
	return false;
}

static void
add_interface(struct evidence *ev, const char *id)
{
	if (is_target_interface(ev, id))
		return;
	ev->interfaces = xreallocarray(ev->interfaces, ev->ninterfaces + 1,
	    sizeof(*ev->interfaces));
	ev->interfaces[ev->ninterfaces++] = xstrdup(id);
}

static bool
named(const char *const *ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(ids[i], id) == 0)
			return true;
	}
	return false;
}

/* The census result for interface id, or NULL. */
static const struct ev_census *
census_of(const struct evidence_options *opt, const char *id)
{
	size_t i;

	for (i = 0; i < opt->ncensus; i++) {
		if (strcmp(opt->census[i].id, id) == 0)
			return &opt->census[i];
	}
	return NULL;
}

/* Whether f's records with the target name one peer that may be the
 * interface's own address: a private one (all of an IPv6 VPC's are
 * public), with no flow-direction to say. */
static bool
one_peer(const struct scan *s, const struct iface *f)
{
	const struct addr *t = &s->opt.target->addr;

	return f->direct > 0 && f->local == 0 && f->remote == 0 &&
	    f->peers == 1 && (addr_private(&f->peer) || !addr_private(t));
}

/* Whether the records tell that f is the target's for sure. */
static bool
told_target(const struct scan *s, const struct iface *f)
{
	return f->local > 0 ||
	    (f->direct > 0 && f->remote == 0 && !one_peer(s, f));
}

bool
evidence_target_told(const struct scan *s, const struct evidence_options *opt)
{
	const struct iface_table *t = &s->ifaces;
	size_t i;

	if (opt->ninterfaces > 0 || opt->nec2_interfaces > 0)
		return true;
	for (i = 0; i < t->nslots; i++) {
		if (t->slots[i] != NULL && told_target(s, t->slots[i]))
			return true;
	}
	return false;
}

bool
evidence_needs_census(const struct scan *s, const struct iface *f,
    const struct evidence_options *opt)
{
	return f->matched > 0 && one_peer(s, f) &&
	    !named(opt->interfaces, opt->ninterfaces, f->id);
}

/* Tells whose interface f is (FLOWLOGS.md, section 5): the user or EC2
 * say so; flow-direction does; or the addresses do, for an interface logs
 * its own primary private address in every record.  So when the records
 * with the target name two or more peers, the target is the address they
 * share; when they name one public peer, it cannot be the interface's
 * own; and when they name one private peer, all of the interface's
 * records, read again by the census, must tell. */
static void
place(struct ev_interface *e, const struct iface *f, const struct scan *s,
    const struct evidence_options *opt, bool told)
{
	const struct addr *t = &s->opt.target->addr;
	const struct ev_census *c;

	e->role = ROLE_UNKNOWN;
	e->how = "";
	if (named(opt->interfaces, opt->ninterfaces, f->id)) {
		e->role = ROLE_TARGET;
		e->how = "--interface names it";
	} else if (named(opt->ec2_interfaces, opt->nec2_interfaces, f->id)) {
		e->role = ROLE_TARGET;
		e->how = "EC2 says so";
	} else if (f->local > 0) {
		e->role = ROLE_TARGET;
		e->how = "flow-direction puts the target on its side";
	} else if (f->remote > 0) {
		e->role = ROLE_CLIENT;
		e->how = "flow-direction puts the target on the far side";
	} else if (f->direct == 0) {
		e->role = ROLE_CLIENT;
		e->how = "its records name the target in pkt-* fields only: an "
			 "intermediate's (NAT gateway, transit gateway)";
	} else if (f->peers > 1) {
		e->role = ROLE_TARGET;
		e->how = "its records name the target with several peers";
	} else if (!one_peer(s, f)) {
		e->role = ROLE_TARGET;
		e->how = "its records name a public peer, which is never an "
			 "interface's own address";
	} else if ((c = census_of(opt, f->id)) == NULL && told) {
		/* Another is the target's: this one logs the flows of the
		 * target with one peer, as that peer's own does. */
		e->role = ROLE_CLIENT;
		e->how = "its records with the target name one peer, and the "
			 "target's own interface is another";
	} else if (c == NULL) {
		e->how = "its records with the target name one peer only, and "
			 "its other records were not read";
	} else if (c->owner.family == 0) {
		e->how = "every record of it names the same two addresses";
	} else if (addr_equal(&c->owner, t)) {
		e->role = ROLE_TARGET;
		e->how = "all its records name the target";
	} else {
		e->role = ROLE_CLIENT;
		e->how = "all its records name another address";
	}
	if (e->role == ROLE_TARGET)
		e->owner = *t;
	else if (e->role == ROLE_CLIENT && f->peers == 1)
		e->owner = f->peer;
	if (e->role == ROLE_CLIENT && (c = census_of(opt, f->id)) != NULL &&
	    c->owner.family != 0)
		e->owner = c->owner;
}

static void
add_ev_interface(struct evidence *ev, const char *id, enum ev_role role,
    const struct addr *owner, const char *how, uint64_t records)
{
	struct ev_interface *e;

	ev->ifs = xreallocarray(ev->ifs, ev->nifs + 1, sizeof(*ev->ifs));
	e = &ev->ifs[ev->nifs++];
	memset(e, 0, sizeof(*e));
	e->id = xstrdup(id);
	e->role = role;
	if (owner != NULL)
		e->owner = *owner;
	e->how = how;
	e->records = records;
}

static int
ev_interface_cmp(const void *pa, const void *pb)
{
	const struct ev_interface *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* Places every interface that logged the target's records, and the ones
 * named by the user or EC2; the target's interfaces are those placed as
 * its own, or, when none is, those that may be. */
static void
find_interfaces(struct evidence *ev, const struct evidence_options *opt)
{
	const struct iface_table *t = &ev->scan->ifaces;
	const struct addr *target = &ev->scan->opt.target->addr;
	bool told = evidence_target_told(ev->scan, opt), sure = false;
	struct ev_interface e;
	size_t i;

	for (i = 0; i < t->nslots; i++) {
		const struct iface *f = t->slots[i];

		if (f == NULL ||
		    (f->records == 0 &&
			!named(opt->interfaces, opt->ninterfaces, f->id) &&
			!named(opt->ec2_interfaces, opt->nec2_interfaces,
			    f->id)))
			continue;
		memset(&e, 0, sizeof(e));
		place(&e, f, ev->scan, opt, told);
		add_ev_interface(ev, f->id, e.role,
		    e.owner.family ? &e.owner : NULL, e.how, f->matched);
	}
	/* Named, with no record at all: idle, or not logged. */
	for (i = 0; i < opt->ninterfaces; i++) {
		if (iface_find(t, opt->interfaces[i]) == NULL)
			add_ev_interface(ev, opt->interfaces[i], ROLE_TARGET,
			    target, "--interface names it", 0);
	}
	for (i = 0; i < opt->nec2_interfaces; i++) {
		if (iface_find(t, opt->ec2_interfaces[i]) == NULL &&
		    !named(opt->interfaces, opt->ninterfaces,
			opt->ec2_interfaces[i]))
			add_ev_interface(ev, opt->ec2_interfaces[i],
			    ROLE_TARGET, target, "EC2 says so", 0);
	}
	if (ev->nifs > 1)
		qsort(ev->ifs, ev->nifs, sizeof(*ev->ifs), ev_interface_cmp);
	for (i = 0; i < ev->nifs; i++)
		sure |= ev->ifs[i].role == ROLE_TARGET;
	for (i = 0; i < ev->nifs; i++) {
		if (ev->ifs[i].role == ROLE_TARGET ||
		    (!sure && ev->ifs[i].role == ROLE_UNKNOWN))
			add_interface(ev, ev->ifs[i].id);
	}
}

/* The role of the interface that logged r. */
static enum ev_role
role_of(const struct evidence *ev, const struct flow_record *r)
{
	const char *id = flow_text(r, FF_INTERFACE_ID);
	size_t i;

	if (id == NULL || !flow_has(r, FF_INTERFACE_ID))
		return ROLE_UNKNOWN;
	for (i = 0; i < ev->nifs; i++) {
		if (strcmp(ev->ifs[i].id, id) == 0)
			return ev->ifs[i].role;
	}
	return ROLE_UNKNOWN;
}

static void
add_gap(struct evidence *ev, enum gap_kind kind, const char *iface,
    int64_t from, int64_t to, const char *detail)
{
	struct gap *g;

	ev->gaps = xreallocarray(ev->gaps, ev->ngaps + 1, sizeof(*ev->gaps));
	g = &ev->gaps[ev->ngaps++];
	g->kind = kind;
	g->interface = iface != NULL ? xstrdup(iface) : NULL;
	g->from = from;
	g->to = to;
	g->seconds = to - from;
	g->stretches = 1;
	g->detail = xstrdup(detail);
}

/* What EC2 says of the flow logs that cover the target's interfaces: none
 * at all, a delivery error, or one created after the window began. */
static void
ec2_facts(struct evidence *ev, const struct evidence_options *opt,
    struct facts *f)
{
	char detail[600], when[32];
	int64_t late = 0;

	facts_set_str(f, F_LOG_FLOW_LOG,
	    !opt->ec2                      ? ""
		: opt->no_flow_log != NULL ? "no"
					   : "yes");
	facts_set_str(f, F_LOG_DELIVERY_ERROR,
	    opt->ec2 && opt->delivery_error != NULL ? opt->delivery_error : "");
	if (opt->ec2 && opt->no_flow_log == NULL && opt->created > ev->from)
		late = opt->created - ev->from;
	facts_set_num(f, F_LOG_CREATED_LATE, (double)late);
	if (!opt->ec2)
		return;
	if (opt->no_flow_log != NULL) {
		add_gap(ev, GAP_NO_FLOW_LOG, NULL, ev->from, ev->to,
		    opt->no_flow_log);
	}
	if (opt->delivery_error != NULL) {
		snprintf(detail, sizeof(detail),
		    "the flow log reports a delivery error (%s): records may "
		    "be missing",
		    opt->delivery_error);
		add_gap(ev, GAP_DELIVERY_ERROR, NULL, ev->from, ev->to, detail);
	}
	if (late > 0) {
		snprintf(detail, sizeof(detail),
		    "the flow log was created at %s, %llds after the window "
		    "began: %s was logged",
		    when_format(opt->created, when, sizeof(when)),
		    (long long)late,
		    opt->created > ev->to ? "nothing in the window"
					  : "nothing before");
		add_gap(ev, GAP_STARTED_LATE, NULL, ev->from,
		    opt->created < ev->to ? opt->created : ev->to, detail);
	}
}

/* Minutes in seconds, rounded up, for the words of a gap. */
static long long
minutes(int64_t seconds)
{
	return (long long)((seconds + 59) / 60);
}

/* One line for the SKIPDATA stretches of interface fc in the window,
 * however many: how many, how long in all, the longest. */
static void
skipdata_gap(struct evidence *ev, const struct iface *fc)
{
	int64_t total = 0, longest = 0, a, b, lo = 0, hi = 0;
	unsigned int n = 0;
	const struct interval *lv = NULL;
	char detail[512], when[2][32];
	struct gap *g;
	size_t j;

	for (j = 0; j < fc->skipdata.n; j++) {
		const struct interval *iv = &fc->skipdata.v[j];

		if (iv->end < ev->from || iv->start > ev->to)
			continue;
		a = iv->start > ev->from ? iv->start : ev->from;
		b = iv->end < ev->to ? iv->end : ev->to;
		if (n++ == 0)
			lo = iv->start;
		hi = iv->end;
		total += b - a;
		if (lv == NULL || b - a > longest) {
			longest = b - a;
			lv = iv;
		}
	}
	if (n == 0)
		return;
	when_format(lv->start, when[0], sizeof(when[0]));
	when_format(lv->end, when[1], sizeof(when[1]));
	if (n == 1)
		snprintf(detail, sizeof(detail),
		    "%s skipped records from %s to %s: absence of records "
		    "proves nothing there",
		    fc->id, when[0], when[1]);
	else
		snprintf(detail, sizeof(detail),
		    "%s skipped records %u times, %lld %s in all, the "
		    "longest from %s to %s: absence of records proves "
		    "nothing there",
		    fc->id, n, minutes(total),
		    plural((uint64_t)minutes(total), "minute", "minutes"),
		    when[0], when[1]);
	add_gap(ev, GAP_SKIPDATA, fc->id, lo, hi, detail);
	g = &ev->gaps[ev->ngaps - 1];
	g->seconds = total;
	g->stretches = n;
}

/* The stretches of the window with no record of fc: before its first
 * record and after its last, each a real gap (logging had not started,
 * had stopped, or delivery is pending), in one line; and those between
 * its records, which are idle, not gaps: an interface logs nothing while
 * it has no traffic, and NODATA records are not written for every idle
 * interval (FLOWLOGS.md, section 5).  Adds the gap, returns the seconds
 * uncovered and adds the idle ones to *idle. */
static int64_t
coverage_gap(struct evidence *ev, const struct iface *fc, int64_t *idle)
{
	struct interval_list cov = { 0 };
	int64_t first, last, before = 0, after = 0, a, b;
	char detail[512], when[4][32];
	struct gap *g;
	size_t j;

	iface_coverage(fc, &cov);
	if (cov.n == 0) {
		free(cov.v);
		return 0;
	}
	first = cov.v[0].start;
	last = cov.v[cov.n - 1].end;
	for (j = 1; j < cov.n; j++) {
		a = cov.v[j - 1].end > ev->from ? cov.v[j - 1].end : ev->from;
		b = cov.v[j].start < ev->to ? cov.v[j].start : ev->to;
		if (b > a)
			*idle += b - a;
	}
	free(cov.v);
	if (first > ev->from)
		before = (first < ev->to ? first : ev->to) - ev->from;
	if (last < ev->to)
		after = ev->to - (last > ev->from ? last : ev->from);
	before = before >= SEAM ? before : 0;
	after = after >= SEAM ? after : 0;
	if (before + after == 0)
		return 0;
	when_format(ev->from, when[0], sizeof(when[0]));
	when_format(ev->from + before, when[1], sizeof(when[1]));
	when_format(ev->to - after, when[2], sizeof(when[2]));
	when_format(ev->to, when[3], sizeof(when[3]));
	if (before > 0 && after > 0)
		snprintf(detail, sizeof(detail),
		    "%s has no record from %s to %s, before its first "
		    "(logging had not started, or the input begins later), "
		    "nor from %s to %s, after its last (logging stopped, "
		    "delivery is still pending, or the input ends earlier): "
		    "%lld %s in all",
		    fc->id, when[0], when[1], when[2], when[3],
		    minutes(before + after),
		    plural((uint64_t)minutes(before + after), "minute",
			"minutes"));
	else if (before > 0)
		snprintf(detail, sizeof(detail),
		    "%s has no record from %s to %s, before its first: "
		    "logging had not started, or the input begins later",
		    fc->id, when[0], when[1]);
	else
		snprintf(detail, sizeof(detail),
		    "%s has no record from %s to %s, after its last: logging "
		    "stopped, delivery is still pending, or the input ends "
		    "earlier",
		    fc->id, when[2], when[3]);
	add_gap(ev, GAP_UNCOVERED, fc->id,
	    before > 0 ? ev->from : ev->to - after,
	    after > 0 ? ev->to : ev->from + before, detail);
	g = &ev->gaps[ev->ngaps - 1];
	g->seconds = before + after;
	g->stretches = (before > 0) + (after > 0);
	return before + after;
}

/* The logging facts and the gaps: what the target's interfaces logged in
 * the window, and what they did not. */
static void
logging(struct evidence *ev, const struct evidence_options *opt,
    struct facts *f)
{
	const struct scan *s = ev->scan;
	int64_t nodata = 0, skipped = 0, uncovered = 0, idle = 0;
	int64_t first = INT64_MAX, age;
	uint64_t records = 0;
	char detail[512];
	size_t i;

	for (i = 0; i < ev->ninterfaces; i++) {
		const struct iface *fc =
		    iface_find(&s->ifaces, ev->interfaces[i]);
		struct interval_list cov = { 0 };

		if (fc == NULL) {
			/* Named, and not one record in the window. */
			snprintf(detail, sizeof(detail),
			    "%s has no record in the window: it was not "
			    "logged then, or its records are not in this "
			    "input",
			    ev->interfaces[i]);
			add_gap(ev, GAP_UNCOVERED, ev->interfaces[i], ev->from,
			    ev->to, detail);
			uncovered += ev->to - ev->from;
			continue;
		}
		records += fc->records + fc->status_records;
		nodata += interval_overlap(&fc->nodata, ev->from, ev->to);
		skipped += interval_overlap(&fc->skipdata, ev->from, ev->to);
		skipdata_gap(ev, fc);
		uncovered += coverage_gap(ev, fc, &idle);
		iface_coverage(fc, &cov);
		if (cov.n > 0 && cov.v[0].start < first)
			first = cov.v[0].start;
		free(cov.v);
	}
	facts_set_num(f, F_LOG_INTERFACE_RECORDS, (double)records);
	facts_set_num(f, F_LOG_NODATA_SECONDS, (double)nodata);
	facts_set_num(f, F_LOG_SKIPDATA_SECONDS, (double)skipped);
	facts_set_num(f, F_LOG_UNCOVERED_SECONDS, (double)uncovered);
	facts_set_num(f, F_LOG_IDLE_SECONDS, (double)idle);
	facts_set_num(f, F_LOG_STARTED_LATE,
	    first != INT64_MAX && first > ev->from ? (double)(first - ev->from)
						   : 0);

	/* Without a record that has times, nor a window given, there is no
	 * window to be late for. */
	age = ev->scan->first == INT64_MAX &&
		(ev->ninterfaces == 0 || s->opt.target->to == INT64_MAX)
	    ? INT64_MAX
	    : opt->now - ev->to;
	facts_set_num(f, F_WINDOW_AGE, (double)age);
	facts_set_bool(f, F_DELIVERY_PENDING, age < opt->delivery_delay);
	if (age < opt->delivery_delay) {
		snprintf(detail, sizeof(detail),
		    "the window ends %llds before now, inside the delivery "
		    "delay (%llds): records may still arrive",
		    (long long)age, (long long)opt->delivery_delay);
		add_gap(ev, GAP_DELIVERY, NULL, ev->to, opt->now, detail);
	}
	if (opt->traffic_type != NULL &&
	    strcmp(opt->traffic_type, "ALL") != 0) {
		snprintf(detail, sizeof(detail),
		    "the flow log records %s traffic only: it can never show "
		    "a %s",
		    opt->traffic_type,
		    strcmp(opt->traffic_type, "ACCEPT") == 0 ? "REJECT"
							     : "ACCEPT");
		add_gap(ev, GAP_TRAFFIC_TYPE, NULL, ev->from, ev->to, detail);
	}
	facts_set_str(f, F_LOG_TRAFFIC_TYPE,
	    opt->traffic_type != NULL ? opt->traffic_type : "");
	ec2_facts(ev, opt, f);
	if (ev->ninterfaces == 0 && ev->nifs > 0) {
		add_gap(ev, GAP_NO_INTERFACE, NULL, ev->from, ev->to,
		    "the records that name the target's address were logged "
		    "on other interfaces: the target's own is not in the "
		    "logs");
	} else if (ev->ninterfaces == 0) {
		add_gap(ev, GAP_NO_INTERFACE, NULL, ev->from, ev->to,
		    "no record names the target's address and no --interface "
		    "was given: the target's interface is not in the logs");
	}
}

/* The fields that matter which the matched records' format lacks. */
static void
format_facts(struct evidence *ev, struct facts *f)
{
	static const struct {
		enum flow_field field;
		const char *why;
	} wanted[] = {
		{ FF_SRCPORT, "srcport/dstport (which service)" },
		{ FF_PROTOCOL, "protocol" },
		{ FF_START, "start/end (when)" },
		{ FF_ACTION, "action (ACCEPT or REJECT)" },
		{ FF_TCP_FLAGS, "tcp-flags (a SYN-ACK from an RST)" },
		{ FF_PKT_SRCADDR,
		    "pkt-srcaddr/pkt-dstaddr (NAT, load balancers)" },
		{ FF_FLOW_DIRECTION, "flow-direction (which side logged it)" },
	};
	/* The fields of the records that matched; with none, of all those
	 * read, so that a format too poor to match anything says so. */
	uint64_t has =
	    ev->scan->nmatches > 0 ? ev->scan->fields : ev->scan->format_fields;
	const struct target *t = ev->scan->opt.target;
	bool tcp = t->protocol == 6;
	char lacks[512] = "";
	size_t i, len;

	/* A question of any protocol is about TCP unless no matched
	 * record is. */
	for (i = 0; t->protocol == TARGET_ANY && i < ev->scan->nmatches; i++)
		tcp |= ev->scan->matches[i].rec.protocol == 6;
	if (t->protocol == TARGET_ANY && ev->scan->nmatches == 0)
		tcp = t->port != TARGET_ANY;
	facts_set_bool(f, F_FORMAT_TCP_FLAGS, has & FLOW_BIT(FF_TCP_FLAGS));
	facts_set_bool(f, F_FORMAT_PKT,
	    (has & FLOW_BIT(FF_PKT_SRCADDR)) &&
		(has & FLOW_BIT(FF_PKT_DSTADDR)));
	facts_set_bool(f, F_FORMAT_FLOW_DIRECTION,
	    has & FLOW_BIT(FF_FLOW_DIRECTION));
	facts_set_bool(f, F_FORMAT_ACTION,
	    (has & FLOW_BIT(FF_ACTION)) && (has & FLOW_BIT(FF_LOG_STATUS)));
	facts_set_bool(f, F_FORMAT_BASICS,
	    (has & FLOW_BIT(FF_SRCPORT)) && (has & FLOW_BIT(FF_DSTPORT)) &&
		(has & FLOW_BIT(FF_PROTOCOL)) && (has & FLOW_BIT(FF_START)) &&
		(has & FLOW_BIT(FF_END)));
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		if (has & FLOW_BIT(wanted[i].field))
			continue;
		/* Flags matter to TCP only. */
		if (wanted[i].field == FF_TCP_FLAGS && !tcp)
			continue;
		len = strlen(lacks);
		snprintf(lacks + len, sizeof(lacks) - len, "%s%s",
		    len > 0 ? ", " : "", wanted[i].why);
	}
	facts_set_str(f, F_FORMAT_LACKS, lacks);
	if (lacks[0] != '\0') {
		char detail[600];

		snprintf(detail, sizeof(detail), "the log format lacks %s",
		    lacks);
		add_gap(ev, GAP_FORMAT, NULL, ev->from, ev->to, detail);
	}
}

static int
port_cmp(const void *pa, const void *pb)
{
	const struct scan_port *a = pa, *b = pb;

	if (a->records != b->records)
		return a->records > b->records ? -1 : 1;
	return a->port < b->port ? -1 : a->port > b->port;
}

/* The other ports requests came to, the busiest three first. */
static void
other_ports(const struct scan *s, struct facts *f)
{
	struct scan_port v[SCAN_PORTS];
	char text[256] = "", proto[16];
	size_t i, n = 0, len;

	for (i = 0; i < SCAN_PORTS; i++) {
		if (s->ports[i].records > 0)
			v[n++] = s->ports[i];
	}
	qsort(v, n, sizeof(v[0]), port_cmp);
	for (i = 0; i < n && i < 3; i++) {
		len = strlen(text);
		snprintf(text + len, sizeof(text) - len,
		    "%s%u/%s (%llu record%s)", i ? ", " : "", v[i].port,
		    flow_protocol_name(v[i].protocol, proto, sizeof(proto)),
		    (unsigned long long)v[i].records,
		    v[i].records == 1 ? "" : "s");
	}
	facts_set_str(f, F_TARGET_OTHER_PORTS, text);
}

/* Field fd of the first matched record logged on an interface of role,
 * when it has a value; "" otherwise. */
static const char *
logged_field(const struct evidence *ev, enum flow_field fd, enum ev_role role)
{
	size_t i;

	for (i = 0; i < ev->scan->nmatches; i++) {
		const struct flow_record *r = &ev->scan->matches[i].rec;

		if (flow_has(r, fd) && role_of(ev, r) == role)
			return flow_text(r, fd);
	}
	return "";
}

/* A URL of the target: https for the usual TLS ports, IPv6 bracketed. */
static void
target_url(const struct target *t, char *buf, size_t size)
{
	char a[ADDR_STRLEN];

	addr_format(&t->addr, a, sizeof(a));
	snprintf(buf, size, "%s://%s%s%s:%d/",
	    t->port == 443 || t->port == 8443 ? "https" : "http",
	    t->addr.family == 6 ? "[" : "", a, t->addr.family == 6 ? "]" : "",
	    t->port);
}

/* Appends id to a comma-separated list. */
static void
join(struct buf *list, const char *id)
{
	if (list->len > 0)
		buf_append(list, ",", 1);
	buf_append(list, id, strlen(id));
}

/* The facts every group shares: the target, the window, the logging. */
static void
shared_facts(struct evidence *ev, const struct evidence_options *opt,
    struct facts *f)
{
	const struct target *t = ev->scan->opt.target;
	char buf[512], a[ADDR_STRLEN], p[16];
	struct buf gaps, list;
	const char *subnet = NULL;
	size_t i, listed;
	uint64_t other = 0;

	facts_set_str(f, F_TARGET, target_string(t, buf, sizeof(buf)));
	facts_set_str(f, F_TARGET_ADDRESS, addr_format(&t->addr, a, sizeof(a)));
	facts_set_str(f, F_TARGET_ADDRESS_FILTER,
	    t->addr.family == 6 ? "ipv6-addresses.ipv6-address"
				: "addresses.private-ip-address");
	facts_set_num(f, F_TARGET_PORT, t->port);
	facts_set_str(f, F_TARGET_PROTOCOL,
	    t->protocol == TARGET_ANY
		? "any"
		: flow_protocol_name((unsigned int)t->protocol, p, sizeof(p)));
	buf_init(&list, SIZE_MAX);
	for (i = 0; i < ev->ninterfaces; i++)
		join(&list, ev->interfaces[i]);
	facts_set_str(f, F_TARGET_INTERFACE, list.len ? list.data : "");
	buf_reset(&list);
	for (i = 0; i < ev->nifs; i++) {
		if (ev->ifs[i].role == ROLE_CLIENT)
			join(&list, ev->ifs[i].id);
	}
	facts_set_str(f, F_CLIENT_INTERFACE, list.len ? list.data : "");
	buf_release(&list);
	facts_set_bool(f, F_TARGET_INTERFACE_KNOWN, ev->ninterfaces > 0);
	for (i = 0; i < ev->nifs && ev->ifs[i].role != ROLE_TARGET; i++)
		;
	facts_set_bool(f, F_TARGET_INTERFACE_CERTAIN, i < ev->nifs);
	for (i = 0; i < ev->scan->nmatches && subnet == NULL; i++) {
		const struct flow_record *r = &ev->scan->matches[i].rec;
		const char *id = flow_text(r, FF_INTERFACE_ID);

		if (flow_has(r, FF_SUBNET_ID) && id != NULL &&
		    is_target_interface(ev, id))
			subnet = flow_text(r, FF_SUBNET_ID);
	}
	facts_set_str(f, F_TARGET_SUBNET, subnet != NULL ? subnet : "");
	facts_set_str(f, F_TARGET_INSTANCE,
	    logged_field(ev, FF_INSTANCE_ID, ROLE_TARGET));
	facts_set_str(f, F_CLIENT_SUBNET,
	    logged_field(ev, FF_SUBNET_ID, ROLE_CLIENT));
	target_url(t, buf, sizeof(buf));
	facts_set_str(f, F_TARGET_URL, buf);
	for (i = 0; i < ev->ninterfaces; i++) {
		const struct iface *fc =
		    iface_find(&ev->scan->ifaces, ev->interfaces[i]);

		if (fc != NULL)
			other += fc->records - fc->matched;
	}
	facts_set_num(f, F_TARGET_OTHER_RECORDS, (double)other);
	other_ports(ev->scan, f);
	facts_set_bool(f, F_CLIENT_GIVEN, t->has_client);
	facts_set_num(f, F_CLIENTS_ELSEWHERE, (double)ev->scan->other_requests);
	buf[0] = '\0';
	for (i = 0, listed = 0; i < ev->scan->nothers; i++)
		list_client(buf, sizeof(buf), &listed, ev->scan->nothers,
		    &ev->scan->others[i]);
	facts_set_str(f, F_CLIENTS_ELSEWHERE_LIST, buf);
	facts_set_str(f, F_WINDOW_FROM, when_format(ev->from, a, sizeof(a)));
	facts_set_str(f, F_WINDOW_TO, when_format(ev->to, a, sizeof(a)));
	facts_set_num(f, F_WINDOW_SECONDS, (double)(ev->to - ev->from));
	facts_set_bool(f, F_INPUT_PARTIAL,
	    ev->scan->matched > ev->scan->nmatches);
	for (i = 0; i < ev->scan->nfiles && !ev->scan->files[i]->partial; i++)
		;
	facts_set_bool(f, F_INPUT_CAPPED, i < ev->scan->nfiles);
	facts_set_num(f, F_INPUT_OUTSIDE_WINDOW, (double)ev->scan->outside);
	facts_set_num(f, F_INPUT_MALFORMED_TARGET,
	    (double)scan_total_malformed_target(ev->scan));
	set_time(f, F_INPUT_FIRST,
	    ev->scan->first != INT64_MAX ? ev->scan->first : 0);
	set_time(f, F_INPUT_LAST,
	    ev->scan->last != INT64_MIN ? ev->scan->last : 0);
	logging(ev, opt, f);
	format_facts(ev, f);
	/* Whole, however many gaps: a template never shows a cut text. */
	buf_init(&gaps, SIZE_MAX);
	for (i = 0; i < ev->ngaps; i++) {
		if (ev->gaps[i].kind == GAP_FORMAT ||
		    ev->gaps[i].kind == GAP_NO_INTERFACE)
			continue;
		if (gaps.len > 0)
			buf_append(&gaps, "; ", 2);
		buf_append(&gaps, ev->gaps[i].detail,
		    strlen(ev->gaps[i].detail));
	}
	facts_set_bool(f, F_GAPS_ANY, gaps.len > 0);
	facts_set_str(f, F_GAPS_SUMMARY, gaps.len > 0 ? gaps.data : "");
	buf_release(&gaps);
}

/* A scanner: a public address whose requests, all REJECTed, unanswered,
 * three packets at the most, came in one burst: its request records
 * start within a minute.  It never decides a verdict for the target as a
 * whole.  A client that tries again minutes later is a user, however few
 * its packets: a retransmitted SYN or two must not move a client across
 * the line, and the verdict with it. */
static bool
is_scanner(const struct ev_group *g, const struct ev_counters *c)
{
	return c->req == c->req_rej && c->rep == 0 && c->req_rej_pkts <= 3 &&
	    c->req_start_span < 60 && !addr_private(&g->client);
}

/* The scanners' addresses and the words a reachable verdict ends with,
 * which every set of facts shares. */
static void
scanner_facts(const struct evidence *ev, struct facts *f)
{
	char list[512] = "", said[640] = "";
	size_t i, listed = 0;

	for (i = 0; i < ev->nclients; i++) {
		if (ev->clients[i].scanner)
			list_client(list, sizeof(list), &listed, ev->scanners,
			    &ev->clients[i].client);
	}
	facts_set_str(f, F_SCANNERS_LIST, list);
	if (ev->scanners > 0)
		snprintf(said, sizeof(said),
		    " (%llu request%s to it from %zu internet scanner%s "
		    "were rejected: %s)",
		    (unsigned long long)ev->scanner_records,
		    ev->scanner_records == 1 ? "" : "s", ev->scanners,
		    ev->scanners == 1 ? "" : "s", list);
	facts_set_str(f, F_SCANNERS_SUMMARY, said);
}

void
evidence_subset(const struct evidence *ev, const bool *member, struct facts *f)
{
	const struct target *t = ev->scan->opt.target;
	struct ev_counters sum = { 0 };
	char list[512] = "", text[ADDR_STRLEN + 4];
	size_t i, listed = 0, n = 0, one = 0;

	for (i = 0; i < ev->nclients; i++)
		n += member[i];
	facts_copy(f, &ev->shared);
	for (i = 0; i < ev->nclients; i++) {
		if (!member[i])
			continue;
		one = i;
		counters_add(&sum, &ev->counters[i]);
		list_client(list, sizeof(list), &listed, n,
		    &ev->clients[i].client);
	}
	counters_to_facts(&sum, f);
	req_protocol(&sum, t, f);
	text[0] = '\0';
	if (n == 1)
		addr_format(&ev->clients[one].client, text, sizeof(text));
	if (t->has_client &&
	    t->client.len == (t->client.addr.family == 6 ? 128 : 32))
		addr_format(&t->client.addr, text, sizeof(text));
	facts_set_str(f, F_CLIENT_ADDRESS, text);
	if (t->has_client)
		facts_set_str(f, F_CLIENT,
		    addr_prefix_format(&t->client, text, sizeof(text)));
	else
		facts_set_str(f, F_CLIENT, n == 1 ? list : "all clients");
	facts_set_num(f, F_CLIENTS, (double)n);
	facts_set_str(f, F_CLIENTS_LIST, list);
	facts_set_num(f, F_SCANNERS, (double)ev->scanners);
	facts_set_num(f, F_SCANNERS_RECORDS, (double)ev->scanner_records);
	evidence_config_facts(ev, member, f);
}

void
evidence_build(struct evidence *ev, const struct scan *s,
    const struct evidence_options *opt)
{
	const struct target *t = s->opt.target;
	bool icmp_target = t->protocol == 1 || t->protocol == 58, *member;
	struct item *items;
	struct flow_state fs;
	size_t i, j, k, n = s->nmatches;
	enum ev_class cl;
	int c;

	memset(ev, 0, sizeof(*ev));
	ev->scan = s;
	ev->from = t->from != INT64_MIN ? t->from
	    : s->first != INT64_MAX     ? s->first
					: opt->now;
	ev->to = t->to != INT64_MAX ? t->to
	    : s->last != INT64_MIN  ? s->last
				    : ev->from;
	/* From a time the input ends before: until now, as asked. */
	if (ev->to < ev->from)
		ev->to = opt->now > ev->from ? opt->now : ev->from;
	find_interfaces(ev, opt);
	facts_init(&ev->shared);
	shared_facts(ev, opt, &ev->shared);

	items = xcalloc(n, sizeof(*items));
	for (i = 0; i < n; i++)
		item_of(s, i, &items[i]);
	qsort(items, n, sizeof(*items), item_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n &&
		     addr_compare(&items[j].client, &items[i].client) == 0;
		     j++)
			;
		ev->nclients++;
	}
	ev->clients = xcalloc(ev->nclients, sizeof(*ev->clients));
	ev->counters = xcalloc(ev->nclients, sizeof(*ev->counters));
	member = xcalloc(ev->nclients + 1, sizeof(*member));
	for (i = 0, c = 0; i < n; c++) {
		struct ev_group *g = &ev->clients[c];

		g->client = items[i].client;
		for (j = i;
		     j < n && addr_compare(&items[j].client, &g->client) == 0;
		     j = k) {
			memset(&fs, 0, sizeof(fs));
			for (k = j; k < n && same_flow(&items[k], &items[j]);
			     k++) {
				add_record(&ev->counters[c], &fs, g,
				    &s->matches[items[k].idx], items[k].idx,
				    icmp_target,
				    role_of(ev, &s->matches[items[k].idx].rec));
			}
			add_flow(&ev->counters[c], &fs);
		}
		i = j;
		/* A client the user named is never noise. */
		g->scanner = !t->has_client && is_scanner(g, &ev->counters[c]);
		if (g->scanner) {
			ev->scanners++;
			ev->scanner_records += ev->counters[c].req;
		}
	}
	/* One client alone is the user's own test, however it looks. */
	if (ev->scanners == 1 && ev->nclients == 1) {
		ev->clients[0].scanner = false;
		ev->scanners = 0;
		ev->scanner_records = 0;
	}
	scanner_facts(ev, &ev->shared);
	for (i = 0; i < ev->nclients; i++) {
		struct ev_group *g = &ev->clients[i];

		member[i] = true;
		evidence_subset(ev, member, &g->facts);
		member[i] = false;
	}
	for (i = 0; i < ev->nclients; i++) {
		member[i] = !ev->clients[i].scanner;
		for (cl = 0; cl < EV_NCLASS && member[i]; cl++) {
			for (k = 0; k < ev->clients[i].nshown[cl]; k++)
				ev_group_show(&ev->all, cl,
				    ev->clients[i].shown[cl][k]);
		}
	}
	evidence_subset(ev, member, &ev->all.facts);
	free(member);
	free(items);
}

enum ev_logging
evidence_logging(const struct evidence *ev, int64_t from, int64_t to)
{
	int64_t first = INT64_MAX, last = INT64_MIN;
	bool traffic = false, nodata = false, any = false;
	const struct iface *f;
	size_t i;

	for (i = 0; i < ev->ninterfaces; i++) {
		struct interval_list cov = { 0 };

		if ((f = iface_find(&ev->scan->ifaces, ev->interfaces[i])) ==
		    NULL)
			continue;
		if (interval_touches(&f->skipdata, from, to))
			return LOGGED_SKIPDATA;
		traffic |= interval_touches(&f->traffic, from, to);
		nodata |= interval_touches(&f->nodata, from, to);
		iface_coverage(f, &cov);
		if (cov.n > 0) {
			any = true;
			if (cov.v[0].start < first)
				first = cov.v[0].start;
			if (cov.v[cov.n - 1].end > last)
				last = cov.v[cov.n - 1].end;
		}
		free(cov.v);
	}
	if (traffic)
		return LOGGED_TRAFFIC;
	if (nodata)
		return LOGGED_NODATA;
	if (!any)
		return ev->ninterfaces > 0 ? LOGGED_NOT_YET
					   : LOGGED_NOTHING_KNOWN;
	if (to <= first)
		return LOGGED_NOT_YET;
	if (from >= last)
		return LOGGED_NO_MORE;
	return LOGGED_IDLE;
}

void
evidence_release(struct evidence *ev)
{
	size_t i;

	for (i = 0; i < ev->ninterfaces; i++)
		free(ev->interfaces[i]);
	free(ev->interfaces);
	for (i = 0; i < ev->nifs; i++)
		free(ev->ifs[i].id);
	free(ev->ifs);
	for (i = 0; i < ev->nclients; i++)
		facts_release(&ev->clients[i].facts);
	free(ev->clients);
	free(ev->counters);
	facts_release(&ev->all.facts);
	facts_release(&ev->shared);
	for (i = 0; i < ev->ngaps; i++) {
		free(ev->gaps[i].interface);
		free(ev->gaps[i].detail);
	}
	free(ev->gaps);
	for (i = 0; ev->evals != NULL && i < ev->nclients; i++)
		vpc_eval_release(&ev->evals[i]);
	free(ev->evals);
	free(ev->judged);
	free(ev->config_source);
	memset(ev, 0, sizeof(*ev));
}

const char *
ev_role_name(enum ev_role r)
{
	switch (r) {
	case ROLE_TARGET:
		return "target";
	case ROLE_CLIENT:
		return "client";
	case ROLE_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
gap_kind_name(enum gap_kind k)
{
	switch (k) {
	case GAP_SKIPDATA:
		return "skipdata";
	case GAP_UNCOVERED:
		return "uncovered";
	case GAP_DELIVERY:
		return "delivery-pending";
	case GAP_FORMAT:
		return "format-lacks-fields";
	case GAP_TRAFFIC_TYPE:
		return "traffic-type-filtered";
	case GAP_NO_INTERFACE:
		return "no-target-interface";
	case GAP_NO_FLOW_LOG:
		return "no-flow-log";
	case GAP_DELIVERY_ERROR:
		return "delivery-error";
	case GAP_STARTED_LATE:
		return "logging-started-late";
	}
	return "?";
}

const char *
ev_class_name(enum ev_class c)
{
	switch (c) {
	case EV_REQ_ACCEPT:
		return "req.accept";
	case EV_REQ_REJECT:
		return "req.reject";
	case EV_REP_ACCEPT:
		return "rep.accept";
	case EV_REP_REJECT:
		return "rep.reject";
	case EV_NCLASS:
		break;
	}
	return "?";
}
