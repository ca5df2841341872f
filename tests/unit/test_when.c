#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "flowdiag/util/when.h"

/* 2023-03-15T13:20:00Z, worked out by hand: 19431 days after the epoch
 * (53 years of 365 days plus 13 leap days, then Jan 31 + Feb 28 + 14)
 * times 86400, plus 13:20. */
#define MARCH15 ((int64_t)19431 * 86400 + 13 * 3600 + 20 * 60)

static void
check(const char *s, int64_t now, int64_t want)
{
	struct errinfo ei;
	int64_t t = 0;

	if (when_parse(s, now, &t, &ei) != 0)
		fail_msg("'%s' refused: %s", s, ei.msg);
	if (t != want)
		fail_msg("'%s': got %lld, want %lld", s, (long long)t,
		    (long long)want);
}

static void
test_when_epoch(void **state)
{
	(void)state;
	check("1678886400", 0, 1678886400);
	check("0", 0, 0);
	/* milliseconds, as CloudWatch writes them */
	check("1678886400123", 0, 1678886400);
}

static void
test_when_iso8601(void **state)
{
	(void)state;
	assert_int_equal(MARCH15, 1678886400);
	check("2023-03-15T13:20:00Z", 0, MARCH15);
	check("2023-03-15T13:20:00", 0, MARCH15);
	check("2023-03-15 13:20:00", 0, MARCH15);
	check("2023-03-15T13:20Z", 0, MARCH15);
	check("2023-03-15T13:20:00.250Z", 0, MARCH15);
	check("2023-03-15T15:20:00+02:00", 0, MARCH15);
	check("2023-03-15T08:20:00-0500", 0, MARCH15);
	check("2023-03-15", 0, MARCH15 - 13 * 3600 - 20 * 60);
	check("2024-02-29T00:00:00Z", 0, 1709164800);
	check("1970-01-01T00:00:00Z", 0, 0);
}

static void
test_when_relative(void **state)
{
	(void)state;
	check("now", 5000000, 5000000);
	check("-30s", 5000000, 5000000 - 30);
	check("-30m", 5000000, 5000000 - 1800);
	check("-2h", 5000000, 5000000 - 7200);
	check("-1d", 5000000, 5000000 - 86400);
	check("-1w", 5000000, 5000000 - 604800);
	/* Without the minus, a duration is still ago. */
	check("2h", 5000000, 5000000 - 7200);
	check("90m", 5000000, 5000000 - 5400);
	check("1d", 5000000, 5000000 - 86400);
}

static void
test_when_rejects(void **state)
{
	static const char *const bad[] = { "", "yesterday", "-2", "-2x", "-2hh",
		"2023-13-01", "2023-02-30", "2023-03-15T25:00Z",
		"2023-03-15T13:20:00Q", "+2h", "12345678901234567890",
		"2023-3-15", "2x", "2hh", "h" };
	struct errinfo ei;
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (when_parse(bad[i], 0, &t, &ei) != -1)
			fail_msg("'%s' accepted as %lld", bad[i], (long long)t);
		assert_int_equal(ei.code, EC_USAGE);
		assert_non_null(strstr(ei.msg, bad[i]));
	}
}

static void
test_when_format(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(when_format(MARCH15, buf, sizeof(buf)),
	    "2023-03-15T13:20:00Z");
	assert_string_equal(when_format(0, buf, sizeof(buf)),
	    "1970-01-01T00:00:00Z");
}

/* FLOWDIAG_NOW, when it is a number; anything else is the clock's time. */
static void
test_when_now(void **state)
{
	int64_t before;

	(void)state;
	setenv("FLOWDIAG_NOW", "1700000000", 1);
	assert_int_equal(when_now(), 1700000000);
	setenv("FLOWDIAG_NOW", "5x", 1);
	before = (int64_t)time(NULL);
	assert_true(when_now() >= before && when_now() <= before + 5);
	setenv("FLOWDIAG_NOW", "-1", 1);
	assert_true(when_now() >= before);
	unsetenv("FLOWDIAG_NOW");
	assert_true(when_now() >= before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_epoch),
		cmocka_unit_test(test_when_iso8601),
		cmocka_unit_test(test_when_relative),
		cmocka_unit_test(test_when_rejects),
		cmocka_unit_test(test_when_format),
		cmocka_unit_test(test_when_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
