/*
 * Amazon Athena as a source: one SQL query over the user's flow-log table
 * (the table the VPC console's Athena integration or AWS's documentation
 * creates) that reads only the partitions of the window, keeps the
 * target's records and the NODATA/SKIPDATA ones, and aggregates them on
 * the service side as the Logs Insights query does (insights.c); each
 * result row becomes one record line for the records stage, so the
 * verdict path is the one of every other source.
 *
 * athena-query.c builds the query, validates what goes into it and makes
 * lines of the rows that come back (no network: its fuzz harness is
 * tests/fuzz/fuzz_athena.c); athena.c runs it (StartQueryExecution,
 * GetQueryExecution polled, GetQueryResults paged, StopQueryExecution on
 * Ctrl-C).
 */
#ifndef FLOWDIAG_AWS_ATHENA_H
#define FLOWDIAG_AWS_ATHENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

/* The longest database or table name: Glue's limit. */
#define ATHENA_NAME_MAX 255

/* Rows read at the most; past them the input is partial.  Rows are
 * aggregates (a connection's records in one minute), so this is weeks of
 * a busy target. */
#define ATHENA_ROWS_MAX 1000000

/* Days a year/month/day partition filter lists at the most. */
#define ATHENA_DAYS_MAX 366

/* --athena-table DB.TABLE, validated and lower-cased (Athena's names are
 * lower case): only letters, digits and '_' ever reach the SQL. */
struct athena_table {
	char db[ATHENA_NAME_MAX + 1];
	char name[ATHENA_NAME_MAX + 1];
};

/* How the table is partitioned by time. */
enum athena_partitioning {
	ATHENA_BY_DT,   /* dt string 'YYYY/MM/DD': the console's */
	ATHENA_BY_DATE, /* "date" of type date: AWS's sample table's */
	ATHENA_BY_HIVE, /* year, month, day [, hour]: the Hive layout */
};

/* What the query needs to know of the table. */
struct athena_layout {
	uint64_t has; /* FLOW_BIT() of each flow field the table has */
	enum athena_partitioning by;
	bool hour;    /* BY_HIVE: an hour key too */
	bool numeric; /* BY_HIVE: the keys are integers, not strings */
};

/* What to read and how; every pointer is borrowed. */
struct athena_options {
	const char *table;     /* DB.TABLE, as given */
	const char *workgroup; /* NULL: "primary" */
	const char *output;    /* s3://..., or NULL: the workgroup's */
	struct aws_options aws;
	bool debug;    /* trace the requests and the query */
	bool progress; /* progress notices */
};

/* Whether s is a name the query may hold: 1 to ATHENA_NAME_MAX letters,
 * digits and '_'. */
bool athena_name_valid(const char *s);

/* Parses DB.TABLE into t; a spec that is not two valid names is
 * EC_USAGE, saying which part is wrong. */
int athena_table_parse(const char *spec, struct athena_table *t,
    struct errinfo *ei);

/*
 * The checks both front ends make of the Athena settings when they are
 * given, so that a bad one is refused there with the same words: name is
 * the setting as the front end spells it ("--athena-table",
 * "athena-table").  0, or -1 with EC_USAGE saying what the value must be.
 */
int athena_check_table(const char *name, const char *spec, struct errinfo *ei);
/* Athena's form of a workgroup name: 1 to 128 letters, digits, '.', '_'
 * and '-'. */
int athena_check_workgroup(const char *name, const char *wg,
    struct errinfo *ei);
/* The result location: s3://BUCKET[/PREFIX]. */
int athena_check_output(const char *name, const char *url, struct errinfo *ei);

/* Reads the layout from GetTableMetadata's TableMetadata object (meta,
 * borrowed).  A table without srcaddr, dstaddr, start, end and
 * log_status, or partitioned otherwise than by dt, date or
 * year/month/day[/hour], is EC_USAGE, saying why. */
int athena_layout_read(json_t *meta, const struct athena_table *t,
    struct athena_layout *l, struct errinfo *ei);

/* The layout of a table whose columns are fmt's fields, partitioned by
 * dt: what --print-query assumes without asking AWS. */
void athena_layout_assume(const struct flow_format *fmt,
    struct athena_layout *l);

/* The query for the records of table t in layout l that concern address
 * a (NULL or :: for all) in [from, to] (Unix seconds): a new string, or
 * NULL with EC_USAGE when the window is too long for the partitions
 * (ATHENA_DAYS_MAX). */
char *athena_query(const struct athena_table *t, const struct athena_layout *l,
    const struct addr *a, int64_t from, int64_t to, struct errinfo *ei);

/* The format of the lines made from the rows of a query over layout l. */
void athena_row_format(const struct athena_layout *l, struct flow_format *out);

/* The name of the result column that holds field f of a row ("srcaddr",
 * "agg_packets") into buf. */
void athena_column(enum flow_field f, char *buf, size_t size);

/* Columns a result row may have; a flow-log row has at most 19. */
#define ATHENA_COLUMNS_MAX 64

/* Finds the result column of each field of the row format out by the
 * names in header, GetQueryResults' first row (borrowed): col[i] for
 * out->field[i].  A header of more than ATHENA_COLUMNS_MAX columns, or
 * without one of them, is EC_SERVICE. */
int athena_map_columns(json_t *header, const struct flow_format *out, int *col,
    struct errinfo *ei);

/* Writes a result row (borrowed) as a line in the row format out, its
 * columns col, into b, which it empties first. */
void athena_row_line(json_t *row, const struct flow_format *out, const int *col,
    struct buf *b);

/* What the query cost, for the report and the progress line. */
struct athena_stats {
	char id[129];      /* QueryExecutionId */
	uint64_t scanned;  /* Statistics.DataScannedInBytes */
	double seconds;    /* Statistics.TotalExecutionTimeInMillis / 1e3 */
	uint64_t polls;    /* GetQueryExecution calls */
	uint64_t pages;    /* GetQueryResults calls */
	uint64_t rows;     /* result rows, the header row not counted */
	uint64_t rows_max; /* read at the most: ATHENA_ROWS_MAX, or
			    * $FLOWDIAG_ATHENA_ROWS for tests */
	bool partial;      /* stopped at rows_max */
};

/* Runs the query for s's target over o->table in [from, to] and hands
 * each row to s as a record line, under a file entry "athena:DB.TABLE"
 * whose query statistics it sets.  A query that fails or is cancelled is
 * EC_QUERY with Athena's reason; a SIGINT while it runs stops it
 * (StopQueryExecution) and is EC_INTERRUPTED. */
int athena_fetch(const struct athena_options *o, struct scan *s, int64_t from,
    int64_t to, struct athena_stats *st, struct errinfo *ei);

#endif
