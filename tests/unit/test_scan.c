/*
 * Unit tests of the records stage: scan_path() over files written at test
 * time into a temporary directory.  Every expectation comes from the data
 * the test wrote: which lines hold the target's records, which are damaged.
 * A file's lines are written from an array, so line n is element n - 1.
 *
 * Target 10.0.1.10:80/tcp unless a case says otherwise; its client is
 * 10.0.0.5 on interface eni-0a.  Background traffic (172.16.x.x on eni-0b)
 * never holds the target's address.
 */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "flowdiag/input/scan.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/iface.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

#include "helpers.h"

/* scan-read.c reads into a buffer of this size; big files cross it. */
#define SCAN_BUF ((size_t)2 << 20)

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define TIMES "1700000000 1700000060"

/* A default-format (version 2) record line. */
#define LINE(eni, src, dst, sport, dport, proto, times, action)             \
	"2 123456789012 " eni " " src " " dst " " sport " " dport " " proto \
	" 4 240 " times " " action " OK"
#define TCP(eni, src, dst, sport, dport, times) \
	LINE(eni, src, dst, sport, dport, "6", times, "ACCEPT")
#define STATUS(eni, times, status) \
	"2 123456789012 " eni " - - - - - - - " times " - " status

#define REQ TCP("eni-0a", "10.0.0.5", "10.0.1.10", "50522", "80", TIMES)
#define REP TCP("eni-0a", "10.0.1.10", "10.0.0.5", "80", "50522", TIMES)
/* The target's address, another port: coverage, no match. */
#define OTHER TCP("eni-0a", "10.0.0.5", "10.0.1.10", "50523", "22", TIMES)
#define BG    TCP("eni-0b", "172.16.0.1", "172.16.0.2", "40000", "443", TIMES)

/* Lines 2 (request) and 4 (reply) concern the target. */
static const char *const text_sample[] = { BG, REQ, BG, REP, OTHER, BG };

/* An S3 header in an order of its own, with the packet addresses. */
#define S3_HEADER                                                        \
	"version interface-id srcaddr dstaddr srcport dstport protocol " \
	"packets bytes start end action log-status pkt-srcaddr "         \
	"pkt-dstaddr flow-direction"
#define S3REC(eni, src, dst, sport, dport, psrc, pdst, dir)            \
	"5 " eni " " src " " dst " " sport " " dport " 6 4 240 " TIMES \
	" ACCEPT OK " psrc " " pdst " " dir
#define S3_REQ                                                              \
	S3REC("eni-0a", "10.0.0.5", "10.0.1.10", "50522", "80", "10.0.0.5", \
	    "10.0.1.10", "ingress")
#define S3_REP                                                               \
	S3REC("eni-0a", "10.0.1.10", "10.0.0.5", "80", "50522", "10.0.1.10", \
	    "10.0.0.5", "egress")
#define S3_BG                                                       \
	S3REC("eni-0b", "172.16.0.1", "172.16.0.2", "40000", "443", \
	    "172.16.0.1", "172.16.0.2", "egress")

/* Lines 3 (request) and 4 (reply) concern the target. */
static const char *const s3_sample[] = {
	S3_HEADER,
	S3_BG,
	S3_REQ,
	S3_REP,
	S3_BG,
};

/* A CloudWatch event as `aws logs` and subscriptions write them. */
#define EVENT(rec, id)                                                       \
	"{\"logStreamName\": \"eni-0a-all\", \"timestamp\": 1700000000000, " \
	"\"message\": \"" rec "\", \"eventId\": \"" id "\"}"

/* Lines 2 (request) and 4 (reply) concern the target. */
static const char *const events_sample[] = {
	EVENT(BG, "e1"),
	EVENT(REQ, "e2"),
	EVENT(BG, "e3"),
	EVENT(REP, "e4"),
	EVENT(OTHER, "e5"),
};

#define FIELDS(eni, src, dst, sport, dport)                            \
	"{\"version\": 2, \"accountId\": \"123456789012\", "           \
	"\"interfaceId\": \"" eni "\", \"srcaddr\": \"" src "\", "     \
	"\"dstaddr\": \"" dst "\", \"srcport\": " sport ", "           \
	"\"dstport\": " dport ", \"protocol\": 6, \"packets\": 4, "    \
	"\"bytes\": 240, \"start\": 1700000000, \"end\": 1700000060, " \
	"\"action\": \"ACCEPT\", \"logStatus\": \"OK\"}"
#define FIELDS_REQ FIELDS("eni-0a", "10.0.0.5", "10.0.1.10", "50522", "80")
#define FIELDS_REP FIELDS("eni-0a", "10.0.1.10", "10.0.0.5", "80", "50522")
#define FIELDS_BG  FIELDS("eni-0b", "172.16.0.1", "172.16.0.2", "40000", "443")

/* Lines 1 (request) and 3 (reply) concern the target. */
static const char *const fields_sample[] = {
	FIELDS_REQ,
	FIELDS_BG,
	FIELDS_REP,
	FIELDS_BG,
};

struct fixture {
	struct tmpdir td;
	struct target t;
	struct scan s;
	bool started;
	struct errinfo ei;
};

struct want {
	uint64_t line;
	enum target_side side;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct errinfo ei;

