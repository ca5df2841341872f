#include "config.h"

#include "eval-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* What the rules of an interface's groups said of one direction of the
 * flow. */
struct sg_scan {
	const struct ev *e;
	bool out;                            /* outbound rules: the client's */
	const struct addr *peer;             /* the other end */
	const struct vpc_interface *peer_if; /* its interface, or NULL */
	const char *peer_text;
	/* The first rule that admits the flow, and its group */
	const struct vpc_sg *hit_g;
	const struct vpc_sg_rule *hit;
	/* The first rule or group that could not be judged */
	const char *undecided_id;
	const char *undecided_origin;
	struct buf undecided;
	size_t ngroups; /* of the interface's groups, those in the snapshot */
	size_t nrules;  /* their rules of the direction */
	size_t nnear;   /* of those, the ones that take the traffic */
};

/* The direction's name, as the console writes it. */
static const char *
sg_dir(bool out)
{
	return out ? "outbound" : "inbound";
}

/* "sg-0123 (web)", or the id alone. */
static void
sg_words(struct buf *b, const struct vpc_sg *g)
{
	if (g->name != NULL && g->name[0] != '\0')
		buf_printf(b, "%s (%s)", g->id, g->name);
	else
		buf_printf(b, "%s", g->id);
}

/* The rule's peer: its CIDR, prefix list or group. */
static void
peer_words(struct buf *b, const struct vpc_sg_rule *r)
{
	char cb[ADDR_STRLEN + 8];

	if (r->kind == VPC_PEER_CIDR)
		buf_printf(b, "%s", ev_cidr(&r->cidr, cb, sizeof(cb)));
	else
		buf_printf(b, "%s", r->ref != NULL ? r->ref : "?");
}

/* "tcp 80 from 10.0.0.0/16" */
static void
rule_words(struct buf *b, const struct vpc_sg_rule *r, bool out)
{
	ev_traffic(b, r->protocol, r->from, r->to, r->from, r->to);
	buf_printf(b, " %s ", out ? "to" : "from");
	peer_words(b, r);
}

/* Whether the rule's peer holds the other end: 1 yes, 0 no, -1 cannot be
 * told (a prefix list not in the snapshot), with the reason added to
 * s->undecided when it is the first. */
static int
peer_holds(struct sg_scan *s, const struct vpc_sg *g,
    const struct vpc_sg_rule *r)
{
	const struct vpc_prefix_list *pl;
	size_t i;

	switch (r->kind) {
	case VPC_PEER_CIDR:
		return ev_contains(&r->cidr, s->peer);
	case VPC_PEER_GROUP:
		/* A group admits its members by their private addresses:
		 * not by a public one, through the internet. */
		if (s->peer_if != NULL || !addr_private(s->peer))
			return s->peer_if != NULL && r->ref != NULL &&
			    vpc_interface_in_group(s->peer_if, r->ref) &&
			    !addr_equal(&s->peer_if->public_ip, s->peer);
		/* A private peer whose interface the snapshot lacks (not
		 * read, denied, another account's) may be a member: the
		 * rule cannot tell. */
		if (s->undecided_id == NULL) {
			s->undecided_id = g->id;
			s->undecided_origin = g->origin;
			sg_words(&s->undecided, g);
			buf_printf(&s->undecided, " %s ", sg_dir(s->out));
			rule_words(&s->undecided, r, s->out);
			buf_printf(&s->undecided,
			    ": whether %s is in %s is not known (its interface "
			    "is not in the snapshot)",
			    s->peer_text,
			    r->ref != NULL ? r->ref : "the group");
		}
		return -1;
	case VPC_PEER_PREFIX_LIST:
		pl = vpc_prefix_list_by_id(s->e->c, r->ref);
		if (pl != NULL && pl->entries_known) {
			for (i = 0; i < pl->n; i++) {
				if (ev_contains(&pl->v[i], s->peer))
					return 1;
			}
			return 0;
		}
		if (s->undecided_id == NULL) {
			s->undecided_id = g->id;
			s->undecided_origin = g->origin;
			sg_words(&s->undecided, g);
			buf_printf(&s->undecided, " %s ", sg_dir(s->out));
			rule_words(&s->undecided, r, s->out);
			buf_printf(&s->undecided, ": %s %s",
			    r->ref != NULL ? r->ref : "its prefix list",
			    pl == NULL ? "is not in the snapshot"
				       : "has entries that are not known");
		}
		return -1;
	}
	return 0;
}

