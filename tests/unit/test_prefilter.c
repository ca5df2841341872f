#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/input/prefilter.h"
#include "flowdiag/util/simd.h"

#include "helpers.h"

/* The answer by the book: every position, every needle. */
static const char *
naive_find(const char *const *needles, int n, const char *p, const char *end,
    int *which)
{
	int k;

	for (; p < end; p++) {
		for (k = 0; k < n; k++) {
			size_t len = strlen(needles[k]);

			if (len > 0 && (size_t)(end - p) >= len &&
			    memcmp(p, needles[k], len) == 0) {
				*which = k;
				return p;
			}
		}
	}
	return NULL;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
next_random(void)
{
	return (uint32_t)(xorshift64(&rng) >> 16);
}

/* Buffers of digits, dots, spaces and newlines (flow-log-like, so that
 * partial matches abound) with needles planted anywhere, the ends
 * included: every hit, walked from one to the next, is the naive one. */
static void
test_prefilter_find_matches_naive(void **state)
{
	static const char *const sets[][3] = {
		{ "10.0.1.10", "DATA", "srcaddr" },
		{ "10.0.1.10", "DATA", "" },
		{ "a", "DATA", "" },
		{ "f105", "1", "" },
		{ "0.0", "0.0.0", "0" },
	};
	static const char alphabet[] = "0123456789.. \n1010DATsrcad";
	char buf[700];
	size_t i, n, at;
	int set, round, k, which, want_which;

	(void)state;
	for (set = 0; set < 5; set++) {
		const char *const *nd = sets[set];
		struct prefilter pf;
		int nn = nd[2][0] != '\0' ? 3 : 2;

		prefilter_init(&pf, nd, nn);
		/* The needles after the first marked rare for the last three
		 * sets: "1" and "0" are anything but, and are still found. */
		for (k = 1; k < nn && set >= 2; k++)
			prefilter_rare(&pf, k);
		for (round = 0; round < 400; round++) {
			n = next_random() % sizeof(buf);
			for (i = 0; i < n; i++)
				buf[i] = alphabet[next_random() %
				    (sizeof(alphabet) - 1)];
			for (k = next_random() % 4; k > 0 && n > 16; k--) {
				const char *w = nd[next_random() % nn];

				at = next_random() % (n - strlen(w) + 1);
				if (round % 7 == 0)
					at = n - strlen(w); /* at the end */
				memcpy(buf + at, w, strlen(w));
			}
			const char *p = buf, *end = buf + n, *got, *want;

			for (;;) {
				want = naive_find(nd, nn, p, end, &want_which);
				got = prefilter_find(&pf, p, end, &which);
				assert_ptr_equal(got, want);
				if (want == NULL)
					break;
				assert_int_equal(which, want_which);
				p = want + 1;
			}
		}
	}
}

/* The first place prefilter_find_all() finds, or NULL; *newlines counted
 * on as it counts them.  The batches themselves: test_prefilter_find_all. */
static const char *
find_one(const struct prefilter *pf, const char *p, const char *end, int *which,
    uint64_t *newlines)
{
	struct prefilter_hit hit;

	if (prefilter_find_all(pf, p, end, &hit, 1, newlines) == 0)
		return NULL;
	*which = hit.which;
	return hit.at;
}

static uint64_t
naive_newlines(const char *p, const char *end)
{
	uint64_t n = 0;

	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

/* The search that numbers lines finds what the plain one finds, and adds
 * exactly the newlines it passed: before each hit, or to the end when
 * there is none; over stretches longer than the 255 blocks a byte counter
 * holds; with newlines in the block of the hit, before and after it. */
static void
test_prefilter_find_lines(void **state)
{
	static const char *const nd[] = { "10.0.1.10", "DATA", "srcaddr" };
	static const char two[] = "a\nb\n";
	static char buf[40000];
	struct prefilter pf;
	const char *p, *end, *got, *want;
	uint64_t newlines;
	size_t i, n, at;
	int round, k, nn, which, want_which;

	(void)state;
	for (round = 0; round < 300; round++) {
		nn = 1 + round % 3;
		prefilter_init(&pf, nd, nn);
		n = round < 30 ? next_random() % 200
			       : next_random() % sizeof(buf);
		for (i = 0; i < n; i++) {
			buf[i] = round % 10 == 0
			    ? '\n'
			    : "0123456789.\n \n"[next_random() % 14];
		}
		for (k = next_random() % 5; k > 0 && n > 16; k--) {
			const char *w = nd[next_random() % nn];

			at = next_random() % (n - strlen(w) + 1);
			memcpy(buf + at, w, strlen(w));
		}
		p = buf;
		end = buf + n;
		newlines = 0;
		for (;;) {
			want = naive_find(nd, nn, p, end, &want_which);
			got = find_one(&pf, p, end, &which, &newlines);
			assert_ptr_equal(got, want);
			assert_int_equal(newlines,
			    naive_newlines(buf, want != NULL ? want : end));
			if (want == NULL)
				break;
			assert_int_equal(which, want_which);
			p = want + 1;
		}
	}
	/* No needle: every newline is counted, nothing is found. */
	prefilter_init(&pf, nd, 0);
	newlines = 0;
	assert_null(find_one(&pf, two, two + 4, &which, &newlines));
	assert_int_equal(newlines, 2);
}

static void
test_prefilter_empty_needles(void **state)
{
	static const char abc[] = "abc", abxc[] = "abxc", xxx[] = "xxx";
	const char *const nd[] = { "", "x" };
	struct prefilter pf;
	int which = -1;

	(void)state;
	prefilter_init(&pf, nd, 2);
	assert_int_equal(pf.n, 1);
	assert_null(prefilter_find(&pf, abc, abc + 3, &which));
	assert_string_equal(prefilter_find(&pf, abxc, abxc + 4, &which), "xc");
	assert_int_equal(which, 0);
	prefilter_init(&pf, nd, 1);
	assert_null(prefilter_find(&pf, xxx, xxx + 3, &which));
}

static void
test_prefilter_count(void **state)
{
	static char buf[100000];
	uint64_t want;
	size_t i, n, off;

	(void)state;
	/* Runs longer than the 255 blocks a byte counter holds. */
	memset(buf, '\n', sizeof(buf));
	assert_int_equal(prefilter_count(buf, sizeof(buf), '\n'), sizeof(buf));
	for (i = 0; i < 50; i++) {
		n = next_random() % sizeof(buf);
		off = next_random() % 32;
		if (off > n)
			off = n;
		for (size_t j = 0; j < n; j++)
			buf[j] = (next_random() % 5 == 0) ? '\n' : 'x';
		want = 0;
		for (size_t j = off; j < n; j++)
			want += buf[j] == '\n';
		assert_int_equal(prefilter_count(buf + off, n - off, '\n'),
		    want);
	}
	assert_int_equal(prefilter_count("a}b}}", 5, '}'), 3);
	assert_int_equal(prefilter_count("", 0, '\n'), 0);
}

/* The search that finds many places in one pass finds, batch after batch
 * of 1 to 70, every place the naive walk finds, each with the newlines
 * before it, and counts all the newlines when it reaches the end; with
 * many needles in a row (more hits than a batch holds in one block), and
 * with the needles after the first marked rare, their first bytes among
 * the others (D, s). */
static void
test_prefilter_find_all(void **state)
{
	static const char *const nd[] = { "10.0.1.10", "DATA", "srcaddr" };
	static char buf[20000];
	struct prefilter_hit hits[70];
	struct prefilter pf;
	const char *p, *end, *want;
	uint64_t newlines;
	size_t i, n, at, got, max, h;
	int round, k, nn, want_which;

	(void)state;
	for (round = 0; round < 300; round++) {
		nn = 1 + round % 3;
		prefilter_init(&pf, nd, nn);
		/* Every other round the needles after the first are marked
		 * rare, as the scan marks them: the same places are found. */
		for (k = 1; k < nn && round % 2 == 1; k++)
			prefilter_rare(&pf, k);
		n = round < 30 ? next_random() % 200
			       : next_random() % sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = "0123456789.\n \nDs"[next_random() % 16];
		for (k = next_random() % (round % 7 == 0 ? 400 : 6);
		     k > 0 && n > 16; k--) {
			const char *w = nd[next_random() % nn];

			at = next_random() % (n - strlen(w) + 1);
			memcpy(buf + at, w, strlen(w));
		}
		p = buf;
		end = buf + n;
		want = buf;
		newlines = 0;
		do {
			max = 1 + next_random() % 70;
			got = prefilter_find_all(&pf, p, end, hits, max,
			    &newlines);
			assert_true(got <= max);
			for (h = 0; h < got; h++) {
				want =
				    naive_find(nd, nn, want, end, &want_which);
				assert_ptr_equal(hits[h].at, want);
				assert_int_equal(hits[h].which, want_which);
				assert_int_equal(hits[h].newlines,
				    naive_newlines(buf, want));
				want++;
			}
			if (got == max) {
				assert_int_equal(newlines,
				    naive_newlines(buf, hits[got - 1].at));
				p = hits[got - 1].at + 1;
			}
		} while (got == max);
		assert_null(naive_find(nd, nn, want, end, &want_which));
		assert_int_equal(newlines, naive_newlines(buf, end));
	}
}

/* Whether the byte at p, within [floor, ceiling), is a digit or a dot:
 * the fence of an IPv4 address. */
static int
digit_or_dot(const char *p, const char *floor, const char *ceiling)
{
	return p >= floor && p < ceiling &&
	    ((*p >= '0' && *p <= '9') || *p == '.');
}

/* A fenced needle is found only where no digit or dot touches it within
 * [floor, ceiling), the other needle anywhere: walked from hit to hit,
 * with the newlines passed, against the naive search that checks the
 * fence itself.  The bounds fall inside the buffer, at its ends, or just
 * before and after a planted address. */
static void
test_prefilter_fence(void **state)
{
	static const char *const nd[] = { "10.0.1.10", "DATA" };
	static const char alphabet[] = "0123456789... \n1010DAT";
	static char buf[3000];
	const char *p, *end, *floor, *ceiling, *got, *want;
	struct prefilter pf;
	uint64_t newlines;
	size_t i, n, at;
	int round, k, which, want_which;

	(void)state;
	for (round = 0; round < 2000; round++) {
		n = 20 +
		    next_random() % (round < 1000 ? 200 : sizeof(buf) - 20);
		for (i = 0; i < n; i++)
			buf[i] =
			    alphabet[next_random() % (sizeof(alphabet) - 1)];
		for (k = next_random() % 6; k > 0; k--) {
			at = next_random() % (n - 9);
			memcpy(buf + at, nd[k % 3 == 0],
			    strlen(nd[k % 3 == 0]));
		}
		floor = buf + next_random() % 12;
		ceiling = buf + n - next_random() % 12;
		prefilter_init(&pf, nd, 2);
		prefilter_fence(&pf, 0, "0123456789.", floor, ceiling);
		p = floor;
		end = ceiling;
		newlines = 0;
		for (;;) {
			for (want = p; (want = naive_find(nd, 2, want, end,
					    &want_which)) != NULL;
			     want++) {
				if (want_which != 0 ||
				    (!digit_or_dot(want - 1, floor, ceiling) &&
					!digit_or_dot(want + 9, floor,
					    ceiling)))
					break;
			}
			got = prefilter_find(&pf, p, end, &which);
			assert_ptr_equal(got, want);
			got = find_one(&pf, p, end, &which, &newlines);
			assert_ptr_equal(got, want);
			assert_int_equal(newlines,
			    naive_newlines(floor, want != NULL ? want : end));
			if (want == NULL)
				break;
			assert_int_equal(which, want_which);
			newlines += *want == '\n';
			p = want + 1;
		}
	}
}

/*
 * Every test at every level of the architecture, named by level: a level
 * the CPU lacks (or $FLOWDIAG_SIMD caps off) is skipped, in the test's
 * body, which cmocka reports as a skip; a setup that skips is reported as
 * a failure by cmocka 1.1.5.
 */
struct at_level {
	void (*test)(void **state);
	int level;
};

static void
run_at_level(void **state)
{
	const struct at_level *c = *state;

	if (simd_cap(c->level) != c->level) {
		print_message("# %s: this machine cannot run it\n",
		    simd_name(c->level));
		skip();
	}
	c->test(state);
}

#define AT(fn, suffix, lvl)                                        \
	{                                                          \
		.name = #fn "_" suffix, .test_func = run_at_level, \
		.initial_state = &(struct at_level)                \
		{                                                  \
			fn, lvl                                    \
		}                                                  \
	}
#define AT_LEVEL(suffix, lvl)                               \
	AT(test_prefilter_find_matches_naive, suffix, lvl), \
	    AT(test_prefilter_find_lines, suffix, lvl),     \
	    AT(test_prefilter_fence, suffix, lvl),          \
	    AT(test_prefilter_find_all, suffix, lvl),       \
	    AT(test_prefilter_empty_needles, suffix, lvl),  \
	    AT(test_prefilter_count, suffix, lvl)

int
main(void)
{
	const struct CMUnitTest tests[] = {
#if defined(__x86_64__)
		AT_LEVEL("avx512", SIMD_AVX512),
		AT_LEVEL("avx2", SIMD_AVX2),
		AT_LEVEL("sse2", SIMD_SSE2),
#elif defined(__aarch64__)
		AT_LEVEL("neon", SIMD_NEON),
#endif
		AT_LEVEL("scalar", SIMD_SCALAR),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
