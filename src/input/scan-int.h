/*
 * What the files of the scan share, and no other file sees: it sits
 * beside them, not under include/.  scan.c holds the result and reads
 * the streams; scan-plan.c cuts the input in tasks for the threads, a
 * task a stream, and merges what they found in order.
 */
#ifndef FLOWDIAG_SCAN_INT_H
#define FLOWDIAG_SCAN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/input/scan.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/util/errinfo.h"

struct input;

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
};

/* Reads until the buffer holds at least want bytes or the input ends. */
int stream_fill(struct stream *st, size_t want, struct errinfo *ei);

/* Decides what the stream holds from its first bytes. */
int stream_detect(struct stream *st, struct errinfo *ei);

/* Reads the stream, its kind found from its first bytes, unless it is a
 * part of a file after the first (st->mid_file), whose kind and format,
 * found by the first part, the caller has set in st->sf->kind and st->fmt;
 * st->line ends as the newlines read.  A file that is not a flow log is
 * an error, or, found in a directory, skipped; path names it in errors. */
int stream_read(struct stream *st, const char *path, bool found,
    struct errinfo *ei);

#endif
