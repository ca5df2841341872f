#include "config.h"

#include "flowdiag/input/scan.h"
#include "scan-int.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/input/input.h"
#include "flowdiag/input/prefilter.h"
#include "flowdiag/record/ids.h"
#include "flowdiag/record/jsonrec.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/progress.h"
#include "flowdiag/util/xmalloc.h"

/* What detection looks at: this many records (and DETECT_BYTES). */
#define DETECT_UNITS 8

/* Every NODATA and SKIPDATA status holds it. */
static const char status_needle[] = "DATA";
/* Every header line that can lead to a match names this field. */
static const char header_needle[] = "srcaddr";

/* Counts the bytes equal to c in p[0..n). */
static uint64_t
count_byte(const char *p, size_t n, char c)
{
	return prefilter_count(p, n, c);
}

static uint64_t
count_str(const char *p, size_t n, const char *needle)
{
	size_t nlen = strlen(needle);
	const char *end = p + n;
	struct prefilter pf;
	uint64_t count = 0;
	int which;

	prefilter_init(&pf, &needle, 1);
	while ((p = prefilter_find(&pf, p, end, &which)) != NULL) {
		count++;
		p += nlen;
	}
	return count;
}

static const char *
find(const char *p, const char *end, const char *needle)
{
	if (needle[0] == '\0' || p >= end)
		return NULL;
	return memmem(p, (size_t)(end - p), needle, strlen(needle));
}

static const char *
find_back(const char *start, const char *p, char c)
{
	return memrchr(start, c, (size_t)(p - start));
}

static bool
digit_or_dot(char c)
{
	return (c >= '0' && c <= '9') || c == '.';
}

/* Whether p[0..n) names the target's address: its needle, with no digit
 * or dot around it for IPv4 (not 10.0.1.100 for 10.0.1.10). */
static bool
names_target(const struct scan *s, const char *p, size_t n)
{
	const char *end = p + n, *q = p;
	size_t len = strlen(s->needle);
	bool v4 = s->opt.target->addr.family == 4;

	if (len == 0 || s->opt.census != NULL)
		return false;
	while ((q = memmem(q, (size_t)(end - q), s->needle, len)) != NULL) {
		if (!v4 ||
		    ((q == p || !digit_or_dot(q[-1])) &&
			(q + len == end || !digit_or_dot(q[len]))))
			return true;
		q++;
	}
	return false;
}

/* Counts a malformed unit; target: it names the target's address. */
static void
malformed(struct scan_file *sf, uint64_t line, const char *why, bool target)
{
	sf->malformed++;
	sf->malformed_target += target;
	if (sf->nshown < SCAN_SHOWN) {
		sf->shown[sf->nshown].line = line;
		sf->shown[sf->nshown++].why = xstrdup(why);
	}
}

/* The fields of r's format. */
static uint64_t
fields_of(const struct flow_record *r)
{
	uint64_t bits = 0;
	int f;

	for (f = 0; f < FLOW_NFIELDS; f++) {
		if (r->off[f] != FLOW_NOTEXT)
			bits |= FLOW_BIT(f);
	}
	return bits;
}

/* Notes that r, which carries the target's address, was logged on f. */
static void
cover(struct scan *s, struct iface *f, const struct flow_record *r)
{
	const struct addr *t = &s->opt.target->addr;
	bool src = addr_equal(&r->srcaddr, t), dst = addr_equal(&r->dstaddr, t);

	f->records++;
	if (flow_has(r, FF_START) && r->start < f->first)
		f->first = r->start;
	if (flow_has(r, FF_END) && r->end > f->last)
		f->last = r->end;
	if (flow_has(r, FF_START) && flow_has(r, FF_END))
		interval_add(&f->traffic, r->start, r->end);
	if (!src && !dst)
		return;
	f->direct++;
	iface_add_peer(f, src ? &r->dstaddr : &r->srcaddr);
	/* Ingress to the target, or egress from it: the target's side. */
	if (r->direction == FLOW_INGRESS)
		dst ? f->local++ : f->remote++;
	else if (r->direction == FLOW_EGRESS)
		src ? f->local++ : f->remote++;
}

