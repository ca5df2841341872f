#include "config.h"

#include "flowdiag/aws/paging.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/util/env.h"
#include "flowdiag/util/xmalloc.h"

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

long
paging_budget_ms(void)
{
	return (long)env_number("FLOWDIAG_FETCH_TIMEOUT_MS", 1, 86400000,
	    PAGING_BUDGET_MS);
}

void
paging_init(struct paging *pg, const char *what, long budget_ms)
{
	memset(pg, 0, sizeof(*pg));
	pg->what = what;
	pg->budget_ms = budget_ms;
	pg->started_ns = now_ns();
}

/* FNV-1a, never 0 (an empty slot).  Tokens are compared by hash: two
 * tokens of one fetch that differ share one with odds of 2^-64 a pair. */
static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h != 0 ? h : 1;
}

/* The slot of h: the one holding it, or the empty one where it goes. */
static struct paging_slot *
slot(const struct paging *pg, uint64_t h)
{
	size_t i = (size_t)(h % pg->nslots);

	while (pg->slots[i].hash != 0 && pg->slots[i].hash != h)
		i = (i + 1) % pg->nslots;
	return &pg->slots[i];
}

/* Doubles the table, which then is at most half full. */
static void
grow(struct paging *pg)
{
	struct paging_slot *old = pg->slots;
	size_t i, n = pg->nslots;

	pg->nslots = n == 0 ? 16 : 2 * n;
	pg->slots = xcalloc(pg->nslots, sizeof(*pg->slots));
	for (i = 0; i < n; i++) {
		if (old[i].hash != 0)
			*slot(pg, old[i].hash) = old[i];
	}
	free(old);
}

int
paging_next(struct paging *pg, const char *token, struct errinfo *ei)
{
	struct paging_slot *s;
	uint64_t h = hash(token);
	int64_t spent_ms;

	if (2 * (pg->pages + 1) > pg->nslots)
		grow(pg);
	pg->pages++;
	s = slot(pg, h);
	if (s->hash == h) {
		return errinfo_set(ei, EC_SERVICE,
		    "%s: page %llu's next token is page %llu's again: the "
		    "server loops (check --endpoint-url, or try again later)",
		    pg->what, (unsigned long long)pg->pages,
		    (unsigned long long)s->page);
	}
	s->hash = h;
	s->page = pg->pages;
	spent_ms = (now_ns() - pg->started_ns) / 1000000;
	if (pg->budget_ms > 0 && spent_ms >= pg->budget_ms) {
		return errinfo_set(ei, EC_SERVICE,
		    "%s: still paging after %lld s (%llu pages): narrow "
		    "--from/--to, or allow more time with "
		    "FLOWDIAG_FETCH_TIMEOUT_MS",
		    pg->what, (long long)(spent_ms / 1000),
		    (unsigned long long)pg->pages);
	}
	return 0;
}

void
paging_release(struct paging *pg)
{
	free(pg->slots);
	pg->slots = NULL;
	pg->nslots = 0;
}
