/*
 * A progress line for long work on local data: counters that the threads
 * doing the work add to, a buffer at a time, and a line made of them for
 * whoever owns the terminal (notice.h), at most a few times a second and
 * only once the work has gone on a while, so that short runs stay quiet.
 */
#ifndef FLOWDIAG_UTIL_PROGRESS_H
#define FLOWDIAG_UTIL_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nothing is shown before the work has gone on this long. */
#define PROGRESS_AFTER_MS 1000
/* Then a line at most this often. */
#define PROGRESS_EVERY_MS 250

struct progress {
	const char *what; /* names the work in the line; borrowed */
	uint64_t total;   /* bytes the work reads; 0: not known */
	int64_t started;  /* monotonic nanoseconds */
	_Atomic uint64_t bytes;
	_Atomic uint64_t records;
	_Atomic int64_t next; /* no line before this (monotonic ns) */
	atomic_bool shown;    /* a line was shown: the end must end it */
	pthread_mutex_t lock; /* one thread makes and shows a line */
};

/* Starts p now: what names the work, total is the bytes it will read (0
 * when not known), and after_ms how long it goes on before a line is
 * shown, PROGRESS_AFTER_MS but for tests. */
void progress_init(struct progress *p, const char *what, uint64_t total,
    long after_ms);
void progress_release(struct progress *p);

/* The monotonic clock in nanoseconds, as p->started and p->next. */
int64_t progress_now(void);

/* Counts bytes and records done, from any thread, and shows a line when
 * one is due.  Cheap: for each buffer, not each record. */
void progress_add(struct progress *p, uint64_t bytes, uint64_t records);

/* Whether a line is due at now; if so, the next one is due
 * PROGRESS_EVERY_MS later, and no other caller is told yes for this one. */
bool progress_due(struct progress *p, int64_t now);

/* Ends the work: when a line was shown, a last one with the totals, and
 * the end of the line; when none was, nothing. */
void progress_end(struct progress *p);

/* Makes the line: "what: 512.0 MB of 1.50 GB (34%), 3000000 records,
 * 250.0 MB/s, 4s left" while the work goes on ("what: 512.0 MB, ..." and
 * no time left when the total is not known), "what: 1.50 GB, 3000000
 * records in 6s, 250.0 MB/s" when done.  elapsed_ms is the time since the
 * start.  Returns buf. */
const char *progress_format(char *buf, size_t size, const char *what,
    uint64_t bytes, uint64_t total, uint64_t records, int64_t elapsed_ms,
    bool done);

#endif
