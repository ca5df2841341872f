#include "config.h"

#include "flowdiag/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/xmalloc.h"

/* Shows at most this much of a bad value in an error. */
#define SHOWN 40

const char *
flow_text(const struct flow_record *r, enum flow_field f)
{
	if (r->off[f] == FLOW_NOTEXT)
		return NULL;
	return r->text + r->off[f];
}

/* Parses a decimal without sign into *v, refusing overflow. */
static int
parse_uint(const char *s, uint64_t *v)
{
	uint64_t n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (d > 9 || n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = n;
	return 0;
}

/* Stores the number v of an FK_UINT field in its member of r. */
static void
store_uint(struct flow_record *r, enum flow_field f, uint64_t v)
{
	switch (f) {
	case FF_VERSION:
		r->version = (uint8_t)v;
		break;
	case FF_SRCPORT:
		r->srcport = (uint16_t)v;
		break;
	case FF_DSTPORT:
		r->dstport = (uint16_t)v;
		break;
	case FF_PROTOCOL:
		r->protocol = (uint8_t)v;
		break;
	case FF_PACKETS:
		r->packets = v;
		break;
	case FF_BYTES:
		r->bytes = v;
		break;
	case FF_TCP_FLAGS:
		r->tcp_flags = (uint8_t)v;
		break;
	case FF_TRAFFIC_PATH:
		r->traffic_path = (uint8_t)v;
		break;
	case FF_PACKETS_LOST_NO_ROUTE:
	case FF_PACKETS_LOST_BLACKHOLE:
	case FF_PACKETS_LOST_MTU_EXCEEDED:
	case FF_PACKETS_LOST_TTL_EXPIRED:
		r->packets_lost[f - FF_PACKETS_LOST_NO_ROUTE] = v;
		break;
	default:
		break;
	}
}

static struct addr *
addr_member(struct flow_record *r, enum flow_field f)
{
	switch (f) {
	case FF_SRCADDR:
		return &r->srcaddr;
	case FF_DSTADDR:
		return &r->dstaddr;
	case FF_PKT_SRCADDR:
		return &r->pkt_srcaddr;
	default:
		return &r->pkt_dstaddr;
	}
}

/* Looks s up in names[] (NULL-terminated); the index plus one, or 0. */
static int
keyword(const char *s, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	}
	return 0;
}

static int
bad_field(struct errinfo *ei, enum flow_field f, unsigned int col,
    const char *what, const char *s)
{
	return errinfo_set(ei, EC_DATA, "field %u (%s): %s '%.*s%s'", col,
	    flow_field_info(f)->name, what, SHOWN, s,
	    strlen(s) > SHOWN ? "..." : "");
}

/* Converts the text s of field f into r; col is its 1-based position. */
static int
convert_field(struct flow_record *r, enum flow_field f, unsigned int col,
    const char *s, struct errinfo *ei)
{
	static const char *const actions[] = { "ACCEPT", "REJECT", NULL };
	static const char *const statuses[] = { "OK", "NODATA", "SKIPDATA",
		NULL };
	static const char *const directions[] = { "ingress", "egress", NULL };
	static const char *const types[] = { "IPv4", "IPv6", "EFA", NULL };
	const struct flow_field_info *fi = flow_field_info(f);
	uint64_t v;
	int k;

	if (s[0] == '-' && s[1] == '\0')
		return 0;
	switch (fi->kind) {
	case FK_TEXT:
		break;
	case FK_ADDR:
		if (addr_parse(s, strlen(s), addr_member(r, f)) == -1)
			return bad_field(ei, f, col, "bad address", s);
		break;
	case FK_UINT:
		if (parse_uint(s, &v) == -1)
			return bad_field(ei, f, col, "bad number", s);
		if (v > fi->max) {
			return errinfo_set(ei, EC_DATA,
			    "field %u (%s): %s out of range 0-%llu", col,
			    fi->name, s, (unsigned long long)fi->max);
		}
		store_uint(r, f, v);
		break;
	case FK_TIME:
		if (parse_uint(s, &v) == -1 || v > INT64_MAX)
			return bad_field(ei, f, col, "bad time", s);
		if (v > INT32_MAX)
			v /= 1000;
		if (f == FF_START)
			r->start = (int64_t)v;
		else
			r->end = (int64_t)v;
		break;
	case FK_ACTION:
		if ((k = keyword(s, actions)) == 0)
			return bad_field(ei, f, col, "bad action", s);
		r->action = (uint8_t)k;
		break;
	case FK_STATUS:
		if ((k = keyword(s, statuses)) == 0)
			return bad_field(ei, f, col, "bad log status", s);
		r->log_status = (uint8_t)k;
		break;
	case FK_DIRECTION:
		if ((k = keyword(s, directions)) == 0)
			return bad_field(ei, f, col, "bad flow direction", s);
		r->direction = (uint8_t)k;
		break;
	case FK_TYPE:
		if ((k = keyword(s, types)) == 0)
			return bad_field(ei, f, col, "bad type", s);
		r->type = (uint8_t)k;
		break;
	}
	r->present |= FLOW_BIT(f);
	return 0;
}

