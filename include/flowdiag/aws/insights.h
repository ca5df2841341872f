/*
 * The CloudWatch Logs Insights source: one query over a set of log groups
 * that filters and aggregates on the service side (StartQuery), polled
 * until it ends (GetQueryResults); each aggregated row becomes one record
 * line for the records stage.  It knows nothing of rules.
 */
#ifndef FLOWDIAG_INSIGHTS_H
#define FLOWDIAG_INSIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

/* Rows a query returns at the most: StartQuery's largest limit. */
#define INSIGHTS_LIMIT 10000

struct insights_stats {
	bool progress;    /* in: show status, records, bytes, time */
	uint64_t queries; /* started */
	uint64_t polls;   /* GetQueryResults calls */
	uint64_t rows;    /* result rows read */
	double scanned;   /* records scanned, from the statistics */
	double bytes;     /* bytes scanned, from the statistics */
	bool partial;     /* a query returned INSIGHTS_LIMIT rows */
};

/* The query for records in fmt that concern address a (NULL or :: for
 * all), or that say NODATA or SKIPDATA: a new string. */
char *insights_query(const struct flow_format *fmt, const struct addr *a);

/* Runs the query for fmt over groups[0..ngroups) in [from, to] (Unix
 * seconds) and hands each row to s as a record line.  Failed, Timeout
 * and Cancelled queries are EC_SERVICE errors; a SIGINT while it runs
 * stops the query and is EC_INTERRUPTED.  A query that reaches the row
 * limit sets st->partial and the file entry's partial. */
int insights_fetch(struct aws_client *c, const char *const *groups,
    size_t ngroups, int64_t from, int64_t to, const struct flow_format *fmt,
    struct scan *s, struct insights_stats *st, struct errinfo *ei);

#endif