	if (tmpdir_make(&fx->td, "test_scan") == -1) {
		free(fx);
		return -1;
	}
	if (target_parse("10.0.1.10:80", &fx->t, &ei) == -1 ||
	    target_set_protocol(&fx->t, "tcp", &ei) == -1) {
		tmpdir_remove(&fx->td);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	int ret;

	if (fx->started)
		scan_release(&fx->s);
	ret = tmpdir_remove(&fx->td);
	free(fx);
	return ret;
}

static const char *
make_dir(struct fixture *fx, const char *name)
{
	const char *p = tmpdir_path(&fx->td, name);

	assert_int_equal(mkdir(p, 0700), 0);
	return p;
}

static FILE *
open_out(struct fixture *fx, const char *name, const char **path)
{
	FILE *f;

	*path = tmpdir_path(&fx->td, name);
	f = fopen(*path, "wb");
	assert_non_null(f);
	return f;
}

static void
close_out(FILE *f)
{
	assert_int_equal(ferror(f), 0);
	assert_int_equal(fclose(f), 0);
}

/* The n lines, each ended by eol; returns a new string. */
static char *
join(const char *const *lines, size_t n, const char *eol)
{
	size_t i, len = 1, used = 0, elen = strlen(eol);
	char *text;

	for (i = 0; i < n; i++)
		len += strlen(lines[i]) + elen;
	text = xmalloc(len);
	for (i = 0; i < n; i++) {
		memcpy(text + used, lines[i], strlen(lines[i]));
		used += strlen(lines[i]);
		memcpy(text + used, eol, elen);
		used += elen;
	}
	text[used] = '\0';
	return text;
}

static const char *
write_lines(struct fixture *fx, const char *name, const char *const *lines,
    size_t n)
{
	char *text = join(lines, n, "\n");
	const char *path = tmpdir_write_text(&fx->td, name, text);

	free(text);
	return path;
}

/* Compresses data[0..len) as one gzip member; returns a new buffer. */
static unsigned char *
gzip_member(const void *data, size_t len, size_t *outlen)
{
	z_stream zs;
	unsigned char *out;
	size_t cap;
	int ret;

	memset(&zs, 0, sizeof(zs));
	ret = deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	assert_int_equal(ret, Z_OK);
	cap = deflateBound(&zs, (uLong)len);
	out = xmalloc(cap);
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* Writes each text as a gzip member of its own, back to back. */
static const char *
write_gz(struct fixture *fx, const char *name, char *const *texts, size_t n)
{
	const char *path;
	FILE *f = open_out(fx, name, &path);
	unsigned char *z;
	size_t i, zlen;

	for (i = 0; i < n; i++) {
		z = gzip_member(texts[i], strlen(texts[i]), &zlen);
		assert_int_equal(fwrite(z, 1, zlen, f), zlen);
		free(z);
	}
	close_out(f);
	return path;
}

/* Writes the lines as one gzip member. */
static const char *
write_lines_gz(struct fixture *fx, const char *name, const char *const *lines,
    size_t n)
{
	char *text = join(lines, n, "\n");
	const char *path = write_gz(fx, name, &text, 1);

	free(text);
	return path;
}

/* Starts the scan with the fixture's target and the given options. */
static struct scan *
start_with(struct fixture *fx, const struct flow_format *format,
    bool examine_all, size_t keep)
{
	struct scan_options opt;

	assert_false(fx->started);
	memset(&opt, 0, sizeof(opt));
	opt.target = &fx->t;
	opt.format = format;
	opt.examine_all = examine_all;
	opt.keep = keep;
	scan_init(&fx->s, &opt);
	fx->started = true;
	return &fx->s;
}

static struct scan *
start(struct fixture *fx)
{
	return start_with(fx, NULL, false, 0);
}

/* Scans path, which must succeed. */
static void
scan_ok(struct fixture *fx, const char *path)
{
	errinfo_clear(&fx->ei);
	if (scan_path(&fx->s, path, &fx->ei) != 0)
		fail_msg("scan_path('%s'): %s", path, fx->ei.msg);
}

/* Checks that s kept exactly the matches w[0..n), in order. */
static void
check_matches(const struct scan *s, const struct want *w, size_t n)
{
	size_t i;

	assert_int_equal(s->nmatches, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(s->matches[i].rec.line, w[i].line);
		assert_int_equal(s->matches[i].side, w[i].side);
	}
}

/* Checks that a malformed line is shown as on line of file path, with a
 * reason. */
static void
check_shown(const struct scan_file *sf, const struct scan_shown *shown,
    const char *path, uint64_t line)
{
	assert_string_equal(sf->name, path);
	assert_int_equal(shown->line, line);
	assert_non_null(shown->why);
	assert_true(strlen(shown->why) > 0);
}

static const struct want sample_want[] = {
	{ 2, TARGET_REQUEST },
	{ 4, TARGET_REPLY },
};

/* The records of text_sample, read as plain lines. */
static void
test_scan_detect_text(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const char *path;
	const struct scan_match *m;

	path = write_lines(fx, "flows.log", text_sample, NELEM(text_sample));
	scan_ok(fx, path);
	assert_int_equal(s->nfiles, 1);
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_false(s->files[0]->gzip);
	assert_false(s->files[0]->skipped);
	assert_null(s->files[0]->problem);
	assert_int_equal(s->files[0]->units, 6);
	assert_int_equal(s->files[0]->matched, 2);
	assert_int_equal(s->files[0]->malformed, 0);
	assert_int_equal(s->matched, 2);
	check_matches(s, sample_want, 2);
	m = &s->matches[0];
	assert_string_equal(m->rec.origin, path);
	assert_int_equal(m->rec.srcport, 50522);
	assert_int_equal(m->rec.dstport, 80);
	assert_int_equal(m->rec.action, FLOW_ACCEPT);
	assert_string_equal(flow_text(&m->rec, FF_INTERFACE_ID), "eni-0a");
	assert_null(scan_damaged(s));
}

static void
test_scan_detect_s3_text(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const struct want w[] = {
		{ 3, TARGET_REQUEST },
		{ 4, TARGET_REPLY },
	};

	scan_ok(fx, write_lines(fx, "s3.log", s3_sample, NELEM(s3_sample)));
	assert_int_equal(s->files[0]->kind, SCAN_S3_TEXT);
	assert_false(s->files[0]->gzip);
	/* The header line is no record. */
	assert_int_equal(s->files[0]->units, 4);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 2);
	/* Read in the header's order, not the default one. */
	assert_int_equal(s->matches[0].rec.direction, FLOW_INGRESS);
	assert_int_equal(s->matches[1].rec.direction, FLOW_EGRESS);
	assert_int_equal(s->matches[0].rec.version, 5);
}

/* JSON lines of CloudWatch events; the event id is kept. */
static void
test_scan_detect_json_event_lines(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const struct flow_record *r;

	scan_ok(fx,
	    write_lines(fx, "events.jsonl", events_sample,
		NELEM(events_sample)));
	assert_int_equal(s->files[0]->kind, SCAN_JSON_EVENTS);
	assert_false(s->files[0]->gzip);
	assert_int_equal(s->files[0]->units, 5);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, sample_want, 2);
	r = &s->matches[0].rec;
	assert_int_not_equal(r->event_off, FLOW_NOTEXT);
	assert_string_equal(r->text + r->event_off, "e2");
	r = &s->matches[1].rec;
	assert_string_equal(r->text + r->event_off, "e4");
}

static const char doc_head[] = "{\n    \"events\": [\n";
static const char doc_tail[] =
    "\n    ],\n"
    "    \"searchedLogStreams\": [\n"
    "        {\n"
    "            \"logStreamName\": \"eni-0a-all\",\n"
    "            \"searchedCompletely\": true\n"
    "        }\n"
    "    ]\n"
    "}\n";

/* Event i of an `aws logs filter-log-events` document: six lines, the
 * first of them line 3 + 6 * i. */
static void
doc_event(FILE *f, size_t i, const char *rec)
{
	static const char fmt[] =
	    "%s        {\n"
	    "            \"logStreamName\": \"eni-0a-all\",\n"
	    "            \"timestamp\": 1700000000000,\n"
	    "            \"message\": \"%s\",\n"
	    "            \"eventId\": \"%08zu\"\n"
	    "        }";

	fprintf(f, fmt, i == 0 ? "" : ",\n", rec, i);
}

static const char *
write_doc(struct fixture *fx, const char *name, const char *const *recs,
    size_t n)
{
	const char *path;
	FILE *f = open_out(fx, name, &path);
	size_t i;

	fputs(doc_head, f);
	for (i = 0; i < n; i++)
		doc_event(f, i, recs[i]);
	fputs(doc_tail, f);
	close_out(f);
	return path;
}

static void
test_scan_detect_json_document(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const recs[] = { BG, REQ, BG, REP, OTHER };
	/* Events 1 and 3 start on lines 3 + 6 and 3 + 18. */
	static const struct want w[] = {
		{ 9, TARGET_REQUEST },
		{ 21, TARGET_REPLY },
	};
	const struct flow_record *r;

	scan_ok(fx, write_doc(fx, "cloudwatch.json", recs, NELEM(recs)));
	assert_int_equal(s->files[0]->kind, SCAN_JSON_EVENTS);
	assert_int_equal(s->files[0]->units, 5);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 2);
	r = &s->matches[1].rec;
	assert_string_equal(r->text + r->event_off, "00000003");
}

static void
test_scan_detect_json_fields(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
	};

	scan_ok(fx,
	    write_lines(fx, "fields.jsonl", fields_sample,
		NELEM(fields_sample)));
	assert_int_equal(s->files[0]->kind, SCAN_JSON_FIELDS);
	assert_int_equal(s->files[0]->units, 4);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 2);
	assert_int_equal(s->matches[0].rec.dstport, 80);
	assert_int_equal(s->matches[1].rec.srcport, 80);
}

/* An empty file, one of blank lines and an empty gzip member. */
static void
test_scan_detect_empty(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);

	scan_ok(fx, tmpdir_write_text(&fx->td, "empty.log", ""));
	scan_ok(fx, tmpdir_write_text(&fx->td, "blank.log", "\n  \n\t\r\n"));
	scan_ok(fx, write_lines_gz(fx, "empty.log.gz", NULL, 0));
	assert_int_equal(s->nfiles, 3);
	assert_int_equal(s->files[0]->kind, SCAN_EMPTY);
	assert_int_equal(s->files[0]->units, 0);
	assert_false(s->files[0]->gzip);
	assert_int_equal(s->files[1]->kind, SCAN_EMPTY);
	assert_int_equal(s->files[1]->malformed, 0);
	assert_int_equal(s->files[2]->kind, SCAN_EMPTY);
	assert_true(s->files[2]->gzip);
	assert_int_equal(s->files[2]->units, 0);
	assert_null(s->files[2]->problem);
	assert_int_equal(s->nmatches, 0);
	assert_null(scan_damaged(s));
}

