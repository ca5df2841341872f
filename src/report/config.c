#include "config.h"

#include "flowdiag/report/config.h"

#include <stdlib.h>
#include <string.h>

#include "flowdiag/report/output.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/eval.h"

/* Clients whose flows the text shows; the JSON has every judged one. */
#define SHOWN_CLIENTS 3

/* Whether client i shares the verdict: its flows are the ones to show. */
static bool
shares_verdict(const struct diagnosis *d, size_t i)
{
	const struct evidence *ev = d->ev;

	return ev->judged[i] && ev->evals[i].target_known &&
	    d->clients[i].rule == d->verdict.rule;
}

static void
flow_layers_text(FILE *fp, const struct evidence *ev, size_t i)
{
	const struct vpc_eval *e = &ev->evals[i];
	char a[ADDR_STRLEN], first[64], indent[64];
	int l;

	escape_printf(fp, "  %s to %s\n",
	    addr_format(&ev->clients[i].client, a, sizeof(a)),
	    e->target_if != NULL ? e->target_if->id : "the target");
	for (l = 0; l < VPC_NLAYERS; l++) {
		const struct vpc_result *r = &e->layer[l];
		const char *text = r->why != NULL ? r->why
		    : r->entry != NULL            ? r->entry
						  : "";

		if (r->decision == VPC_SKIPPED)
			continue;
		snprintf(first, sizeof(first), "    %-14s %-8s ",
		    vpc_layer_name(l), vpc_decision_name(r->decision));
		memset(indent, ' ', strlen(first));
		indent[strlen(first)] = '\0';
		report_wrap_at(fp, first, strlen(first), indent, text);
	}
}

void
report_config_text(FILE *fp, const struct diagnosis *d)
{
	const struct evidence *ev = d->ev;
	size_t i, shown = 0;

	if (ev->config == NULL)
		return;
	escape_printf(fp, "\nConfiguration (%s)\n", ev->config_source);
	for (i = 0; i < ev->nclients && shown < SHOWN_CLIENTS; i++) {
		if (!shares_verdict(d, i))
			continue;
		flow_layers_text(fp, ev, i);
		shown++;
	}
	if (shown == 0)
		escape_printf(fp,
		    "  no flow of this verdict's clients was judged: the "
		    "target's interface is not in it, the clients are "
		    "scanners, or their protocol is not known\n");
	for (i = 0; i < ev->config->nmissing; i++)
		report_wrap(fp, "  not read: ", ev->config->missing[i]);
}

static json_t *
text_or_null(const char *s)
{
	return s != NULL ? output_json_text(s) : json_null();
}

static json_t *
flow_json(const struct evidence *ev, size_t i)
{
	const struct vpc_eval *e = &ev->evals[i];
	json_t *o = json_object(), *layers = json_array();
	char a[ADDR_STRLEN];
	int l, deny;

	json_object_set_new(o, "client",
	    output_json_text(
		addr_format(&ev->clients[i].client, a, sizeof(a))));
	json_object_set_new(o, "target_interface",
	    text_or_null(e->target_if != NULL ? e->target_if->id : NULL));
	json_object_set_new(o, "client_interface",
	    text_or_null(e->client_if != NULL ? e->client_if->id : NULL));
	/* As the facts say it: a layer that does not count for this
	 * client's records (evidence_config_first_deny()) is not its block. */
	deny = evidence_config_first_deny(e, &ev->clients[i].facts);
	json_object_set_new(o, "allows",
	    json_boolean(evidence_config_allows(e, &ev->clients[i].facts)));
	json_object_set_new(o, "first_deny",
	    deny != VPC_NLAYERS ? output_json_text(vpc_layer_name(deny))
				: json_null());
	for (l = 0; l < VPC_NLAYERS; l++) {
		const struct vpc_result *r = &e->layer[l];
		json_t *lo = json_object();

		json_object_set_new(lo, "layer",
		    output_json_text(vpc_layer_name(l)));
		json_object_set_new(lo, "direction",
		    output_json_text(
			vpc_layer_is_reply(l) ? "reply" : "request"));
		json_object_set_new(lo, "decision",
		    output_json_text(vpc_decision_name(r->decision)));
		json_object_set_new(lo, "component",
		    text_or_null(r->component));
		json_object_set_new(lo, "rule_number",
		    r->rule_number != 0 ? json_integer(r->rule_number)
					: json_null());
		json_object_set_new(lo, "entry", text_or_null(r->entry));
		json_object_set_new(lo, "why", text_or_null(r->why));
		json_object_set_new(lo, "fix", text_or_null(r->fix));
		json_object_set_new(lo, "source", text_or_null(r->origin));
		json_array_append_new(layers, lo);
	}
	json_object_set_new(o, "layers", layers);
	return o;
}

