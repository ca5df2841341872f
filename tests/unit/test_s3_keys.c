/*
 * Unit tests of s3-keys.c: which folders and objects of a flow log's S3
 * delivery a window needs.  The times are worked out by hand:
 * 1700000000 is 2023-11-14T22:13:20Z, so 2023-11-14T22:15Z, the stamp of
 * the bundled example object, is 1700000100, that day starts at
 * 1699920000 and the next at 1700006400.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/aws/s3-keys.h"

#define EXAMPLE                                                    \
	"123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_" \
	"20231114T2215Z_5f1d2c3b.log.gz"

static void
url_parse(void **state)
{
	static const char *const bad[] = { "http://bucket/x", "s3://ab/x",
		"s3://My_Bucket/x", "s3://-bucket/x", "s3://bucket/a//b",
		"s3://bucket/a/./b", "s3://bucket/../b", "s3://bucket/a b",
		"s3://bucket/a%2Fb", NULL };
	struct errinfo ei;
	char *b, *p;
	size_t i;

	(void)state;
	assert_int_equal(s3_url_parse("s3://my-bucket", &b, &p, &ei), 0);
	assert_string_equal(b, "my-bucket");
	assert_string_equal(p, "");
	free(b);
	free(p);
	assert_int_equal(s3_url_parse("s3://my.bucket/", &b, &p, &ei), 0);
	assert_string_equal(b, "my.bucket");
	assert_string_equal(p, "");
	free(b);
	free(p);
	assert_int_equal(s3_url_parse("s3://flow-1/org/vpc/", &b, &p, &ei), 0);
	assert_string_equal(b, "flow-1");
	assert_string_equal(p, "org/vpc/");
	free(b);
	free(p);
	/* No final '/': the prefix names a folder all the same. */
	assert_int_equal(s3_url_parse("s3://flow-1/logs", &b, &p, &ei), 0);
	assert_string_equal(p, "logs/");
	free(b);
	free(p);
	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(s3_url_parse(bad[i], &b, &p, &ei), -1);
		assert_int_equal(ei.code, EC_USAGE);
		assert_null(b);
		assert_null(p);
	}
}

static void
stamp_range(void **state)
{
	int64_t lo, hi;

	(void)state;
	/* An hour's window, 10 minutes' delay: 5 minutes before it, and
	 * after it 10 (aggregation) + 5 (batch) + 10 (delay) minutes. */
	s3_stamp_range(1700000000, 1700003600, 600, &lo, &hi);
	assert_int_equal(lo, 1699999700);
	assert_int_equal(hi, 1700005100);
	s3_stamp_range(1700000000, 1700000000, 0, &lo, &hi);
	assert_int_equal(lo, 1699999700);
	assert_int_equal(hi, 1700000900);
}

static void
name_stamp(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(s3_name_stamp(EXAMPLE, &t), 0);
	assert_int_equal(t, 1700000100);
	/* 2024 is a leap year: 2024-01-01 is day 19723, plus 31 + 28. */
	assert_int_equal(s3_name_stamp("1_vpcflowlogs_r_fl-1_20240229T0000Z_"
				       "h.log.gz",
			     &t),
	    0);
	assert_int_equal(t, 1709164800);
	assert_int_equal(s3_name_stamp("1_x_20230229T0000Z_h.log.gz", &t), -1);
	assert_int_equal(s3_name_stamp("1_x_20231114T2460Z_h.log.gz", &t), -1);
	assert_int_equal(s3_name_stamp("1_x_20231114T2215_h.log.gz", &t), -1);
	/* The stamp is a field between '_': not at the end. */
	assert_int_equal(s3_name_stamp("1_x_20231114T2215Z.log.gz", &t), -1);
	assert_int_equal(s3_name_stamp("", &t), -1);
}

static void
pick_object(void **state)
{
	(void)state;
	/* The bounds are in. */
	assert_int_equal(s3_pick_object(EXAMPLE, 1700000100, 1700000100),
	    S3_READ);
	assert_int_equal(s3_pick_object(EXAMPLE, 1700000101, 1700009999),
	    S3_OUTSIDE);
	assert_int_equal(s3_pick_object(EXAMPLE, 1600000000, 1700000099),
	    S3_OUTSIDE);
	assert_int_equal(s3_pick_object("123456789012_vpcflowlogs_us-east-1_"
					"fl-1_20231114T2215Z_ab.log.parquet",
			     1700000000, 1700001000),
	    S3_PARQUET);
	assert_int_equal(s3_pick_object("123456789012_vpcflowlogs_us-east-1_"
					"fl-1_20231114T2215Z_ab.log.parquet",
			     1700000200, 1700001000),
	    S3_OUTSIDE);
	assert_int_equal(s3_pick_object("123456789012_vpcflowlogs_us-east-1_"
					"fl-1_20231114T2215Z_ab.log",
			     1700000000, 1700001000),
	    S3_READ);
	assert_int_equal(s3_pick_object("123456789012_vpcflowlogs_us-east-1_"
					"fl-1_20231114T2215Z_ab.txt",
			     1700000000, 1700001000),
	    S3_OTHER);
	assert_int_equal(s3_pick_object("123456789012_CloudTrail_us-east-1_"
					"20231114T2215Z_ab.json.gz",
			     1700000000, 1700001000),
	    S3_OTHER);
	assert_int_equal(s3_pick_object("notes.log.gz", 0, INT64_MAX),
	    S3_OTHER);
}