/* Every kind, gzipped, from one directory in name order. */
static void
test_scan_gzip_each_kind(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const enum scan_kind kinds[] = {
		SCAN_TEXT,
		SCAN_S3_TEXT,
		SCAN_JSON_EVENTS,
		SCAN_JSON_FIELDS,
	};
	static const uint64_t lines[][2] = {
		{ 2, 4 },
		{ 3, 4 },
		{ 2, 4 },
		{ 1, 3 },
	};
	const char *dir = make_dir(fx, "gz");
	const struct scan_match *m;
	size_t i, k;

	write_lines_gz(fx, "gz/1-text.log.gz", text_sample, NELEM(text_sample));
	write_lines_gz(fx, "gz/2-s3.log.gz", s3_sample, NELEM(s3_sample));
	write_lines_gz(fx, "gz/3-events.jsonl.gz", events_sample,
	    NELEM(events_sample));
	write_lines_gz(fx, "gz/4-fields.jsonl.gz", fields_sample,
	    NELEM(fields_sample));
	scan_ok(fx, dir);
	assert_int_equal(s->nfiles, 4);
	assert_int_equal(s->nmatches, 8);
	for (i = 0; i < 4; i++) {
		assert_int_equal(s->files[i]->kind, kinds[i]);
		assert_true(s->files[i]->gzip);
		assert_int_equal(s->files[i]->matched, 2);
		assert_null(s->files[i]->problem);
		for (k = 0; k < 2; k++) {
			m = &s->matches[2 * i + k];
			assert_int_equal(m->rec.line, lines[i][k]);
			assert_int_equal(m->side,
			    k == 0 ? TARGET_REQUEST : TARGET_REPLY);
			assert_string_equal(m->rec.origin, s->files[i]->name);
		}
	}
}

/* Three members back to back, as concatenated S3 files are: records from
 * all of them, each member's lines numbered after the one before. */
static void
test_scan_gzip_multi_member(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const m1[] = { BG, REQ };
	static const char *const m2[] = { BG, BG, REP };
	static const char *const m3[] = { OTHER, REQ };
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 5, TARGET_REPLY },
		{ 7, TARGET_REQUEST },
	};
	char *members[3];
	const char *path;
	size_t i;

	members[0] = join(m1, NELEM(m1), "\n");
	members[1] = join(m2, NELEM(m2), "\n");
	members[2] = join(m3, NELEM(m3), "\n");
	path = write_gz(fx, "multi.log.gz", members, 3);
	for (i = 0; i < 3; i++)
		free(members[i]);
	scan_ok(fx, path);
	assert_true(s->files[0]->gzip);
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_null(s->files[0]->problem);
	assert_int_equal(s->files[0]->units, 7);
	check_matches(s, w, 3);
}

/* Generated files: record k is background traffic, or a request or reply
 * of the target, padded through the bytes field to FIXED_LEN characters so
 * that the file's layout is known. */
#define FIXED_LEN 103
#define FIXED_FMT "2 123456789012 %s %s %s %s %s 6 4 %s " TIMES " ACCEPT OK"

static void
fixed_rec(char *buf, size_t size, size_t k, enum target_side side)
{
	char src[32], dst[32], sport[8], bytes[32];
	const char *eni = "eni-0b", *dport = "443", *a, *b, *pa, *pb;
	int n, pad;

	if (side == TARGET_REQUEST || side == TARGET_REPLY) {
		eni = "eni-0a";
		dport = "80";
		snprintf(src, sizeof(src), "10.0.0.5");
		snprintf(dst, sizeof(dst), "10.0.1.10");
		snprintf(sport, sizeof(sport), "%zu", 32768 + k % 20000);
	} else {
		snprintf(src, sizeof(src), "172.16.%zu.%zu", 100 + k % 100,
		    100 + k / 100 % 100);
		snprintf(dst, sizeof(dst), "172.17.%zu.%zu", 100 + k / 7 % 100,
		    100 + k % 97);
		snprintf(sport, sizeof(sport), "%zu", 10000 + k % 50000);
	}
	a = side == TARGET_REPLY ? dst : src;
	b = side == TARGET_REPLY ? src : dst;
	pa = side == TARGET_REPLY ? dport : sport;
	pb = side == TARGET_REPLY ? sport : dport;
	n = snprintf(buf, size, FIXED_FMT, eni, a, b, pa, pb, "");
	pad = FIXED_LEN - n;
	assert_in_range(pad, 1, 19);
	memset(bytes, '0', (size_t)pad);
	bytes[0] = '1';
	bytes[pad] = '\0';
	n = snprintf(buf, size, FIXED_FMT, eni, a, b, pa, pb, bytes);
	assert_int_equal(n, FIXED_LEN);
}

/* What unit k of a generated file is: the target's request (k even) or
 * reply (k odd) where plant[] says so, else background. */
static enum target_side
planted_side(const bool *plant, size_t k)
{
	if (plant == NULL || !plant[k])
		return TARGET_UNRELATED;
	return k % 2 ? TARGET_REPLY : TARGET_REQUEST;
}

/* Appends n generated lines, numbered first on, to the string *text of
 * length *len. */
static void
gen_lines(char **text, size_t *len, size_t first, size_t n, const bool *plant)
{
	char rec[FIXED_LEN + 1];
	size_t k;

	*text = xreallocarray(*text, *len + n * (FIXED_LEN + 1) + 1, 1);
	for (k = first; k < first + n; k++) {
		fixed_rec(rec, sizeof(rec), k, planted_side(plant, k));
		memcpy(*text + *len, rec, FIXED_LEN);
		(*text)[*len + FIXED_LEN] = '\n';
		*len += FIXED_LEN + 1;
	}
	(*text)[*len] = '\0';
}

/* Appends the string s to the string *text of length *len. */
static void
append(char **text, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*text = xreallocarray(*text, *len + n + 1, 1);
	memcpy(*text + *len, s, n + 1);
	*len += n;
}

/* A truncated gzip file: the records before the damage are kept, the
 * file's problem says truncated, and the scan goes on (returns 0).  The
 * target's records sit on lines 2, 3 and 6; those at the end are lost. */
static void
truncated_case(struct fixture *fx, size_t nbg)
{
	struct scan *s = start(fx);
	static const char *const head[] = { BG, REQ, REP, BG, BG, REQ };
	static const char *const tail[] = { REQ, REP };
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
		{ 6, TARGET_REQUEST },
	};
	char *text = join(head, NELEM(head), "\n"), *t, *z;
	size_t len = strlen(text), zlen;
	const char *path;
	const struct scan_file *sf;

	gen_lines(&text, &len, NELEM(head) + 1, nbg, NULL);
	t = join(tail, NELEM(tail), "\n");
	append(&text, &len, t);
	free(t);
	z = (char *)gzip_member(text, len, &zlen);
	/* Cut the member in half: the tail's records are gone. */
	path = tmpdir_write(&fx->td, "cut.log.gz", z, zlen / 2);
	free(z);
	free(text);

	scan_ok(fx, path);
	sf = s->files[0];
	assert_true(sf->gzip);
	assert_false(sf->skipped);
	assert_non_null(sf->problem);
	assert_non_null(strstr(sf->problem, "truncated"));
	assert_ptr_equal(scan_damaged(s), sf);
	check_matches(s, w, 3);
	assert_int_equal(sf->malformed, 0);
}

/* Damage within the first read of the file. */
static void
test_scan_gzip_truncated_small(void **state)
{
	truncated_case(*state, 200);
}

/* Damage after several buffers of good data. */
static void
test_scan_gzip_truncated_large(void **state)
{
	truncated_case(*state, 60000);
}

/* The start of a PNG image, then the target's address. */
static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\1\0\0\0\1\0"
			     "\x08\x06\0\0\0\x5c\x72\xa8\x66\n10.0.1.10\n";

static void
test_scan_binary_named_fails(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const char *path;

	path = tmpdir_write(&fx->td, "image.png", binary, sizeof(binary) - 1);
	assert_int_equal(scan_path(s, path, &fx->ei), -1);
	assert_int_equal(fx->ei.code, EC_DATA);
	assert_non_null(strstr(fx->ei.msg, "not a flow log"));
	assert_non_null(strstr(fx->ei.msg, path));
	assert_int_equal(s->nmatches, 0);
}

