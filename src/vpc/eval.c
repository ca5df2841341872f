#include "config.h"

#include "flowdiag/vpc/eval.h"
#include "eval-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"

static const char *const layer_names[VPC_NLAYERS] = {
	[VPC_CLIENT_SG_OUT] = "client-sg-out",
	[VPC_CLIENT_ACL_OUT] = "client-acl-out",
	[VPC_ROUTE_REQUEST] = "route-request",
	[VPC_TARGET_ACL_IN] = "target-acl-in",
	[VPC_TARGET_SG_IN] = "target-sg-in",
	[VPC_TARGET_ACL_OUT] = "target-acl-out",
	[VPC_ROUTE_REPLY] = "route-reply",
	[VPC_CLIENT_ACL_IN] = "client-acl-in",
};

const char *
vpc_layer_name(enum vpc_layer l)
{
	if ((unsigned)l >= VPC_NLAYERS)
		return "?";
	return layer_names[l];
}

bool
vpc_layer_is_reply(enum vpc_layer l)
{
	return l == VPC_TARGET_ACL_OUT || l == VPC_ROUTE_REPLY ||
	    l == VPC_CLIENT_ACL_IN;
}

const char *
vpc_decision_name(enum vpc_decision d)
{
	switch (d) {
	case VPC_UNKNOWN:
		return "unknown";
	case VPC_SKIPPED:
		return "skipped";
	case VPC_ALLOWS:
		return "allows";
	case VPC_DENIES:
		return "denies";
	}
	return "?";
}

const char *
vpc_protocol_name(int protocol, char *buf, size_t size)
{
	switch (protocol) {
	case VPC_PROTO_ALL:
		return "all";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 58:
		return "icmpv6";
	}
	snprintf(buf, size, "%d", protocol);
	return buf;
}

void
ev_buf(struct buf *b)
{
	buf_init(b, EV_TEXT_MAX);
}

char *
ev_take(struct buf *b)
{
	char *s = xstrdup(b->data != NULL ? b->data : "");

	buf_release(b);
	return s;
}

const char *
ev_cidr(const struct addr_prefix *p, char *buf, size_t size)
{
	char a[ADDR_STRLEN];

	snprintf(buf, size, "%s/%u", addr_format(&p->addr, a, sizeof(a)),
	    p->len);
	return buf;
}

const char *
ev_host(const struct addr *a, char *buf, size_t size)
{
	char s[ADDR_STRLEN];

	snprintf(buf, size, "%s/%d", addr_format(a, s, sizeof(s)),
	    a->family == 6 ? 128 : 32);
	return buf;
}

const char *
ev_endpoint(const struct addr *a, int port, char *buf, size_t size)
{
	char s[ADDR_STRLEN];

	addr_format(a, s, sizeof(s));
	if (a->family == 6)
		snprintf(buf, size, "[%s]:%d", s, port);
	else
		snprintf(buf, size, "%s:%d", s, port);
	return buf;
}

bool
ev_is_icmp(int protocol)
{
	return protocol == 1 || protocol == 58;
}

bool
ev_has_ports(int protocol)
{
	return protocol == 6 || protocol == 17;
}

void
ev_traffic(struct buf *b, int protocol, int from, int to, int icmp_type,
    int icmp_code)
{
	char pb[16];
	const char *name = vpc_protocol_name(protocol, pb, sizeof(pb));

	if (protocol == VPC_PROTO_ALL)
		buf_printf(b, "all traffic");
	else if (ev_has_ports(protocol)) {
		if (from == VPC_ANY && to == VPC_ANY)
			buf_printf(b, "%s 0-65535", name);
		else if (from == to)
			buf_printf(b, "%s %d", name, from);
		else
			buf_printf(b, "%s %d-%d", name, from, to);
	} else if (ev_is_icmp(protocol)) {
		if (icmp_type == VPC_ANY)
			buf_printf(b, "%s all", name);
		else if (icmp_code == VPC_ANY)
			buf_printf(b, "%s type %d", name, icmp_type);
		else
			buf_printf(b, "%s type %d code %d", name, icmp_type,
			    icmp_code);
	} else
		buf_printf(b, "protocol %s", name);
}

bool
ev_icmp_takes(int rule_type, int rule_code, int type)
{
	if (rule_type == VPC_ANY)
		return true;
	return rule_type == type && (rule_code == VPC_ANY || rule_code == 0);
}

bool
ev_ports_take(int rule_protocol, int from, int to, int protocol, int port)
{
	if (rule_protocol == VPC_PROTO_ALL)
		return true;
	if (rule_protocol != protocol)
		return false;
	if (ev_has_ports(protocol)) {
		if (from == VPC_ANY && to == VPC_ANY)
			return true;
		return from <= port && port <= to;
	}
	if (ev_is_icmp(protocol))
		return ev_icmp_takes(from, to, port);
	return true;
}

int
ev_icmp_reply(int protocol, int type)
{
	if (protocol == 1) {
		switch (type) {
		case 8:
			return 0;
		case 13:
			return 14;
		case 15:
			return 16;
		case 17:
			return 18;
		}
		return -1;
	}
	if (protocol == 58 && type == 128)
		return 129;
	return -1;
}

