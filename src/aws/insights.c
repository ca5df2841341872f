#include "config.h"

#include "flowdiag/aws/insights.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/util/buf.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/xmalloc.h"

#include "insights-int.h"

/* StartQuery and GetQueryResults allow 5 requests a second. */
#define PER_SECOND 4.5
/* Polling: the first wait, its ceiling, and how long a query may run
 * ($FLOWDIAG_QUERY_WAIT_S for tests). */
#define POLL_FIRST_MS  250
#define POLL_MAX_MS    5000
#define POLL_TIMEOUT_S 600

/*
 * Why the verdict is the one FilterLogEvents gives for the same records:
 * the query groups by every field the evidence and the rules read of a
 * record (interface, both addresses and ports, protocol, action, log
 * status, and, when the format has them, subnet, TCP flags, direction,
 * the packet-level addresses and the reject reason), and by the minute.
 * So each row is one connection's records, on one interface, with one
 * action, in one minute: the per-connection keys that tell requests from
 * replies, clients apart and accepted from rejected are all kept.  Only
 * what is additive is folded: packets and bytes are summed, and the
 * times widened to the earliest start and latest end, within the minute.
 * TCP flags are a key, not aggregated: a SYN-only record and a SYN-ACK
 * record stay two rows, where OR-ing them would fake a handshake that the
 * records do not show.  NODATA and SKIPDATA records have "-" in every
 * such field, so theirs group by interface and minute, which keeps the
 * gaps they make.  What changes is the count of records: a row stands
 * for one or more of them.
 */

/* The fields a row keeps, in the order of the lines made from rows; the
 * optional ones only when the format has them. */
static const enum flow_field keys[] = {
	FF_INTERFACE_ID,
	FF_SRCADDR,
	FF_DSTADDR,
	FF_SRCPORT,
	FF_DSTPORT,
	FF_PROTOCOL,
	FF_ACTION,
	FF_LOG_STATUS,
	FF_SUBNET_ID,
	FF_TCP_FLAGS,
	FF_FLOW_DIRECTION,
	FF_PKT_SRCADDR,
	FF_PKT_DSTADDR,
	FF_REJECT_REASON,
};

/* The aggregated fields, and the names the query gives them. */
const struct insights_sum insights_sums[INSIGHTS_NSUMS] = {
	{ FF_PACKETS, "sum", "agg_packets" },
	{ FF_BYTES, "sum", "agg_bytes" },
	{ FF_START, "min", "agg_start" },
	{ FF_END, "max", "agg_end" },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* The most a query or a line made from a row may hold. */
#define TEXT_MAX (64 * 1024)

/* The name of field f in the query: "f_" and the field's name with '_'
 * for '-', which Insights does not allow in a name. */
static void
qname(enum flow_field f, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "f_%s", flow_field_info(f)->name);
	for (p = buf; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
	}
}

static bool
has(const struct flow_format *fmt, enum flow_field f)
{
	return (fmt->has & FLOW_BIT(f)) != 0;
}

char *
insights_query(const struct flow_format *fmt, const struct addr *a)
{
	static const enum flow_field addrs[] = { FF_SRCADDR, FF_DSTADDR,
		FF_PKT_SRCADDR, FF_PKT_DSTADDR };
	struct buf b;
	char name[64];
	const char *sep;
	char text[ADDR_STRLEN] = "";
	unsigned int i;

	static const uint8_t zero[16] = { 0 };

	/* :: is every address, as for the scan: no filter. */
	if (a != NULL && a->family != 0 &&
	    !(a->family == 6 && memcmp(a->bytes, zero, 16) == 0))
		addr_format(a, text, sizeof(text));
	buf_init(&b, TEXT_MAX);
	buf_append(&b, "parse @message \"", 16);
	for (i = 0; i < fmt->n; i++)
		buf_append(&b, i ? " *" : "*", i ? 2 : 1);
	buf_append(&b, "\" as ", 5);
	for (i = 0; i < fmt->n; i++) {
		qname(fmt->field[i], name, sizeof(name));
		buf_printf(&b, "%s%s", i ? ", " : "", name);
	}
	if (text[0] != '\0') {
		buf_printf(&b, " | filter ");
		for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			if (!has(fmt, addrs[i]))
				continue;
			qname(addrs[i], name, sizeof(name));
			/* An IPv4 address has one text; an IPv6 one several
			 * (2001:db8::1, 2001:0db8:0:0:0:0:0:1), so it is
			 * compared as an address. */
			if (a->family == 4)
				buf_printf(&b, "%s = \"%s\" or ", name, text);
			else
				buf_printf(&b,
				    "isIpv6InSubnet(%s, \"%s/128\") or ", name,
				    text);
		}
		qname(FF_LOG_STATUS, name, sizeof(name));
		buf_printf(&b, "%s in [\"NODATA\", \"SKIPDATA\"]", name);
	}
	buf_printf(&b, " | stats ");
	for (i = 0, sep = ""; i < INSIGHTS_NSUMS; i++) {
		if (!has(fmt, insights_sums[i].f))
			continue;
		qname(insights_sums[i].f, name, sizeof(name));
		buf_printf(&b, "%s%s(%s) as %s", sep, insights_sums[i].fn, name,
		    insights_sums[i].as);
		sep = ", ";
	}
	buf_printf(&b, "%scount(*) as agg_records by ", sep);
	for (i = 0; i < NKEYS; i++) {
		if (!has(fmt, keys[i]))
			continue;
		qname(keys[i], name, sizeof(name));
		buf_printf(&b, "%s, ", name);
	}
	buf_printf(&b, "bin(1m)");
	return b.data; /* never NULL: there is text */
}

