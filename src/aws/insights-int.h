/*
 * What insights.c shows its fuzz harness (tests/fuzz/fuzz_insights.c) and
 * athena-query.c, whose rows take the same format: how a GetQueryResults
 * row becomes a record line.  It sits beside insights.c, not under
 * include/.
 */
#ifndef FLOWDIAG_INSIGHTS_INT_H
#define FLOWDIAG_INSIGHTS_INT_H

#include <jansson.h>

#include "flowdiag/record/format.h"
#include "flowdiag/util/buf.h"

/* The aggregated fields, the function that aggregates each and the
 * name the query gives it: one table for the Insights and the Athena
 * queries, whose rows take one format. */
struct insights_sum {
	enum flow_field f;
	const char *fn;
	const char *as;
};

#define INSIGHTS_NSUMS 4
extern const struct insights_sum insights_sums[INSIGHTS_NSUMS];

/* The format of the lines made from rows of a query over fmt, into out. */
void insights_row_format(const struct flow_format *fmt,
    struct flow_format *out);

/* Writes row (one element of "results", borrowed) as a line in the row
 * format of fmt into b, which it empties first. */
void insights_row_line(json_t *row, const struct flow_format *fmt,
    struct buf *b);

#endif
