#include "config.h"

#include "flowdiag/report/output.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/escape.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

enum column {
	COL_WHERE,
	COL_TIME,
	COL_SIDE,
	COL_IFACE,
	COL_SOURCE,
	COL_DEST,
	COL_PROTO,
	COL_PACKETS,
	COL_BYTES,
	COL_FLAGS,
	COL_ACTION,
	COL_STATUS,
	NCOLS
};

static const char *const headings[NCOLS] = { "WHERE", "START", "DIR",
	"INTERFACE", "SOURCE", "DESTINATION", "PROTO", "PACKETS", "BYTES",
	"FLAGS", "ACTION", "STATUS" };

/* Columns of numbers line up on the right. */
static const int right[NCOLS] = { [COL_PACKETS] = 1, [COL_BYTES] = 1 };

#define CELL 128
/* Paths longer than this show their file name alone. */
#define WHERE_MAX 40

static void
endpoint(char *buf, size_t size, const struct flow_record *r,
    enum flow_field af, const struct addr *a, enum flow_field pf,
    unsigned int port, const struct addr *pkt, enum flow_field pktf)
{
	char as[ADDR_STRLEN], ps[ADDR_STRLEN];
	size_t n;

	if (!flow_has(r, af))
		snprintf(as, sizeof(as), "-");
	else
		addr_format(a, as, sizeof(as));
	if (a->family == 6)
		n = (size_t)snprintf(buf, size, "[%s]", as);
	else
		n = (size_t)snprintf(buf, size, "%s", as);
	if (flow_has(r, pf) && n < size)
		n += (size_t)snprintf(buf + n, size - n, ":%u", port);
	if (flow_has(r, pktf) && !addr_equal(a, pkt) && n < size) {
		snprintf(buf + n, size - n, " (pkt %s)",
		    addr_format(pkt, ps, sizeof(ps)));
	}
}

const char *
output_short_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strlen(path) <= WHERE_MAX || slash == NULL)
		return path;
	return slash + 1;
}

static void
cells(const struct scan_match *m, char cell[NCOLS][CELL])
{
	const struct flow_record *r = &m->rec;
	char tmp[32], *shown;
	const char *id = flow_text(r, FF_INTERFACE_ID);
	int c;

	if (r->line == 0 && r->event_off != FLOW_NOTEXT)
		snprintf(cell[COL_WHERE], CELL, "%s", r->text + r->event_off);
	else {
		snprintf(cell[COL_WHERE], CELL, "%s:%" PRIu64,
		    output_short_name(r->origin), r->line);
	}
	if (flow_has(r, FF_START))
		when_format(r->start, cell[COL_TIME], CELL);
	else
		snprintf(cell[COL_TIME], CELL, "-");
	snprintf(cell[COL_SIDE], CELL, "%s",
	    m->side == TARGET_REQUEST ? "request" : "reply");
	snprintf(cell[COL_IFACE], CELL, "%s", id != NULL ? id : "-");
	endpoint(cell[COL_SOURCE], CELL, r, FF_SRCADDR, &r->srcaddr, FF_SRCPORT,
	    r->srcport, &r->pkt_srcaddr, FF_PKT_SRCADDR);
	endpoint(cell[COL_DEST], CELL, r, FF_DSTADDR, &r->dstaddr, FF_DSTPORT,
	    r->dstport, &r->pkt_dstaddr, FF_PKT_DSTADDR);
	snprintf(cell[COL_PROTO], CELL, "%s",
	    flow_has(r, FF_PROTOCOL)
		? flow_protocol_name(r->protocol, tmp, sizeof(tmp))
		: "-");
	snprintf(cell[COL_PACKETS], CELL, "%s",
	    flow_has(r, FF_PACKETS) ? flow_text(r, FF_PACKETS) : "-");
	snprintf(cell[COL_BYTES], CELL, "%s",
	    flow_has(r, FF_BYTES) ? flow_text(r, FF_BYTES) : "-");
	snprintf(cell[COL_FLAGS], CELL, "%s",
	    flow_has(r, FF_TCP_FLAGS)
		? flow_tcp_flags_string(r->tcp_flags, tmp, sizeof(tmp))
		: "-");
	snprintf(cell[COL_ACTION], CELL, "%s", flow_action_name(r->action));
	snprintf(cell[COL_STATUS], CELL, "%s", flow_status_name(r->log_status));
	/* Escaped now, to measure what shows: the writers leave it as is. */
	for (c = 0; c < NCOLS; c++) {
		if (!escape_clean(cell[c], strlen(cell[c])) ||
		    strchr(cell[c], '\n') != NULL) {
			shown = escape_line_text(cell[c]);
			snprintf(cell[c], CELL, "%s", shown);
			free(shown);
		}
	}
}

