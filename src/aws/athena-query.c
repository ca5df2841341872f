#include "config.h"

#include "flowdiag/aws/athena.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/aws/s3-keys.h"
#include "flowdiag/util/buf.h"

#include "insights-int.h"

/*
 * Why the query reads as it does.
 *
 * Partitions.  Athena bills by the bytes it reads, and only a filter on
 * the partition keys keeps it from reading the whole table.  A flow log
 * file lands in the partition of the time it was delivered, which is at
 * or after the end of every record in it: a record that ends at or after
 * the window's start is in a partition no earlier than the window's, and
 * one that starts in the window is delivered within the delivery delay
 * after it ends.  So the partitions read run from the window's start to
 * its end plus DELIVERY_DELAY.  dt 'YYYY/MM/DD' compares as text in date
 * order, and a date as a date, so a range does; year/month/day[/hour]
 * keys are listed day by day, the first and last days narrowed by hour
 * when there is one.
 *
 * Rows.  The query groups and sums as the Logs Insights query does
 * (insights.c says why that keeps the verdict): by every key field the
 * table has and by the minute of the start, summing packets and bytes and
 * widening start and end.  A NULL (a "-" in a text table, NODATA's
 * fields) groups with the other NULLs and comes back as "-".
 *
 * Text.  Only what flowdiag made reaches the SQL: validated names, the
 * column names of known fields, numbers, and the target's address as
 * flowdiag prints it back.  Every identifier is double-quoted, as "end"
 * must be (a reserved word).
 */

/* Flow logs reach S3 within about ten minutes (PIPELINE_DELIVERY_DELAY,
 * which --s3 reads with too). */
#define DELIVERY_DELAY 600

/* The most a query may hold: the year/month/day list of
 * ATHENA_DAYS_MAX days fits with room. */
#define QUERY_MAX (256 * 1024)

/* The address fields the filter compares with the target's. */
static const enum flow_field addrs[] = { FF_SRCADDR, FF_DSTADDR, FF_PKT_SRCADDR,
	FF_PKT_DSTADDR };

/* The fields a table must have: the address filter, the window, and
 * what tells a record from a gap. */
static const enum flow_field needed[] = { FF_SRCADDR, FF_DSTADDR, FF_START,
	FF_END, FF_LOG_STATUS };

bool
athena_name_valid(const char *s)
{
	size_t n = strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	return n > 0 && n <= ATHENA_NAME_MAX && s[n] == '\0';
}

/* Copies part[0..len) lower-cased into out, or says what is wrong; name
 * is the setting's, spec its value. */
static int
table_part(const char *name, const char *spec, const char *what,
    const char *part, size_t len, char *out, struct errinfo *ei)
{
	size_t i;

	if (len == 0) {
		return errinfo_set(ei, EC_USAGE,
		    "%s '%s': the %s name is empty (DB.TABLE)", name, spec,
		    what);
	}
	if (len > ATHENA_NAME_MAX) {
		return errinfo_set(ei, EC_USAGE,
		    "%s: the %s name is longer than %d characters", name, what,
		    ATHENA_NAME_MAX);
	}
	for (i = 0; i < len; i++) {
		if (!isascii((unsigned char)part[i]) ||
		    (!isalnum((unsigned char)part[i]) && part[i] != '_')) {
			return errinfo_set(ei, EC_USAGE,
			    "%s '%s': the %s name may hold only letters, "
			    "digits and '_' (DB.TABLE)",
			    name, spec, what);
		}
		out[i] = (char)tolower((unsigned char)part[i]);
	}
	out[len] = '\0';
	return 0;
}

static int
table_parse(const char *name, const char *spec, struct athena_table *t,
    struct errinfo *ei)
{
	const char *dot = strchr(spec, '.');

