#include "config.h"

#include "flowdiag/jsonrec.h"

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

int
jsonrec_parse(const char *text, size_t len, const struct flow_format *fmt,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	json_error_t jerr;
	json_t *obj, *msg;
	int ret;

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
