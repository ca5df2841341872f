/*
 * The guard of a paging loop (FilterLogEvents, DescribeLogGroups, EC2's
 * Describe* calls): it remembers every next token of one fetch, so that a
 * server that hands back a token it gave before, however long its cycle,
 * is an error and not an endless loop, and it gives the fetch a time
 * budget, so that a server that never stops paging cannot run for hours.
 */
#ifndef FLOWDIAG_AWS_PAGING_H
#define FLOWDIAG_AWS_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "flowdiag/util/errinfo.h"

/* A fetch's time budget when $FLOWDIAG_FETCH_TIMEOUT_MS does not give
 * one: half an hour. */
#define PAGING_BUDGET_MS (30L * 60 * 1000)

/* A token seen: its hash (0: an empty slot) and the page it came with. */
struct paging_slot {
	uint64_t hash;
	uint64_t page;
};

struct paging {
	const char *what; /* the fetch, in errors: "ec2 DescribeFlowLogs" */
	long budget_ms;   /* how long the fetch may run; <= 0: no limit */
	int64_t started_ns;
	uint64_t pages; /* pages whose token was noted */
	/* The tokens seen, by hash, open addressing, at most half full: four
	 * times as many slots as pages fetched at the most. */
	struct paging_slot *slots;
	size_t nslots;
};

/* The budget that $FLOWDIAG_FETCH_TIMEOUT_MS gives (milliseconds, 1 to
 * 86400000), else PAGING_BUDGET_MS. */
long paging_budget_ms(void);

/* Starts guarding a fetch named what (borrowed, for errors) now. */
void paging_init(struct paging *pg, const char *what, long budget_ms);

/* Notes the next token of the page just read, before the next page is
 * asked for: -1 (EC_SERVICE) when an earlier page gave the same token,
 * or when the budget is spent; the message says which and what to do. */
int paging_next(struct paging *pg, const char *token, struct errinfo *ei);

void paging_release(struct paging *pg);

#endif