	memset(t, 0, sizeof(*t));
	if (dot == NULL) {
		return errinfo_set(ei, EC_USAGE,
		    "%s '%s': give the database too (DB.TABLE)", name, spec);
	}
	if (table_part(name, spec, "database", spec, (size_t)(dot - spec),
		t->db, ei) == -1)
		return -1;
	return table_part(name, spec, "table", dot + 1, strlen(dot + 1),
	    t->name, ei);
}

int
athena_table_parse(const char *spec, struct athena_table *t, struct errinfo *ei)
{
	return table_parse("--athena-table", spec, t, ei);
}

int
athena_check_table(const char *name, const char *spec, struct errinfo *ei)
{
	struct athena_table t;

	return table_parse(name, spec, &t, ei);
}

int
athena_check_workgroup(const char *name, const char *wg, struct errinfo *ei)
{
	size_t n = strspn(wg,
	    "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	if (n == 0 || n > 128 || wg[n] != '\0') {
		return errinfo_set(ei, EC_USAGE,
		    "%s: a workgroup name is 1 to 128 letters, digits, '.', "
		    "'_' and '-'",
		    name);
	}
	return 0;
}

int
athena_check_output(const char *name, const char *url, struct errinfo *ei)
{
	if (strncmp(url, "s3://", 5) != 0 || url[5] == '\0' || url[5] == '/') {
		return errinfo_set(ei, EC_USAGE,
		    "%s is an S3 location: s3://BUCKET/PREFIX/", name);
	}
	return 0;
}

/* The table's column of field f: its name with '_' for '-'. */
static void
table_column(enum flow_field f, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%s", flow_field_info(f)->name);
	for (p = buf; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
	}
}

/* The result column: the table's, or a sum's alias. */
void
athena_column(enum flow_field f, char *buf, size_t size)
{
	unsigned int i;

	for (i = 0; i < INSIGHTS_NSUMS; i++) {
		if (insights_sums[i].f == f) {
			snprintf(buf, size, "%s", insights_sums[i].as);
			return;
		}
	}
	table_column(f, buf, size);
}

/* The field whose column is name, or -1. */
static int
field_of_column(const char *name)
{
	char col[64];
	int f;

	for (f = 0; f < FLOW_NFIELDS; f++) {
		table_column(f, col, sizeof(col));
		if (strcmp(col, name) == 0)
			return f;
	}
	return -1;
}

static bool
is_integer_type(const char *type)
{
	return strcmp(type, "int") == 0 || strcmp(type, "integer") == 0 ||
	    strcmp(type, "bigint") == 0 || strcmp(type, "smallint") == 0 ||
	    strcmp(type, "tinyint") == 0;
}

static bool
is_string_type(const char *type)
{
	return strcmp(type, "string") == 0 || strncmp(type, "varchar", 7) == 0;
}

/* The partition keys of a table: "dt" (a string) or "date" (a date)
 * alone, or year, month, day and perhaps hour, all strings or all
 * integers. */
static int
read_partitions(json_t *keys, const struct athena_table *t,
    struct athena_layout *l, struct errinfo *ei)
{
	static const char *hive[] = { "year", "month", "day", "hour" };
	char names[256] = "";
	const char *name, *type;
	json_t *k;
	size_t i, n = json_array_size(keys), len;
	int strings = 0, ints = 0;