#define ASIDE_FIELDS \
	(FLOW_BIT(FF_DSTPORT) | FLOW_BIT(FF_SRCPORT) | FLOW_BIT(FF_PROTOCOL))

/* What a record of the target's address that is not the question says
 * besides: a request to another port (a service port: lower than the
 * client's), or, with a client given, a request from another client. */
static void
aside(struct scan *s, const struct flow_record *r)
{
	const struct target *t = s->opt.target;
	struct target any;

	if ((r->present & ASIDE_FIELDS) != ASIDE_FIELDS)
		return;
	if (t->has_client) {
		any = *t;
		any.has_client = false;
		if (target_match(&any, r) == TARGET_REQUEST) {
			s->other_requests++;
			name_other(s, &r->srcaddr);
			return;
		}
	}
	if (addr_equal(&r->dstaddr, &t->addr) && r->dstport < r->srcport &&
	    !(r->dstport == t->port &&
		(t->protocol == TARGET_ANY || t->protocol == r->protocol)))
		count_port(s, r->dstport, r->protocol, 1);
}

/* Whether r would concern the target but for the window. */
static bool
beyond_window(const struct target *t, const struct flow_record *r)
{
	struct target always;
	enum target_side side;

	if (t->from == INT64_MIN && t->to == INT64_MAX)
		return false;
	always = *t;
	always.from = INT64_MIN;
	always.to = INT64_MAX;
	side = target_match(&always, r);
	return side == TARGET_REQUEST || side == TARGET_REPLY;
}

/* Counts the addresses of a record of the census's interface.  An
 * interface of two families names its IPv4 address in one kind of record,
 * its IPv6 one in the other: the target's family counts. */
static __attribute__((noinline)) void
census_take(struct scan *s, const struct flow_record *r, const char *id)
{
	if (r->log_status == FLOW_OK && id != NULL &&
	    strcmp(id, s->opt.census) == 0 &&
	    r->srcaddr.family == s->opt.target->addr.family)
		iface_census_add(&s->census, &r->srcaddr, &r->dstaddr);
}

/* Counts r, which names an id not of its form, as a malformed unit; one
 * that names the target (target) lowers every verdict's confidence, a
 * status record, which names no address, does not. */
static void
bad_id(struct scan_file *sf, const struct flow_record *r, bool target,
    const struct errinfo *ei)
{
	sf->examined--;
	malformed(sf, r->line != 0 ? r->line : sf->units, ei->msg, target);
}

/* Whether every id r names has its form (ids.h); else r is counted as a
 * malformed unit, never evidence.  For the records that concern the
 * target alone: those that carry its address for another reason only
 * give their interface, checked by interface_of(). */
static bool
ids_ok(struct scan_file *sf, const struct flow_record *r)
{
	struct errinfo ei;

	if (ids_check(r, &ei) == 0)
		return true;
	bad_id(sf, r, true, &ei);
	return false;
}

/* The entry of r's interface, id; NULL, with r counted as malformed (as
 * one that names the target: target), when id is not an interface id.
 * Checked once for each new interface, so the many records of one
 * interface do not pay for it. */
static struct iface *
interface_of(struct scan *s, struct scan_file *sf, const struct flow_record *r,
    const char *id, bool target)
{
	struct errinfo ei;
	struct iface *f;
	size_t len = strlen(id);

	if ((f = iface_known(&s->ifaces, id, len)) != NULL)
		return f;
	if (ids_check_field(FF_INTERFACE_ID, id, &ei) == -1) {
		bad_id(sf, r, target, &ei);
		return NULL;
	}
	return iface_get(&s->ifaces, id, len);
}

/* Files a parsed record: a status record as coverage, a record carrying
 * the target's address as coverage and perhaps as a match.  Inlined in
 * the reader of lines: out of line, with what it grew for the census and
 * the other ports, every record of the target cost a call and the
 * compiler's knowledge of the record. */
