/*
 * Unit tests of near.c: the longest run two strings share, ignoring case,
 * as a plain comparison of every pair of positions finds it.
 */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/near.h"
#include "helpers.h"

static size_t
run(const char *want, const char *s)
{
	struct near nr;
	size_t r;

	near_init(&nr, want, strlen(want));
	r = near_run(&nr, s);
	near_release(&nr);
	return r;
}

/* The longest common run, by brute force. */
static size_t
slow_run(const char *a, const char *b)
{
	size_t i, j, k, best = 0, la = strlen(a), lb = strlen(b);

	for (i = 0; i < la; i++) {
		for (j = 0; j < lb; j++) {
			for (k = 0; i + k < la && j + k < lb &&
			     tolower((unsigned char)a[i + k]) ==
				 tolower((unsigned char)b[j + k]);
			     k++)
				;
			if (k > best)
				best = k;
		}
	}
	return best;
}

static void
test_near_examples(void **state)
{
	(void)state;
	assert_int_equal(run("vpc-flowlogs", "vpc-flow-logs"), 8);
	assert_int_equal(run("vpc-flowlogs", "VPC-FLOWLOGS-prod"), 12);
	assert_int_equal(run("vpc-flowlogs", "vpc-flo-00001"), 7);
	assert_int_equal(run("vpc-flowlogs", "nothing"), 1);
	assert_int_equal(run("vpc-flowlogs", ""), 0);
	assert_int_equal(run("", "vpc-flowlogs"), 0);
	assert_int_equal(run("abcabcabd", "xxabcabdxx"), 6);
	assert_int_equal(run("a\xff\x80z", "\xff\x80"), 2);
}

/* Random strings of a small alphabet, mixed case, with many repeats:
 * the automaton agrees with the brute force. */
static void
test_near_random(void **state)
{
	static const char alphabet[] = "abAB-c";
	uint64_t seed = 0x6e656172;
	char a[80], b[80];
	size_t i, j, la, lb;

	(void)state;
	for (i = 0; i < 3000; i++) {
		la = xorshift64(&seed) % sizeof(a);
		lb = xorshift64(&seed) % sizeof(b);
		for (j = 0; j < la; j++)
			a[j] = alphabet[xorshift64(&seed) % 6];
		a[la] = '\0';
		for (j = 0; j < lb; j++)
			b[j] = alphabet[xorshift64(&seed) % 6];
		b[lb] = '\0';
		assert_int_equal(run(a, b), slow_run(a, b));
	}
}

/* The longest string taken, and a longer one cut to it. */
static void
test_near_longest(void **state)
{
	char *a = malloc(NEAR_MAX + 2), *b = malloc(NEAR_MAX + 2);

	(void)state;
	memset(a, 'x', NEAR_MAX + 1);
	a[NEAR_MAX + 1] = '\0';
	memset(b, 'X', NEAR_MAX + 1);
	b[NEAR_MAX + 1] = '\0';
	assert_int_equal(run(a, b), NEAR_MAX);
	free(a);
	free(b);
}

/* Typing slips find the name meant; a word unlike every name finds none. */
static void
test_near_name(void **state)
{
	static const char *const opts[] = { "file", "log-format", "from", "to",
		"json", "records", "rules", NULL };
	static const char *const cmds[] = { "check", "rules", "help", NULL };
	static const char *const repl[] = { "config", "guide", "help", "next",
		"quit", "records", "rules", "run", "save", "set", "show",
		"teach", "timeline", "why", NULL };

	(void)state;
	assert_string_equal(near_name("fiel", opts), "file"); /* swap */
	assert_string_equal(near_name("jsn", opts), "json");  /* one gone */
	assert_string_equal(near_name("recrods", opts), "records");
	assert_string_equal(near_name("FILE", opts), "file");  /* case */
	assert_string_equal(near_name("chek", cmds), "check"); /* one gone */
	assert_string_equal(near_name("rulez", cmds), "rules");
	assert_string_equal(near_name("shwo", repl), "show");
	assert_null(near_name("clear", repl));
	assert_null(near_name("zzzz", opts));
	assert_null(near_name("", opts));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_near_examples),
		cmocka_unit_test(test_near_random),
		cmocka_unit_test(test_near_longest),
		cmocka_unit_test(test_near_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