	json_array_foreach (keys, i, k) {
		name = json_string_value(json_object_get(k, "Name"));
		type = json_string_value(json_object_get(k, "Type"));
		len = strlen(names);
		snprintf(names + len, sizeof(names) - len, "%s%s",
		    len ? ", " : "",
		    name != NULL && athena_name_valid(name) ? name : "?");
		if (type != NULL && is_string_type(type))
			strings++;
		else if (type != NULL && is_integer_type(type))
			ints++;
	}
	if (n == 1 && strcmp(names, "dt") == 0 && strings == 1) {
		l->by = ATHENA_BY_DT;
		return 0;
	}
	type =
	    json_string_value(json_object_get(json_array_get(keys, 0), "Type"));
	if (n == 1 && strcmp(names, "date") == 0 && type != NULL &&
	    strcmp(type, "date") == 0) {
		l->by = ATHENA_BY_DATE;
		return 0;
	}
	if ((n == 3 || n == 4) && (strings == (int)n || ints == (int)n)) {
		for (i = 0; i < n; i++) {
			name = json_string_value(
			    json_object_get(json_array_get(keys, i), "Name"));
			if (name == NULL || strcmp(name, hive[i]) != 0)
				break;
		}
		if (i == n) {
			l->by = ATHENA_BY_HIVE;
			l->hour = n == 4;
			l->numeric = ints == (int)n;
			return 0;
		}
	}
	if (n == 0) {
		return errinfo_set(ei, EC_USAGE,
		    "Athena table %s.%s has no partition keys: a query would "
		    "read all of it; partition it by dt (string, 'YYYY/MM/DD'), "
		    "date (date) or year, month, day[, hour]",
		    t->db, t->name);
	}
	return errinfo_set(ei, EC_USAGE,
	    "Athena table %s.%s is partitioned by %s, which flowdiag cannot "
	    "filter by the window: it reads tables partitioned by dt "
	    "(string, 'YYYY/MM/DD'), by date (date) or by year, month, "
	    "day[, hour] (all strings or all integers)",
	    t->db, t->name, names);
}

int
athena_layout_read(json_t *meta, const struct athena_table *t,
    struct athena_layout *l, struct errinfo *ei)
{
	const char *name;
	json_t *col;
	size_t i;
	int f;

	memset(l, 0, sizeof(*l));
	json_array_foreach (json_object_get(meta, "Columns"), i, col) {
		name = json_string_value(json_object_get(col, "Name"));
		if (name != NULL && (f = field_of_column(name)) != -1)
			l->has |= FLOW_BIT(f);
	}
	for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (!(l->has & FLOW_BIT(needed[i]))) {
			char want[64];

			table_column(needed[i], want, sizeof(want));
			return errinfo_set(ei, EC_USAGE,
			    "Athena table %s.%s has no column %s: is it a "
			    "VPC flow log table?",
			    t->db, t->name, want);
		}
	}
	return read_partitions(json_object_get(meta, "PartitionKeys"), t, l,
	    ei);
}

void
athena_layout_assume(const struct flow_format *fmt, struct athena_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->has = fmt->has;
	l->by = ATHENA_BY_DT;
}

void
athena_row_format(const struct athena_layout *l, struct flow_format *out)
{
	struct flow_format f = { 0 };

	f.has = l->has;
	insights_row_format(&f, out);
}

static bool
has(const struct athena_layout *l, enum flow_field f)
{
	return (l->has & FLOW_BIT(f)) != 0;
}

/* A key of the Hive layout, as a string or an integer. */
static void
hive_key(struct buf *b, const struct athena_layout *l, const char *key,
    const char *op, int v, int width)
{
	if (l->numeric)
		buf_printf(b, "\"%s\" %s %d", key, op, v);
	else
		buf_printf(b, "\"%s\" %s '%0*d'", key, op, width, v);
}