static inline __attribute__((always_inline)) void
take(struct scan *s, struct scan_file *sf, const struct flow_record *r)
{
	const struct target *t = s->opt.target;
	const char *id = flow_text(r, FF_INTERFACE_ID);
	enum target_side side;
	struct iface *f;
	struct scan_match *m;

	sf->examined++;
	if (s->opt.census != NULL) {
		census_take(s, r, id);
		return;
	}
	if (flow_has(r, FF_START) && r->start < s->first)
		s->first = r->start;
	if (flow_has(r, FF_END) && r->end > s->last)
		s->last = r->end;
	if (r->log_status == FLOW_NODATA || r->log_status == FLOW_SKIPDATA) {
		if (id == NULL || !flow_has(r, FF_INTERFACE_ID) ||
		    !flow_has(r, FF_START) || !flow_has(r, FF_END) ||
		    r->end < t->from || r->start > t->to)
			return;
		if ((f = interface_of(s, sf, r, id, false)) == NULL)
			return;
		f->status_records++;
		interval_add(r->log_status == FLOW_NODATA ? &f->nodata
							  : &f->skipdata,
		    r->start, r->end);
		return;
	}
	if ((side = target_match(t, r)) == TARGET_UNRELATED) {
		s->outside += beyond_window(t, r);
		return;
	}
	if (side != TARGET_OTHER && !ids_ok(sf, r))
		return;
	if (id != NULL && flow_has(r, FF_INTERFACE_ID)) {
		if ((f = interface_of(s, sf, r, id, true)) == NULL)
			return;
		cover(s, f, r);
		f->matched += side != TARGET_OTHER;
	}
	if (side == TARGET_OTHER) {
		aside(s, r);
		return;
	}
	sf->matched++;
	s->matched++;
	s->fields &= fields_of(r);
	if (s->nmatches == s->opt.keep)
		return;
	if (s->nmatches == s->capmatches) {
		s->capmatches = s->capmatches == 0 ? 64 : s->capmatches * 2;
		if (s->capmatches > s->opt.keep)
			s->capmatches = s->opt.keep;
		s->matches = xreallocarray(s->matches, s->capmatches,
		    sizeof(*s->matches));
	}
	m = &s->matches[s->nmatches++];
	flow_record_copy(&m->rec, r);
	m->side = side;
}

static bool
blank(const char *p, size_t n)
{
	while (n > 0 &&
	    (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
		p[n - 1] == '\n'))
		n--;
	return n == 0;
}

/* Whether the line at p, which ends before end, is blank. */
static bool
blank_line_at(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl != NULL && blank(p, (size_t)(nl - p));
}

/* The blank lines among the whole lines of p[0..n), which starts a line:
 * not records, so not counted as scanned.  A record starts with neither
 * white space nor a newline: only a line that does is looked at. */
static uint64_t
count_blank(const char *p, size_t n)
{
	static const char *const starts[] = { "\n\n", "\n\r", "\n " };
	static const char *const tab[] = { "\n\t" };
	const char *end = p + n, *q;
	struct prefilter pf, pt;
	uint64_t count = 0;
	int which;

	if (n > 0 && blank_line_at(p, end))
		count++;
	/* One search takes PREFILTER_MAX needles: the tab has its own. */
	prefilter_init(&pf, starts, 3);
	for (q = p; (q = prefilter_find(&pf, q, end, &which)) != NULL; q++)
		count += blank_line_at(q + 1, end);
	prefilter_init(&pt, tab, 1);
	for (q = p; (q = prefilter_find(&pt, q, end, &which)) != NULL; q++)
		count += blank_line_at(q + 1, end);
	return count;
}

/* Whether a unit of n bytes is longer than the stream reads: a JSON object
 * past JSON_UNIT_MAX would overrun the parse buffer.  Sets ei if so. */
static bool
too_long(const struct stream *st, size_t n, struct errinfo *ei)
{
	if (!st->json || n <= st->unit_max)
		return false;
	errinfo_set(ei, EC_DATA, "JSON object longer than %zu bytes",
	    st->unit_max);
	return true;
}