/* Found while walking a directory, a file that is no flow log is skipped
 * and the walk goes on; that is no damage. */
static void
test_scan_binary_found_skipped(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const char *dir = make_dir(fx, "d");

	tmpdir_write(&fx->td, "d/a.png", binary, sizeof(binary) - 1);
	write_lines(fx, "d/b.log", text_sample, NELEM(text_sample));
	scan_ok(fx, dir);
	assert_int_equal(s->nfiles, 2);
	assert_true(s->files[0]->skipped);
	assert_non_null(s->files[0]->problem);
	assert_non_null(strstr(s->files[0]->problem, "not a flow log"));
	assert_int_equal(s->files[0]->matched, 0);
	assert_false(s->files[1]->skipped);
	assert_int_equal(s->files[1]->kind, SCAN_TEXT);
	check_matches(s, sample_want, 2);
	assert_null(scan_damaged(s));
}

#define CUSTOM_FORMAT                                                   \
	"${version} ${vpc-id} ${subnet-id} ${interface-id} ${srcaddr} " \
	"${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} "    \
	"${packets} ${bytes} ${start} ${end} ${action} ${log-status} "  \
	"${flow-direction} ${pkt-srcaddr} ${pkt-dstaddr}"
#define CUSTOM(src, dst, sport, dport, flags, dir)                   \
	"5 vpc-0f subnet-01 eni-0a " src " " dst " " sport " " dport \
	" 6 " flags " 4 240 " TIMES " ACCEPT OK " dir " " src " " dst

/* Lines 1 (request, SYN) and 3 (reply, SYN-ACK) concern the target. */
static const char *const custom_sample[] = {
	CUSTOM("10.0.0.5", "10.0.1.10", "50522", "80", "2", "ingress"),
	CUSTOM("172.16.0.1", "172.16.0.2", "40000", "443", "3", "egress"),
	CUSTOM("10.0.1.10", "10.0.0.5", "80", "50522", "18", "egress"),
};

static void
test_scan_custom_format_needs_log_format(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const char *path;

	path =
	    write_lines(fx, "custom.log", custom_sample, NELEM(custom_sample));
	assert_int_equal(scan_path(s, path, &fx->ei), -1);
	assert_int_equal(fx->ei.code, EC_DATA);
	assert_non_null(strstr(fx->ei.msg, "not a flow log"));
	assert_non_null(strstr(fx->ei.msg, "--log-format"));
	assert_int_equal(s->nmatches, 0);
}

static void
test_scan_custom_format_with_log_format(void **state)
{
	struct fixture *fx = *state;
	struct flow_format fmt;
	struct errinfo ei;
	struct scan *s;
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
	};

	assert_int_equal(flow_format_parse(CUSTOM_FORMAT, &fmt, &ei), 0);
	s = start_with(fx, &fmt, false, 0);
	scan_ok(fx,
	    write_lines(fx, "custom.log", custom_sample, NELEM(custom_sample)));
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 2);
	assert_int_equal(s->matches[0].rec.tcp_flags, 2);
	assert_int_equal(s->matches[1].rec.tcp_flags, 18);
	assert_int_equal(s->matches[1].rec.direction, FLOW_EGRESS);
}

/* A line of big bytes that holds the target's address at byte at, after
 * nbg generated lines: counted malformed at its own line when the address
 * is in its first FLOW_LINE_MAX bytes (all that a read cut can leave of
 * it), not otherwise, wherever the reads cut it; its neighbours read. */
static void
long_line_case(struct fixture *fx, size_t nbg, size_t big, size_t at)
{
	struct scan *s = start(fx);
	static const char *const before[] = { REQ, BG };
	static const char *const after[] = { REP, BG };
	static const char junk[] = "2 123456789012 eni-0a 10.0.0.5 10.0.1.10 ";
	static const char decoy[] = " 10.0.1.100 10.0.1.101 ";
	size_t len = 0;
	char *text = NULL, *t, *line;
	const char *path;
	struct want w[2];
	/* The address ends a byte before the junk does. */
	bool counted = at + sizeof(junk) - 2 <= FLOW_LINE_MAX;

	gen_lines(&text, &len, 1, nbg, NULL);
	t = join(before, NELEM(before), "\n");
	append(&text, &len, t);
	free(t);
	line = xmalloc(big + 2);
	memset(line, 'x', big);
	memcpy(line + at, junk, sizeof(junk) - 1);
	/* Addresses that hold the target's do not make it count. */
	if (at > 0)
		memcpy(line + 1000, decoy, sizeof(decoy) - 1);
	memcpy(line + big, "\n", 2);
	append(&text, &len, line);
	free(line);
	t = join(after, NELEM(after), "\n");
	append(&text, &len, t);
	free(t);
	path = tmpdir_write(&fx->td, "long.log", text, len);
	free(text);

	scan_ok(fx, path);
	w[0].line = nbg + 1;
	w[0].side = TARGET_REQUEST;
	w[1].line = nbg + 4;
	w[1].side = TARGET_REPLY;
	check_matches(s, w, 2);
	assert_int_equal(s->files[0]->malformed, counted ? 1 : 0);
	assert_int_equal(s->files[0]->nshown, counted ? 1 : 0);
	if (counted)
		check_shown(s->files[0], &s->files[0]->shown[0], path, nbg + 3);
	assert_int_equal(s->files[0]->units, nbg + 5);
	assert_null(s->files[0]->problem);
}

/* The line starts the file and is cut by the first read. */
static void
test_scan_long_line_in_buffer(void **state)
{
	long_line_case(*state, 0, (size_t)1 << 20, 0);
}

/* The line starts 1.6 MB in and runs past the reads by far more than a
 * record's longest, so it is dropped up to its end. */
static void
test_scan_long_line_dropped(void **state)
{
	long_line_case(*state, 16000, (size_t)1 << 20, 0);
}

/* The line starts just before the end of the buffer, so the next read
 * completes it. */
static void
test_scan_long_line_across_reads(void **state)
{
	long_line_case(*state, SCAN_BUF / (FIXED_LEN + 1) - 300,
	    (size_t)1 << 20, 0);
}

/* A line of 100 kB that a read holds whole, or that reads cut at several
 * places, with the address in its first 64 KiB or after them: the same
 * answer each way (a read cut once decided it by what came before the
 * cut). */
static void
test_scan_long_line_cut_anywhere(void **state)
{
	static const size_t nbg[] = { 0, 5000, 10000, 10040, 10080, 10100 };
	static const size_t at[] = { 0, 60000, FLOW_LINE_MAX - 40,
		FLOW_LINE_MAX - 39, 90000 };
	struct fixture *fx = *state;
	size_t i, j;

	/* Thirty cases, thirty paths of the fixture's sixty-four. */
	for (i = 0; i < NELEM(nbg); i++) {
		for (j = 0; j < NELEM(at); j++) {
			long_line_case(fx, nbg[i], 100000, at[j]);
			scan_release(&fx->s);
			fx->started = false;
		}
	}
}

/* A JSON object longer than the 1 MiB the scan reads, holding the
 * target's address and a value as long, after a request on each of lines
 * 1 to nreq and before a reply: counted malformed at its own line,
 * nreq + 1, never parsed (its value would not fit the parse buffer). */
static void
long_json_case(struct fixture *fx, size_t nreq, size_t big)
{
	struct scan *s = start(fx);
	static const char req[] = FIELDS_REQ "\n";
	static const char head[] =
	    "{\"srcaddr\": \"10.0.1.10\", \"accountId\": \"";
	static const char after[] = "\"}\n" FIELDS_REP "\n";
	char *text = NULL, *line;
	size_t len = 0, i;
	const char *path;

	for (i = 0; i < nreq; i++)
		append(&text, &len, req);
	line = xmalloc(big + 1);
	memset(line, 'x', big);
	memcpy(line, head, sizeof(head) - 1);
	line[big] = '\0';
	append(&text, &len, line);
	free(line);
	append(&text, &len, after);
	path = tmpdir_write(&fx->td, "long.jsonl", text, len);
	free(text);

	scan_ok(fx, path);
	assert_int_equal(s->files[0]->kind, SCAN_JSON_FIELDS);
	assert_int_equal(s->nmatches, nreq + 1);
	for (i = 0; i < nreq; i++) {
		assert_int_equal(s->matches[i].rec.line, i + 1);
		assert_int_equal(s->matches[i].side, TARGET_REQUEST);
	}
	assert_int_equal(s->matches[nreq].rec.line, nreq + 2);
	assert_int_equal(s->matches[nreq].side, TARGET_REPLY);
	assert_int_equal(s->files[0]->malformed, 1);
	check_shown(s->files[0], &s->files[0]->shown[0], path, nreq + 1);
}

