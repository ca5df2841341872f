/*
 * Unit tests of athena-query.c: the names it lets into SQL, the layouts
 * it reads from GetTableMetadata and those it refuses, and the query it
 * writes, compared with queries worked out by hand from the table
 * definitions in AWS's documentation (Athena user guide, "Create a table
 * for Amazon VPC flow logs") and the times in UTC.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "flowdiag/aws/athena.h"

/* The address of s, in storage that the next call reuses. */
static const struct addr *
ip(const char *s)
{
	static struct addr a;

	assert_int_equal(addr_parse_str(s, strlen(s) + 1, &a), 0);
	return &a;
}

static void
test_names(void **state)
{
	char longest[ATHENA_NAME_MAX + 2];

	(void)state;
	assert_true(athena_name_valid("vpc_flow_logs"));
	assert_true(athena_name_valid("Db2"));
	assert_true(athena_name_valid("_x"));
	assert_false(athena_name_valid(""));
	assert_false(athena_name_valid("a b"));
	assert_false(athena_name_valid("a.b"));
	assert_false(athena_name_valid("a\"b"));
	assert_false(athena_name_valid("a'--"));
	assert_false(athena_name_valid("a-b"));
	assert_false(athena_name_valid("caf\xc3\xa9"));
	memset(longest, 'a', sizeof(longest));
	longest[ATHENA_NAME_MAX] = '\0';
	assert_true(athena_name_valid(longest));
	longest[ATHENA_NAME_MAX] = 'a';
	longest[ATHENA_NAME_MAX + 1] = '\0';
	assert_false(athena_name_valid(longest));
}

static void
test_table_parse(void **state)
{
	static const struct {
		const char *spec;
		const char *why; /* in the message; NULL: accepted */
	} bad[] = {
		{ "vpc", "give the database too (DB.TABLE)" },
		{ ".vpc", "the database name is empty" },
		{ "flowlogs.", "the table name is empty" },
		{ "a.b.c",
		    "the table name may hold only letters, digits and '_'" },
		{ "a;drop.b", "the database name may hold only" },
		{ "a.b\"", "the table name may hold only" },
		{ "a.b' OR '1'='1", "the table name may hold only" },
		{ "a.b c", "the table name may hold only" },
		{ "a.t\xc3\xa9", "the table name may hold only" },
	};
	struct athena_table t;
	struct errinfo ei;
	size_t i;

	(void)state;
	assert_int_equal(athena_table_parse("FlowLogs.VPC_Flow_1", &t, &ei), 0);
	/* Athena's names are lower case. */
	assert_string_equal(t.db, "flowlogs");
	assert_string_equal(t.name, "vpc_flow_1");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ei.code = EC_OK;
		assert_int_equal(athena_table_parse(bad[i].spec, &t, &ei), -1);
		assert_int_equal(ei.code, EC_USAGE);
		if (strstr(ei.msg, bad[i].why) == NULL)
			fail_msg("'%s': %s", bad[i].spec, ei.msg);
	}
}

/* A TableMetadata object with the columns cols (names, space-separated,
 * all strings) and the partition keys keys ("name:type ..."). */
static json_t *
meta(const char *cols, const char *keys)
{
	json_t *m = json_object(), *c = json_array(), *k = json_array();
	char buf[1024], *p, *save = NULL, *colon;

	snprintf(buf, sizeof(buf), "%s", cols);
	for (p = strtok_r(buf, " ", &save); p != NULL;
	     p = strtok_r(NULL, " ", &save))
		json_array_append_new(c,
		    json_pack("{s:s, s:s}", "Name", p, "Type", "string"));
	snprintf(buf, sizeof(buf), "%s", keys);
	for (p = strtok_r(buf, " ", &save); p != NULL;
	     p = strtok_r(NULL, " ", &save)) {
		colon = strchr(p, ':');
		*colon = '\0';
		json_array_append_new(k,
		    json_pack("{s:s, s:s}", "Name", p, "Type", colon + 1));
	}
	json_object_set_new(m, "Columns", c);
	json_object_set_new(m, "PartitionKeys", k);
	return m;
}

/* The version 2 columns, and those of versions 2 to 5 as AWS's sample
 * table has them. */
#define V2                                                                 \
	"version account_id interface_id srcaddr dstaddr srcport dstport " \
	"protocol packets bytes start end action log_status"
#define V5                                                             \
	V2 " vpc_id subnet_id instance_id tcp_flags type pkt_srcaddr " \
	   "pkt_dstaddr region az_id sublocation_type sublocation_id " \
	   "pkt_src_aws_service pkt_dst_aws_service flow_direction "   \
	   "traffic_path"

