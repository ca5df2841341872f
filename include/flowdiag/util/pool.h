/*
 * Work on both cores with the answer in order: tasks 0..n-1 run on a few
 * threads, and each result is handed over in task order, as if they had
 * run one after the other, so that what follows never sees the threads.
 * At most a window of tasks runs ahead of the oldest unfinished one, which
 * bounds the results held at any time.
 */
#ifndef FLOWDIAG_POOL_H
#define FLOWDIAG_POOL_H

#include <stddef.h>

/* Threads at the most. */
#define POOL_MAX 16

/* work(arg, i) does task i, on any thread, and returns 0, or -1 when it
 * failed: the tasks after the first that failed are not started then,
 * for what they found would not count.  done(arg, i) takes the result of
 * each task, those not started included, in the order of i, one at a
 * time.  Returns when every task is done. */
void pool_run(size_t n, unsigned int threads, int (*work)(void *, size_t),
    void (*done)(void *, size_t), void *arg);

/* Threads to use: $FLOWDIAG_THREADS when set, else the CPUs online; one
 * at least, POOL_MAX at most. */
unsigned int pool_threads(void);

#endif
