/*
 * What the files of the scan share, and no other file sees: it sits
 * beside them, not under include/.  scan.c holds the result and merges
 * results; scan-read.c reads a stream: finds its kind, cuts it in units,
 * parses those that may concern the target and files their records in
 * the result; scan-plan.c cuts the input in tasks for the threads, a task
 * a stream, and merges what they found in order.
 */
#ifndef FLOWDIAG_SCAN_INT_H
#define FLOWDIAG_SCAN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/input/scan.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

struct input;
struct progress;

/* Read a quarter of a MiB at a time: a read of a whole MiB pushed the
 * interface tables out of the cache, and a scan was 3% slower. */
#define READ_SIZE (1 << 18)
/* Longest JSON object read; record lines stop at FLOW_LINE_MAX. */
#define JSON_UNIT_MAX (1 << 20)
#define BUF_SIZE      (READ_SIZE + JSON_UNIT_MAX)
/* What detection looks at: this much data (and DETECT_UNITS records). */
#define DETECT_BYTES 65536

/* One file, or a part of one, being read: by stream_read(), or, to tell
 * what it holds, by stream_fill() and stream_detect(). */
struct stream {
	struct scan *s;
	struct scan_file *sf;
	struct input *in;
	struct flow_format fmt;
	bool json;
	char term;       /* ends a unit: '\n', or '}' for JSON */
	size_t unit_max; /* longest unit */
	char *buf;
	size_t len;
	uint64_t line; /* newlines before buf[0] */
	bool skipping; /* dropping an over-long unit up to its end */
	bool eof;      /* the input ended cleanly: the last unit is whole */
	bool damaged;  /* the input broke off: the last unit is cut */
	bool header;   /* the first line is an S3 header, no record */
	bool mid_file; /* a part of a file that starts after its first line */
	/* The scan's progress, or NULL; what it was told of this stream:
	 * bytes read from the file and units. */
	struct progress *progress;
	uint64_t told_bytes;
	uint64_t told_units;
};

/* Reads until the buffer holds at least want bytes or the input ends. */
int stream_fill(struct stream *st, size_t want, struct errinfo *ei);

/* Decides what the stream holds from its first bytes. */
int stream_detect(struct stream *st, struct errinfo *ei);

/* Tells st->progress, when there is one, the bytes read from the file
 * (least at the least: the whole of a file done, whatever was read of
 * it) and the units since it was last told.  For each buffer. */
void stream_tell(struct stream *st, uint64_t least);

/* Reads the stream, its kind found from its first bytes, unless it is a
 * part of a file after the first (st->mid_file), whose kind and format,
 * found by the first part, the caller has set in st->sf->kind and st->fmt;
 * st->line ends as the newlines read.  A file that is not a flow log is
 * an error, or, found in a directory, skipped; path names it in errors. */
int stream_read(struct stream *st, const char *path, bool found,
    struct errinfo *ei);

/* Slots tried for a port: its own and the next ones. */
#define PORT_PROBES 4

/* Counts n requests to port of the target's address, in the slot its
 * port hashes to or one of the next few: a search of a short list for
 * every record of the target was 5% of a scan.  Here, inline, for filing
 * a record (scan-read.c) and merging results (scan.c) alike. */
static inline void
count_port(struct scan *s, uint16_t port, uint8_t protocol, uint32_t n)
{
	size_t h = ((size_t)port * 0x9e37u ^ protocol) & (SCAN_PORTS - 1), i;
	struct scan_port *p;

	for (i = 0; i < PORT_PROBES; i++) {
		p = &s->ports[(h + i) & (SCAN_PORTS - 1)];
		if (p->records == 0) {
			p->port = port;
			p->protocol = protocol;
		} else if (p->port != port || p->protocol != protocol)
			continue;
		p->records += n;
		return;
	}
}

/* Names a among the other clients, unless it is named already or
 * SCAN_OTHERS are; for filing and merging alike, as count_port(). */
static inline void
name_other(struct scan *s, const struct addr *a)
{
	size_t i;

	for (i = 0; i < s->nothers; i++) {
		if (addr_equal(&s->others[i], a))
			return;
	}
	if (s->nothers < SCAN_OTHERS)
		s->others[s->nothers++] = *a;
}

#endif