/* Parses one unit, a line or a JSON object, that starts on line. */
static void
unit(struct stream *st, const char *p, size_t n, uint64_t line)
{
	struct scan *s = st->s;
	struct flow_format hdr;
	struct flow_record r;
	struct errinfo ei;
	int k;

	if (blank(p, n))
		return;
	if (too_long(st, n, &ei))
		k = -1;
	else if (st->json) {
		k = jsonrec_parse(p, n, &st->fmt, s->scratch, &r, &ei);
		if (k == JSONREC_NONE)
			return;
	} else {
		k = flow_parse_line(&st->fmt, p, n, s->scratch, &r, &ei);
		/* S3 files concatenated: their header lines come again, and
		 * a file of another flow log brings its own format. */
		if (k == -1 && flow_format_from_header(p, n, &hdr, NULL) == 0) {
			if (line > 1 || st->mid_file)
				st->sf->units--;
			st->fmt = hdr;
			return;
		}
	}
	if (k == -1) {
		malformed(st->sf, line, ei.msg, names_target(s, p, n));
		return;
	}
	r.origin = st->sf->name;
	r.line = line;
	/* A JSON object brings its own fields; a line, its stream's. */
	s->format_fields &= st->json ? fields_of(&r) : st->fmt.has;
	take(s, st->sf, &r);
}

/* The unit around the hit at h in [p, end): a line, or the innermost
 * JSON object, which ends at the first '}' and starts at the last '{'
 * before it.  False when there is no such object. */
static bool
unit_around(const struct stream *st, const char *p, const char *end,
    const char *h, const char **us, const char **ue)
{
	const char *a, *b;

	if (!st->json) {
		a = find_back(p, h, '\n');
		*us = a != NULL ? a + 1 : p;
		b = memchr(h, '\n', (size_t)(end - h));
		*ue = b != NULL ? b : end;
		return true;
	}
	b = memchr(h, '}', (size_t)(end - h));
	*ue = b != NULL ? b + 1 : end;
	a = find_back(p, *ue, '{');
	*us = a != NULL ? a : *ue;
	return a != NULL;
}

/* Where the search goes on after a unit that ends at ue: past the newline
 * that ends a line; at ue itself, already past the '}', for JSON. */
static const char *
after(const struct stream *st, const char *ue, const char *end)
{
	return st->json || ue == end ? ue : ue + 1;
}

/* Handles every complete line in p[0..n), for examine_all. */
static void
all_lines(struct stream *st, const char *p, size_t n)
{
	const char *end = p + n, *next = p, *us, *ue;
	uint64_t newlines = 0; /* in [p, next) */

	while (next < end) {
		unit_around(st, next, end, next, &us, &ue);
		unit(st, us, (size_t)(ue - us), st->line + newlines + 1);
		next = after(st, ue, end);
		newlines += ue < end;
	}
	st->line += newlines;
	st->sf->units += newlines - count_blank(p, n);
}

/* Places found in one pass of the search. */
#define HITS 64

/* Handles the complete lines in p[0..n) around a hit of one of the
 * pre-filter's needles.  The search finds the hits of many lines in one
 * pass, and counts the newlines it passes, so lines are numbered without
 * a second pass over the buffer; a hit in a line already handled is
 * passed over. */
static void
lines_region(struct stream *st, const struct prefilter *pf, const char *p,
    size_t n)
{
	const char *end = p + n, *next = p, *from = p, *h, *us, *ue;
	struct prefilter_hit hits[HITS];
	uint64_t newlines = 0;
	size_t nhits, i;

	if (st->s->opt.examine_all) {
		all_lines(st, p, n);
		return;
	}
	do {
		nhits =
		    prefilter_find_all(pf, from, end, hits, HITS, &newlines);
		for (i = 0; i < nhits; i++) {
			if ((h = hits[i].at) < next)
				continue;
			/* No newline between the line's start and the hit. */
			unit_around(st, next, end, h, &us, &ue);
			/* An over-long line is judged by its first bytes only,
			 * as when a read cuts it (long_unit_concerns()). */
			if ((size_t)(ue - us) <= st->unit_max ||
			    (size_t)(h - us) + pf->len[hits[i].which] <=
				st->unit_max)
				unit(st, us, (size_t)(ue - us),
				    st->line + hits[i].newlines + 1);
			next = after(st, ue, end);
		}
		/* A needle holds no newline: none is passed over here. */
		if (nhits == HITS)
			from = hits[HITS - 1].at + 1;
	} while (nhits == HITS);
	st->line += newlines;
	/* A line is a unit: the newlines are the lines, but for the blank. */
	st->sf->units += newlines - count_blank(p, n);
}