/* 1.5 MB, all of it in the first read. */
static void
test_scan_long_json_in_buffer(void **state)
{
	long_json_case(*state, 1, 1536 * 1024);
}

/* 1.5 MB, starting 1.2 MB in: completed by the second read. */
static void
test_scan_long_json_across_reads(void **state)
{
	long_json_case(*state, 1200 * 1024 / sizeof(FIELDS_REQ), 1536 * 1024);
}

/* 3 MB, starting 0.3 MB in: dropped up to its end. */
static void
test_scan_long_json_dropped(void **state)
{
	long_json_case(*state, 300 * 1024 / sizeof(FIELDS_REQ), 3 << 20);
}

/* CRLF line endings, no final newline, and an S3 file that starts with a
 * UTF-8 byte order mark. */
static void
test_scan_crlf(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const lines[] = { BG, REQ, REP, BG, REQ };
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
		{ 5, TARGET_REQUEST },
		{ 3, TARGET_REQUEST },
		{ 5, TARGET_REPLY },
	};
	static const char *const s3[] = {
		"\xef\xbb\xbf" S3_HEADER,
		S3_BG,
		S3_REQ,
		S3_BG,
		S3_REP,
	};
	const struct flow_record *r;
	char *text;
	size_t i;

	text = join(lines, NELEM(lines), "\r\n");
	text[strlen(text) - 2] = '\0';
	scan_ok(fx, tmpdir_write_text(&fx->td, "crlf.log", text));
	free(text);
	text = join(s3, NELEM(s3), "\r\n");
	scan_ok(fx, tmpdir_write_text(&fx->td, "s3-crlf.log", text));
	free(text);
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_int_equal(s->files[0]->malformed, 0);
	assert_int_equal(s->files[0]->units, 5);
	assert_int_equal(s->files[1]->kind, SCAN_S3_TEXT);
	assert_int_equal(s->files[1]->malformed, 0);
	assert_int_equal(s->files[1]->units, 4);
	check_matches(s, w, 5);
	for (i = 0; i < 5; i++) {
		r = &s->matches[i].rec;
		assert_int_equal(r->log_status, FLOW_OK);
		assert_string_equal(flow_text(r, FF_LOG_STATUS), "OK");
	}
	r = &s->matches[4].rec;
	assert_string_equal(flow_text(r, FF_FLOW_DIRECTION), "egress");
}

/* S3 files concatenated: the header comes again, and is no record. */
static void
s3_repeated_case(struct fixture *fx, bool examine_all)
{
	struct scan *s = start_with(fx, NULL, examine_all, 0);
	static const char *const lines[] = {
		S3_HEADER,
		S3_BG,
		S3_REQ,
		S3_BG,
		S3_HEADER,
		S3_REP,
		S3_REQ,
	};
	static const struct want w[] = {
		{ 3, TARGET_REQUEST },
		{ 6, TARGET_REPLY },
		{ 7, TARGET_REQUEST },
	};

	scan_ok(fx, write_lines(fx, "cat.log", lines, NELEM(lines)));
	assert_int_equal(s->files[0]->kind, SCAN_S3_TEXT);
	assert_int_equal(s->files[0]->malformed, 0);
	assert_int_equal(s->files[0]->nshown, 0);
	check_matches(s, w, 3);
}

static void
test_scan_s3_header_repeated(void **state)
{
	s3_repeated_case(*state, false);
}

static void
test_scan_s3_header_repeated_examine_all(void **state)
{
	s3_repeated_case(*state, true);
}

/* Blank lines, LF or CRLF, empty or of spaces and tabs, first, between
 * records and last, are not records: 3 records are scanned, not 10. */
static void
blank_case(struct fixture *fx, bool examine_all)
{
	struct scan *s = start_with(fx, NULL, examine_all, 0);
	static const struct want w[] = {
		{ 4, TARGET_REQUEST },
		{ 7, TARGET_REPLY },
	};

	scan_ok(fx,
	    tmpdir_write_text(&fx->td, "blanks.log",
		"\n\r\n  \n" REQ "\n\n\t \r\n" REP "\n" BG "\n\n\n   "));
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_int_equal(s->files[0]->units, 3);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 2);
}

static void
test_scan_blank_lines(void **state)
{
	blank_case(*state, false);
}

static void
test_scan_blank_lines_examine_all(void **state)
{
	blank_case(*state, true);
}

/* Malformed lines: the target's address with a bad port, or a field
 * short; a status record with a field too many; background traffic with
 * a bad port, which does not concern the target. */
#define BAD_PORT   TCP("eni-0a", "10.0.0.5", "10.0.1.10", "50522", "8o", TIMES)
#define SHORT      "2 123456789012 eni-0a 10.0.0.5 10.0.1.10 50522 80 6 4 240"
#define BAD_STATUS STATUS("eni-0c", TIMES, "NODATA") " extra"
#define BAD_OTHER \
	TCP("eni-0b", "172.16.0.1", "172.16.0.2", "40000", "44x", TIMES)

/* Malformed lines that concern the target (its address, or a status) are
 * counted per file and the first SCAN_SHOWN shown; the others are not. */
static void
test_scan_malformed_per_file(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	/* Bad lines 2 and 5 concern the target, 4 does not. */
	static const char *const la[] = {
		REQ,
		BAD_PORT,
		BG,
		BAD_OTHER,
		SHORT,
		REP,
	};
	/* Eight bad lines, 2 to 9, then a request on line 10. */
	static const char *const lb[] = {
		REQ,
		BAD_PORT,
		SHORT,
		BAD_STATUS,
		BAD_PORT,
		SHORT,
		BAD_STATUS,
		BAD_PORT,
		SHORT,
		REQ,
	};
	const char *dir = make_dir(fx, "m"), *a, *b;
	uint64_t i;

	a = write_lines(fx, "m/a.log", la, NELEM(la));
	b = write_lines(fx, "m/b.log", lb, NELEM(lb));
	scan_ok(fx, dir);
	assert_int_equal(s->nfiles, 2);
	assert_string_equal(s->files[0]->name, a);
	assert_int_equal(s->files[0]->malformed, 2);
	assert_int_equal(s->files[0]->nshown, 2);
	check_shown(s->files[0], &s->files[0]->shown[0], a, 2);
	assert_non_null(strstr(s->files[0]->shown[0].why, "dstport"));
	check_shown(s->files[0], &s->files[0]->shown[1], a, 5);
	assert_int_equal(s->files[0]->matched, 2);

	assert_string_equal(s->files[1]->name, b);
	assert_int_equal(s->files[1]->malformed, 8);
	assert_int_equal(s->files[1]->nshown, SCAN_SHOWN);
	for (i = 0; i < SCAN_SHOWN; i++)
		check_shown(s->files[1], &s->files[1]->shown[i], b, 2 + i);
	assert_int_equal(s->files[1]->matched, 2);
	assert_int_equal(s->matches[3].rec.line, 10);
	assert_int_equal(scan_total_malformed(s), 10);
	assert_int_equal(scan_total_units(s), 16);
}

/* NODATA and SKIPDATA records fill the interfaces' intervals; those that
 * overlap or touch merge. */
