/*
 * Unit tests of the interface table and its interval lists: sorted,
 * disjoint intervals where overlapping and touching ones merge, at most
 * IFACE_INTERVALS_MAX of them.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/iface.h"
#include "flowdiag/util/xmalloc.h"

#include "helpers.h"

struct fixture {
	struct iface_table t;
	struct interval_list l;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	iface_table_init(&fx->t);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	iface_table_release(&fx->t);
	free(fx->l.v);
	free(fx);
	return 0;
}

/* Checks that l holds exactly the n intervals want[][2]. */
static void
check_list(const struct interval_list *l, const int64_t (*want)[2], size_t n)
{
	size_t i;

	assert_int_equal(l->n, n);
	assert_true(l->n <= l->cap);
	for (i = 0; i < n; i++) {
		assert_int_equal(l->v[i].start, want[i][0]);
		assert_int_equal(l->v[i].end, want[i][1]);
	}
}

static void
test_iface_interval_first(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 100, 160 } };

	assert_int_equal(fx->l.n, 0);
	interval_add(&fx->l, 100, 160);
	check_list(&fx->l, want, 1);
}

/* A single point is an interval too. */
static void
test_iface_interval_point(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 5, 5 }, { 7, 7 } };

	interval_add(&fx->l, 5, 5);
	interval_add(&fx->l, 7, 7);
	interval_add(&fx->l, 5, 5);
	check_list(&fx->l, want, 2);
}

static void
test_iface_interval_disjoint(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = {
		{ 0, 60 },
		{ 120, 180 },
		{ 600, 660 },
	};

	interval_add(&fx->l, 0, 60);
	interval_add(&fx->l, 120, 180);
	interval_add(&fx->l, 600, 660);
	check_list(&fx->l, want, 3);
}

/* Added in any order, the list comes out sorted. */
static void
test_iface_interval_out_of_order(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = {
		{ 10, 20 },
		{ 30, 40 },
		{ 50, 60 },
		{ 70, 80 },
	};

	interval_add(&fx->l, 50, 60);
	interval_add(&fx->l, 10, 20);
	interval_add(&fx->l, 70, 80);
	interval_add(&fx->l, 30, 40);
	check_list(&fx->l, want, 4);
}

static void
test_iface_interval_overlap(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 0, 90 }, { 200, 300 } };

	interval_add(&fx->l, 0, 60);
	interval_add(&fx->l, 30, 90); /* overlaps the end */
	interval_add(&fx->l, 250, 300);
	interval_add(&fx->l, 200, 260); /* overlaps the start */
	interval_add(&fx->l, 210, 220); /* inside */
	interval_add(&fx->l, 0, 90);    /* the same */
	check_list(&fx->l, want, 2);
}

/* Sharing an end point, or one second apart, is touching: merged.  Two
 * seconds apart is a gap of one second: kept apart. */
static void
test_iface_interval_touching(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 0, 180 }, { 182, 200 } };

	interval_add(&fx->l, 0, 60);
	interval_add(&fx->l, 60, 120);  /* shares 60 */
	interval_add(&fx->l, 121, 180); /* right after */
	interval_add(&fx->l, 182, 200); /* 181 is missing */
	check_list(&fx->l, want, 2);
}

/* Touching on the left, added after. */
static void
test_iface_interval_touching_left(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 90, 160 } };

	interval_add(&fx->l, 100, 160);
	interval_add(&fx->l, 90, 99);
	check_list(&fx->l, want, 1);
}

/* One interval swallows several, filling the gaps between them. */
static void
test_iface_interval_swallow(void **state)
{
	struct fixture *fx = *state;
	static const int64_t want[][2] = { { 0, 5 }, { 15, 65 }, { 80, 90 } };
	static const int64_t want2[][2] = { { 0, 90 } };

	interval_add(&fx->l, 0, 5);
	interval_add(&fx->l, 20, 25);
	interval_add(&fx->l, 30, 35);
	interval_add(&fx->l, 40, 45);
	interval_add(&fx->l, 60, 65);
	interval_add(&fx->l, 80, 90);
	interval_add(&fx->l, 15, 50); /* from before 20 to past 45 */
	interval_add(&fx->l, 50, 52);
	interval_add(&fx->l, 53, 59); /* bridges 52 and 60 */
	check_list(&fx->l, want, 3);
	interval_add(&fx->l, 6, 79); /* touches all three */
	check_list(&fx->l, want2, 1);
}

/* The list grows past its first allocation. */
static void
test_iface_interval_grows(void **state)
{
	struct fixture *fx = *state;
	int64_t i;

	/* Backwards, so that every one goes in at the front. */
	for (i = 299; i >= 0; i--)
		interval_add(&fx->l, i * 10, i * 10 + 5);
	assert_int_equal(fx->l.n, 300);
	for (i = 0; i < 300; i++) {
		assert_int_equal(fx->l.v[i].start, i * 10);
		assert_int_equal(fx->l.v[i].end, i * 10 + 5);
	}
}