/* Handles the complete JSON units in p[0..n), as lines_region() does
 * lines; an object may span lines, so they are counted apart. */
static void
json_region(struct stream *st, const struct prefilter *pf, const char *p,
    size_t n)
{
	const char *end = p + n, *cur = p, *next = p, *from = p, *h, *us, *ue;
	int which = 0;

	for (;;) {
		if (st->s->opt.examine_all)
			h = next < end ? next : NULL;
		else
			h = prefilter_find(pf, from, end, &which);
		if (h == NULL)
			break;
		if (unit_around(st, next, end, h, &us, &ue)) {
			st->line += count_byte(cur, (size_t)(us - cur), '\n');
			cur = us;
			unit(st, us, (size_t)(ue - us), st->line + 1);
		}
		next = from = after(st, ue, end);
	}
	st->line += count_byte(cur, (size_t)(end - cur), '\n');
	if (st->sf->kind == SCAN_JSON_EVENTS)
		st->sf->units += count_str(p, n, "\"message\"");
	else
		st->sf->units += count_byte(p, n, '}');
}

/* Makes the search for the target's IPv4 address, the first needle of pf,
 * pass over other addresses that hold it (10.0.1.10 in 10.0.1.100 or
 * 110.0.1.10): a digit or a dot on either side means another address.
 * The bytes around a match are looked at in [floor, ceiling). */
static void
fence_address(const struct scan *s, struct prefilter *pf, const char *floor,
    const char *ceiling)
{
	if (s->needle[0] != '\0' && s->opt.census == NULL &&
	    s->opt.target->addr.family == 4)
		prefilter_fence(pf, 0, "0123456789.", floor, ceiling);
}

/* Tells the search that the needles after the address, the D of NODATA
 * and SKIPDATA and the s of the header's srcaddr, begin with bytes that
 * flow logs hardly hold elsewhere: their lines are digits, dots, hex ids,
 * ACCEPT, REJECT and OK, and the keys of CloudWatch events have neither.
 * Testing one byte for them, not three, made the search an eighth
 * faster. */
static void
mark_rare(const struct scan *s, struct prefilter *pf, int n)
{
	int k;

	if (s->needle[0] == '\0')
		return;
	for (k = 1; k < n; k++)
		prefilter_rare(pf, k);
}

/* Handles the complete units in p[0..n). */
static void
region(struct stream *st, const char *p, size_t n)
{
	const char *needles[3];
	struct prefilter pf;
	int nn = 0;

	needles[nn++] = st->s->needle;
	needles[nn++] = status_needle;
	/* Concatenated S3 files: a header line may come again, or change. */
	if (st->sf->kind == SCAN_S3_TEXT)
		needles[nn++] = header_needle;
	prefilter_init(&pf, needles, nn);
	fence_address(st->s, &pf, p, p + n);
	mark_rare(st->s, &pf, nn);
	if (st->json)
		json_region(st, &pf, p, n);
	else
		lines_region(st, &pf, p, n);
}

/* Whether the unit at p, n bytes of it read and more than the longest,
 * concerns the target as the regions judge it: the target's whole address
 * or a status.  Of a line only the first unit_max bytes count, for a read
 * may end after them: wherever reads cut a line, the answer is the same.
 * A JSON object counts by what was read of it. */