static int
layout(const char *cols, const char *keys, struct athena_layout *l,
    struct errinfo *ei)
{
	struct athena_table t;
	json_t *m = meta(cols, keys);
	int ret;

	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, ei), 0);
	ret = athena_layout_read(m, &t, l, ei);
	json_decref(m);
	return ret;
}

static void
test_layouts(void **state)
{
	static const struct {
		const char *cols;
		const char *keys;
		const char *why;
	} bad[] = {
		{ V2, "",
		    "has no partition keys: a query would read all of it" },
		{ V2, "date:string",
		    "is partitioned by date, which flowdiag cannot filter" },
		{ V2, "dt:date", "is partitioned by dt, which" },
		{ V2, "year:string month:string day:int",
		    "is partitioned by year, month, day, which" },
		{ V2, "month:string year:string day:string",
		    "is partitioned by month, year, day, which" },
		{ V2, "accid:string region:string day:string",
		    "is partitioned by accid, region, day, which" },
		{ "version srcaddr dstaddr start end action", "dt:string",
		    "has no column log_status: is it a VPC flow log table?" },
		{ "srcaddr dstaddr start log_status", "dt:string",
		    "has no column end" },
	};
	struct athena_layout l;
	struct errinfo ei;
	size_t i;

	(void)state;
	assert_int_equal(layout(V2, "dt:string", &l, &ei), 0);
	assert_int_equal(l.by, ATHENA_BY_DT);
	assert_true(l.has & FLOW_BIT(FF_LOG_STATUS));
	assert_false(l.has & FLOW_BIT(FF_PKT_SRCADDR));
	assert_int_equal(layout(V5,
			     "year:string month:string day:string "
			     "hour:string",
			     &l, &ei),
	    0);
	assert_int_equal(l.by, ATHENA_BY_HIVE);
	assert_true(l.hour);
	assert_false(l.numeric);
	assert_true(l.has & FLOW_BIT(FF_PKT_DSTADDR));
	assert_true(l.has & FLOW_BIT(FF_TRAFFIC_PATH));
	assert_int_equal(layout(V2, "year:int month:int day:int", &l, &ei), 0);
	assert_false(l.hour);
	assert_true(l.numeric);
	assert_int_equal(layout(V2, "date:date", &l, &ei), 0);
	assert_int_equal(l.by, ATHENA_BY_DATE);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ei.code = EC_OK;
		assert_int_equal(layout(bad[i].cols, bad[i].keys, &l, &ei), -1);
		assert_int_equal(ei.code, EC_USAGE);
		if (strstr(ei.msg, bad[i].why) == NULL)
			fail_msg("%s / %s: %s", bad[i].cols, bad[i].keys,
			    ei.msg);
	}
}

/* The console's table (version 2, dt), 2023-11-14T22:13:20Z to
 * 22:23:20Z: one day; the window's end plus the delivery margin (15
 * minutes) is still that day. */
static void
test_query_dt(void **state)
{
	static const char want[] =
	    "SELECT \"interface_id\", \"srcaddr\", \"dstaddr\", \"srcport\", "
	    "\"dstport\", \"protocol\", \"action\", \"log_status\", "
	    "sum(\"packets\") AS \"agg_packets\", sum(\"bytes\") AS "
	    "\"agg_bytes\", min(\"start\") AS \"agg_start\", max(\"end\") AS "
	    "\"agg_end\", count(*) AS \"agg_records\"\n"
	    "FROM \"flowlogs\".\"vpc\"\n"
	    "WHERE \"dt\" BETWEEN '2023/11/14' AND '2023/11/14'\n"
	    "AND \"start\" <= 1700000600 AND \"end\" >= 1700000000\n"
	    "AND (\"srcaddr\" = '10.0.1.10' OR \"dstaddr\" = '10.0.1.10' OR "
	    "\"log_status\" IN ('NODATA', 'SKIPDATA'))\n"
	    "GROUP BY \"interface_id\", \"srcaddr\", \"dstaddr\", \"srcport\", "
	    "\"dstport\", \"protocol\", \"action\", \"log_status\", "
	    "\"start\" / 60\n"
	    "ORDER BY \"agg_start\"";
	struct athena_table t;
	struct athena_layout l;
	struct errinfo ei;
	char *q;

	(void)state;
	assert_int_equal(layout(V2, "dt:string", &l, &ei), 0);
	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, &ei), 0);
	q = athena_query(&t, &l, ip("10.0.1.10"), 1700000000, 1700000600, &ei);
	assert_non_null(q);
	assert_string_equal(q, want);
	free(q);
	/* 23:50 to 23:55: the margin reaches into the next day. */
	q = athena_query(&t, &l, ip("10.0.1.10"), 1700005800, 1700006100, &ei);
	assert_non_null(
	    strstr(q, "\"dt\" BETWEEN '2023/11/14' AND '2023/11/15'\n"));
	free(q);
	/* 23:35 to 23:40: a record that starts at 23:40 ends by 23:50 (the
	 * 10-minute interval), is in the batch of 23:55 at the latest and
	 * may be delivered ten minutes late, in one of 00:05: the next day's
	 * folder, as --s3 reads it. */
	q = athena_query(&t, &l, ip("10.0.1.10"), 1700004900, 1700005200, &ei);
	assert_non_null(
	    strstr(q, "\"dt\" BETWEEN '2023/11/14' AND '2023/11/15'\n"));
	free(q);
	/* 2023-11-15T00:02Z to 00:10Z: a record that ended at 00:02 may be
	 * in the batch stamped 23:57 (AWS leaves open which end of its five
	 * minutes a stamp marks), in the day before's folder. */
	q = athena_query(&t, &l, ip("10.0.1.10"), 1700006520, 1700007000, &ei);
	assert_non_null(
	    strstr(q, "\"dt\" BETWEEN '2023/11/14' AND '2023/11/15'\n"));
	free(q);
}