/* Past IFACE_INTERVALS_MAX the two neighbours closest together merge. */
static void
test_iface_interval_cap(void **state)
{
	struct fixture *fx = *state;
	struct interval_list *l = &fx->l;
	int64_t i;
	size_t k;

	/* Intervals [100 i, 100 i + 10], 90 seconds apart. */
	for (i = 0; i < IFACE_INTERVALS_MAX; i++)
		interval_add(l, i * 100, i * 100 + 10);
	assert_int_equal(l->n, IFACE_INTERVALS_MAX);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 1].start,
	    (IFACE_INTERVALS_MAX - 1) * 100);

	/* 5 seconds after [100, 110], 79 before [200, 210]: it merges with
	 * the former. */
	interval_add(l, 116, 120);
	assert_int_equal(l->n, IFACE_INTERVALS_MAX);
	assert_int_equal(l->v[0].start, 0);
	assert_int_equal(l->v[0].end, 10);
	assert_int_equal(l->v[1].start, 100);
	assert_int_equal(l->v[1].end, 120);
	assert_int_equal(l->v[2].start, 200);
	assert_int_equal(l->v[2].end, 210);

	/* At the end, 3 seconds before the last: merged into it. */
	i = (IFACE_INTERVALS_MAX - 1) * 100;
	interval_add(l, i - 7, i - 4);
	assert_int_equal(l->n, IFACE_INTERVALS_MAX);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 1].start, i - 7);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 1].end, i + 10);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 2].end, i - 100 + 10);

	/* Past the end, farther than any gap: the closest pair left merges
	 * instead, [100, 120] and [200, 210], 80 seconds apart. */
	interval_add(l, 1000000, 1000010);
	assert_int_equal(l->n, IFACE_INTERVALS_MAX);
	assert_int_equal(l->v[0].start, 0);
	assert_int_equal(l->v[0].end, 10);
	assert_int_equal(l->v[1].start, 100);
	assert_int_equal(l->v[1].end, 210);
	assert_int_equal(l->v[2].start, 300);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 1].start, 1000000);
	assert_int_equal(l->v[IFACE_INTERVALS_MAX - 1].end, 1000010);

	/* Still sorted and disjoint, touching ones merged. */
	for (k = 1; k < l->n; k++)
		assert_true(l->v[k].start > l->v[k - 1].end + 1);
}

/*
 * Random intervals, mostly later than the ones before as in a log, against
 * a model that needs no merging: a flag per second of [0, SPAN), the
 * intervals its runs of set flags.  Touching intervals ([1, 2] and [3, 4])
 * are one run, as they are one interval.
 */
#define SPAN 400

static void
test_iface_interval_random(void **state)
{
	struct fixture *fx = *state;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	int64_t want[SPAN][2], start, end, t, s;
	bool covered[SPAN];
	size_t n, round, i;

	for (round = 0; round < 300; round++) {
		memset(covered, 0, sizeof(covered));
		fx->l.n = 0;
		t = 0;
		for (i = 0; i < 40; i++) {
			/* Forward by a few seconds, now and then back. */
			t += (int64_t)(xorshift64(&x) % 12) - 2;
			if (xorshift64(&x) % 8 == 0)
				t -= (int64_t)(xorshift64(&x) % 60);
			start = t < 0 ? 0 : t % (SPAN - 20);
			end = start + (int64_t)(xorshift64(&x) % 8);
			interval_add(&fx->l, start, end);
			for (s = start; s <= end; s++)
				covered[s] = true;
		}
		for (n = 0, s = 0; s < SPAN; s++) {
			if (!covered[s])
				continue;
			if (s == 0 || !covered[s - 1])
				want[n++][0] = s;
			want[n - 1][1] = s;
		}
		check_list(&fx->l, (const int64_t(*)[2])want, n);
	}
}

static void
test_iface_get_new(void **state)
{
	struct fixture *fx = *state;
	struct iface *f;

	assert_null(iface_find(&fx->t, "eni-0a"));
	assert_non_null(f = iface_get(&fx->t, "eni-0a", 6));
	assert_string_equal(f->id, "eni-0a");
	assert_int_equal(f->records, 0);
	assert_int_equal(f->first, INT64_MAX);
	assert_int_equal(f->last, INT64_MIN);
	assert_int_equal(f->nodata.n, 0);
	assert_int_equal(f->skipdata.n, 0);
	assert_int_equal(fx->t.n, 1);
	assert_ptr_equal(iface_find(&fx->t, "eni-0a"), f);
}