static bool
long_unit_concerns(const struct stream *st, const char *p, size_t n)
{
	const struct scan *s = st->s;
	const char *needles[2] = { s->needle, status_needle };
	const char *limit = p + (n < st->unit_max ? n : st->unit_max);
	struct prefilter pf;
	int which;

	if (s->opt.examine_all)
		return true;
	if (st->json) {
		return find(p, p + n, s->needle) != NULL ||
		    find(p, p + n, status_needle) != NULL;
	}
	prefilter_init(&pf, needles, 2);
	fence_address(s, &pf, p, p + n);
	return prefilter_find(&pf, p, limit, &which) != NULL;
}

/* Handles the complete units in the buffer and keeps the rest, dropping a
 * unit longer than the limit. */
static void
drain(struct stream *st)
{
	const char *last;
	size_t done, rest;

	if (st->skipping) {
		last = memchr(st->buf, st->term, st->len);
		done = last != NULL ? (size_t)(last - st->buf) + 1 : st->len;
		st->line += count_byte(st->buf, done, '\n');
		memmove(st->buf, st->buf + done, st->len - done);
		st->len -= done;
		if (last == NULL)
			return;
		st->skipping = false;
	}
	last = memrchr(st->buf, st->term, st->len);
	done = last != NULL ? (size_t)(last - st->buf) + 1 : 0;
	if (st->eof)
		done = st->len;
	region(st, st->buf, done);
	if (st->eof && !st->json && done > 0 && st->buf[done - 1] != '\n' &&
	    !blank(st->buf + (last != NULL ? last + 1 - st->buf : 0),
		done - (last != NULL ? (size_t)(last + 1 - st->buf) : 0)))
		st->sf->units++;
	if (st->eof && st->json && st->sf->problem == NULL &&
	    !blank(st->buf + (last != NULL ? last + 1 - st->buf : 0),
		done - (last != NULL ? (size_t)(last + 1 - st->buf) : 0))) {
		xasprintf(&st->sf->problem,
		    "'%s': the JSON ends inside an "
		    "object: truncated?",
		    st->sf->name);
	}
	rest = st->len - done;
	memmove(st->buf, st->buf + done, rest);
	st->len = rest;
	if (rest > st->unit_max) {
		char why[64];
		const char *us;
		uint64_t line = st->line + 1;

		/* A JSON object's line is that of its '{', which may come
		 * after the newline that ended the unit before it. */
		if (st->json && (us = memchr(st->buf, '{', st->len)) != NULL)
			line +=
			    count_byte(st->buf, (size_t)(us - st->buf), '\n');
		snprintf(why, sizeof(why), "%s longer than %zu bytes",
		    st->json ? "JSON object" : "line", st->unit_max);
		/* Like any malformed unit, it counts when it concerns the
		 * target. */
		if (long_unit_concerns(st, st->buf, st->len))
			malformed(st->sf, line, why,
			    names_target(st->s, st->buf,
				st->len < st->unit_max ? st->len
						       : st->unit_max));
		st->sf->units++;
		st->line += count_byte(st->buf, st->len, '\n');
		st->len = 0;
		st->skipping = true;
	}
}

int
stream_fill(struct stream *st, size_t want, struct errinfo *ei)
{
	ssize_t n;

	while (!st->eof && st->len < want) {
		n = input_read(st->in, st->buf + st->len,
		    BUF_SIZE - st->len < READ_SIZE ? BUF_SIZE - st->len
						   : READ_SIZE,
		    ei);
		if (n == -1) {
			st->damaged = true;
			return -1;
		}
		if (n == 0)
			st->eof = true;
		st->len += (size_t)n;
	}
	return 0;
}

/* Tries the first records of the buffer: at least one must parse.  For
 * JSON, the first record found also tells events from field objects. */