/* The format of the lines made from rows of a query over fmt. */
void
insights_row_format(const struct flow_format *fmt, struct flow_format *out)
{
	unsigned int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < NKEYS; i++) {
		if (has(fmt, keys[i])) {
			out->field[out->n++] = (uint8_t)keys[i];
			out->has |= FLOW_BIT(keys[i]);
		}
	}
	for (i = 0; i < INSIGHTS_NSUMS; i++) {
		if (has(fmt, insights_sums[i].f)) {
			out->field[out->n++] = (uint8_t)insights_sums[i].f;
			out->has |= FLOW_BIT(insights_sums[i].f);
		}
	}
}

/* The value of field name in row, or NULL. */
static const char *
row_value(json_t *row, const char *name)
{
	json_t *cell;
	size_t i;

	json_array_foreach (row, i, cell) {
		const char *f =
		    json_string_value(json_object_get(cell, "field"));

		if (f != NULL && strcmp(f, name) == 0)
			return json_string_value(
			    json_object_get(cell, "value"));
	}
	return NULL;
}

/* Appends an aggregate as a whole number, or "-" when there is none (the
 * "-" of NODATA records, which Insights cannot sum). */
static void
put_number(struct buf *b, const char *v, bool nodata)
{
	char *end;
	double d;

	if (v != NULL && !nodata) {
		errno = 0;
		d = strtod(v, &end);
		if (end != v && *end == '\0' && errno == 0 && d >= 0 &&
		    d < 1.8e19) {
			buf_printf(b, " %.0f", d);
			return;
		}
	}
	buf_printf(b, " -");
}

/* Writes row as a line in the row format of fmt into b. */
void
insights_row_line(json_t *row, const struct flow_format *fmt, struct buf *b)
{
	char name[64];
	const char *v, *status;
	bool nodata;
	unsigned int i;

	qname(FF_LOG_STATUS, name, sizeof(name));
	status = row_value(row, name);
	nodata = status != NULL && strcmp(status, "OK") != 0;
	buf_reset(b);
	for (i = 0; i < NKEYS; i++) {
		if (!has(fmt, keys[i]))
			continue;
		qname(keys[i], name, sizeof(name));
		v = row_value(row, name);
		buf_printf(b, "%s%s", b->len ? " " : "",
		    v != NULL && v[0] != '\0' ? v : "-");
	}
	for (i = 0; i < INSIGHTS_NSUMS; i++) {
		if (has(fmt, insights_sums[i].f)) {
			put_number(b, row_value(row, insights_sums[i].as),
			    nodata && insights_sums[i].f <= FF_BYTES);
		}
	}
}

/* Sleeps ms, or less when a signal comes. */
static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (!cancel_requested())
		nanosleep(&ts, NULL);
}

static void
progress(const char *status, const struct insights_stats *st, time_t started)
{
	notice(NOTICE_PROGRESS,
	    "insights: %s, %.0f %s, %.1f MB scanned, %llds ", status,
	    st->scanned, plural((uint64_t)st->scanned, "record", "records"),
	    st->bytes / 1e6, (long long)(time(NULL) - started));
}

/* Asks the service to stop query id; what it answers does not matter. */
static void
stop(struct aws_client *c, const char *id)
{
	struct errinfo ignored;
	json_t *req = json_object(), *resp = NULL;

	json_object_set_new(req, "queryId", json_string(id));
	if (aws_json_call(c, "StopQuery", req, &resp, &ignored) == 0)
		json_decref(resp);
	json_decref(req);
}