/* The partition filter for the days (and hours) of [from, to]. */
static int
partition_filter(struct buf *b, const struct athena_layout *l, int64_t from,
    int64_t to, struct errinfo *ei)
{
	struct tm a, z, d;
	time_t ta = (time_t)from, tz = (time_t)to, day;
	int64_t ndays;
	int64_t i;

	gmtime_r(&ta, &a);
	gmtime_r(&tz, &z);
	if (l->by == ATHENA_BY_DT) {
		buf_printf(b,
		    "\"dt\" BETWEEN '%04d/%02d/%02d' AND "
		    "'%04d/%02d/%02d'",
		    a.tm_year + 1900, a.tm_mon + 1, a.tm_mday, z.tm_year + 1900,
		    z.tm_mon + 1, z.tm_mday);
		return 0;
	}
	if (l->by == ATHENA_BY_DATE) {
		buf_printf(b,
		    "\"date\" BETWEEN DATE '%04d-%02d-%02d' AND "
		    "DATE '%04d-%02d-%02d'",
		    a.tm_year + 1900, a.tm_mon + 1, a.tm_mday, z.tm_year + 1900,
		    z.tm_mon + 1, z.tm_mday);
		return 0;
	}
	ndays = (to / 86400) - (from / 86400) + 1;
	if (ndays > ATHENA_DAYS_MAX) {
		return errinfo_set(ei, EC_USAGE,
		    "the window spans %lld days: flowdiag lists at most %d "
		    "days of year/month/day partitions; give a shorter "
		    "window (--from, --to)",
		    (long long)ndays, ATHENA_DAYS_MAX);
	}
	buf_printf(b, "(");
	for (i = 0; i < ndays; i++) {
		day = (time_t)((from / 86400 + i) * 86400);
		gmtime_r(&day, &d);
		buf_printf(b, "%s(", i ? " OR " : "");
		hive_key(b, l, "year", "=", d.tm_year + 1900, 4);
		buf_printf(b, " AND ");
		hive_key(b, l, "month", "=", d.tm_mon + 1, 2);
		buf_printf(b, " AND ");
		hive_key(b, l, "day", "=", d.tm_mday, 2);
		if (l->hour && i == 0 && a.tm_hour > 0) {
			buf_printf(b, " AND ");
			hive_key(b, l, "hour", ">=", a.tm_hour, 2);
		}
		if (l->hour && i == ndays - 1 && z.tm_hour < 23) {
			buf_printf(b, " AND ");
			hive_key(b, l, "hour", "<=", z.tm_hour, 2);
		}
		buf_printf(b, ")");
	}
	buf_printf(b, ")");
	return 0;
}

/* Column col holds address needle.  IPv4 text has one form, but IPv6
 * has several (zeros shortened or not, upper or lower case): its column
 * is compared as an address, which a "-" is not (try_cast's NULL). */
static void
addr_filter(struct buf *b, const char *col, int family, const char *needle)
{
	if (family == 4)
		buf_printf(b, "\"%s\" = '%s' OR ", col, needle);
	else
		buf_printf(b,
		    "try_cast(\"%s\" AS ipaddress) = IPADDRESS '%s' OR ", col,
		    needle);
}

char *
athena_query(const struct athena_table *t, const struct athena_layout *l,
    const struct addr *a, int64_t from, int64_t to, struct errinfo *ei)
{
	struct flow_format out;
	struct buf b, keys;
	char col[64];
	int64_t lo, hi;
	unsigned int i;

	static const uint8_t zero[16] = { 0 };
	char needle[ADDR_STRLEN] = "";

	/* :: is every address, as for the scan. */
	if (a != NULL && a->family != 0 &&
	    !(a->family == 6 && memcmp(a->bytes, zero, 16) == 0))
		addr_format(a, needle, sizeof(needle));
	/* The address is flowdiag's own printing; anything else would be
	 * a bug, and must not reach the SQL. */
	if (strspn(needle, "0123456789abcdefABCDEF.:") != strlen(needle)) {
		errinfo_set(ei, EC_INTERNAL,
		    "athena: an address '%s' that "
		    "is not one",
		    needle);
		return NULL;
	}
	buf_init(&b, QUERY_MAX);
	buf_init(&keys, QUERY_MAX);
	athena_row_format(l, &out);
	/* The keys: the row format's fields that are not sums. */
	for (i = 0; i < out.n; i++) {
		enum flow_field f = out.field[i];

		if (f == FF_PACKETS || f == FF_BYTES || f == FF_START ||
		    f == FF_END)
			continue;
		athena_column(f, col, sizeof(col));
		buf_printf(&keys, "\"%s\", ", col);
	}
	buf_printf(&b, "SELECT %s", keys.data != NULL ? keys.data : "");
	for (i = 0; i < INSIGHTS_NSUMS; i++) {
		if (!has(l, insights_sums[i].f))
			continue;
		/* packets, bytes, start, end: no '-' to change */
		buf_printf(&b, "%s(\"%s\") AS \"%s\", ", insights_sums[i].fn,
		    flow_field_info(insights_sums[i].f)->name,
		    insights_sums[i].as);
	}
	buf_printf(&b,
	    "count(*) AS \"agg_records\"\nFROM \"%s\".\"%s\"\nWHERE ", t->db,
	    t->name);
	/* A partition is the folder of the objects, which is their batch's:
	 * the partitions read are those of the batches --s3 reads, so that a
	 * record ending late in the window and delivered late is read by
	 * both. */
	s3_stamp_range(from, to, DELIVERY_DELAY, &lo, &hi);
	if (partition_filter(&b, l, lo, hi, ei) == -1) {
		buf_release(&b);
		buf_release(&keys);
		return NULL;
	}
	buf_printf(&b, "\nAND \"start\" <= %lld AND \"end\" >= %lld",
	    (long long)to, (long long)from);
	if (needle[0] != '\0') {
		buf_printf(&b, "\nAND (");
		for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			if (!has(l, addrs[i]))
				continue;
			athena_column(addrs[i], col, sizeof(col));
			addr_filter(&b, col, a->family, needle);
		}
		buf_printf(&b, "\"log_status\" IN ('NODATA', 'SKIPDATA'))");
	}
	buf_printf(&b, "\nGROUP BY %s\"start\" / 60\nORDER BY \"agg_start\"",
	    keys.data != NULL ? keys.data : "");
	buf_release(&keys);
	return b.data; /* never NULL: there is text */
}