/* Where a cell cut short ends: more of it to the right. */
#define CUT_MARK '>'

/* Whether column c holds the same cell on every row. */
static bool
constant(const struct scan *s, const size_t *idx, size_t n, int c)
{
	char first[NCOLS][CELL], cell[NCOLS][CELL];
	size_t i;

	cells(&s->matches[idx != NULL ? idx[0] : 0], first);
	for (i = 1; i < n; i++) {
		cells(&s->matches[idx != NULL ? idx[i] : i], cell);
		if (strcmp(cell[c], first[c]) != 0)
			return false;
	}
	return true;
}

/* The columns' total width, blanks between them included. */
static size_t
total(const size_t width[NCOLS], const bool shown[NCOLS])
{
	size_t sum = 0;
	int c, k = 0;

	for (c = 0; c < NCOLS; c++) {
		if (shown[c])
			sum += width[c] + (k++ > 0 ? 2 : 0);
	}
	return sum;
}

/* One row (or the headings) within the columns shown, cut at the last
 * one's width: a cell longer ends with CUT_MARK. */
static void
row(FILE *fp, char cell[NCOLS][CELL], const size_t width[NCOLS],
    const bool shown[NCOLS], bool heading)
{
	int c, last = -1, k = 0;
	size_t len;

	for (c = 0; c < NCOLS; c++) {
		if (shown[c])
			last = c;
	}
	for (c = 0; c < NCOLS; c++) {
		if (!shown[c])
			continue;
		if (k++ > 0)
			escape_puts(fp, "  ");
		len = strlen(cell[c]);
		if (len > width[c]) {
			escape_printf(fp, "%.*s%c", (int)width[c] - 1, cell[c],
			    CUT_MARK);
			continue;
		}
		escape_printf(fp, "%*s",
		    c == last                  ? 0
			: right[c] && !heading ? (int)width[c]
					       : -(int)width[c],
		    cell[c]);
	}
	fputc('\n', fp);
}