/* Polls query id until it ends; on Complete, *resp holds the answer. */
static int
poll_query(struct aws_client *c, const char *id, struct insights_stats *st,
    json_t **resp, struct errinfo *ei)
{
	json_t *req = json_object(), *stats;
	const char *status = "Scheduled";
	time_t started = time(NULL);
	long wait = POLL_FIRST_MS;
	uint64_t wait_s =
	    env_number("FLOWDIAG_QUERY_WAIT_S", 1, 86400, POLL_TIMEOUT_S);
	int ret = -1;

	json_object_set_new(req, "queryId", json_string(id));
	for (;;) {
		if (st->progress)
			progress(status, st, started);
		if (cancel_requested())
			goto interrupted;
		if (time(NULL) - started > (time_t)wait_s) {
			stop(c, id);
			errinfo_set(ei, EC_SERVICE,
			    "Insights query %s still running after %" PRIu64
			    "s: stopped; try a shorter window (--from, --to), "
			    "fewer log groups or --engine filter",
			    id, wait_s);
			goto out;
		}
		pause_ms(wait);
		if (cancel_requested())
			goto interrupted;
		wait = wait * 2 > POLL_MAX_MS ? POLL_MAX_MS : wait * 2;
		json_decref(*resp);
		*resp = NULL;
		if (aws_json_call(c, "GetQueryResults", req, resp, ei) == -1) {
			if (ei->code == EC_INTERRUPTED)
				goto interrupted;
			goto out;
		}
		st->polls++;
		stats = json_object_get(*resp, "statistics");
		st->scanned =
		    json_number_value(json_object_get(stats, "recordsScanned"));
		st->bytes =
		    json_number_value(json_object_get(stats, "bytesScanned"));
		status = json_string_value(json_object_get(*resp, "status"));
		if (status == NULL)
			status = "Unknown";
		if (strcmp(status, "Complete") == 0)
			break;
		if (strcmp(status, "Failed") == 0 ||
		    strcmp(status, "Timeout") == 0 ||
		    strcmp(status, "Cancelled") == 0) {
			errinfo_set(ei, EC_SERVICE,
			    "Insights query %s ended with status %s: try a "
			    "shorter window (--from, --to), fewer log groups "
			    "or --engine filter",
			    id, status);
			goto out;
		}
	}
	if (st->progress)
		progress(status, st, started);
	ret = 0;
	goto out;
interrupted:
	/* StopQuery must not itself be abandoned: the flag is cleared for
	 * it, and the caller learns of the interrupt from ei. */
	cancel_clear();
	stop(c, id);
	errinfo_set(ei, EC_INTERRUPTED, "interrupted: query %s stopped", id);
out:
	if (st->progress)
		notice(NOTICE_PROGRESS_END, "%s", "");
	json_decref(req);
	return ret;
}

int
insights_fetch(struct aws_client *c, const char *const *groups, size_t ngroups,
    int64_t from, int64_t to, const struct flow_format *fmt, struct scan *s,
    struct insights_stats *st, struct errinfo *ei)
{
	struct flow_format out;
	struct scan_file *sf;
	struct buf name, line;
	json_t *req = json_object(), *names = json_array(), *resp = NULL;
	json_t *row;
	char *query = NULL, *id = NULL;
	const char *qid;
	size_t i, n;
	int ret = -1;

	buf_init(&name, TEXT_MAX);
	buf_init(&line, TEXT_MAX);
	cancel_arm();
	c->per_second = PER_SECOND;
	buf_printf(&name, "insights:");
	for (i = 0; i < ngroups; i++) {
		json_array_append_new(names, json_string(groups[i]));
		buf_printf(&name, "%s%s", i ? "," : "", groups[i]);
	}
	query = insights_query(fmt,
	    s->opt.target != NULL ? &s->opt.target->addr : NULL);
	json_object_set_new(req, "logGroupNames", names);
	json_object_set_new(req, "startTime", json_integer(from));
	json_object_set_new(req, "endTime", json_integer(to));
	json_object_set_new(req, "queryString", json_string(query));
	json_object_set_new(req, "limit", json_integer(INSIGHTS_LIMIT));
	if (aws_json_call(c, "StartQuery", req, &resp, ei) == -1)
		goto out;
	st->queries++;
	qid = json_string_value(json_object_get(resp, "queryId"));
	if (qid == NULL) {
		errinfo_set(ei, EC_SERVICE,
		    "logs StartQuery: the answer has no queryId");
		goto out;
	}
	id = xstrdup(qid);
	json_decref(resp);
	resp = NULL;
	if (poll_query(c, id, st, &resp, ei) == -1)
		goto out;
	insights_row_format(fmt, &out);
	scan_set_format(s, &out);
	sf = scan_add_file(s, name.data, SCAN_JSON_EVENTS);
	n = json_array_size(json_object_get(resp, "results"));
	json_array_foreach (json_object_get(resp, "results"), i, row) {
		insights_row_line(row, fmt, &line);
		scan_message(s, sf, line.data, line.len, NULL);
	}
	st->rows += n;
	if (n >= INSIGHTS_LIMIT) {
		sf->partial = true;
		st->partial = true;
	}
	ret = 0;
out:
	cancel_disarm();
	json_decref(resp);
	json_decref(req);
	buf_release(&name);
	buf_release(&line);
	free(query);
	free(id);
	return ret;
}
