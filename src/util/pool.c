#include "config.h"

#include "flowdiag/util/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "flowdiag/util/env.h"
#include "flowdiag/util/xmalloc.h"

/* Tasks that may run ahead of the oldest unfinished one, per thread. */
#define AHEAD 2

struct pool {
	size_t n;
	size_t window;
	int (*work)(void *, size_t);
	void (*done)(void *, size_t);
	void *arg;
	pthread_mutex_t lock;
	pthread_cond_t moved; /* next_done advanced */
	size_t next_task;     /* the next task to start */
	size_t next_done;     /* the next task to hand to done() */
	size_t failed;        /* the first task that failed, or n */
	bool *finished;
};

static void *
worker(void *p)
{
	struct pool *pl = p;
	size_t i;
	bool run;
	int ret;

	pthread_mutex_lock(&pl->lock);
	for (;;) {
		while (pl->next_task < pl->n &&
		    pl->next_task >= pl->next_done + pl->window)
			pthread_cond_wait(&pl->moved, &pl->lock);
		if (pl->next_task >= pl->n)
			break;
		i = pl->next_task++;
		run = i < pl->failed;
		pthread_mutex_unlock(&pl->lock);
		ret = run ? pl->work(pl->arg, i) : 0;
		pthread_mutex_lock(&pl->lock);
		if (ret == -1 && i < pl->failed)
			pl->failed = i;
		pl->finished[i] = true;
		/* Whoever finishes the oldest task hands over every result
		 * that is ready, in order; the lock keeps done() serial. */
		while (pl->next_done < pl->n && pl->finished[pl->next_done]) {
			pl->done(pl->arg, pl->next_done);
			pl->next_done++;
			pthread_cond_broadcast(&pl->moved);
		}
	}
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

void
pool_run(size_t n, unsigned int threads, int (*work)(void *, size_t),
    void (*done)(void *, size_t), void *arg)
{
	struct pool pl = { 0 };
	pthread_t tid[POOL_MAX];
	unsigned int i, started = 0;

	if (threads > POOL_MAX)
		threads = POOL_MAX;
	if (threads > n)
		threads = (unsigned int)n;
	pl.n = n;
	pl.failed = n;
	pl.window = (size_t)AHEAD * (threads > 0 ? threads : 1);
	pl.work = work;
	pl.done = done;
	pl.arg = arg;
	pl.finished = xcalloc(n + 1, sizeof(*pl.finished));
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.moved, NULL);
	/* The caller is one of the threads. */
	for (i = 1; i < threads; i++) {
		if (pthread_create(&tid[started], NULL, worker, &pl) == 0)
			started++;
	}
	worker(&pl);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_cond_destroy(&pl.moved);
	pthread_mutex_destroy(&pl.lock);
	free(pl.finished);
}

unsigned int
pool_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t dflt = cpus < 1 ? 1 : (uint64_t)cpus;

	if (dflt > POOL_MAX)
		dflt = POOL_MAX;
	return (unsigned int)env_number("FLOWDIAG_THREADS", 1, POOL_MAX, dflt);
}
