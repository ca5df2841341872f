/*
 * Amazon S3 as a source: the flow log objects of a window, found by
 * listing only the days (and hours) the window needs (s3-keys.h), read a
 * few at a time through the scan, in key order, as if they were files.
 */
#ifndef FLOWDIAG_S3_H
#define FLOWDIAG_S3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"

/* Objects read side by side. */
#define S3_CONNECTIONS 4

/* What to read; every pointer is borrowed. */
struct s3_options {
	const char *const *urls; /* s3://BUCKET/PREFIX */
	size_t nurls;
	const char *account; /* --account, or NULL: every account listed */
	struct aws_options aws;
	int64_t delay; /* how late an object may be delivered, seconds */
	bool debug;    /* trace the requests, secrets redacted */
	bool progress; /* progress notices */
	bool again;    /* a second reading (a census): no warnings */
};

/* What was listed and read, for the progress line and the tests. */
struct s3_stats {
	uint64_t listed;  /* objects listed */
	uint64_t read;    /* objects read */
	uint64_t bytes;   /* bytes of the objects read, as stored */
	uint64_t parquet; /* Parquet objects of the window, not read */
	uint64_t other;   /* objects not named as flow logs are */
};

/* Reads the flow log objects under each URL that can hold records of
 * t's window into s, each a file of the scan named s3://BUCKET/KEY, in
 * key order; st (may be NULL) gets the counts.  Fails with the line of
 * S3's error: no such bucket, access denied (naming the action), the
 * bucket in another region, still throttled after the retries. */
int s3_fetch(struct scan *s, const struct s3_options *o, const struct target *t,
    struct s3_stats *st, struct errinfo *ei);

#endif