static void
test_scan_nodata_skipdata(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const lines[] = {
		BG,
		STATUS("eni-0d", "1700000000 1700000060", "NODATA"),
		STATUS("eni-0d", "1700000060 1700000120", "NODATA"),
		STATUS("eni-0d", "1700000121 1700000180", "NODATA"),
		STATUS("eni-0d", "1700000600 1700000660", "NODATA"),
		STATUS("eni-0d", "1700000000 1700000060", "SKIPDATA"),
		STATUS("eni-05", "1700000300 1700000360", "SKIPDATA"),
		REQ,
	};
	static const struct want w[] = { { 8, TARGET_REQUEST } };
	const struct iface *f;

	scan_ok(fx, write_lines(fx, "status.log", lines, NELEM(lines)));
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 1);

	assert_non_null(f = iface_find(&s->ifaces, "eni-0d"));
	assert_int_equal(f->records, 0);
	assert_int_equal(f->nodata.n, 2);
	assert_int_equal(f->nodata.v[0].start, 1700000000);
	assert_int_equal(f->nodata.v[0].end, 1700000180);
	assert_int_equal(f->nodata.v[1].start, 1700000600);
	assert_int_equal(f->nodata.v[1].end, 1700000660);
	assert_int_equal(f->skipdata.n, 1);
	assert_int_equal(f->skipdata.v[0].start, 1700000000);
	assert_int_equal(f->skipdata.v[0].end, 1700000060);

	assert_non_null(f = iface_find(&s->ifaces, "eni-05"));
	assert_int_equal(f->nodata.n, 0);
	assert_int_equal(f->skipdata.n, 1);
	assert_int_equal(f->skipdata.v[0].start, 1700000300);
	assert_int_equal(f->skipdata.v[0].end, 1700000360);

	assert_non_null(f = iface_find(&s->ifaces, "eni-0a"));
	assert_int_equal(f->records, 1);
	assert_null(iface_find(&s->ifaces, "eni-0b"));
}

/* NODATA from CloudWatch events and field objects too. */
static void
test_scan_nodata_json(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const events[] = {
		EVENT(BG, "1"),
		EVENT(STATUS("eni-0d", TIMES, "NODATA"), "2"),
	};
	static const char *const fields[] = {
		FIELDS_BG,
		"{\"interfaceId\": \"eni-0d\", \"start\": 1700000061, "
		"\"end\": 1700000120, \"logStatus\": \"NODATA\"}",
	};
	const struct iface *f;

	scan_ok(fx, write_lines(fx, "events.jsonl", events, NELEM(events)));
	scan_ok(fx, write_lines(fx, "fields.jsonl", fields, NELEM(fields)));
	assert_int_equal(s->files[0]->kind, SCAN_JSON_EVENTS);
	assert_int_equal(s->files[1]->kind, SCAN_JSON_FIELDS);
	assert_int_equal(scan_total_malformed(s), 0);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0d"));
	assert_int_equal(f->nodata.n, 1);
	assert_int_equal(f->nodata.v[0].start, 1700000000);
	assert_int_equal(f->nodata.v[0].end, 1700000120);
}

/* Records that carry the target's address on other ports, or the other
 * protocol, are the interface's coverage but no matches. */
static void
test_scan_other_ports_coverage(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const lines[] = {
		OTHER,
		BG,
		TCP("eni-0a", "10.0.1.10", "10.0.0.5", "22", "50523",
		    "1700000100 1700000160"),
		LINE("eni-0c", "10.0.1.10", "10.0.0.2", "41000", "53", "17",
		    "1700000200 1700000260", "ACCEPT"),
		LINE("eni-0c", "10.0.0.5", "10.0.1.10", "41001", "80", "17",
		    "1700000200 1700000230", "REJECT"),
	};
	const struct iface *f;

	scan_ok(fx, write_lines(fx, "other.log", lines, NELEM(lines)));
	assert_int_equal(s->nmatches, 0);
	assert_int_equal(s->matched, 0);
	assert_int_equal(s->files[0]->matched, 0);
	assert_int_equal(s->files[0]->examined, 4);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0a"));
	assert_int_equal(f->records, 2);
	assert_int_equal(f->first, 1700000000);
	assert_int_equal(f->last, 1700000160);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0c"));
	assert_int_equal(f->records, 2);
	assert_int_equal(f->first, 1700000200);
	assert_int_equal(f->last, 1700000260);
	assert_null(iface_find(&s->ifaces, "eni-0b"));
}

/* A NAT gateway's records: srcaddr and dstaddr are the gateway's side,
 * pkt-srcaddr and pkt-dstaddr the client and the target.  The client is
 * set, and seen only in pkt-srcaddr. */
static void
test_scan_pkt_addresses(void **state)
{
	struct fixture *fx = *state;
	struct scan *s;
	struct errinfo ei;
	static const char *const lines[] = {
		S3_HEADER,
		S3REC("eni-0fa7", "10.0.3.7", "10.0.3.8", "50522", "80",
		    "10.0.0.5", "10.0.1.10", "egress"),
		S3REC("eni-0fa7", "10.0.3.7", "10.0.3.8", "50522", "80",
		    "10.0.0.5", "10.0.1.11", "egress"),
		S3REC("eni-0fa7", "10.0.3.8", "10.0.3.7", "80", "50522",
		    "10.0.1.10", "10.0.0.5", "ingress"),
	};
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 4, TARGET_REPLY },
	};
	const struct iface *f;

	assert_int_equal(target_set_client(&fx->t, "10.0.0.5", &ei), 0);
	s = start(fx);
	scan_ok(fx, write_lines(fx, "nat.log", lines, NELEM(lines)));
	check_matches(s, w, 2);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0fa7"));
	assert_int_equal(f->records, 2);
}

/* --client narrows matches to the client's records; the others are still
 * the interface's coverage. */
static void
test_scan_client(void **state)
{
	struct fixture *fx = *state;
	struct scan *s;
	struct errinfo ei;
	static const char *const lines[] = {
		REQ,
		TCP("eni-0a", "198.51.100.7", "10.0.1.10", "41822", "80",
		    TIMES),
		REP,
		TCP("eni-0a", "10.0.1.10", "198.51.100.7", "80", "41822",
		    TIMES),
		TCP("eni-0a", "10.0.0.77", "10.0.1.10", "41823", "80", TIMES),
	};
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
		{ 5, TARGET_REQUEST },
	};

	assert_int_equal(target_set_client(&fx->t, "10.0.0.0/24", &ei), 0);
	s = start(fx);
	scan_ok(fx, write_lines(fx, "client.log", lines, NELEM(lines)));
	check_matches(s, w, 3);
	assert_int_equal(s->matched, 3);
	assert_int_equal(iface_find(&s->ifaces, "eni-0a")->records, 5);
}

#define WREQ(times) TCP("eni-0a", "10.0.0.5", "10.0.1.10", "50522", "80", times)

/* The window [from, to] keeps the records that overlap it, bounds
 * included, and the NODATA records that do; times in milliseconds too. */
static void
test_scan_time_window(void **state)
{
	struct fixture *fx = *state;
	struct scan *s;
	static const char *const lines[] = {
		WREQ("1700000000 1700000060"),
		WREQ("1700000040 1700000100"),
		WREQ("1700000120 1700000180"),
		WREQ("1700000200 1700000260"),
		WREQ("1700000201 1700000261"),
		STATUS("eni-0d", "1700000000 1700000060", "NODATA"),
		STATUS("eni-0d", "1700000150 1700000210", "NODATA"),
		WREQ("1700000150000 1700000160000"),
	};
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 3, TARGET_REQUEST },
		{ 4, TARGET_REQUEST },
		{ 8, TARGET_REQUEST },
	};
	const struct iface *f;

	fx->t.from = 1700000100;
	fx->t.to = 1700000200;
	s = start(fx);
	scan_ok(fx, write_lines(fx, "window.log", lines, NELEM(lines)));
	check_matches(s, w, 4);
	assert_int_equal(s->matches[3].rec.start, 1700000150);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0d"));
	assert_int_equal(f->nodata.n, 1);
	assert_int_equal(f->nodata.v[0].start, 1700000150);
	assert_int_equal(f->nodata.v[0].end, 1700000210);
	assert_int_equal(iface_find(&s->ifaces, "eni-0a")->records, 4);
}