void
output_records_table(FILE *fp, const struct scan *s, const size_t *idx,
    size_t n, size_t max)
{
	char cell[NCOLS][CELL], head[NCOLS][CELL], name[16];
	size_t width[NCOLS], i, len, used;
	bool shown[NCOLS], folded = false;
	int c, widest;

	for (c = 0; c < NCOLS; c++) {
		width[c] = strlen(headings[c]);
		shown[c] = true;
		snprintf(head[c], CELL, "%s", headings[c]);
	}
	for (i = 0; i < n; i++) {
		cells(&s->matches[idx != NULL ? idx[i] : i], cell);
		for (c = 0; c < NCOLS; c++) {
			if ((len = strlen(cell[c])) > width[c])
				width[c] = len;
		}
	}
	/* Too wide: a column that is the same on every row goes above the
	 * table, the widest first, until the rest fits. */
	while (max > 0 && n > 0 && total(width, shown) > max) {
		widest = -1;
		for (c = COL_WHERE + 1; c < NCOLS; c++) {
			if (shown[c] && constant(s, idx, n, c) &&
			    (widest == -1 || width[c] > width[widest]))
				widest = c;
		}
		if (widest == -1)
			break;
		shown[widest] = false;
	}
	if (n > 0) {
		cells(&s->matches[idx != NULL ? idx[0] : 0], cell);
		for (c = 0; c < NCOLS; c++) {
			if (shown[c])
				continue;
			for (len = 0; headings[c][len] != '\0'; len++)
				name[len] = (char)tolower(
				    (unsigned char)headings[c][len]);
			name[len] = '\0';
			escape_printf(fp, "%s%s %s",
			    folded
				? ", "
				: plural(n, "(the record: ", "(every record: "),
			    name, cell[c]);
			folded = true;
		}
		if (folded)
			escape_puts(fp, ")\n");
	}
	/* Still too wide: the row stops at max, the column it crosses cut
	 * short (when two columns of it are left) and those after it
	 * dropped, so that a terminal never wraps a row. */
	for (c = 0, used = 0; max > 0 && c < NCOLS; c++) {
		if (!shown[c])
			continue;
		if (used > 0)
			used += 2;
		if (used + width[c] > max) {
			if (used + 2 <= max)
				width[c] = max - used;
			else
				shown[c] = false;
			for (c++; c < NCOLS; c++)
				shown[c] = false;
			break;
		}
		used += width[c];
	}
	row(fp, head, width, shown, true);
	for (i = 0; i < n; i++) {
		cells(&s->matches[idx != NULL ? idx[i] : i], cell);
		row(fp, cell, width, shown, false);
	}
}

void
output_records_text(FILE *fp, const struct scan *s)
{
	output_records_table(fp, s, NULL, s->nmatches, 0);
}

json_t *
output_json_text(const char *s)
{
	json_t *v;
	char *fixed;

	if (s == NULL)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	fixed = escape_utf8(s);
	v = json_string(fixed);
	free(fixed);
	return v;
}

static json_t *
addr_json(const struct addr *a)
{
	char buf[ADDR_STRLEN];

	return output_json_text(addr_format(a, buf, sizeof(buf)));
}

/* The typed value of field f of r, or null when absent. */
static json_t *
field_json(const struct flow_record *r, enum flow_field f)
{
	const struct flow_field_info *fi = flow_field_info(f);

	if (!flow_has(r, f))
		return json_null();
	switch (f) {
	case FF_SRCADDR:
		return addr_json(&r->srcaddr);
	case FF_DSTADDR:
		return addr_json(&r->dstaddr);
	case FF_PKT_SRCADDR:
		return addr_json(&r->pkt_srcaddr);
	case FF_PKT_DSTADDR:
		return addr_json(&r->pkt_dstaddr);
	case FF_START:
		return json_integer(r->start);
	case FF_END:
		return json_integer(r->end);
	default:
		break;
	}
	/* JSON integers stop at 2^63 - 1; a counter past that stays text. */
	if (fi->kind == FK_UINT) {
		unsigned long long v = strtoull(flow_text(r, f), NULL, 10);

		if (v <= INT64_MAX)
			return json_integer((json_int_t)v);
	}
	return output_json_text(flow_text(r, f));
}

json_t *
output_record_json(const struct flow_record *r, enum target_side side)
{
	json_t *o = json_object();
	int f;

	json_object_set_new(o, "file", output_json_text(r->origin));
	json_object_set_new(o, "line", json_integer((json_int_t)r->line));
	json_object_set_new(o, "event_id",
	    r->event_off != FLOW_NOTEXT
		? output_json_text(r->text + r->event_off)
		: json_null());
	json_object_set_new(o, "side",
	    output_json_text(side == TARGET_REQUEST ? "request" : "reply"));
	for (f = 0; f < FLOW_NFIELDS; f++) {
		if (r->off[f] != FLOW_NOTEXT) {
			json_object_set_new(o, flow_field_info(f)->name,
			    field_json(r, f));
		}
	}
	return o;
}

