/*
 * Unit tests of progress.c: the line's arithmetic (each expected string
 * worked out by hand in the comment above it), when a line is due, that
 * a quiet run says nothing and a shown one is ended, and that threads
 * adding at once lose nothing.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/notice.h"
#include "flowdiag/util/progress.h"
#include "helpers.h"

#define MS INT64_C(1000000)

static char line[256];

static const char *
fmt(uint64_t bytes, uint64_t total, uint64_t records, int64_t ms, bool done)
{
	return progress_format(line, sizeof(line), "files", bytes, total,
	    records, ms, done);
}

/* 500 MB of 1.5 GB in 2 s: a third, floored to 33%; 500e6 B / 2 s is
 * 250 MB/s; the 1e9 B left at that rate take 4 s. */
static void
test_progress_format_known(void **state)
{
	(void)state;
	assert_string_equal(fmt(500000000, 1500000000, 3000000, 2000, false),
	    "files: 500.0 MB of 1.50 GB (33%), 3000000 records, 250.0 MB/s, "
	    "4s left");
}

/* 300 MB of 1 GB in 1 s: 30%, 300 MB/s; 700e6 / 300e6 = 2.33 s left,
 * shown as 3s: rounded up, never 0s while some is left. */
static void
test_progress_format_rounds_up(void **state)
{
	(void)state;
	assert_string_equal(fmt(300000000, 1000000000, 10, 1000, false),
	    "files: 300.0 MB of 1.00 GB (30%), 10 records, 300.0 MB/s, 3s "
	    "left");
}

/* 100 MB of 10 GB in 10 s: 1%, 10 MB/s; 9.9e9 / 1e7 = 990 s = 16 min 30 s.
 * 1 MB of 10 GB in 1 s: 0.01%, floored to 0%, 1 MB/s; 9999 s = 2 h 46 min
 * 39 s, shown to the minute; one record, singular. */
static void
test_progress_format_long(void **state)
{
	(void)state;
	assert_string_equal(fmt(100000000, 10000000000, 2, 10000, false),
	    "files: 100.0 MB of 10.00 GB (1%), 2 records, 10.0 MB/s, 16m30s "
	    "left");
	assert_string_equal(fmt(1000000, 10000000000, 1, 1000, false),
	    "files: 1.0 MB of 10.00 GB (0%), 1 record, 1.0 MB/s, 2h46m left");
}

/* No size known (standard input): 52428800 B is 52.4 MB; over 4 s,
 * 13.1072 MB/s; no share and no time left. */
static void
test_progress_format_unknown(void **state)
{
	(void)state;
	assert_string_equal(fmt(52428800, 0, 12, 4000, false),
	    "files: 52.4 MB, 12 records, 13.1 MB/s");
}

/* Done: 1.5 GB in 6 s is 250 MB/s; 123 MB in 61.5 s is 2 MB/s, and 61.5 s
 * rounds to 62 s, 1 min 2 s. */
static void
test_progress_format_done(void **state)
{
	(void)state;
	assert_string_equal(fmt(1500000000, 1500000000, 3000000, 6000, true),
	    "files: 1.50 GB, 3000000 records in 6s, 250.0 MB/s");
	assert_string_equal(fmt(123000000, 0, 0, 61500, true),
	    "files: 123.0 MB, 0 records in 1m02s, 2.0 MB/s");
}

/* Edges: a file that grew past its size stops at 100% and 0s; nothing
 * read yet has no time left; 999.95 MB would print as 1000.0 MB, so it
 * is 1.00 GB, and 999,949,999 B is 999.9 MB (both 500.0 MB/s over 2 s,
 * 499.975 and 499.974... rounded). */
static void
test_progress_format_edges(void **state)
{
	(void)state;
	assert_string_equal(fmt(1200000, 1000000, 0, 1000, false),
	    "files: 1.2 MB of 1.0 MB (100%), 0 records, 1.2 MB/s, 0s left");
	assert_string_equal(fmt(0, 1000000, 0, 1000, false),
	    "files: 0.0 MB of 1.0 MB (0%), 0 records, 0.0 MB/s");
	assert_string_equal(fmt(999950000, 0, 0, 2000, false),
	    "files: 1.00 GB, 0 records, 500.0 MB/s");
	assert_string_equal(fmt(999949999, 0, 0, 2000, false),
	    "files: 999.9 MB, 0 records, 500.0 MB/s");
}