static int
validate(struct stream *st, struct errinfo *ei)
{
	const char *p = st->buf, *end = st->buf + st->len, *us, *ue;
	struct flow_format hdr;
	struct flow_record r;
	char first[ERRINFO_MSGLEN + 32] = "";
	unsigned int tried = 0;
	uint64_t line;
	int k;

	for (; p < end && tried < DETECT_UNITS; p = after(st, ue, end)) {
		if (!unit_around(st, p, end, p, &us, &ue))
			continue;
		if (blank(us, (size_t)(ue - us)) ||
		    (!st->json &&
			flow_format_from_header(us, (size_t)(ue - us), &hdr,
			    NULL) == 0))
			continue;
		if (too_long(st, (size_t)(ue - us), ei))
			k = -1;
		else if (st->json) {
			k = jsonrec_parse(us, (size_t)(ue - us), &st->fmt,
			    st->s->scratch, &r, ei);
			if (k == JSONREC_NONE)
				continue;
		} else {
			k = flow_parse_line(&st->fmt, us, (size_t)(ue - us),
			    st->s->scratch, &r, ei);
		}
		if (k != -1) {
			if (k == JSONREC_EVENT)
				st->sf->kind = SCAN_JSON_EVENTS;
			else if (k == JSONREC_FIELDS)
				st->sf->kind = SCAN_JSON_FIELDS;
			return 0;
		}
		if (tried++ == 0) {
			line = st->line + 1 +
			    count_byte(st->buf, (size_t)(us - st->buf), '\n');
			snprintf(first, sizeof(first), "line %llu: %s",
			    (unsigned long long)line, ei->msg);
		}
	}
	if (tried == 0 && !st->json)
		return 0;
	/* filter-log-events found nothing: an empty answer, not an error. */
	if (tried == 0 && find(st->buf, end, "\"events\"") != NULL) {
		st->sf->kind = SCAN_JSON_EVENTS;
		return 0;
	}
	if (tried == 0) {
		return errinfo_set(ei, EC_DATA,
		    "'%s' is not a flow log: JSON without flow log records",
		    st->sf->name);
	}
	return errinfo_set(ei, EC_DATA, "'%s' is not a flow log: %s%s",
	    st->sf->name, first,
	    st->s->opt.format == NULL && st->sf->kind == SCAN_TEXT
		? " (a custom format? give --log-format)"
		: "");
}

/* Whether a line that is not a header of known fields is still one:
 * words alone, most of them (three at least) fields flowdiag knows.  A newer flow log
 * version's header then gets the field named, not a count of fields. */
static bool
header_like(const char *p, size_t n)
{
	size_t i = 0, len, known = 0, words = 0;

	while (n > 0 && p[n - 1] == '\r')
		n--;
	while (i < n) {
		while (i < n && p[i] == ' ')
			i++;
		for (len = 0; i + len < n && p[i + len] != ' '; len++) {
			if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-_",
				p[i + len]) == NULL)
				return false;
		}
		if (len > 0 && (p[i] < 'a' || p[i] > 'z'))
			return false;
		if (len > 0 && flow_field_lookup(p + i, len) != -1)
			known++;
		words += len > 0;
		i += len;
	}
	return known >= 3 && known * 2 > words;
}

int
stream_detect(struct stream *st, struct errinfo *ei)
{
	const char *p = st->buf, *nl;
	struct flow_format hdr;
	struct errinfo why;
	size_t n = st->len, i;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		memmove(st->buf, st->buf + 3, n - 3);
		st->len = n -= 3;
	}
	/* AWS delivers flow logs to S3 as Parquet when asked to. */
	if (n >= 4 && memcmp(p, "PAR1", 4) == 0) {
		return errinfo_set(ei, EC_DATA,
		    "'%s' is Parquet: Parquet is not read; have the flow log "
		    "delivered as text (--destination-options "
		    "FileFormat=plain-text) or query it with Athena",
		    st->sf->name);
	}
	if (memchr(p, '\0', n < 4096 ? n : 4096) != NULL) {
		return errinfo_set(ei, EC_DATA,
		    "'%s' is not a flow log: it holds binary data",
		    st->sf->name);
	}
	for (i = 0; i < n && strchr(" \t\r\n", p[i]) != NULL; i++)
		;
	if (i == n) {
		st->sf->kind = SCAN_EMPTY;
		return 0;
	}
	if (p[i] == '{' || p[i] == '[') {
		st->json = true;
		st->term = '}';
		st->unit_max = JSON_UNIT_MAX;
		return validate(st, ei);
	}
	nl = memchr(p, '\n', n);
	if (flow_format_from_header(p, nl != NULL ? (size_t)(nl - p) : n, &hdr,
		NULL) == 0) {
		st->fmt = hdr;
		st->sf->kind = SCAN_S3_TEXT;
		st->header = true;
	} else if (header_like(p, nl != NULL ? (size_t)(nl - p) : n) &&
	    flow_format_from_header(p, nl != NULL ? (size_t)(nl - p) : n, &hdr,
		&why) == -1) {
		return errinfo_set(ei, EC_DATA,
		    "'%s': %s, one flowdiag does not read yet (the fields it "
		    "reads are in flowdiag(1), --log-format)",
		    st->sf->name, why.msg);
	} else
		st->sf->kind = SCAN_TEXT;
	return validate(st, ei);
}