/* AWS's versions 2-5 table in the Hive layout with hours, over
 * midnight: 2026-01-01T23:30Z to 2026-01-02T00:10Z (23:25 to 00:35 with
 * the margins).  The pkt-* addresses are filtered on too, and the keys are
 * those of the Insights query that the table has. */
static void
test_query_hive(void **state)
{
	static const char want[] =
	    "SELECT \"interface_id\", \"srcaddr\", \"dstaddr\", \"srcport\", "
	    "\"dstport\", \"protocol\", \"action\", \"log_status\", "
	    "\"subnet_id\", \"tcp_flags\", \"flow_direction\", "
	    "\"pkt_srcaddr\", \"pkt_dstaddr\", "
	    "sum(\"packets\") AS \"agg_packets\", sum(\"bytes\") AS "
	    "\"agg_bytes\", min(\"start\") AS \"agg_start\", max(\"end\") AS "
	    "\"agg_end\", count(*) AS \"agg_records\"\n"
	    "FROM \"flowlogs\".\"vpc\"\n"
	    "WHERE (("
	    "\"year\" = '2026' AND \"month\" = '01' AND \"day\" = '01' AND "
	    "\"hour\" >= '23') OR ("
	    "\"year\" = '2026' AND \"month\" = '01' AND \"day\" = '02' AND "
	    "\"hour\" <= '00'))\n"
	    "AND \"start\" <= 1767312600 AND \"end\" >= 1767310200\n"
	    "AND (try_cast(\"srcaddr\" AS ipaddress) = IPADDRESS "
	    "'2001:db8::1' OR try_cast(\"dstaddr\" AS ipaddress) = "
	    "IPADDRESS '2001:db8::1' OR try_cast(\"pkt_srcaddr\" AS "
	    "ipaddress) = IPADDRESS '2001:db8::1' OR try_cast(\"pkt_dstaddr\" "
	    "AS ipaddress) = IPADDRESS '2001:db8::1' OR \"log_status\" IN "
	    "('NODATA', 'SKIPDATA'))\n"
	    "GROUP BY \"interface_id\", \"srcaddr\", \"dstaddr\", \"srcport\", "
	    "\"dstport\", \"protocol\", \"action\", \"log_status\", "
	    "\"subnet_id\", \"tcp_flags\", \"flow_direction\", "
	    "\"pkt_srcaddr\", \"pkt_dstaddr\", \"start\" / 60\n"
	    "ORDER BY \"agg_start\"";
	struct athena_table t;
	struct athena_layout l;
	struct errinfo ei;
	char *q;

	(void)state;
	assert_int_equal(layout(V5,
			     "year:string month:string day:string hour:string",
			     &l, &ei),
	    0);
	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, &ei), 0);
	/* Written long, the address is printed canonical. */
	q = athena_query(&t, &l, ip("2001:DB8:0:0::0001"), 1767310200,
	    1767312600, &ei);
	assert_non_null(q);
	assert_string_equal(q, want);
	free(q);
}

/* Integer keys without hours, 2026-01-01T12:00Z to 2026-01-03T00:00Z:
 * three days, every hour of them. */
