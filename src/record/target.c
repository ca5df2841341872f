#include "config.h"

#include "flowdiag/record/target.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
target_parse_port(const char *s, int *port)
{
	struct servent *se;
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9') {
		if (*s == '\0' || strlen(s) > 64 ||
		    (se = getservbyname(s, NULL)) == NULL)
			return -1;
		*port = ntohs((uint16_t)se->s_port);
		return 0;
	}
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/* Whether s[0..n) is a host name (RFC 1123 letters, digits, dots and
 * dashes, a letter among them, a letter or digit first): safe to write
 * unquoted in a command. */
static bool
is_host_name(const char *s, size_t n)
{
	bool letter = false;
	size_t i;

	if (n == 0 || n > 253 || !isalnum((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++) {
		if (isalpha((unsigned char)s[i]))
			letter = true;
		else if (!isdigit((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '-')
			return false;
	}
	return letter;
}

int
target_parse(const char *spec, struct target *t, struct errinfo *ei)
{
	const char *colon, *close, *port = NULL;
	size_t alen = 0;

	memset(t, 0, sizeof(*t));
	t->port = TARGET_ANY;
	t->protocol = TARGET_ANY;
	t->from = INT64_MIN;
	t->to = INT64_MAX;
	if (spec[0] == '[') {
		if ((close = strchr(spec, ']')) == NULL)
			goto bad;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1] != '\0')
			goto bad;
		if (addr_parse(spec + 1, (size_t)(close - spec - 1),
			&t->addr) == -1)
			goto bad;
	} else {
		colon = strchr(spec, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			port = colon + 1;
			alen = (size_t)(colon - spec);
		} else
			alen = strlen(spec);
		if (addr_parse(spec, alen, &t->addr) == -1)
			goto bad;
	}
	if (port != NULL && target_parse_port(port, &t->port) == -1) {
		return errinfo_set(ei, EC_USAGE,
		    "target '%s': port must be 0 to 65535 or a service name "
		    "(http, https)",
		    spec);
	}
	if (port == NULL)
		t->protocol = t->addr.family == 6 ? 58 : 1;
	return 0;
bad:
	if (spec[0] != '[' && is_host_name(spec, alen)) {
		return errinfo_set(ei, EC_USAGE,
		    "target '%s': flow logs hold addresses, not host names: "
		    "resolve it first ($ getent ahosts %.*s) and ask about the "
		    "address",
		    spec, (int)alen, spec);
	}
	return errinfo_set(ei, EC_USAGE,
	    "target '%s' is not ADDRESS:PORT, [IPV6]:PORT or ADDRESS", spec);
}

int
target_set_protocol(struct target *t, const char *name, struct errinfo *ei)
{
	int p;

	if ((p = flow_protocol_lookup(name)) == -1) {
		return errinfo_set(ei, EC_USAGE,
		    "unknown protocol '%s': use tcp, udp, icmp, icmpv6 or a "
		    "number 0-255",
		    name);
	}
	if ((p == 1 || p == 58) && t->port != TARGET_ANY) {
		return errinfo_set(ei, EC_USAGE,
		    "%s has no ports: give the target as an address alone",
		    name);
	}
	if ((p == 6 || p == 17) && t->port == TARGET_ANY) {
		return errinfo_set(ei, EC_USAGE,
		    "%s needs a port: give the target as ADDRESS:PORT", name);
	}
	t->protocol = p;
	return 0;
}

int
target_set_client(struct target *t, const char *spec, struct errinfo *ei)
{
	if (addr_prefix_parse(spec, &t->client) == -1) {
		return errinfo_set(ei, EC_USAGE,
		    "client '%s' is not an address or CIDR block", spec);
	}
	t->has_client = true;
	return 0;
}

/* Whether a is the target address, as the interface saw it or as the
 * packet carried it (NAT gateway, transit gateway, secondary address). */
static bool
is_target(const struct target *t, const struct addr *a, const struct addr *pkt)
{
	return addr_equal(a, &t->addr) || addr_equal(pkt, &t->addr);
}

static bool
is_client(const struct target *t, const struct addr *a, const struct addr *pkt)
{
	if (!t->has_client)
		return true;
	return addr_prefix_contains(&t->client, a) ||
	    addr_prefix_contains(&t->client, pkt);
}

static bool
is_icmp(unsigned int proto)
{
	return proto == 1 || proto == 58;
}

/* Whether the record's port field f (value v) is the target's port. */
static bool
port_is(const struct target *t, const struct flow_record *r, enum flow_field f,
    unsigned int v)
{
	return t->port == TARGET_ANY || (flow_has(r, f) && (int)v == t->port);
}

enum target_side
target_match(const struct target *t, const struct flow_record *r)
{
	bool to = is_target(t, &r->dstaddr, &r->pkt_dstaddr);
	bool from = is_target(t, &r->srcaddr, &r->pkt_srcaddr);
	bool proto_ok;

	if (!to && !from)
		return TARGET_UNRELATED;
	if (flow_has(r, FF_END) && r->end < t->from)
		return TARGET_UNRELATED;
	if (flow_has(r, FF_START) && r->start > t->to)
		return TARGET_UNRELATED;
	if (!flow_has(r, FF_PROTOCOL))
		return TARGET_OTHER;
	proto_ok = t->protocol == TARGET_ANY || t->protocol == r->protocol;
	if (to && proto_ok && is_client(t, &r->srcaddr, &r->pkt_srcaddr) &&
	    port_is(t, r, FF_DSTPORT, r->dstport))
		return TARGET_REQUEST;
	if (from && is_client(t, &r->dstaddr, &r->pkt_dstaddr)) {
		if (proto_ok && port_is(t, r, FF_SRCPORT, r->srcport))
			return TARGET_REPLY;
		/* A UDP service that is not listening answers with ICMP,
		 * and so does a host firewall that rejects TCP (iptables'
		 * icmp-port-unreachable). */
		if (is_icmp(r->protocol) && t->port != TARGET_ANY &&
		    (t->protocol == TARGET_ANY || t->protocol == 17 ||
			t->protocol == 6))
			return TARGET_REPLY;
	}
	return TARGET_OTHER;
}

const char *
target_needle(const struct target *t, char *buf, size_t size)
{
	int i;

	buf[0] = '\0';
	if (t->addr.family == 4)
		return addr_format(&t->addr, buf, size);
	for (i = 14; i >= 0; i -= 2) {
		unsigned int g =
		    (unsigned int)t->addr.bytes[i] << 8 | t->addr.bytes[i + 1];

		if (g != 0) {
			snprintf(buf, size, "%x", g);
			break;
		}
	}
	return buf;
}

const char *
target_string(const struct target *t, char *buf, size_t size)
{
	char a[ADDR_STRLEN], p[16], proto[20] = "";

	addr_format(&t->addr, a, sizeof(a));
	if (t->protocol != TARGET_ANY) {
		snprintf(proto, sizeof(proto), "/%s",
		    flow_protocol_name((unsigned int)t->protocol, p,
			sizeof(p)));
	}
	if (t->port == TARGET_ANY)
		snprintf(buf, size, "%s%s", a, proto);
	else if (t->addr.family == 6)
		snprintf(buf, size, "[%s]:%d%s", a, t->port, proto);
	else
		snprintf(buf, size, "%s:%d%s", a, t->port, proto);
	return buf;
}
