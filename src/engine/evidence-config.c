#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/engine/evidence.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/eval.h"

/*
 * The configuration's side of the evidence: each client's flow held
 * against the snapshot (vpc/eval.c), and the facts the rules read of it.
 * The records decide what happened; these facts say which entry of the
 * configuration fits it, or that none does.
 */

/* Clients judged at the most: past the busiest few, the scanners and the
 * tail of the internet add nothing a report would show. */
#define JUDGED_MAX 256

/* The protocol of the requests as the facts name it ("tcp", "17"); -1
 * when none is (no request, several), or for all. */
static int
protocol_number(const char *name)
{
	int p = vpc_protocol_parse(name);

	return p >= 0 ? p : -1;
}

/* A source port the client used: a rejected reply's first, else a
 * request's; -1 when no record shows one. */
static int
client_port(const struct evidence *ev, const struct ev_group *g)
{
	static const enum ev_class order[] = { EV_REP_REJECT, EV_REP_ACCEPT,
		EV_REQ_REJECT, EV_REQ_ACCEPT };
	const struct flow_record *r;
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (g->nshown[order[i]] == 0)
			continue;
		r = &ev->scan->matches[g->shown[order[i]][0]].rec;
		if (!flow_has(r, FF_SRCPORT) || !flow_has(r, FF_DSTPORT))
			continue;
		return order[i] == EV_REP_REJECT || order[i] == EV_REP_ACCEPT
		    ? r->dstport
		    : r->srcport;
	}
	return -1;
}

/* The target's interface as the records or the user named it, when the
 * snapshot holds it: an address reused in two VPCs is then told apart. */
static const char *
target_interface(const struct evidence *ev, const struct vpc_config *cfg)
{
	size_t i;

	for (i = 0; i < ev->ninterfaces; i++) {
		if (vpc_interface_by_id(cfg, ev->interfaces[i]) != NULL)
			return ev->interfaces[i];
	}
	for (i = 0; i < ev->nifs; i++) {
		if (ev->ifs[i].role == ROLE_TARGET &&
		    vpc_interface_by_id(cfg, ev->ifs[i].id) != NULL)
			return ev->ifs[i].id;
	}
	return NULL;
}

/*
 * Whether layer l counts for these facts.  A request the target's
 * interface logged came by some route: where the snapshot sees none (a
 * client on the internet, a target without a public address), something
 * the snapshot does not hold carried it, a load balancer that keeps the
 * client's address most often, and the route-request layer says nothing
 * of why the request was then refused.
 */
static bool
counts(int l, const struct facts *f)
{
	return l != VPC_ROUTE_REQUEST || facts_num(f, F_REQ_RECORDS) == 0;
}

int
evidence_config_first_deny(const struct vpc_eval *e, const struct facts *f)
{
	int l;

	for (l = 0; l < VPC_NLAYERS; l++) {
		if (e->layer[l].decision == VPC_DENIES && counts(l, f))
			return l;
	}
	return VPC_NLAYERS;
}

bool
evidence_config_allows(const struct vpc_eval *e, const struct facts *f)
{
	int l;

	for (l = 0; l < VPC_NLAYERS; l++) {
		if (counts(l, f) && e->layer[l].decision != VPC_ALLOWS &&
		    e->layer[l].decision != VPC_SKIPPED)
			return false;
	}
	return true;
}

/* What a set of layers says of the path: denies when one does, unknown
 * when one could not be judged, else allows. */
static const char *
path_word(const struct vpc_eval *e, bool reply, const struct facts *f)
{
	bool unknown = false;
	int l;

	for (l = 0; l < VPC_NLAYERS; l++) {
		if (vpc_layer_is_reply(l) != reply || !counts(l, f))
			continue;
		if (e->layer[l].decision == VPC_DENIES)
			return "denies";
		unknown |= e->layer[l].decision == VPC_UNKNOWN;
	}
	return unknown ? "unknown" : "allows";
}

/* The explanations that fit records rejected where the configuration
 * allows: it changed since the window, always; Block Public Access when
 * the client is on the internet; a firewall or appliance when the reply's
 * route leaves through an endpoint or an interface. */
static void
fits(const struct vpc_eval *e, const struct addr *client, struct buf *b)
{
	const struct vpc_result *r = &e->layer[VPC_ROUTE_REPLY];
	static const char changed[] = "the configuration changed since the "
				      "window (CloudTrail or AWS Config would "
				      "show when)";
	static const char bpa[] = "; VPC Block Public Access, which "
				  "overrides security groups and network "
				  "ACLs for internet traffic (the client is "
				  "on the internet)";

	buf_append(b, changed, sizeof(changed) - 1);
	if (!addr_private(client))
		buf_append(b, bpa, sizeof(bpa) - 1);
	if (r->decision == VPC_ALLOWS && r->entry != NULL &&
	    (strstr(r->entry, "vpce-") != NULL ||
		strstr(r->entry, "eni-") != NULL)) {
		static const char appliance[] = "; a Network Firewall or "
						"appliance on the route (";

		buf_append(b, appliance, sizeof(appliance) - 1);
		buf_append(b, r->entry, strlen(r->entry));
		buf_append(b, ")", 1);
	}
}

/* The subnet and interface facts the records could not give, from the
 * snapshot: the next steps then name them. */