bool
ev_contains(const struct addr_prefix *p, const struct addr *a)
{
	unsigned int max = p->addr.family == 6 ? 128 : 32;

	if (p->addr.family == 0 || p->len > max)
		return false;
	return addr_prefix_contains(p, a);
}

char *
ev_command(const char *word, ...)
{
	struct buf b;
	va_list ap;
	const char *w;
	char *q;

	ev_buf(&b);
	buf_printf(&b, "aws ec2");
	va_start(ap, word);
	for (w = word; w != NULL; w = va_arg(ap, const char *)) {
		q = escape_shell(w);
		buf_printf(&b, " %s", q);
		free(q);
	}
	va_end(ap);
	return ev_take(&b);
}

/* Every layer undecided, with the one reason. */
static void
all_unknown(struct vpc_eval *e, const char *why)
{
	int l;

	for (l = 0; l < VPC_NLAYERS; l++) {
		e->layer[l].decision = VPC_UNKNOWN;
		e->layer[l].why = xstrdup(why);
	}
}

/* Whether f holds address a, private or public. */
static bool
interface_holds(const struct vpc_interface *f, const struct addr *a)
{
	size_t i;

	if (addr_equal(&f->public_ip, a))
		return true;
	for (i = 0; i < f->naddrs; i++) {
		if (addr_equal(&f->addrs[i], a))
			return true;
	}
	return false;
}

/* The target's interface: the one the records named, else the one that
 * holds the address.  Sets why when there is none. */
static const struct vpc_interface *
find_interface(const struct vpc_config *c, const char *id, const struct addr *a,
    const char *text, char **why)
{
	const struct vpc_interface *f;

	/* An id named by the records or the user counts only when its
	 * interface holds the address: the records' "may be the target's"
	 * interface can be the client's. */
	if (id != NULL && (f = vpc_interface_by_id(c, id)) != NULL &&
	    interface_holds(f, a))
		return f;
	if ((f = vpc_interface_by_addr(c, a)) == NULL)
		xasprintf(why, "no interface of the snapshot holds %s", text);
	return f;
}

void
vpc_evaluate(const struct vpc_config *c, const struct vpc_flow *f,
    struct vpc_eval *e)
{
	struct ev ev;
	char *why = NULL;
	int l;

	memset(e, 0, sizeof(*e));
	e->first_deny = VPC_NLAYERS;
	memset(&ev, 0, sizeof(ev));
	ev.c = c;
	ev.f = f;
	addr_format(&f->client, ev.client, sizeof(ev.client));
	addr_format(&f->target, ev.target, sizeof(ev.target));
	if (ev_has_ports(f->protocol))
		snprintf(ev.what, sizeof(ev.what), "%s/%d",
		    f->protocol == 6 ? "tcp" : "udp", f->port);
	else if (ev_is_icmp(f->protocol))
		snprintf(ev.what, sizeof(ev.what), "%s type %d",
		    f->protocol == 1 ? "icmp" : "icmpv6", f->port);
	else
		snprintf(ev.what, sizeof(ev.what), "protocol %d", f->protocol);

	ev.tif =
	    find_interface(c, f->target_interface, &f->target, ev.target, &why);
	e->target_if = ev.tif;
	if (ev.tif == NULL) {
		all_unknown(e, why);
		free(why);
		return;
	}
	e->target_known = true;
	ev.cif =
	    find_interface(c, f->client_interface, &f->client, ev.client, &why);
	free(why);
	e->client_if = ev.cif;

	ev_sg(&ev, VPC_CLIENT_SG_OUT, &e->layer[VPC_CLIENT_SG_OUT]);
	ev_acl(&ev, VPC_CLIENT_ACL_OUT, &e->layer[VPC_CLIENT_ACL_OUT]);
	ev_route(&ev, VPC_ROUTE_REQUEST, &e->layer[VPC_ROUTE_REQUEST]);
	ev_acl(&ev, VPC_TARGET_ACL_IN, &e->layer[VPC_TARGET_ACL_IN]);
	ev_sg(&ev, VPC_TARGET_SG_IN, &e->layer[VPC_TARGET_SG_IN]);
	ev_acl(&ev, VPC_TARGET_ACL_OUT, &e->layer[VPC_TARGET_ACL_OUT]);
	ev_route(&ev, VPC_ROUTE_REPLY, &e->layer[VPC_ROUTE_REPLY]);
	ev_acl(&ev, VPC_CLIENT_ACL_IN, &e->layer[VPC_CLIENT_ACL_IN]);

	e->allows = true;
	for (l = 0; l < VPC_NLAYERS; l++) {
		enum vpc_decision d = e->layer[l].decision;

		if (d == VPC_DENIES && e->first_deny == VPC_NLAYERS)
			e->first_deny = (enum vpc_layer)l;
		if (d != VPC_ALLOWS && d != VPC_SKIPPED)
			e->allows = false;
	}
}

void
vpc_eval_release(struct vpc_eval *e)
{
	int l;

	for (l = 0; l < VPC_NLAYERS; l++) {
		free(e->layer[l].entry);
		free(e->layer[l].why);
		free(e->layer[l].fix);
	}
	memset(e, 0, sizeof(*e));
	e->first_deny = VPC_NLAYERS;
}