/* Runs the rules of the groups of f over the flow. */
static void
scan_groups(struct sg_scan *s, const struct vpc_interface *f)
{
	const struct vpc_flow *fl = s->e->f;
	const struct vpc_sg *g;
	const struct vpc_sg_rule *v;
	size_t i, k, n;

	for (i = 0; i < f->ngroups; i++) {
		if ((g = vpc_sg_by_id(s->e->c, f->groups[i])) == NULL) {
			if (s->undecided_id == NULL) {
				s->undecided_id = f->groups[i];
				s->undecided_origin = f->origin;
				buf_printf(&s->undecided,
				    "%s, a group of %s, is not in the snapshot",
				    f->groups[i], f->id);
			}
			continue;
		}
		s->ngroups++;
		v = s->out ? g->out : g->in;
		n = s->out ? g->nout : g->nin;
		for (k = 0; k < n; k++) {
			s->nrules++;
			if (!ev_ports_take(v[k].protocol, v[k].from, v[k].to,
				fl->protocol, fl->port))
				continue;
			s->nnear++;
			if (peer_holds(s, g, &v[k]) == 1 && s->hit == NULL) {
				s->hit_g = g;
				s->hit = &v[k];
			}
		}
	}
}

/* Lists what the groups admit, for a deny: the peers of the rules that
 * take the traffic when there are some, else every rule. */
static void
list_rules(struct buf *b, const struct sg_scan *s,
    const struct vpc_interface *f, bool near)
{
	const struct vpc_flow *fl = s->e->f;
	const struct vpc_sg *g;
	const struct vpc_sg_rule *v;
	size_t i, k, n, listed = 0, total = near ? s->nnear : s->nrules;

	for (i = 0; i < f->ngroups && listed < EV_LISTED; i++) {
		if ((g = vpc_sg_by_id(s->e->c, f->groups[i])) == NULL)
			continue;
		v = s->out ? g->out : g->in;
		n = s->out ? g->nout : g->nin;
		for (k = 0; k < n && listed < EV_LISTED; k++) {
			if (near &&
			    !ev_ports_take(v[k].protocol, v[k].from, v[k].to,
				fl->protocol, fl->port))
				continue;
			buf_printf(b, "%s", listed > 0 ? ", " : "");
			if (near)
				peer_words(b, &v[k]);
			else
				rule_words(b, &v[k], s->out);
			listed++;
		}
	}
	if (total > listed)
		buf_printf(b, " and %zu more", total - listed);
}

/* The entry of a deny: what the groups hold in the direction, "sg-1 (web)
 * inbound: tcp 80 from 10.0.0.0/16; sg-2 inbound: no rule". */
static void
deny_entry(struct buf *b, const struct sg_scan *s,
    const struct vpc_interface *f)
{
	const struct vpc_sg *g;
	const struct vpc_sg_rule *v;
	size_t i, k, n, listed = 0;

	if (f->ngroups == 0) {
		buf_printf(b, "%s has no security group", f->id);
		return;
	}
	for (i = 0; i < f->ngroups && listed < EV_LISTED; i++) {
		if ((g = vpc_sg_by_id(s->e->c, f->groups[i])) == NULL)
			continue;
		v = s->out ? g->out : g->in;
		n = s->out ? g->nout : g->nin;
		buf_printf(b, "%s", i > 0 ? "; " : "");
		sg_words(b, g);
		buf_printf(b, " %s: %s", sg_dir(s->out),
		    n == 0 ? "no rule" : "");
		for (k = 0; k < n && listed < EV_LISTED; k++) {
			buf_printf(b, "%s", k > 0 ? ", " : "");
			rule_words(b, &v[k], s->out);
			listed++;
		}
	}
	if (s->nrules > listed)
		buf_printf(b, " and %zu more", s->nrules - listed);
}

/* The command that admits the flow in the interface's first group. */
static char *
sg_fix(const struct sg_scan *s, const char *group)
{
	const struct vpc_flow *fl = s->e->f;
	char host[ADDR_STRLEN + 8], perm[160], pb[16], from[16];
	const char *proto = vpc_protocol_name(fl->protocol, pb, sizeof(pb));
	int lo = fl->port, hi = fl->port;

	if (!vpc_id_valid(group, NULL))
		return NULL;
	ev_host(s->peer, host, sizeof(host));
	if (!s->out && s->peer->family == 4 && !ev_is_icmp(fl->protocol)) {
		if (!ev_has_ports(fl->protocol))
			return ev_command("authorize-security-group-ingress",
			    "--group-id", group, "--protocol", proto, "--cidr",
			    host, (char *)NULL);
		snprintf(from, sizeof(from), "%d", fl->port);
		return ev_command("authorize-security-group-ingress",
		    "--group-id", group, "--protocol", proto, "--port", from,
		    "--cidr", host, (char *)NULL);
	}
	/* ICMP: FromPort the type, ToPort the code (any); a protocol of no
	 * ports: -1 both. */
	if (ev_is_icmp(fl->protocol))
		hi = VPC_ANY;
	else if (!ev_has_ports(fl->protocol))
		lo = hi = VPC_ANY;
	snprintf(perm, sizeof(perm),
	    "IpProtocol=%s,FromPort=%d,ToPort=%d,%s=[{%s=%s}]", proto, lo, hi,
	    s->peer->family == 6 ? "Ipv6Ranges" : "IpRanges",
	    s->peer->family == 6 ? "CidrIpv6" : "CidrIp", host);
	return ev_command(s->out ? "authorize-security-group-egress"
				 : "authorize-security-group-ingress",
	    "--group-id", group, "--ip-permissions", perm, (char *)NULL);
}