static void
test_query_hive_days(void **state)
{
	static const char want[] =
	    "WHERE (("
	    "\"year\" = 2026 AND \"month\" = 1 AND \"day\" = 1) OR ("
	    "\"year\" = 2026 AND \"month\" = 1 AND \"day\" = 2) OR ("
	    "\"year\" = 2026 AND \"month\" = 1 AND \"day\" = 3))\n"
	    "AND \"start\" <= 1767398400 AND \"end\" >= 1767268800\n";
	struct athena_table t;
	struct athena_layout l;
	struct errinfo ei;
	char *q;

	(void)state;
	assert_int_equal(layout(V2, "year:int month:int day:int", &l, &ei), 0);
	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, &ei), 0);
	q = athena_query(&t, &l, ip("10.0.1.10"), 1767268800, 1767398400, &ei);
	assert_non_null(q);
	if (strstr(q, want) == NULL)
		fail_msg("%s", q);
	free(q);
	/* A window of more days than the list may hold is refused. */
	ei.code = EC_OK;
	q = athena_query(&t, &l, ip("10.0.1.10"), 1767268800,
	    1767268800 + (int64_t)400 * 86400, &ei);
	assert_null(q);
	assert_int_equal(ei.code, EC_USAGE);
	assert_non_null(strstr(ei.msg, "the window spans 401 days"));
	/* dt is a range: no such limit. */
	assert_int_equal(layout(V2, "dt:string", &l, &ei), 0);
	q = athena_query(&t, &l, ip("10.0.1.10"), 1767268800,
	    1767268800 + (int64_t)400 * 86400, &ei);
	assert_non_null(
	    strstr(q, "\"dt\" BETWEEN '2026/01/01' AND '2027/02/05'"));
	free(q);
}

/* AWS's sample table, partitioned by a date: 2023-11-14T23:50Z to
 * 23:55Z, the margin reaching 2023-11-15. */
static void
test_query_date(void **state)
{
	struct athena_table t;
	struct athena_layout l;
	struct errinfo ei;
	char *q;

	(void)state;
	assert_int_equal(layout(V2, "date:date", &l, &ei), 0);
	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, &ei), 0);
	q = athena_query(&t, &l, ip("10.0.1.10"), 1700005800, 1700006100, &ei);
	assert_non_null(q);
	if (strstr(q,
		"\nWHERE \"date\" BETWEEN DATE '2023-11-14' AND DATE "
		"'2023-11-15'\nAND \"start\" <= 1700006100 AND") == NULL)
		fail_msg("%s", q);
	free(q);
}

/* Without an address (none, or ::) the query reads every record of the
 * window. */
static void
test_query_all(void **state)
{
	struct athena_table t;
	struct athena_layout l;
	struct errinfo ei;
	char *q;
	int i;

	(void)state;
	assert_int_equal(layout(V2, "dt:string", &l, &ei), 0);
	assert_int_equal(athena_table_parse("flowlogs.vpc", &t, &ei), 0);
	for (i = 0; i < 2; i++) {
		q = athena_query(&t, &l, i ? ip("::") : NULL, 1700000000,
		    1700000600, &ei);
		assert_non_null(q);
		assert_non_null(strstr(q,
		    "AND \"start\" <= 1700000600 AND "
		    "\"end\" >= 1700000000\nGROUP BY"));
		assert_null(strstr(q, "NODATA"));
		free(q);
	}
}

/* The lines made from rows have the Insights row format: keys, then
 * the sums; the result column of each field. */
static void
test_row_format(void **state)
{
	struct athena_layout l;
	struct flow_format out;
	struct errinfo ei;
	char col[64];

	(void)state;
	assert_int_equal(layout(V2, "dt:string", &l, &ei), 0);
	athena_row_format(&l, &out);
	assert_int_equal(out.n, 12);
	assert_int_equal(out.field[0], FF_INTERFACE_ID);
	assert_int_equal(out.field[7], FF_LOG_STATUS);
	assert_int_equal(out.field[8], FF_PACKETS);
	assert_int_equal(out.field[11], FF_END);
	athena_column(FF_LOG_STATUS, col, sizeof(col));
	assert_string_equal(col, "log_status");
	athena_column(FF_END, col, sizeof(col));
	assert_string_equal(col, "agg_end");
	athena_column(FF_PKT_SRCADDR, col, sizeof(col));
	assert_string_equal(col, "pkt_srcaddr");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_table_parse),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_query_dt),
		cmocka_unit_test(test_query_hive),
		cmocka_unit_test(test_query_hive_days),
		cmocka_unit_test(test_query_date),
		cmocka_unit_test(test_query_all),
		cmocka_unit_test(test_row_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