json_t *
output_records_json(const struct scan *s, int exit_status)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	for (i = 0; i < s->nmatches; i++) {
		json_array_append_new(a,
		    output_record_json(&s->matches[i].rec, s->matches[i].side));
	}
	json_object_set_new(o, "schema_version",
	    json_integer(OUTPUT_SCHEMA_VERSION));
	json_object_set_new(o, "exit_status", json_integer(exit_status));
	json_object_set_new(o, "records", a);
	return o;
}

static json_t *
time_json(int64_t t)
{
	char buf[32];

	if (t == INT64_MIN || t == INT64_MAX)
		return json_null();
	return output_json_text(when_format(t, buf, sizeof(buf)));
}

json_t *
output_target_json(const struct target *t)
{
	char buf[ADDR_STRLEN + 8], proto[16];
	json_t *o = json_object();

	json_object_set_new(o, "address", addr_json(&t->addr));
	json_object_set_new(o, "port",
	    t->port == TARGET_ANY ? json_null() : json_integer(t->port));
	json_object_set_new(o, "protocol",
	    t->protocol == TARGET_ANY
		? json_null()
		: output_json_text(flow_protocol_name((unsigned int)t->protocol,
		      proto, sizeof(proto))));
	json_object_set_new(o, "client",
	    t->has_client ? output_json_text(addr_prefix_format(&t->client, buf,
				sizeof(buf)))
			  : json_null());
	json_object_set_new(o, "from", time_json(t->from));
	json_object_set_new(o, "to", time_json(t->to));
	return o;
}

json_t *
output_input_json(const struct scan *s)
{
	json_t *o = json_object(), *files = json_array(), *f, *errs;
	const struct scan_file *sf;
	char *text;
	size_t i;
	unsigned int j;

	for (i = 0; i < s->nfiles; i++) {
		sf = s->files[i];
		f = json_object();
		errs = json_array();
		for (j = 0; j < sf->nshown; j++) {
			xasprintf(&text, "%s:%llu: %s", sf->name,
			    (unsigned long long)sf->shown[j].line,
			    sf->shown[j].why);
			json_array_append_new(errs, output_json_text(text));
			free(text);
		}
		json_object_set_new(f, "name", output_json_text(sf->name));
		json_object_set_new(f, "kind",
		    output_json_text(
			sf->skipped ? "skipped" : scan_kind_name(sf->kind)));
		json_object_set_new(f, "gzip", json_boolean(sf->gzip));
		json_object_set_new(f, "records",
		    json_integer((json_int_t)sf->units));
		json_object_set_new(f, "matched",
		    json_integer((json_int_t)sf->matched));
		json_object_set_new(f, "malformed",
		    json_integer((json_int_t)sf->malformed));
		json_object_set_new(f, "malformed_shown", errs);
		json_object_set_new(f, "problem",
		    sf->problem != NULL ? output_json_text(sf->problem)
					: json_null());
		json_object_set_new(f, "partial", json_boolean(sf->partial));
		json_array_append_new(files, f);
	}
	json_object_set_new(o, "records_scanned",
	    json_integer((json_int_t)scan_total_units(s)));
	json_object_set_new(o, "records_matched",
	    json_integer((json_int_t)s->matched));
	json_object_set_new(o, "records_kept",
	    json_integer((json_int_t)s->nmatches));
	json_object_set_new(o, "malformed",
	    json_integer((json_int_t)scan_total_malformed(s)));
	json_object_set_new(o, "files", files);
	if (s->query.engine != NULL) {
		f = json_object();
		json_object_set_new(f, "engine",
		    output_json_text(s->query.engine));
		json_object_set_new(f, "id",
		    output_json_text(s->query.id != NULL ? s->query.id : ""));
		json_object_set_new(f, "data_scanned_bytes",
		    json_integer((json_int_t)s->query.scanned));
		json_object_set_new(f, "seconds", json_real(s->query.seconds));
		json_object_set_new(f, "rows",
		    json_integer((json_int_t)s->query.rows));
		json_object_set_new(o, "query", f);
	}
	return o;
}

