#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "flowdiag/util/pool.h"

#define TASKS 300

struct run {
	unsigned int threads;
	size_t fail; /* the task that fails, or TASKS */
	atomic_int worked[TASKS];
	atomic_size_t handed; /* done() calls so far */
	size_t order[TASKS];  /* the i of each done() call */
	atomic_size_t ahead;  /* the most a task started ahead of done() */
	atomic_int overlap;   /* done() calls running at once, at most */
	atomic_int in_done;
};

static int
work(void *arg, size_t i)
{
	struct run *r = arg;
	size_t handed = atomic_load(&r->handed), ahead = i - handed, seen;
	struct timespec ts = { 0, (long)((i * 7919) % 300) * 1000 };

	seen = atomic_load(&r->ahead);
	while (ahead > seen &&
	    !atomic_compare_exchange_weak(&r->ahead, &seen, ahead))
		;
	atomic_fetch_add(&r->worked[i], 1);
	nanosleep(&ts, NULL); /* tasks finish out of order */
	return i == r->fail ? -1 : 0;
}

static void
done(void *arg, size_t i)
{
	struct run *r = arg;
	int now = atomic_fetch_add(&r->in_done, 1) + 1;

	if (now > atomic_load(&r->overlap))
		atomic_store(&r->overlap, now);
	r->order[atomic_load(&r->handed)] = i;
	atomic_fetch_add(&r->handed, 1);
	atomic_fetch_sub(&r->in_done, 1);
}

/* The thread counts every test runs with. */
static const unsigned int threads[] = { 1, 2, 3, 8 };

/* Runs the TASKS tasks on n threads, task fail failing (TASKS: none);
 * every result must have been handed over.  Free the run. */
static struct run *
run_tasks(unsigned int n, size_t fail)
{
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->threads = n;
	r->fail = fail;
	pool_run(TASKS, n, work, done, r);
	assert_int_equal(atomic_load(&r->handed), TASKS);
	return r;
}

/* Every task runs once, every result is handed over once, in order, one
 * at a time, and no task starts more than the window ahead. */
static void
test_pool_in_order(void **state)
{
	struct run *r;
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		r = run_tasks(threads[k], TASKS);
		for (i = 0; i < TASKS; i++) {
			assert_int_equal(atomic_load(&r->worked[i]), 1);
			assert_int_equal(r->order[i], i);
		}
		assert_int_equal(atomic_load(&r->overlap), 1);
		assert_true(atomic_load(&r->ahead) < 2 * threads[k]);
		free(r);
	}
}

/* A task fails: those before it all run, those started after the
 * failure was known do not (with one thread none after it, with more none
 * at or past the window beyond it), and every result, run or not, is
 * still handed over once, in order. */
static void
test_pool_failure_stops_the_rest(void **state)
{
	struct run *r;
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		r = run_tasks(threads[k], 100);
		for (i = 0; i < TASKS; i++) {
			assert_int_equal(r->order[i], i);
			if (i <= r->fail)
				assert_int_equal(atomic_load(&r->worked[i]), 1);
			else if (threads[k] == 1 ||
			    i >= r->fail + 2 * threads[k])
				assert_int_equal(atomic_load(&r->worked[i]), 0);
		}
		free(r);
	}
}

static int
never(void *arg, size_t i)
{
	(void)arg;
	(void)i;
	fail_msg("called with no tasks");
	return -1;
}

static void
never_done(void *arg, size_t i)
{
	(void)never(arg, i);
}

static void
test_pool_no_tasks(void **state)
{
	(void)state;
	pool_run(0, 4, never, never_done, NULL);
}

static void
test_pool_threads_setting(void **state)
{
	(void)state;
	setenv("FLOWDIAG_THREADS", "3", 1);
	assert_int_equal(pool_threads(), 3);
	setenv("FLOWDIAG_THREADS", "0", 1);
	assert_int_equal(pool_threads(), 1);
	setenv("FLOWDIAG_THREADS", "1000", 1);
	assert_int_equal(pool_threads(), POOL_MAX);
	unsetenv("FLOWDIAG_THREADS");
	assert_true(pool_threads() >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_in_order),
		cmocka_unit_test(test_pool_failure_stops_the_rest),
		cmocka_unit_test(test_pool_no_tasks),
		cmocka_unit_test(test_pool_threads_setting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