/* examine_all parses every line, so malformed lines that do not mention
 * the target are counted too. */
static void
examine_case(struct fixture *fx, bool examine_all)
{
	struct scan *s = start_with(fx, NULL, examine_all, 0);
	static const char *const lines[] = {
		REQ,
		"this is not a flow log record",
		BAD_OTHER,
		BAD_PORT,
		REP,
		BG,
	};
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 5, TARGET_REPLY },
	};
	const char *path = write_lines(fx, "ex.log", lines, NELEM(lines));
	const struct scan_file *sf;

	scan_ok(fx, path);
	sf = s->files[0];
	check_matches(s, w, 2);
	assert_int_equal(sf->units, 6);
	if (examine_all) {
		assert_int_equal(sf->malformed, 3);
		assert_int_equal(sf->examined, 3);
		check_shown(sf, &sf->shown[0], path, 2);
		check_shown(sf, &sf->shown[1], path, 3);
		check_shown(sf, &sf->shown[2], path, 4);
	} else {
		assert_int_equal(sf->malformed, 1);
		assert_int_equal(sf->examined, 2);
		check_shown(sf, &sf->shown[0], path, 4);
	}
}

static void
test_scan_examine_default(void **state)
{
	examine_case(*state, false);
}

static void
test_scan_examine_all(void **state)
{
	examine_case(*state, true);
}

/* Past the keep limit matches are counted, not kept. */
static void
test_scan_keep_limit(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start_with(fx, NULL, false, 2);
	static const char *const lines[] = { REQ, BG, REP, REQ, REP, REQ };
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 3, TARGET_REPLY },
	};

	scan_ok(fx, write_lines(fx, "keep.log", lines, NELEM(lines)));
	check_matches(s, w, 2);
	assert_int_equal(s->matched, 5);
	assert_int_equal(s->files[0]->matched, 5);
	assert_int_equal(iface_find(&s->ifaces, "eni-0a")->records, 5);
}

static void
test_scan_nonexistent_path(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const char *path = tmpdir_path(&fx->td, "no-such.log");

	assert_int_equal(scan_path(s, path, &fx->ei), -1);
	assert_int_equal(fx->ei.code, EC_NOINPUT);
	assert_non_null(strstr(fx->ei.msg, path));
	assert_int_equal(s->nmatches, 0);
}

/* A directory is walked recursively in name order; hidden files and
 * directories are skipped. */
static void
test_scan_walk_order(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const char *const req[] = { REQ };
	static const char *const rep[] = { REP };
	static const char *const bg_req[] = { BG, REQ };
	const char *dir = make_dir(fx, "logs");
	const char *az, *b, *cx;

	make_dir(fx, "logs/a");
	make_dir(fx, "logs/c");
	make_dir(fx, "logs/.git");
	b = write_lines(fx, "logs/b.log", req, 1);
	cx = write_lines(fx, "logs/c/x.log", bg_req, 2);
	az = write_lines(fx, "logs/a/z.log", rep, 1);
	write_lines(fx, "logs/.hidden.log", req, 1);
	write_lines(fx, "logs/a/.z.log", req, 1);
	write_lines(fx, "logs/.git/y.log", req, 1);
	scan_ok(fx, dir);
	assert_int_equal(s->nfiles, 3);
	assert_string_equal(s->files[0]->name, az);
	assert_string_equal(s->files[1]->name, b);
	assert_string_equal(s->files[2]->name, cx);
	assert_int_equal(s->nmatches, 3);
	assert_string_equal(s->matches[0].rec.origin, az);
	assert_int_equal(s->matches[0].side, TARGET_REPLY);
	assert_string_equal(s->matches[1].rec.origin, b);
	assert_string_equal(s->matches[2].rec.origin, cx);
	assert_int_equal(s->matches[2].rec.line, 2);
}

/* An IPv6 target, in the canonical spelling and in the full one. */
static void
test_scan_ipv6(void **state)
{
	struct fixture *fx = *state;
	struct scan *s;
	static const char *const lines[] = {
		TCP("eni-06", "2001:db8::5", "2001:db8::10", "50000", "443",
		    TIMES),
		TCP("eni-06", "2001:db8::10", "2001:db8::5", "443", "50000",
		    TIMES),
		TCP("eni-06", "2001:db8::5", "2001:db8::110", "50001", "443",
		    TIMES),
		TCP("eni-06", "2001:db8::5",
		    "2001:0db8:0000:0000:0000:0000:0000:0010", "50002", "443",
		    TIMES),
		BG,
	};
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 2, TARGET_REPLY },
		{ 4, TARGET_REQUEST },
	};

	assert_int_equal(target_parse("[2001:db8::10]:443", &fx->t, &fx->ei),
	    0);
	s = start(fx);
	scan_ok(fx, write_lines(fx, "v6.log", lines, NELEM(lines)));
	check_matches(s, w, 3);
	assert_int_equal(s->matches[0].rec.dstaddr.family, 6);
	assert_int_equal(iface_find(&s->ifaces, "eni-06")->records, 3);
}

/* Which generated units to make the target's: the first, the last, every
 * 1009th, and those around the units that cross a read of SCAN_BUF bytes,
 * found by following scan-read.c's buffer: a read ends at base + SCAN_BUF;
 * the next starts where the last unit complete in it ends.  end(k) is the
 * offset of unit k's terminator, 1 <= k <= n. */
static bool *
plant_units(size_t n, size_t (*end)(size_t k, const void *arg), const void *arg,
    size_t *ncross)
{
	bool *plant = xcalloc(n + 2, sizeof(*plant));
	size_t k, boundary = SCAN_BUF;

	*ncross = 0;
	for (k = 1; k <= n; k++) {
		if (k == 1 || k == n || k % 1009 == 0)
			plant[k] = true;
		if (k > 1 && end(k, arg) >= boundary) {
			plant[k - 1] = plant[k] = plant[k + 1] = true;
			boundary = end(k - 1, arg) + 1 + SCAN_BUF;
			(*ncross)++;
		}
	}
	plant[n + 1] = false;
	return plant;
}

/* The wanted matches, in order, for the units plant[] marks; line(k) is
 * the line unit k starts on. */
static struct want *
planted_want(const bool *plant, size_t n, size_t *nwant,
    uint64_t (*line)(size_t k))
{
	struct want *w = xcalloc(n, sizeof(*w));
	size_t k;

	*nwant = 0;
	for (k = 1; k <= n; k++) {
		if (!plant[k])
			continue;
		w[*nwant].line = line(k);
		w[*nwant].side = planted_side(plant, k);
		(*nwant)++;
	}
	return w;
}

#define BIG_UNITS 45000

static size_t
line_end(size_t k, const void *arg)
{
	(void)arg;
	return k * (FIXED_LEN + 1) - 1;
}

static uint64_t
line_of_line(size_t k)
{
	return k;
}

static void
big_text_case(struct fixture *fx, bool gzip)
{
	struct scan *s = start(fx);
	size_t len = 0, nwant, ncross;
	char *text = NULL;
	bool *plant = plant_units(BIG_UNITS, line_end, NULL, &ncross);
	struct want *w = planted_want(plant, BIG_UNITS, &nwant, line_of_line);

	assert_true(ncross >= 2);
	gen_lines(&text, &len, 1, BIG_UNITS, plant);
	assert_true(len > 2 * SCAN_BUF);
	if (gzip)
		scan_ok(fx, write_gz(fx, "big.log.gz", &text, 1));
	else
		scan_ok(fx, tmpdir_write(&fx->td, "big.log", text, len));
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_int_equal(s->files[0]->gzip, gzip);
	assert_int_equal(s->files[0]->units, BIG_UNITS);
	assert_int_equal(s->files[0]->malformed, 0);
	assert_null(s->files[0]->problem);
	check_matches(s, w, nwant);
	free(text);
	free(plant);
	free(w);
}

/* A text file of 4.7 MB: the records that cross the reads are whole. */
static void
test_scan_big_text(void **state)
{
	big_text_case(*state, false);
}

static void
test_scan_big_text_gzip(void **state)
{
	big_text_case(*state, true);
}