static void
folders(void **state)
{
	char account[S3_ACCOUNT_LEN + 1], region[S3_REGION_MAX + 1];
	enum s3_layout layout;

	(void)state;
	assert_true(s3_account_dir("123456789012/", account, &layout));
	assert_string_equal(account, "123456789012");
	assert_int_equal(layout, S3_PLAIN);
	assert_true(
	    s3_account_dir("aws-account-id=210987654321/", account, &layout));
	assert_string_equal(account, "210987654321");
	assert_int_equal(layout, S3_HIVE);
	assert_false(s3_account_dir("12345678901/", account, &layout));
	assert_false(s3_account_dir("123456789012", account, &layout));
	assert_false(s3_account_dir("1234567890123/", account, &layout));
	assert_false(s3_account_dir("CloudTrail/", account, &layout));

	assert_true(s3_region_dir(S3_PLAIN, "us-east-1/", region));
	assert_string_equal(region, "us-east-1");
	assert_true(s3_region_dir(S3_HIVE, "aws-region=eu-west-2/", region));
	assert_string_equal(region, "eu-west-2");
	assert_false(s3_region_dir(S3_PLAIN, "aws-region=eu-west-2/", region));
	assert_false(s3_region_dir(S3_HIVE, "eu-west-2/", region));
	assert_false(s3_region_dir(S3_PLAIN, "US-EAST-1/", region));
	assert_false(s3_region_dir(S3_PLAIN, "useast/", region));
	assert_false(s3_region_dir(S3_PLAIN, "us-east-1", region));

	assert_int_equal(s3_hour_dir(S3_PLAIN, "00/"), 0);
	assert_int_equal(s3_hour_dir(S3_PLAIN, "07/"), 7);
	assert_int_equal(s3_hour_dir(S3_PLAIN, "23/"), 23);
	assert_int_equal(s3_hour_dir(S3_PLAIN, "24/"), -1);
	assert_int_equal(s3_hour_dir(S3_PLAIN, "7/"), -1);
	assert_int_equal(s3_hour_dir(S3_PLAIN, "hour=07/"), -1);
	assert_int_equal(s3_hour_dir(S3_HIVE, "hour=07/"), 7);
	assert_int_equal(s3_hour_dir(S3_HIVE, "07/"), -1);
}

static void
days(void **state)
{
	char *p;

	(void)state;
	assert_int_equal(s3_day_start(1700000000), 1699920000);
	assert_int_equal(s3_day_start(1699920000), 1699920000);
	assert_int_equal(s3_day_start(1700006399), 1699920000);
	assert_int_equal(s3_day_start(1700006400), 1700006400);
	assert_int_equal(s3_day_start(-1), -86400);

	p = s3_day_prefix(S3_PLAIN, "logs/", "123456789012", "us-east-1",
	    1700000000);
	assert_string_equal(p,
	    "logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/14/");
	free(p);
	p = s3_day_prefix(S3_PLAIN, "", "123456789012", "us-east-1",
	    1700006400);
	assert_string_equal(p,
	    "AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/11/15/");
	free(p);
	p = s3_day_prefix(S3_HIVE, "logs/", "123456789012", "eu-west-2",
	    1709164800);
	assert_string_equal(p,
	    "logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/"
	    "aws-region=eu-west-2/year=2024/month=02/day=29/");
	free(p);
	p = s3_regions_prefix(S3_HIVE, "", "123456789012");
	assert_string_equal(p,
	    "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/");
	free(p);
	p = s3_regions_prefix(S3_PLAIN, "a/", "123456789012");
	assert_string_equal(p, "a/AWSLogs/123456789012/vpcflowlogs/");
	free(p);
}

static void
hours(void **state)
{
	(void)state;
	/* Hour 00 of 2023-11-15 covers [1700006400, 1700010000), and a
	 * batch (300 s) either side: [1700006100, 1700010300). */
	assert_true(s3_hour_wanted(1700006400, 1700010299, 1700020000));
	assert_false(s3_hour_wanted(1700006400, 1700010300, 1700020000));
	assert_true(s3_hour_wanted(1700006400, 1700000000, 1700006100));
	assert_false(s3_hour_wanted(1700006400, 1700000000, 1700006099));
	/* The day 2023-11-15 covers [1700006400, 1700092800), widened
	 * alike to [1700006100, 1700093100). */
	assert_true(s3_day_wanted(1700006400, 1700093099, 1700100000));
	assert_false(s3_day_wanted(1700006400, 1700093100, 1700100000));
	assert_true(s3_day_wanted(1700006400, 1700000000, 1700006100));
	assert_false(s3_day_wanted(1700006400, 1700000000, 1700006099));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_parse),
		cmocka_unit_test(stamp_range),
		cmocka_unit_test(name_stamp),
		cmocka_unit_test(pick_object),
		cmocka_unit_test(folders),
		cmocka_unit_test(days),
		cmocka_unit_test(hours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
