/*
 * Unit tests of env.c: a whole decimal number from the environment, held
 * within its range; anything else is the default.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "flowdiag/util/env.h"

#define NAME "FLOWDIAG_TEST_NUMBER"

static uint64_t
number_of(const char *value, uint64_t min, uint64_t max, uint64_t dflt)
{
	if (value == NULL)
		unsetenv(NAME);
	else
		setenv(NAME, value, 1);
	return env_number(NAME, min, max, dflt);
}

static void
test_env_number_taken(void **state)
{
	(void)state;
	assert_int_equal(number_of("7", 1, 10, 5), 7);
	assert_int_equal(number_of("0", 0, 10, 5), 0);
	assert_int_equal(number_of("007", 1, 10, 5), 7);
	assert_true(
	    number_of("18446744073709551615", 0, UINT64_MAX, 5) == UINT64_MAX);
}

static void
test_env_number_held_within(void **state)
{
	(void)state;
	assert_int_equal(number_of("0", 1, 16, 4), 1);
	assert_int_equal(number_of("17", 1, 16, 4), 16);
	assert_int_equal(number_of("99999999999", 1, 600000, 60000), 600000);
}

static void
test_env_number_default(void **state)
{
	static const char *const bad[] = { "", " 5", "+5", "-1", "5x", "5 ",
		"1e3", "0x10", "18446744073709551616", "five" };
	size_t i;

	(void)state;
	assert_int_equal(number_of(NULL, 1, 16, 4), 4);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(number_of(bad[i], 1, 16, 4), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_number_taken),
		cmocka_unit_test(test_env_number_held_within),
		cmocka_unit_test(test_env_number_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