static void
fill_ids(const struct vpc_eval *e, struct facts *f)
{
	if (e->target_if != NULL) {
		if (facts_str(f, F_TARGET_SUBNET)[0] == '\0' &&
		    e->target_if->subnet != NULL)
			facts_set_str(f, F_TARGET_SUBNET, e->target_if->subnet);
		if (facts_str(f, F_TARGET_INTERFACE)[0] == '\0')
			facts_set_str(f, F_TARGET_INTERFACE, e->target_if->id);
	}
	if (e->client_if != NULL) {
		if (facts_str(f, F_CLIENT_SUBNET)[0] == '\0' &&
		    e->client_if->subnet != NULL)
			facts_set_str(f, F_CLIENT_SUBNET, e->client_if->subnet);
		if (facts_str(f, F_CLIENT_INTERFACE)[0] == '\0')
			facts_set_str(f, F_CLIENT_INTERFACE, e->client_if->id);
	}
}

void
evidence_config_facts(const struct evidence *ev, const bool *member,
    struct facts *f)
{
	const struct vpc_eval *rep = NULL, *e;
	const struct vpc_result *r;
	struct buf unknown, why;
	char text[ADDR_STRLEN];
	bool allows = true;
	size_t i, who = 0;
	int l, deny;

	if (ev->config == NULL)
		return;
	facts_set_str(f, F_CONFIG_SOURCE, ev->config_source);
	/* The verdict speaks of the first member that a layer denies, else
	 * of the first judged: one flow, one entry, one command. */
	for (i = 0; i < ev->nclients; i++) {
		if (!ev->judged[i] || (member != NULL && !member[i]))
			continue;
		e = &ev->evals[i];
		if (!e->target_known)
			continue;
		allows &= evidence_config_allows(e, f);
		if (rep == NULL ||
		    (evidence_config_first_deny(rep, f) == VPC_NLAYERS &&
			evidence_config_first_deny(e, f) != VPC_NLAYERS)) {
			rep = e;
			who = i;
		}
	}
	if (rep == NULL)
		return;
	facts_set_bool(f, F_CONFIG_KNOWN, true);
	facts_set_str(f, F_CONFIG_CLIENT,
	    addr_format(&ev->clients[who].client, text, sizeof(text)));
	facts_set_str(f, F_CONFIG_REQUEST, path_word(rep, false, f));
	facts_set_str(f, F_CONFIG_REPLY, path_word(rep, true, f));
	facts_set_bool(f, F_CONFIG_ALLOWS, allows);
	fill_ids(rep, f);
	if ((deny = evidence_config_first_deny(rep, f)) != VPC_NLAYERS) {
		r = &rep->layer[deny];
		facts_set_str(f, F_CONFIG_BLOCKS, vpc_layer_name(deny));
		facts_set_str(f, F_CONFIG_COMPONENT,
		    r->component != NULL ? r->component : "");
		facts_set_num(f, F_CONFIG_RULE, r->rule_number);
		facts_set_str(f, F_CONFIG_ENTRY,
		    r->entry != NULL ? r->entry : "");
		facts_set_str(f, F_CONFIG_WHY, r->why != NULL ? r->why : "");
		facts_set_str(f, F_CONFIG_FIX, r->fix != NULL ? r->fix : "");
	}
	buf_init(&unknown, 64 * 1024);
	for (l = 0; l < VPC_NLAYERS; l++) {
		r = &rep->layer[l];
		if (r->decision != VPC_UNKNOWN)
			continue;
		if (unknown.len > 0)
			buf_append(&unknown, "; ", 2);
		buf_append(&unknown, vpc_layer_name(l),
		    strlen(vpc_layer_name(l)));
		if (r->why != NULL) {
			buf_append(&unknown, ": ", 2);
			buf_append(&unknown, r->why, strlen(r->why));
		}
	}
	buf_append(&unknown, "", 1);
	facts_set_str(f, F_CONFIG_UNKNOWN, unknown.data);
	buf_release(&unknown);
	if (allows) {
		buf_init(&why, 64 * 1024);
		fits(rep, &ev->clients[who].client, &why);
		buf_append(&why, "", 1);
		facts_set_str(f, F_CONFIG_FITS, why.data);
		buf_release(&why);
	}
}

void
evidence_judge_config(struct evidence *ev, const struct vpc_config *cfg,
    const char *source)
{
	const struct target *t = ev->scan->opt.target;
	const char *tif = target_interface(ev, cfg);
	struct vpc_flow fl;
	size_t i, judged = 0;
	bool *member;

	ev->config = cfg;
	ev->config_source = xstrdup(source != NULL ? source : "");
	ev->evals = xcalloc(ev->nclients + 1, sizeof(*ev->evals));
	ev->judged = xcalloc(ev->nclients + 1, sizeof(*ev->judged));
	member = xcalloc(ev->nclients + 1, sizeof(*member));
	for (i = 0; i < ev->nclients && judged < JUDGED_MAX; i++) {
		struct ev_group *g = &ev->clients[i];

		if (g->scanner)
			continue;
		memset(&fl, 0, sizeof(fl));
		fl.client = g->client;
		fl.target = t->addr;
		fl.protocol = t->protocol > 0
		    ? t->protocol
		    : protocol_number(facts_str(&g->facts, F_REQ_PROTOCOL));
		/* A flow of no known protocol is not judged: entries of
		 * one protocol would be named for it. */
		if (fl.protocol == -1)
			continue;
		fl.port = t->port;
		/* Flow logs do not record an ICMP type: an address without
		 * a port is pinged, an echo request. */
		if (fl.protocol == 1 && fl.port == TARGET_ANY)
			fl.port = 8;
		else if (fl.protocol == 58 && fl.port == TARGET_ANY)
			fl.port = 128;
		fl.client_port = client_port(ev, g);
		fl.target_interface = tif;
		vpc_evaluate(cfg, &fl, &ev->evals[i]);
		ev->judged[i] = true;
		judged++;
		member[i] = true;
		evidence_config_facts(ev, member, &g->facts);
		member[i] = false;
	}
	free(member);
	evidence_config_facts(ev, NULL, &ev->all.facts);
}