/* The first line is due after the wait, then one every 250 ms, each to
 * one caller. */
static void
test_progress_due(void **state)
{
	struct progress p;
	int64_t t0;

	(void)state;
	progress_init(&p, "files", 0, 1000);
	t0 = p.started;
	assert_false(progress_due(&p, t0));
	assert_false(progress_due(&p, t0 + 999 * MS));
	assert_true(progress_due(&p, t0 + 1000 * MS));
	assert_false(progress_due(&p, t0 + 1000 * MS));
	assert_false(progress_due(&p, t0 + 1249 * MS));
	assert_true(progress_due(&p, t0 + 1250 * MS));
	assert_false(progress_due(&p, t0 + 1251 * MS));
	progress_release(&p);
	progress_init(&p, "files", 0, 0);
	assert_true(progress_due(&p, p.started));
	progress_release(&p);
}

static int kinds[8];
static int nkinds;
static char last[256]; /* the last line shown */

static void
sink(void *arg, enum notice_kind kind, const char *text)
{
	(void)arg;
	if (nkinds < 8)
		kinds[nkinds++] = kind;
	if (kind == NOTICE_PROGRESS)
		snprintf(last, sizeof(last), "%s", text);
}

/* A run that ends before the wait says nothing, not even at its end; one
 * shown gets a last line of its totals, and the end of the line. */
static void
test_progress_quiet_and_ended(void **state)
{
	struct progress p;

	(void)state;
	notice_set(sink, NULL);
	nkinds = 0;
	progress_init(&p, "files", 2000, 60000);
	progress_add(&p, 1000, 3);
	progress_end(&p);
	progress_release(&p);
	assert_int_equal(nkinds, 0);

	progress_init(&p, "files", 2000000, 0);
	progress_add(&p, 1000000, 3);
	assert_int_equal(nkinds, 1);
	assert_int_equal(kinds[0], NOTICE_PROGRESS);
	assert_non_null(
	    strstr(last, "files: 1.0 MB of 2.0 MB (50%), 3 records"));
	/* A second line, if 250 ms passed on a slow machine, or none. */
	progress_add(&p, 1000000, 1);
	assert_in_range(nkinds, 1, 2);
	progress_end(&p);
	progress_release(&p);
	assert_in_range(nkinds, 3, 4);
	assert_int_equal(kinds[nkinds - 2], NOTICE_PROGRESS);
	assert_int_equal(kinds[nkinds - 1], NOTICE_PROGRESS_END);
	assert_non_null(strstr(last, "files: 2.0 MB, 4 records in "));
	notice_set(NULL, NULL);
}

#define ADDERS 4
#define ADDS   20000

static void *
adder(void *arg)
{
	int i;

	for (i = 0; i < ADDS; i++)
		progress_add(arg, 1000, 1);
	return NULL;
}

/* Threads adding at once: every byte and record counted, and the first
 * line, due at once, shown. */
static void
test_progress_threads(void **state)
{
	struct progress p;
	pthread_t t[ADDERS];
	int i;

	(void)state;
	notice_set(sink, NULL);
	nkinds = 0;
	progress_init(&p, "files", 0, 0);
	for (i = 0; i < ADDERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, adder, &p), 0);
	for (i = 0; i < ADDERS; i++)
		pthread_join(t[i], NULL);
	assert_true(atomic_load(&p.bytes) == (uint64_t)ADDERS * ADDS * 1000);
	assert_true(atomic_load(&p.records) == (uint64_t)ADDERS * ADDS);
	assert_true(nkinds >= 1);
	progress_release(&p);
	notice_set(NULL, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_format_known),
		cmocka_unit_test(test_progress_format_rounds_up),
		cmocka_unit_test(test_progress_format_long),
		cmocka_unit_test(test_progress_format_unknown),
		cmocka_unit_test(test_progress_format_done),
		cmocka_unit_test(test_progress_format_edges),
		cmocka_unit_test(test_progress_due),
		cmocka_unit_test(test_progress_quiet_and_ended),
		cmocka_unit_test(test_progress_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
