#include "config.h"

#include "flowdiag/util/progress.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "flowdiag/util/cancel.h"
#include "flowdiag/util/notice.h"

#define NS_PER_MS INT64_C(1000000)

void
progress_init(struct progress *p, const char *what, uint64_t total,
    long after_ms)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->total = total;
	p->started = progress_now();
	atomic_init(&p->bytes, 0);
	atomic_init(&p->records, 0);
	atomic_init(&p->next, p->started + (int64_t)after_ms * NS_PER_MS);
	atomic_init(&p->shown, false);
	pthread_mutex_init(&p->lock, NULL);
}

void
progress_release(struct progress *p)
{
	pthread_mutex_destroy(&p->lock);
}

int64_t
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool
progress_due(struct progress *p, int64_t now)
{
	int64_t next = atomic_load_explicit(&p->next, memory_order_relaxed);

	if (now < next)
		return false;
	return atomic_compare_exchange_strong(&p->next, &next,
	    now + PROGRESS_EVERY_MS * NS_PER_MS);
}

/* Shows the line as it stands.  A thread that finds another still
 * showing one (stderr held up: a terminal stopped with Ctrl-S) passes
 * rather than wait, and reads on; the last line waits its turn. */
static void
show(struct progress *p, int64_t now, bool done)
{
	char line[256];

	if (!done && pthread_mutex_trylock(&p->lock) != 0)
		return;
	if (done)
		pthread_mutex_lock(&p->lock);
	progress_format(line, sizeof(line), p->what,
	    atomic_load_explicit(&p->bytes, memory_order_relaxed), p->total,
	    atomic_load_explicit(&p->records, memory_order_relaxed),
	    (now - p->started) / NS_PER_MS, done);
	notice(NOTICE_PROGRESS, "%s", line);
	atomic_store(&p->shown, true);
	pthread_mutex_unlock(&p->lock);
}

void
progress_add(struct progress *p, uint64_t bytes, uint64_t records)
{
	int64_t now;

	atomic_fetch_add_explicit(&p->bytes, bytes, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->records, records, memory_order_relaxed);
	now = progress_now();
	if (progress_due(p, now))
		show(p, now, false);
}

void
progress_end(struct progress *p)
{
	if (!atomic_load(&p->shown))
		return;
	/* Interrupted, the last line stands as it was (its share read so
	 * far): the totals' line would read as if everything were read. */
	if (!cancel_requested())
		show(p, progress_now(), true);
	notice(NOTICE_PROGRESS_END, "%s", "");
}

/* n bytes in MB, or in GB from what would print as 1000.0 MB on. */
static const char *
size_text(char *buf, size_t size, uint64_t n)
{
	if (n < UINT64_C(999950000))
		snprintf(buf, size, "%.1f MB", (double)n / 1e6);
	else
		snprintf(buf, size, "%.2f GB", (double)n / 1e9);
	return buf;
}

/* s seconds as 45s, 16m30s or 2h46m. */
static const char *
duration_text(char *buf, size_t size, uint64_t s)
{
	if (s < 60)
		snprintf(buf, size, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", s / 60,
		    s % 60);
	else
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
		    s % 3600 / 60);
	return buf;
}

const char *
progress_format(char *buf, size_t size, const char *what, uint64_t bytes,
    uint64_t total, uint64_t records, int64_t elapsed_ms, bool done)
{
	char got[32], whole[32], took[32], left[32];
	const char *noun = records == 1 ? "record" : "records";
	double ms = elapsed_ms < 1 ? 1.0 : (double)elapsed_ms, rate, rest;
	uint64_t pct, secs;

	rate = (double)bytes / 1e3 / ms; /* bytes per ms / 1000: MB/s */
	size_text(got, sizeof(got), bytes);
	if (done) {
		snprintf(buf, size, "%s: %s, %" PRIu64 " %s in %s, %.1f MB/s",
		    what, got, records, noun,
		    duration_text(took, sizeof(took),
			(uint64_t)(elapsed_ms < 0 ? 0
						  : (elapsed_ms + 500) / 1000)),
		    rate);
		return buf;
	}
	if (total == 0) {
		snprintf(buf, size, "%s: %s, %" PRIu64 " %s, %.1f MB/s", what,
		    got, records, noun, rate);
		return buf;
	}
	pct = bytes >= total ? 100 : bytes * 100 / total;
	/* What is left at the rate so far, rounded up: no 0s while some
	 * is left. */
	secs = 0;
	if (bytes < total && bytes > 0) {
		rest = (double)(total - bytes) * ms / (double)bytes / 1000.0;
		secs = (uint64_t)rest;
		if ((double)secs < rest)
			secs++;
	}
	if (bytes == 0) {
		snprintf(buf, size,
		    "%s: %s of %s (%" PRIu64 "%%), %" PRIu64 " %s, %.1f MB/s",
		    what, got, size_text(whole, sizeof(whole), total), pct,
		    records, noun, rate);
		return buf;
	}
	snprintf(buf, size,
	    "%s: %s of %s (%" PRIu64 "%%), %" PRIu64 " %s, %.1f MB/s, %s left",
	    what, got, size_text(whole, sizeof(whole), total), pct, records,
	    noun, rate, duration_text(left, sizeof(left), secs));
	return buf;
}