/* The same id gives the same entry; ids are compared whole. */
static void
test_iface_get_same(void **state)
{
	struct fixture *fx = *state;
	struct iface *a, *b, *c;

	a = iface_get(&fx->t, "eni-0a", 6);
	a->records = 7;
	/* id[0..len) need not end there. */
	b = iface_get(&fx->t, "eni-0a eni-0b", 6);
	assert_ptr_equal(a, b);
	assert_int_equal(b->records, 7);
	c = iface_get(&fx->t, "eni-0a1", 7);
	assert_ptr_not_equal(a, c);
	assert_string_equal(c->id, "eni-0a1");
	assert_int_equal(fx->t.n, 2);
	assert_null(iface_find(&fx->t, "eni-0"));
	assert_null(iface_find(&fx->t, "eni-0a12"));
	assert_null(iface_find(&fx->t, ""));
	assert_ptr_equal(iface_find(&fx->t, "eni-0a"), a);
	assert_ptr_equal(iface_find(&fx->t, "eni-0a1"), c);
}

/* The last entry found is tried first: ids of one length that differ in
 * their last byte, taken in turns, each give their own entry. */
static void
test_iface_get_alternating(void **state)
{
	struct fixture *fx = *state;
	struct iface *a, *b;
	int i;

	a = iface_get(&fx->t, "eni-0a", 6);
	b = iface_get(&fx->t, "eni-0b", 6);
	assert_ptr_not_equal(a, b);
	for (i = 0; i < 10; i++) {
		assert_ptr_equal(iface_get(&fx->t, "eni-0a", 6), a);
		assert_ptr_equal(iface_get(&fx->t, "eni-0a", 6), a);
		assert_ptr_equal(iface_get(&fx->t, "eni-0b", 6), b);
		/* A prefix of the last one found is another id. */
		assert_ptr_not_equal(iface_get(&fx->t, "eni-0b", 5), b);
	}
	assert_int_equal(fx->t.n, 3);
	assert_string_equal(a->id, "eni-0a");
	assert_string_equal(b->id, "eni-0b");
}

/* Past 64 entries the table grows; entries keep their place in memory and
 * their contents. */
#define MANY 300

static void
test_iface_table_grows(void **state)
{
	struct fixture *fx = *state;
	struct iface *got[MANY];
	char id[32];
	size_t i;

	for (i = 0; i < MANY; i++) {
		snprintf(id, sizeof(id), "eni-%017zx", i * 7919);
		got[i] = iface_get(&fx->t, id, strlen(id));
		assert_string_equal(got[i]->id, id);
		got[i]->records = i;
		interval_add(&got[i]->nodata, (int64_t)i, (int64_t)i + 60);
	}
	assert_int_equal(fx->t.n, MANY);
	assert_true(fx->t.nslots > 64);
	for (i = 0; i < MANY; i++) {
		snprintf(id, sizeof(id), "eni-%017zx", i * 7919);
		assert_ptr_equal(iface_find(&fx->t, id), got[i]);
		assert_ptr_equal(iface_get(&fx->t, id, strlen(id)), got[i]);
		assert_int_equal(got[i]->records, i);
		assert_int_equal(got[i]->nodata.n, 1);
		assert_int_equal(got[i]->nodata.v[0].start, (int64_t)i);
	}
	assert_int_equal(fx->t.n, MANY);
	assert_null(iface_find(&fx->t, "eni-00000000000000001"));
}

/* After release the table is empty and lookups find nothing. */
static void
test_iface_table_release(void **state)
{
	struct fixture *fx = *state;

	iface_get(&fx->t, "eni-0a", 6);
	iface_table_release(&fx->t);
	assert_int_equal(fx->t.n, 0);
	assert_null(iface_find(&fx->t, "eni-0a"));
	iface_table_init(&fx->t);
	assert_null(iface_find(&fx->t, "eni-0a"));
}

/* iface_known() finds what iface_get() made, last one or not, and makes
 * nothing. */
static void
test_iface_known(void **state)
{
	struct fixture *fx = *state;
	struct iface *a, *b;

	assert_null(iface_known(&fx->t, "eni-0a", 6));
	a = iface_get(&fx->t, "eni-0a", 6);
	b = iface_get(&fx->t, "eni-0b", 6);
	assert_ptr_equal(iface_known(&fx->t, "eni-0b", 6), b);
	assert_ptr_equal(iface_known(&fx->t, "eni-0a,x", 6), a);
	assert_ptr_equal(iface_known(&fx->t, "eni-0a", 6), a);
	assert_null(iface_known(&fx->t, "eni-0c", 6));
	assert_null(iface_known(&fx->t, "eni-0", 5));
	assert_int_equal(fx->t.n, 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_iface_interval_first),
		T(test_iface_interval_point),
		T(test_iface_interval_disjoint),
		T(test_iface_interval_out_of_order),
		T(test_iface_interval_overlap),
		T(test_iface_interval_touching),
		T(test_iface_interval_touching_left),
		T(test_iface_interval_swallow),
		T(test_iface_interval_grows),
		T(test_iface_interval_cap),
		T(test_iface_interval_random),
		T(test_iface_get_new),
		T(test_iface_get_same),
		T(test_iface_get_alternating),
		T(test_iface_known),
		T(test_iface_table_grows),
		T(test_iface_table_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
