/*
 * Where VPC Flow Logs put their objects in Amazon S3, and which of them a
 * window needs: pure functions of names and times, no request made.
 *
 * A flow log delivers to PREFIX/AWSLogs/ in one of two layouts, with or
 * without an hour partition under the day:
 *
 *   plain  ACCOUNT/vpcflowlogs/REGION/YYYY/MM/DD/[HH/]
 *   hive   aws-account-id=ACCOUNT/aws-service=vpcflowlogs/
 *          aws-region=REGION/year=YYYY/month=MM/day=DD/[hour=HH/]
 *
 * and names each object ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_
 * YYYYMMDDTHHmmZ_HASH.log.gz (.parquet for Parquet), the stamp being the
 * 5-minute delivery batch, in UTC, as the folders are.
 */
#ifndef FLOWDIAG_S3_KEYS_H
#define FLOWDIAG_S3_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/util/errinfo.h"

/* A delivery batch: the records of 5 minutes. */
#define S3_BATCH 300
/* The longest aggregation interval a flow log takes: 10 minutes. */
#define S3_AGGREGATION_MAX 600

/* An account id: 12 digits. */
#define S3_ACCOUNT_LEN 12
/* The longest region name taken ("ap-southeast-5", "us-gov-west-1"). */
#define S3_REGION_MAX 32

enum s3_layout {
	S3_PLAIN,
	S3_HIVE,
};

/* What an object is to the window. */
enum s3_pick {
	S3_READ,    /* a text flow log whose batch may hold the window's */
	S3_OUTSIDE, /* a flow log of another time */
	S3_PARQUET, /* a Parquet flow log of the window: not read here */
	S3_OTHER,   /* not named as flow logs are */
};

/* Splits s3://BUCKET[/PREFIX] into new strings: the bucket, checked
 * against S3's rules (3 to 63 of a-z 0-9 . -), and the prefix, "" or
 * ending with '/'.  A prefix with an empty or dot segment ("a//b", "./"),
 * or a byte other than letters, digits and -._=!*'() is refused: a key
 * is signed as S3 reads it, and those would not be. */
int s3_url_parse(const char *url, char **bucket, char **prefix,
    struct errinfo *ei);

/* Whether s is a 12-digit account id. */
bool s3_account_valid(const char *s);

/* The stamps [*lo, *hi] of the batches that can hold records of the
 * window [from, to], objects delivered up to delay seconds late. */
void s3_stamp_range(int64_t from, int64_t to, int64_t delay, int64_t *lo,
    int64_t *hi);

/* The account folder name under AWSLogs/ ("123456789012/", or
 * "aws-account-id=123456789012/"): true with account (13 bytes) and its
 * layout set; false for anything else. */
bool s3_account_dir(const char *name, char *account, enum s3_layout *layout);

/* The key prefix whose folders are the account's regions: a new string. */
char *s3_regions_prefix(enum s3_layout layout, const char *prefix,
    const char *account);

/* A region folder ("us-east-1/", "aws-region=us-east-1/") of layout: true
 * with region (S3_REGION_MAX + 1 bytes) set. */
bool s3_region_dir(enum s3_layout layout, const char *name, char *region);

/* The start of the UTC day that holds t. */
int64_t s3_day_start(int64_t t);

/* The key prefix of the UTC day that holds t: a new string. */
char *s3_day_prefix(enum s3_layout layout, const char *prefix,
    const char *account, const char *region, int64_t t);

/* The hour of an hour folder of layout ("07/", "hour=07/"), or -1. */
int s3_hour_dir(enum s3_layout layout, const char *name);

/* The stamp of an object name (its last key segment) as Unix seconds;
 * -1 when it holds no YYYYMMDDTHHmmZ field that is a real time. */
int s3_name_stamp(const char *name, int64_t *stamp);

/* What the object named name (its last key segment) is to the batches
 * [lo, hi]. */
enum s3_pick s3_pick_object(const char *name, int64_t lo, int64_t hi);

/* Whether the hour (day) folder starting at t can hold batches of
 * [lo, hi]: AWS does not say whether a folder takes a batch by the start
 * or the end of its 5 minutes, so a batch either side counts. */
bool s3_hour_wanted(int64_t t, int64_t lo, int64_t hi);
bool s3_day_wanted(int64_t t, int64_t lo, int64_t hi);

#endif