int
flow_convert(const struct flow_format *fmt, struct flow_record *r,
    struct errinfo *ei)
{
	unsigned int i;

	for (i = 0; i < fmt->n; i++) {
		enum flow_field f = fmt->field[i];

		if (r->off[f] == FLOW_NOTEXT) {
			return errinfo_set(ei, EC_DATA, "field '%s' missing",
			    flow_field_info(f)->name);
		}
		if (convert_field(r, f, i + 1, r->text + r->off[f], ei) == -1)
			return -1;
	}
	if (flow_has(r, FF_START) && flow_has(r, FF_END) && r->end < r->start) {
		return errinfo_set(ei, EC_DATA, "end %lld before start %lld",
		    (long long)r->end, (long long)r->start);
	}
	return 0;
}

/* Clears r for a new record whose text lives in text. */
static void
record_reset(struct flow_record *r, char *text)
{
	memset(r, 0, offsetof(struct flow_record, origin));
	r->origin = NULL;
	r->line = 0;
	r->event_off = FLOW_NOTEXT;
	r->text = text;
	r->text_len = 0;
	memset(r->off, 0xff, sizeof(r->off));
}

int
flow_parse_line(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	unsigned int n = 0;
	size_t i = 0;

	record_reset(r, scratch);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > FLOW_LINE_MAX) {
		return errinfo_set(ei, EC_DATA, "line longer than %d bytes",
		    FLOW_LINE_MAX);
	}
	if (memchr(line, '\0', len) != NULL)
		return errinfo_set(ei, EC_DATA, "NUL byte in the line");
	memcpy(scratch, line, len);
	scratch[len] = '\0';
	for (;;) {
		while (i < len && (scratch[i] == ' ' || scratch[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (n < fmt->n)
			r->off[fmt->field[n]] = (uint32_t)i;
		n++;
		while (i < len && scratch[i] != ' ' && scratch[i] != '\t')
			i++;
		scratch[i] = '\0';
		if (i < len)
			i++;
	}
	r->text_len = (uint32_t)len + 1;
	if (n != fmt->n) {
		memset(r->off, 0xff, sizeof(r->off));
		return errinfo_set(ei, EC_DATA, "expected %u fields, found %u",
		    fmt->n, n);
	}
	return flow_convert(fmt, r, ei);
}

void
flow_record_copy(struct flow_record *dst, const struct flow_record *src)
{
	*dst = *src;
	dst->text = xmalloc(src->text_len);
	memcpy(dst->text, src->text, src->text_len);
}

void
flow_record_release(struct flow_record *r)
{
	free(r->text);
	r->text = NULL;
}

const char *
flow_action_name(enum flow_action a)
{
	switch (a) {
	case FLOW_ACCEPT:
		return "ACCEPT";
	case FLOW_REJECT:
		return "REJECT";
	default:
		return "-";
	}
}

const char *
flow_status_name(enum flow_status s)
{
	switch (s) {
	case FLOW_OK:
		return "OK";
	case FLOW_NODATA:
		return "NODATA";
	case FLOW_SKIPDATA:
		return "SKIPDATA";
	default:
		return "-";
	}
}

static const struct {
	const char *name;
	unsigned int number;
} protocols[] = {
	{ "icmp", 1 },
	{ "tcp", 6 },
	{ "udp", 17 },
	{ "icmpv6", 58 },
};

const char *
flow_protocol_name(unsigned int proto, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (protocols[i].number == proto)
			return protocols[i].name;
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

int
flow_protocol_lookup(const char *s)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (strcmp(s, protocols[i].name) == 0)
			return (int)protocols[i].number;
	}
	if (parse_uint(s, &v) == -1 || v > 255)
		return -1;
	return (int)v;
}

const char *
flow_tcp_flags_string(unsigned int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s",
	    (flags & 18) == 18 ? "SYN-ACK,"
		: (flags & 2)  ? "SYN,"
			       : "",
	    (flags & 1) ? "FIN," : "", (flags & 4) ? "RST," : "");
	if (buf[0] == '\0')
		snprintf(buf, size, "-");
	else
		buf[strlen(buf) - 1] = '\0';
	return buf;
}