/* The length of a document event's text, which fixed_rec() makes the
 * same for all, without the ",\n" that separates it from the next. */
static size_t
doc_event_len(void)
{
	char rec[FIXED_LEN + 1];
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	fixed_rec(rec, sizeof(rec), 1, TARGET_UNRELATED);
	doc_event(f, 0, rec);
	assert_int_equal(fclose(f), 0);
	free(buf);
	return size;
}

/* Event k (from 1) ends with its '}' after doc_head, k - 1 events with
 * their separators, and its own length. */
static size_t
event_end(size_t k, const void *arg)
{
	size_t e = *(const size_t *)arg;

	return sizeof(doc_head) - 1 + (k - 1) * (e + 2) + e - 1;
}

static uint64_t
line_of_event(size_t k)
{
	return 3 + 6 * (k - 1);
}

/* A filter-log-events document of 12 MB: the events that cross the reads
 * are whole, and their lines right. */
static void
test_scan_big_json_document(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	size_t e = doc_event_len(), nwant, ncross, k;
	bool *plant = plant_units(BIG_UNITS, event_end, &e, &ncross);
	struct want *w = planted_want(plant, BIG_UNITS, &nwant, line_of_event);
	char rec[FIXED_LEN + 1];
	const char *path;
	FILE *f = open_out(fx, "big.json", &path);

	assert_true(ncross >= 3);
	fputs(doc_head, f);
	for (k = 1; k <= BIG_UNITS; k++) {
		fixed_rec(rec, sizeof(rec), k, planted_side(plant, k));
		doc_event(f, k - 1, rec);
	}
	/* The layout event_end() assumes. */
	assert_int_equal((size_t)ftell(f), event_end(BIG_UNITS, &e) + 1);
	fputs(doc_tail, f);
	close_out(f);

	scan_ok(fx, path);
	assert_int_equal(s->files[0]->kind, SCAN_JSON_EVENTS);
	assert_int_equal(s->files[0]->units, BIG_UNITS);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, nwant);
	free(plant);
	free(w);
}

/* Objects written back to back with nothing between them. */
static void
test_scan_json_concatenated(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const struct want w[] = {
		{ 1, TARGET_REQUEST },
		{ 1, TARGET_REPLY },
		{ 2, TARGET_REQUEST },
	};
	const struct flow_record *r;
	char *text;

	xasprintf(&text, "%s%s%s%s\n%s%s\n", EVENT(BG, "e1"), EVENT(REQ, "e2"),
	    EVENT(REP, "e3"), EVENT(BG, "e4"), EVENT(REQ, "e5"),
	    EVENT(BG, "e6"));
	scan_ok(fx, tmpdir_write_text(&fx->td, "cat.json", text));
	free(text);
	assert_int_equal(s->files[0]->kind, SCAN_JSON_EVENTS);
	assert_int_equal(s->files[0]->units, 6);
	assert_int_equal(s->files[0]->malformed, 0);
	check_matches(s, w, 3);
	r = &s->matches[1].rec;
	assert_string_equal(r->text + r->event_off, "e3");
	r = &s->matches[2].rec;
	assert_string_equal(r->text + r->event_off, "e5");
}

/* Reads "-" with path on standard input; restores it before returning. */
static int
scan_stdin(struct fixture *fx, const char *path)
{
	int fd, saved, ret;

	assert_true((saved = dup(STDIN_FILENO)) != -1);
	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	ret = scan_path(&fx->s, "-", &fx->ei);
	dup2(saved, STDIN_FILENO);
	close(saved);
	return ret;
}

/* "-" reads standard input, plain or gzipped. */
static void
test_scan_stdin(void **state)
{
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	static const struct want w[] = {
		{ 2, TARGET_REQUEST },
		{ 4, TARGET_REPLY },
		{ 2, TARGET_REQUEST },
		{ 4, TARGET_REPLY },
	};
	const char *text, *gz;

	text = write_lines(fx, "in.log", text_sample, NELEM(text_sample));
	gz = write_lines_gz(fx, "in.jsonl.gz", events_sample,
	    NELEM(events_sample));
	assert_int_equal(scan_stdin(fx, text), 0);
	assert_int_equal(scan_stdin(fx, gz), 0);
	assert_int_equal(s->nfiles, 2);
	assert_string_equal(s->files[0]->name, "(stdin)");
	assert_int_equal(s->files[0]->kind, SCAN_TEXT);
	assert_false(s->files[0]->gzip);
	assert_int_equal(s->files[1]->kind, SCAN_JSON_EVENTS);
	assert_true(s->files[1]->gzip);
	check_matches(s, w, 4);
	assert_string_equal(s->matches[0].rec.origin, "(stdin)");
	assert_string_equal(s->matches[3].rec.origin, "(stdin)");
}

/* Addresses that hold the target's as text (10.0.1.100, 110.0.1.10,
 * 10.0.1.10.5) are other addresses: no match, no coverage; the target's
 * address after one of them on the same line still counts. */
static void
test_scan_address_traps(void **state)
{
	static const char *const lines[] = {
		TCP("eni-0c", "10.0.1.100", "10.0.0.5", "80", "50522", TIMES),
		TCP("eni-0c", "10.0.0.5", "110.0.1.10", "50522", "80", TIMES),
		TCP("eni-0c", "10.0.1.101", "10.0.1.10", "50522", "80", TIMES),
		TCP("eni-0c", "210.0.1.10", "10.0.1.100", "50522", "80", TIMES),
		"{\"srcaddr\": \"10.0.0.5\", \"dstaddr\": \"10.0.1.10.5\"}",
		REP,
	};
	static const struct want w[] = {
		{ 3, TARGET_REQUEST },
		{ 6, TARGET_REPLY },
	};
	struct fixture *fx = *state;
	struct scan *s = start(fx);
	const struct iface *f;

	scan_ok(fx, write_lines(fx, "traps.log", lines, NELEM(lines)));
	check_matches(s, w, 2);
	assert_int_equal(s->files[0]->units, 6);
	/* Only line 3 was examined among the traps: the JSON line holds
	 * no whole address, and is not read as a record at all. */
	assert_int_equal(s->files[0]->examined, 2);
	assert_int_equal(s->files[0]->malformed, 0);
	assert_non_null(f = iface_find(&s->ifaces, "eni-0c"));
	assert_int_equal(f->records, 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_scan_detect_text),
		T(test_scan_detect_s3_text),
		T(test_scan_detect_json_event_lines),
		T(test_scan_detect_json_document),
		T(test_scan_detect_json_fields),
		T(test_scan_detect_empty),
		T(test_scan_gzip_each_kind),
		T(test_scan_gzip_multi_member),
		T(test_scan_gzip_truncated_small),
		T(test_scan_gzip_truncated_large),
		T(test_scan_binary_named_fails),
		T(test_scan_binary_found_skipped),
		T(test_scan_custom_format_needs_log_format),
		T(test_scan_custom_format_with_log_format),
		T(test_scan_long_line_in_buffer),
		T(test_scan_long_line_dropped),
		T(test_scan_long_line_across_reads),
		T(test_scan_long_line_cut_anywhere),
		T(test_scan_long_json_in_buffer),
		T(test_scan_long_json_across_reads),
		T(test_scan_long_json_dropped),
		T(test_scan_crlf),
		T(test_scan_s3_header_repeated),
		T(test_scan_s3_header_repeated_examine_all),
		T(test_scan_blank_lines),
		T(test_scan_blank_lines_examine_all),
		T(test_scan_malformed_per_file),
		T(test_scan_nodata_skipdata),
		T(test_scan_nodata_json),
		T(test_scan_other_ports_coverage),
		T(test_scan_pkt_addresses),
		T(test_scan_address_traps),
		T(test_scan_client),
		T(test_scan_time_window),
		T(test_scan_examine_default),
		T(test_scan_examine_all),
		T(test_scan_keep_limit),
		T(test_scan_nonexistent_path),
		T(test_scan_walk_order),
		T(test_scan_ipv6),
		T(test_scan_big_text),
		T(test_scan_big_text_gzip),
		T(test_scan_big_json_document),
		T(test_scan_json_concatenated),
		T(test_scan_stdin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
