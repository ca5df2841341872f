/*
 * Unit tests of paging.c, the guard of paging loops: every token of a
 * fetch is remembered, however long the cycle, and the fetch has a time
 * budget.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "flowdiag/aws/paging.h"

/* The page at which a server whose tokens go round a cycle of n is
 * stopped, giving up after limit pages. */
static unsigned
stopped_at(unsigned n, unsigned limit, struct errinfo *ei)
{
	struct paging pg;
	char token[32];
	unsigned page;

	paging_init(&pg, "logs FilterLogEvents", 0);
	for (page = 1; page <= limit; page++) {
		snprintf(token, sizeof(token), "token-%u", page % n);
		if (paging_next(&pg, token, ei) == -1)
			break;
	}
	paging_release(&pg);
	return page;
}

/* A/B/A/B stops at the third page; a cycle of 100, longer than the 64
 * tokens once remembered, at the 101st; so does one of 10,000. */
static void
test_paging_cycles(void **state)
{
	struct errinfo ei;

	(void)state;
	assert_int_equal(stopped_at(2, 1000, &ei), 3);
	assert_int_equal(ei.code, EC_SERVICE);
	assert_string_equal(ei.msg,
	    "logs FilterLogEvents: page 3's next token is page 1's again: "
	    "the server loops (check --endpoint-url, or try again later)");
	assert_int_equal(stopped_at(100, 1000, &ei), 101);
	assert_non_null(strstr(ei.msg, "page 101's next token is page 1's"));
	assert_int_equal(stopped_at(10000, 20000, &ei), 10001);
	/* Tokens that never repeat are never taken for a loop. */
	assert_int_equal(stopped_at(100000, 50000, &ei), 50001);
}

/* The slots grow with the pages: four times as many at the most. */
static void
test_paging_bounded(void **state)
{
	struct paging pg;
	struct errinfo ei;
	char token[32];
	unsigned i;

	(void)state;
	paging_init(&pg, "ec2 DescribeFlowLogs", 0);
	for (i = 0; i < 5000; i++) {
		snprintf(token, sizeof(token), "%u", i);
		assert_int_equal(paging_next(&pg, token, &ei), 0);
		assert_true(pg.nslots <= 4 * (i + 1) + 16);
	}
	paging_release(&pg);
}

/* Past its budget a fetch stops, saying how long and how to allow more. */
static void
test_paging_budget(void **state)
{
	struct timespec ms = { 0, 20 * 1000 * 1000 };
	struct paging pg;
	struct errinfo ei;

	(void)state;
	paging_init(&pg, "logs FilterLogEvents of log group 'g'", 10);
	nanosleep(&ms, NULL);
	assert_int_equal(paging_next(&pg, "a", &ei), -1);
	assert_int_equal(ei.code, EC_SERVICE);
	assert_string_equal(ei.msg,
	    "logs FilterLogEvents of log group 'g': still paging after 0 s "
	    "(1 pages): narrow --from/--to, or allow more time with "
	    "FLOWDIAG_FETCH_TIMEOUT_MS");
	paging_release(&pg);
}

/* $FLOWDIAG_FETCH_TIMEOUT_MS sets the budget; what will not do is the
 * default. */
static void
test_paging_budget_env(void **state)
{
	(void)state;
	unsetenv("FLOWDIAG_FETCH_TIMEOUT_MS");
	assert_int_equal(paging_budget_ms(), PAGING_BUDGET_MS);
	setenv("FLOWDIAG_FETCH_TIMEOUT_MS", "2500", 1);
	assert_int_equal(paging_budget_ms(), 2500);
	/* Held within 1 ms and a day, as every FLOWDIAG_ number is. */
	setenv("FLOWDIAG_FETCH_TIMEOUT_MS", "0", 1);
	assert_int_equal(paging_budget_ms(), 1);
	setenv("FLOWDIAG_FETCH_TIMEOUT_MS", "99999999999", 1);
	assert_int_equal(paging_budget_ms(), 86400000);
	setenv("FLOWDIAG_FETCH_TIMEOUT_MS", "many", 1);
	assert_int_equal(paging_budget_ms(), PAGING_BUDGET_MS);
	unsetenv("FLOWDIAG_FETCH_TIMEOUT_MS");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paging_cycles),
		cmocka_unit_test(test_paging_bounded),
		cmocka_unit_test(test_paging_budget),
		cmocka_unit_test(test_paging_budget_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