/* The result columns of the fields of the row format, by the header
 * row's names: col[i] is field i's column, or -1. */
int
athena_map_columns(json_t *header, const struct flow_format *out, int *col,
    struct errinfo *ei)
{
	json_t *data = json_object_get(header, "Data"), *cell;
	char name[64];
	const char *v;
	unsigned int i;
	size_t j;

	if (json_array_size(data) > ATHENA_COLUMNS_MAX) {
		return errinfo_set(ei, EC_SERVICE,
		    "athena GetQueryResults: %zu columns, more than the "
		    "query asked for",
		    json_array_size(data));
	}
	for (i = 0; i < out->n; i++) {
		col[i] = -1;
		athena_column(out->field[i], name, sizeof(name));
		json_array_foreach (data, j, cell) {
			v = json_string_value(
			    json_object_get(cell, "VarCharValue"));
			if (v != NULL && strcmp(v, name) == 0)
				col[i] = (int)j;
		}
		if (col[i] == -1) {
			return errinfo_set(ei, EC_SERVICE,
			    "athena GetQueryResults: the header row has no "
			    "column %s",
			    name);
		}
	}
	return 0;
}

/* Writes a row as a line in the row format: a NULL cell (no
 * VarCharValue) is "-"; blanks and control characters in a value become
 * '?', so that a hostile value cannot add fields to the line and is read
 * as malformed; a row shorter than the header makes a line short of
 * fields, which is counted as malformed too, not passed over. */
void
athena_row_line(json_t *row, const struct flow_format *out, const int *col,
    struct buf *b)
{
	json_t *data = json_object_get(row, "Data");
	const char *v;
	unsigned int i;
	size_t k, len;

	buf_reset(b);
	for (i = 0; i < out->n; i++) {
		if ((size_t)col[i] >= json_array_size(data))
			continue;
		v = json_string_value(
		    json_object_get(json_array_get(data, (size_t)col[i]),
			"VarCharValue"));
		if (v == NULL || v[0] == '\0')
			v = "-";
		if (b->len > 0)
			buf_append(b, " ", 1);
		len = strlen(v);
		for (k = 0; k < len; k++) {
			char ch = (unsigned char)v[k] <= ' ' || v[k] == 0x7f
			    ? '?'
			    : v[k];

			buf_append(b, &ch, 1);
		}
	}
}
