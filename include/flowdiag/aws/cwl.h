/*
 * The CloudWatch Logs source: the records of a log group in a window,
 * fetched with FilterLogEvents and handed to the records stage one
 * message at a time.  It knows nothing of rules.
 */
#ifndef FLOWDIAG_CWL_H
#define FLOWDIAG_CWL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/util/errinfo.h"

/* FilterLogEvents' quota is 5 requests a second per account and region:
 * the pace a client fetching with cwl_fetch() keeps. */
#define CWL_PER_SECOND 4.5

struct cwl_stats {
	/* in, or NULL: set by another fetch that failed; this one then
	 * stops at its next page, as if interrupted */
	const atomic_bool *stop;
	/* in: stop after the page that reaches this many events; 0: read
	 * them all */
	uint64_t max_events;
	uint64_t pages;
	uint64_t events;
	uint64_t bytes;
};

/* The filter pattern that keeps what can concern the target: its
 * address, or a NODATA or SKIPDATA status; a new string. */
char *cwl_filter_pattern(const char *needle);

/* Reads every event of group in [from, to] (Unix seconds) that the
 * pattern keeps, page by page until there is no next token, into s.  A
 * missing group is an error that suggests near names. */
int cwl_fetch(struct aws_client *c, const char *group, int64_t from, int64_t to,
    struct scan *s, struct cwl_stats *st, struct errinfo *ei);

/* Called with each event of an answer: its message and eventId (NULL
 * when it has none), both borrowed for the call. */
typedef void cwl_event_fn(void *arg, const char *message, size_t len,
    const char *id);

/* Reads the FilterLogEvents answer p[0..n) one event at a time, calling
 * event for each that has a message, and sets *token to a new copy of its
 * nextToken, or NULL when there is none.  -1 with ei set when the answer
 * is not a JSON object of that shape. */
int cwl_read_answer(const char *p, size_t n, cwl_event_fn *event, void *arg,
    char **token, struct errinfo *ei);

/* Log group names are 512 bytes at the most; a listing keeps no more
 * than CWL_GROUPS_KEPT of them, whatever an endpoint sends. */
#define CWL_GROUP_NAME_MAX 512
#define CWL_GROUPS_KEPT    1000

/* Lists the log groups whose names start with prefix ("" for all), from
 * 20 pages at the most.  Without want (NULL), the first CWL_GROUPS_KEPT,
 * in the service's order; with it, only those near it (sharing a run of
 * four characters or more, ignoring case, at least half as long as want),
 * the CWL_GROUPS_KEPT nearest, nearest first.  Names longer than
 * CWL_GROUP_NAME_MAX are left out.  *names is a new array of n new
 * strings, then NULL (free with xfree_strings()), or NULL when there are
 * none.  Both the suggestions for a missing log group and the REPL's
 * completion list with it. */
int cwl_list_groups(struct aws_client *c, const char *prefix, const char *want,
    char ***names, size_t *n, struct errinfo *ei);

#endif
