#include "config.h"

#include "flowdiag/record/jsonrec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

/* Appends s and its NUL at scratch + *used; returns its offset. */
static uint32_t
put_text(char *scratch, size_t *used, const char *s, size_t n)
{
	uint32_t off = (uint32_t)*used;

	memcpy(scratch + *used, s, n);
	scratch[*used + n] = '\0';
	*used += n + 1;
	return off;
}

/* An event: its message is a record line of format fmt.  The message
 * decodes to no more bytes than its JSON text, so scratch suffices. */
static int
parse_event(json_t *obj, json_t *msg, size_t len, const struct flow_format *fmt,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	json_t *id = json_object_get(obj, "eventId");
	const char *line;
	size_t n, used;

	if (!json_is_string(msg))
		return errinfo_set(ei, EC_DATA, "\"message\" is not a string");
	line = json_string_value(msg);
	n = json_string_length(msg);
	if (n > FLOW_LINE_MAX || n >= len) {
		return errinfo_set(ei, EC_DATA, "message longer than %d bytes",
		    FLOW_LINE_MAX);
	}
	if (flow_parse_line(fmt, line, n, scratch, r, ei) == -1)
		return -1;
	used = r->text_len;
	if (json_is_string(id) && used + json_string_length(id) + 1 <= len) {
		r->event_off = put_text(scratch, &used, json_string_value(id),
		    json_string_length(id));
		r->text_len = (uint32_t)used;
	}
	return JSONREC_EVENT;
}

/* An object with one key per field; the keys present make the format. */
static int
parse_fields(json_t *obj, size_t len, char *scratch, struct flow_record *r,
    struct errinfo *ei)
{
	struct flow_format fmt = { 0 };
	const char *key;
	json_t *v;
	char num[32];
	const char *s;
	size_t n, used = 0;
	int f;

	memset(r, 0, offsetof(struct flow_record, origin));
	r->event_off = FLOW_NOTEXT;
	r->text = scratch;
	memset(r->off, 0xff, sizeof(r->off));
	json_object_foreach (obj, key, v) {
		if ((f = flow_field_lookup_key(key)) == -1 ||
		    (fmt.has & FLOW_BIT(f)))
			continue;
		if (json_is_string(v)) {
			s = json_string_value(v);
			n = json_string_length(v);
		} else if (json_is_integer(v) && json_integer_value(v) >= 0) {
			n = (size_t)snprintf(num, sizeof(num),
			    "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
		} else if (json_is_null(v)) {
			s = "-";
			n = 1;
		} else {
			return errinfo_set(ei, EC_DATA,
			    "key \"%s\": not a string or a whole number", key);
		}
		if (used + n + 1 > len || memchr(s, '\0', n) != NULL)
			return errinfo_set(ei, EC_DATA, "key \"%s\": bad value",
			    key);
		r->off[f] = put_text(scratch, &used, s, n);
		fmt.field[fmt.n++] = (uint8_t)f;
		fmt.has |= FLOW_BIT(f);
	}
	if (fmt.n < 2)
		return JSONREC_NONE;
	r->text_len = (uint32_t)used;
	if (flow_convert(&fmt, r, ei) == -1)
		return -1;
	return JSONREC_FIELDS;
}

/* The most keys a flat object may have for the quick reading. */
#define FLAT_KEYS 16

/* A string in a flat object: its bytes, without the quotes. */
struct flat_str {
	const char *p;
	size_t n;
};

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* A JSON string at p with no escapes and only ASCII, which is then its
 * own value; NULL for anything else, left to jansson. */
static const char *
plain_string(const char *p, const char *end, struct flat_str *out)
{
	const char *q;

	if (p >= end || *p != '"')
		return NULL;
	for (q = p + 1; q < end && *q != '"'; q++) {
		if (*q == '\\' || (unsigned char)*q < 0x20 ||
		    (unsigned char)*q >= 0x80)
			return NULL;
	}
	if (q == end)
		return NULL;
	out->p = p + 1;
	out->n = (size_t)(q - p - 1);
	return q + 1;
}

/* The most digits of a whole number read quickly: jansson refuses one
 * that does not fit a long long ("too big integer"), and decides. */
#define PLAIN_DIGITS 18

/* A JSON number, true, false or null at p; NULL for anything else, and
 * for numbers that jansson might refuse: whole numbers of more than
 * PLAIN_DIGITS digits, exponents (1e400 overflows). */
static const char *
plain_scalar(const char *p, const char *end)
{
	static const char *const words[] = { "true", "false", "null" };
	const char *q = p, *digits;
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(end - p) >= n && memcmp(p, words[i], n) == 0)
			return p + n;
	}
	if (q < end && *q == '-')
		q++;
	if (q == end || *q < '0' || *q > '9' ||
	    (*q == '0' && q + 1 < end && q[1] >= '0' && q[1] <= '9'))
		return NULL;
	for (digits = q; q < end && *q >= '0' && *q <= '9';)
		q++;
	if (q - digits > PLAIN_DIGITS)
		return NULL;
	if (q < end && *q == '.') {
		if (++q == end || *q < '0' || *q > '9')
			return NULL;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E'))
		return NULL;
	return q;
}

