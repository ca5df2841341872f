#include "config.h"

#include "flowdiag/aws/s3-keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

/* The civil date of a day since 1970-01-01. */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era;
	unsigned int doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned int)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool
bucket_valid(const char *b, size_t n)
{
	size_t i;

	if (n < 3 || n > 63)
		return false;
	for (i = 0; i < n; i++) {
		if (!((b[i] >= 'a' && b[i] <= 'z') ||
			(b[i] >= '0' && b[i] <= '9') || b[i] == '.' ||
			b[i] == '-'))
			return false;
	}
	return b[0] != '.' && b[0] != '-' && b[n - 1] != '.' && b[n - 1] != '-';
}

/* The bytes a key segment may hold here: S3's "safe" characters and '=',
 * which the Hive layout uses; each signs as S3 reads it. */
static bool
key_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("-._=!*'()", c) != NULL;
}

int
s3_url_parse(const char *url, char **bucket, char **prefix, struct errinfo *ei)
{
	const char *b, *p, *seg;
	size_t n, len;

	*bucket = *prefix = NULL;
	if (strncmp(url, "s3://", 5) != 0)
		return errinfo_set(ei, EC_USAGE,
		    "--s3 '%s' is not an s3://BUCKET/PREFIX URL", url);
	b = url + 5;
	n = strcspn(b, "/");
	if (!bucket_valid(b, n))
		return errinfo_set(ei, EC_USAGE,
		    "--s3 '%s': '%.*s' is not a bucket name (3 to 63 of "
		    "a-z 0-9 . -)",
		    url, (int)(n > 63 ? 63 : n), b);
	p = b + n + (b[n] == '/');
	len = strlen(p);
	while (len > 0 && p[len - 1] == '/')
		len--;
	for (seg = p; seg < p + len; seg += n + 1) {
		n = strcspn(seg, "/");
		if (seg + n > p + len)
			n = (size_t)(p + len - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return errinfo_set(ei, EC_USAGE,
			    "--s3 '%s': the prefix has an empty or dot "
			    "segment",
			    url);
		for (size_t i = 0; i < n; i++) {
			if (!key_byte(seg[i]))
				return errinfo_set(ei, EC_USAGE,
				    "--s3 '%s': the prefix holds '%c', which "
				    "flowdiag does not take in a key (letters, "
				    "digits and -._=!*'() only)",
				    url, seg[i]);
		}
	}
	*bucket = xstrndup(b, (size_t)(strcspn(b, "/")));
	if (len == 0)
		*prefix = xstrdup("");
	else
		xasprintf(prefix, "%.*s/", (int)len, p);
	return 0;
}

bool
s3_account_valid(const char *s)
{
	return strlen(s) == S3_ACCOUNT_LEN &&
	    strspn(s, "0123456789") == S3_ACCOUNT_LEN;
}

/*
 * Which batches can hold a record of the window [from, to]: a record
 * counts when its end is at from or later and its start at to or earlier.
 * Flow Logs files a record in the batch during which its aggregation
 * interval closed, and AWS leaves open whether a batch's stamp is where
 * its 5 minutes start or end: a batch stamped T holds records that ended
 * in [T - S3_BATCH, T + S3_BATCH].  So the earliest batch is the one that
 * may hold a record that ended at from: from - S3_BATCH.  The latest: a
 * record that started at to ended at most S3_AGGREGATION_MAX later, its
 * batch is stamped at most S3_BATCH after that, and it may have been
 * delivered delay late, in a batch stamped that much later still.
 */
void
s3_stamp_range(int64_t from, int64_t to, int64_t delay, int64_t *lo,
    int64_t *hi)
{
	*lo = from - S3_BATCH;
	*hi = to + S3_AGGREGATION_MAX + S3_BATCH + delay;
}

bool
s3_account_dir(const char *name, char *account, enum s3_layout *layout)
{
	const char *hive = "aws-account-id=";
	size_t n = strlen(name);

	if (n == 0 || name[n - 1] != '/')
		return false;
	*layout = S3_PLAIN;
	if (strncmp(name, hive, strlen(hive)) == 0) {
		*layout = S3_HIVE;
		name += strlen(hive);
		n -= strlen(hive);
	}
	if (n != S3_ACCOUNT_LEN + 1 ||
	    strspn(name, "0123456789") != S3_ACCOUNT_LEN)
		return false;
	memcpy(account, name, S3_ACCOUNT_LEN);
	account[S3_ACCOUNT_LEN] = '\0';
	return true;
}

char *
s3_regions_prefix(enum s3_layout layout, const char *prefix,
    const char *account)
{
	char *s;

	if (layout == S3_HIVE)
		xasprintf(&s,
		    "%sAWSLogs/aws-account-id=%s/aws-service=vpcflowlogs/",
		    prefix, account);
	else
		xasprintf(&s, "%sAWSLogs/%s/vpcflowlogs/", prefix, account);
	return s;
}

bool
s3_region_dir(enum s3_layout layout, const char *name, char *region)
{
	const char *tag = "aws-region=";
	size_t n;

	if (layout == S3_HIVE) {
		if (strncmp(name, tag, strlen(tag)) != 0)
			return false;
		name += strlen(tag);
	}
	n = strlen(name);
	/* "us-east-1/": lowercase letters, digits and '-', one '-' at the
	 * least, and the folder's '/'. */
	if (n < 2 || n - 1 > S3_REGION_MAX || name[n - 1] != '/' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != n - 1 ||
	    memchr(name, '-', n - 1) == NULL || name[0] == '-')
		return false;
	memcpy(region, name, n - 1);
	region[n - 1] = '\0';
	return true;
}

int64_t
s3_day_start(int64_t t)
{
	return floor_div(t, 86400) * 86400;
}

char *
s3_day_prefix(enum s3_layout layout, const char *prefix, const char *account,
    const char *region, int64_t t)
{
	char *s, *base = s3_regions_prefix(layout, prefix, account);
	int y, m, d;

	civil_from_days(floor_div(t, 86400), &y, &m, &d);
	if (layout == S3_HIVE)
		xasprintf(&s, "%saws-region=%s/year=%04d/month=%02d/day=%02d/",
		    base, region, y, m, d);
	else
		xasprintf(&s, "%s%s/%04d/%02d/%02d/", base, region, y, m, d);
	free(base);
	return s;
}

int
s3_hour_dir(enum s3_layout layout, const char *name)
{
	if (layout == S3_HIVE) {
		if (strncmp(name, "hour=", 5) != 0)
			return -1;
		name += 5;
	}
	if (strlen(name) != 3 || name[2] != '/' || name[0] < '0' ||
	    name[0] > '2' || name[1] < '0' || name[1] > '9' ||
	    (name[0] - '0') * 10 + (name[1] - '0') > 23)
		return -1;
	return (name[0] - '0') * 10 + (name[1] - '0');
}

/* n digits at p as a number, or -1. */
static int
digits(const char *p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

/* The Unix time of a YYYYMMDDTHHmmZ field at p (14 bytes), or -1. */
static int
stamp_at(const char *p, int64_t *stamp)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int y = digits(p, 4), mo = digits(p + 4, 2), d = digits(p + 6, 2);
	int h = digits(p + 9, 2), mi = digits(p + 11, 2);

	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    p[8] != 'T' || h < 0 || h > 23 || mi < 0 || mi > 59 || p[13] != 'Z')
		return -1;
	if (mo == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*stamp =
	    when_days_from_civil(y, (unsigned int)mo, (unsigned int)d) * 86400 +
	    h * 3600 + mi * 60;
	return 0;
}

int
s3_name_stamp(const char *name, int64_t *stamp)
{
	const char *p, *end;

	/* The field between two '_' that is a stamp: the account, region
	 * and flow log id before it hold none. */
	for (p = name; (p = strchr(p, '_')) != NULL; p = end) {
		p++;
		end = p + strcspn(p, "_");
		if (*end == '_' && end - p == 14 && stamp_at(p, stamp) == 0)
			return 0;
	}
	return -1;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

enum s3_pick
s3_pick_object(const char *name, int64_t lo, int64_t hi)
{
	int64_t stamp;
	bool parquet = ends_with(name, ".parquet");

	if (strstr(name, "_vpcflowlogs_") == NULL ||
	    s3_name_stamp(name, &stamp) == -1 ||
	    (!parquet && !ends_with(name, ".log.gz") &&
		!ends_with(name, ".log")))
		return S3_OTHER;
	if (stamp < lo || stamp > hi)
		return S3_OUTSIDE;
	return parquet ? S3_PARQUET : S3_READ;
}

/* A folder's hour (or day) is that of its batches' stamps, or of the
 * other end of their 5 minutes: one batch more on either side. */
bool
s3_hour_wanted(int64_t t, int64_t lo, int64_t hi)
{
	return t + 3600 + S3_BATCH > lo && t - S3_BATCH <= hi;
}

bool
s3_day_wanted(int64_t t, int64_t lo, int64_t hi)
{
	return t + 86400 + S3_BATCH > lo && t - S3_BATCH <= hi;
}