void
stream_tell(struct stream *st, uint64_t least)
{
	uint64_t bytes;

	if (st->progress == NULL)
		return;
	bytes = st->in != NULL ? input_bytes_read(st->in) : 0;
	if (bytes < least)
		bytes = least;
	/* Unsigned, modulo 2^64: units taken back (a header line found
	 * to be one after it was counted) are told as a negative. */
	progress_add(st->progress, bytes - st->told_bytes,
	    st->sf->units - st->told_units);
	st->told_bytes = bytes;
	st->told_units = st->sf->units;
}

int
stream_read(struct stream *st, const char *path, bool found, struct errinfo *ei)
{
	struct scan_file *sf = st->sf;
	struct errinfo damage = { EC_OK, "" };

	if (!st->mid_file)
		st->fmt = st->s->format;
	st->term = '\n';
	st->unit_max = FLOW_LINE_MAX;
	st->buf = xmalloc(BUF_SIZE);
	sf->gzip = input_is_gzip(st->in);
	if (st->mid_file) {
		if (sf->kind == SCAN_JSON_EVENTS) {
			st->json = true;
			st->term = '}';
			st->unit_max = JSON_UNIT_MAX;
		}
	} else {
		stream_fill(st, DETECT_BYTES, &damage);
		if (stream_detect(st, ei) == -1) {
			if (!found)
				return -1;
			sf->skipped = true;
			sf->problem = xstrdup(ei->msg);
			return 0;
		}
	}
	for (;;) {
		drain(st);
		stream_tell(st, 0);
		if (cancel_requested()) {
			return errinfo_set(ei, EC_INTERRUPTED,
			    "interrupted while reading '%s'", path);
		}
		if (st->eof || st->damaged)
			break;
		stream_fill(st, st->len + 1, &damage);
	}
	if (st->header && sf->units > 0)
		sf->units--;
	if (damage.code != EC_OK && sf->problem == NULL)
		sf->problem = xstrdup(damage.msg);
	return 0;
}

void
scan_message(struct scan *s, struct scan_file *sf, const char *line, size_t len,
    const char *event_id)
{
	struct flow_record r;
	struct errinfo ei;
	size_t idlen = event_id != NULL ? strlen(event_id) : 0;

	sf->units++;
	if (len > FLOW_LINE_MAX || len + idlen + 2 > s->scratch_size) {
		malformed(sf, sf->units, "message too long",
		    names_target(s, line, len));
		return;
	}
	if (flow_parse_line(&s->format, line, len, s->scratch, &r, &ei) == -1) {
		malformed(sf, sf->units, ei.msg, names_target(s, line, len));
		return;
	}
	if (event_id != NULL) {
		r.event_off = r.text_len;
		memcpy(s->scratch + r.text_len, event_id, idlen + 1);
		r.text_len += (uint32_t)idlen + 1;
	}
	r.origin = sf->name;
	r.line = 0;
	s->format_fields &= s->format.has;
	take(s, sf, &r);
}