/*
 * The quick reading of a CloudWatch event, the common case: a flat object
 * of plain strings and scalars, no key twice, a "message" string.  It
 * takes only what jansson would take the same way; anything else (an
 * escape, non-ASCII, nesting, a syntax error) returns -2 for jansson to
 * read, and say what is wrong.
 */
static int
parse_flat_event(const char *text, size_t len, const struct flow_format *fmt,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	const char *p = text, *end = text + len;
	struct flat_str keys[FLAT_KEYS], msg = { NULL, 0 }, id = { NULL, 0 };
	struct flat_str v;
	size_t nkeys = 0, i, used;

	p = skip_ws(p, end);
	if (p == end || *p++ != '{')
		return -2;
	p = skip_ws(p, end);
	while (p < end && *p != '}') {
		if (nkeys == FLAT_KEYS ||
		    (p = plain_string(p, end, &keys[nkeys])) == NULL)
			return -2;
		for (i = 0; i < nkeys; i++) {
			if (keys[i].n == keys[nkeys].n &&
			    memcmp(keys[i].p, keys[nkeys].p, keys[i].n) == 0)
				return -2;
		}
		p = skip_ws(p, end);
		if (p == end || *p++ != ':')
			return -2;
		p = skip_ws(p, end);
		if (p < end && *p == '"') {
			if ((p = plain_string(p, end, &v)) == NULL)
				return -2;
			if (keys[nkeys].n == 7 &&
			    memcmp(keys[nkeys].p, "message", 7) == 0)
				msg = v;
			else if (keys[nkeys].n == 7 &&
			    memcmp(keys[nkeys].p, "eventId", 7) == 0)
				id = v;
		} else if ((p = plain_scalar(p, end)) == NULL)
			return -2;
		else if (keys[nkeys].n == 7 &&
		    memcmp(keys[nkeys].p, "message", 7) == 0)
			return -2;
		nkeys++;
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			if (p == end || *p == '}')
				return -2;
		} else if (p == end || *p != '}')
			return -2;
	}
	if (p == end || skip_ws(p + 1, end) != end || msg.p == NULL)
		return -2;
	if (msg.n > FLOW_LINE_MAX || msg.n >= len) {
		return errinfo_set(ei, EC_DATA, "message longer than %d bytes",
		    FLOW_LINE_MAX);
	}
	if (flow_parse_line(fmt, msg.p, msg.n, scratch, r, ei) == -1)
		return -1;
	used = r->text_len;
	if (id.p != NULL && used + id.n + 1 <= len) {
		r->event_off = put_text(scratch, &used, id.p, id.n);
		r->text_len = (uint32_t)used;
	}
	return JSONREC_EVENT;
}

int
jsonrec_parse(const char *text, size_t len, const struct flow_format *fmt,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	json_error_t jerr;
	json_t *obj, *msg;
	int ret;

	if ((ret = parse_flat_event(text, len, fmt, scratch, r, ei)) != -2)
		return ret;

	if ((obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL)
		return errinfo_set(ei, EC_DATA, "bad JSON: %s", jerr.text);
	if (!json_is_object(obj))
		ret = errinfo_set(ei, EC_DATA, "JSON record is not an object");
	else if ((msg = json_object_get(obj, "message")) != NULL)
		ret = parse_event(obj, msg, len, fmt, scratch, r, ei);
	else
		ret = parse_fields(obj, len, scratch, r, ei);
	json_decref(obj);
	return ret;
}