/* Prints n with thousands separators, so big counts read at a glance. */
static const char *
grouped(uint64_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, n);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

void
output_summary_text(FILE *fp, const struct scan *s)
{
	char target[ADDR_STRLEN + 32], a[32], b[32];
	uint64_t requests = 0, replies = 0;
	size_t i;

	for (i = 0; i < s->nmatches; i++) {
		if (s->matches[i].side == TARGET_REQUEST)
			requests++;
		else
			replies++;
	}
	escape_printf(fp, "%s: %s of %s %s %s the target",
	    target_string(s->opt.target, target, sizeof(target)),
	    grouped(s->matched, a, sizeof(a)),
	    grouped(scan_total_units(s), b, sizeof(b)),
	    plural(scan_total_units(s), "record", "records"),
	    plural(s->matched, "concerns", "concern"));
	if (s->matched == s->nmatches) {
		escape_printf(fp, " (%" PRIu64 " %s, %" PRIu64 " %s)", requests,
		    plural(requests, "request", "requests"), replies,
		    plural(replies, "reply", "replies"));
	}
	escape_printf(fp, " in %zu %s\n", s->nfiles,
	    plural(s->nfiles, "file", "files"));
}

/* Files skipped in a directory that are named one by one. */
#define SKIPPED_SHOWN 3

void
output_warnings(FILE *fp, const struct scan *s)
{
	const struct scan_file *sf;
	size_t i, skipped = 0;
	unsigned int j;

	for (i = 0; i < s->nfiles; i++) {
		sf = s->files[i];
		if (sf->skipped) {
			if (skipped++ < SKIPPED_SHOWN)
				escape_line(fp, "flowdiag: skipped: %s",
				    sf->problem);
			continue;
		}
		for (j = 0; j < sf->nshown; j++)
			escape_line(fp, "flowdiag: malformed: %s:%llu: %s",
			    sf->name, (unsigned long long)sf->shown[j].line,
			    sf->shown[j].why);
		if (sf->malformed > sf->nshown) {
			escape_line(fp,
			    "flowdiag: %s: %" PRIu64 " malformed %s in all",
			    sf->name, sf->malformed,
			    plural(sf->malformed, "record", "records"));
		}
	}
	if (skipped > SKIPPED_SHOWN)
		escape_printf(fp,
		    "flowdiag: skipped %zu more %s (%zu in all)\n",
		    skipped - SKIPPED_SHOWN,
		    plural(skipped - SKIPPED_SHOWN,
			"file that is not a flow log",
			"files that are not flow logs"),
		    skipped);
	if (s->matched > s->nmatches) {
		escape_printf(fp,
		    "flowdiag: %" PRIu64 " matching records; %s %zu %s\n",
		    s->matched, plural(s->nmatches, "only", "the first"),
		    s->nmatches, plural(s->nmatches, "is kept", "are kept"));
	}
}

json_t *
output_error_json(const struct errinfo *ei)
{
	json_t *o = json_object(), *e = json_object();

	json_object_set_new(e, "code",
	    output_json_text(errinfo_code_name(ei->code)));
	json_object_set_new(e, "status",
	    json_integer(errinfo_exit_status(ei->code)));
	json_object_set_new(e, "message", output_json_text(ei->msg));
	json_object_set_new(o, "schema_version",
	    json_integer(OUTPUT_SCHEMA_VERSION));
	json_object_set_new(o, "error", e);
	return o;
}

int
output_json(FILE *fp, json_t *v, struct errinfo *ei)
{
	if (json_dumpf(v, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == -1 ||
	    fputc('\n', fp) == EOF)
		return errinfo_errno(ei, errno, "cannot write output");
	return 0;
}