json_t *
report_config_json(const struct diagnosis *d)
{
	const struct evidence *ev = d->ev;
	json_t *o, *flows, *missing;
	size_t i;

	if (ev->config == NULL)
		return json_null();
	o = json_object();
	flows = json_array();
	missing = json_array();
	json_object_set_new(o, "source", output_json_text(ev->config_source));
	for (i = 0; i < ev->config->nmissing; i++)
		json_array_append_new(missing,
		    output_json_text(ev->config->missing[i]));
	json_object_set_new(o, "missing", missing);
	for (i = 0; i < ev->nclients; i++) {
		if (ev->judged[i])
			json_array_append_new(flows, flow_json(ev, i));
	}
	json_object_set_new(o, "flows", flows);
	return o;
}

/* An ACL entry as the console shows it: "100  allow  tcp 80  0.0.0.0/0". */
static void
acl_entry_text(FILE *fp, const struct vpc_acl_entry *x, bool decides)
{
	char num[16], pbuf[16], ports[32], cidr[ADDR_STRLEN + 8];
	const char *proto;

	if (x->number == VPC_ACL_LAST)
		snprintf(num, sizeof(num), "*");
	else
		snprintf(num, sizeof(num), "%d", x->number);
	proto = vpc_protocol_name(x->protocol, pbuf, sizeof(pbuf));
	if ((x->protocol == 6 || x->protocol == 17) && x->from != VPC_ANY)
		snprintf(ports, sizeof(ports),
		    x->from == x->to ? "%d" : "%d-%d", x->from, x->to);
	else if (x->protocol == 1 || x->protocol == 58)
		snprintf(ports, sizeof(ports), "type %d code %d", x->icmp_type,
		    x->icmp_code);
	else
		snprintf(ports, sizeof(ports), "all");
	escape_printf(fp, "    %-6s %-5s %-7s %-12s %s%s\n", num,
	    x->allow ? "allow" : "deny", proto, ports,
	    addr_prefix_format(&x->cidr, cidr, sizeof(cidr)),
	    decides ? "   <- the first that matches: it decides" : "");
}

static int
number_cmp(const void *pa, const void *pb)
{
	const struct vpc_acl_entry *a =
	    *(const struct vpc_acl_entry *const *)pa;
	const struct vpc_acl_entry *b =
	    *(const struct vpc_acl_entry *const *)pb;

	return (a->number > b->number) - (a->number < b->number);
}

/* One direction of acl, lowest number first, the entry that decided r
 * marked; the final "*" entry shown when the snapshot leaves it out. */
static void
acl_teach(FILE *fp, const struct vpc_acl *acl, bool egress,
    const struct vpc_result *r)
{
	const struct vpc_acl_entry **v = xcalloc(acl->n + 1, sizeof(*v));
	struct vpc_acl_entry last = { .number = VPC_ACL_LAST,
		.protocol = VPC_PROTO_ALL };
	size_t i, n = 0;
	bool has_last = false;

	for (i = 0; i < acl->n; i++) {
		if (acl->v[i].egress == egress) {
			v[n++] = &acl->v[i];
			has_last |= acl->v[i].number == VPC_ACL_LAST;
		}
	}
	qsort(v, n, sizeof(*v), number_cmp);
	escape_printf(fp, "  %s %s, lowest number first:\n", acl->id,
	    egress ? "outbound (the replies)" : "inbound (the requests)");
	for (i = 0; i < n; i++)
		acl_entry_text(fp, v[i], r->rule_number == v[i]->number);
	if (!has_last) {
		last.cidr.addr.family = 4;
		acl_entry_text(fp, &last, r->rule_number == VPC_ACL_LAST);
	}
	free(v);
}

void
report_config_teach(FILE *fp, const struct diagnosis *d)
{
	const struct evidence *ev = d->ev;
	const struct vpc_eval *e = NULL;
	const struct vpc_acl *acl;
	size_t i;

	if (ev->config == NULL)
		return;
	for (i = 0; i < ev->nclients && e == NULL; i++) {
		if (shares_verdict(d, i))
			e = &ev->evals[i];
	}
	if (e == NULL || e->target_if == NULL)
		return;
	escape_printf(fp, "\nYour configuration, as AWS reads it\n");
	report_wrap(fp, "  ",
	    "A network ACL is stateless: it judges every packet alone, the "
	    "request coming in and the reply going out, each against its own "
	    "entries. It reads them in rule-number order and the first that "
	    "matches decides; the final * entry denies the rest.");
	acl = e->target_if->subnet != NULL
	    ? vpc_acl_of_subnet(ev->config, e->target_if->subnet)
	    : NULL;
	if (acl != NULL) {
		acl_teach(fp, acl, false, &e->layer[VPC_TARGET_ACL_IN]);
		acl_teach(fp, acl, true, &e->layer[VPC_TARGET_ACL_OUT]);
	}
	fputc('\n', fp);
	report_wrap(fp, "  ",
	    "A security group is stateful: it judges the request only, and "
	    "lets the reply to an admitted request out whatever its outbound "
	    "rules say. It has no deny rules: any rule of any group on the "
	    "interface that admits the request admits it.");
	if (e->layer[VPC_TARGET_SG_IN].why != NULL)
		report_wrap_at(fp, "  Here: ", 8, "        ",
		    e->layer[VPC_TARGET_SG_IN].why);
}