/* The subject of the texts: "sg-0123 (web)", "sg-1 (a) or sg-2 (b)". */
static void
groups_words(struct buf *b, const struct sg_scan *s,
    const struct vpc_interface *f)
{
	const struct vpc_sg *g;
	size_t i, n = 0;

	for (i = 0; i < f->ngroups; i++) {
		if ((g = vpc_sg_by_id(s->e->c, f->groups[i])) == NULL)
			continue;
		if (n > 0)
			buf_printf(b, "%s", n + 1 < s->ngroups ? ", " : " or ");
		sg_words(b, g);
		n++;
	}
}

void
ev_sg(const struct ev *e, enum vpc_layer l, struct vpc_result *r)
{
	struct sg_scan s;
	struct buf entry, why;
	const struct vpc_interface *f;
	const struct vpc_sg *first;
	const char *dir;

	memset(&s, 0, sizeof(s));
	s.e = e;
	s.out = l == VPC_CLIENT_SG_OUT;
	f = s.out ? e->cif : e->tif;
	s.peer = s.out ? &e->f->target : &e->f->client;
	s.peer_if = s.out ? e->tif : e->cif;
	s.peer_text = s.out ? e->target : e->client;
	dir = s.out ? "to" : "from";
	if (f == NULL) {
		r->decision = VPC_SKIPPED;
		r->why = xstrdup("the client is not in the snapshot: its own "
				 "groups, ACL and routes are not judged");
		return;
	}
	ev_buf(&s.undecided);
	ev_buf(&entry);
	ev_buf(&why);
	scan_groups(&s, f);
	if (s.hit != NULL) {
		r->decision = VPC_ALLOWS;
		r->component = s.hit_g->id;
		r->origin = s.hit_g->origin;
		sg_words(&entry, s.hit_g);
		buf_printf(&entry, " %s ", sg_dir(s.out));
		rule_words(&entry, s.hit, s.out);
		buf_printf(&why, "%s: it admits %s %s %s", entry.data, e->what,
		    dir, s.peer_text);
		if (s.hit->kind == VPC_PEER_GROUP)
			buf_printf(&why, ": %s is in %s", s.peer_if->id,
			    s.hit->ref);
		else if (s.hit->kind == VPC_PEER_PREFIX_LIST)
			buf_printf(&why, ": %s holds %s", s.hit->ref,
			    s.peer_text);
	} else if (s.undecided_id != NULL) {
		r->decision = VPC_UNKNOWN;
		r->component = s.undecided_id;
		r->origin = s.undecided_origin;
		buf_printf(&entry, "%s", s.undecided.data);
		buf_printf(&why,
		    "no rule that can be judged admits %s %s %s, "
		    "but %s",
		    e->what, dir, s.peer_text, s.undecided.data);
	} else {
		r->decision = VPC_DENIES;
		first =
		    f->ngroups > 0 ? vpc_sg_by_id(e->c, f->groups[0]) : NULL;
		if (first != NULL) {
			r->component = first->id;
			r->origin = first->origin;
		}
		deny_entry(&entry, &s, f);
		if (f->ngroups == 0)
			buf_printf(&why,
			    "%s has no security group: nothing "
			    "admits %s %s %s",
			    f->id, e->what, dir, s.peer_text);
		else {
			buf_printf(&why, "no rule of ");
			groups_words(&why, &s, f);
			buf_printf(&why, " admits %s %s %s: ", e->what, dir,
			    s.peer_text);
			if (s.nrules == 0)
				buf_printf(&why, "%s no %s rule",
				    s.ngroups > 1 ? "they have" : "it has",
				    sg_dir(s.out));
			else if (s.nnear > 0) {
				buf_printf(&why, "%s %s %s ",
				    s.ngroups > 1 ? "they admit" : "it admits",
				    e->what, dir);
				list_rules(&why, &s, f, true);
				buf_printf(&why, " only");
			} else {
				buf_printf(&why, "%s ",
				    s.ngroups > 1 ? "they admit" : "it admits");
				list_rules(&why, &s, f, false);
				buf_printf(&why, " only");
			}
			if (first != NULL &&
			    (r->fix = sg_fix(&s, first->id)) == NULL)
				buf_printf(&why,
				    " (no command is given: '%s' "
				    "is not an id of AWS's form)",
				    first->id);
		}
	}
	buf_release(&s.undecided);
	r->entry = ev_take(&entry);
	r->why = ev_take(&why);
}
