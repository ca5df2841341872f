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

/* The listing keeps this many objects at the most, whatever the limits
 * asked for: some 20 MB of keys. */
#define S3_LIST_MAX 100000

/* Where a listing stops: past objects objects or bytes bytes (0: at
 * S3_LIST_MAX), or at the first Parquet object of the window. */
struct s3_limits {
	uint64_t objects;
	uint64_t bytes;
	bool parquet;
};

/* What to read; every pointer is borrowed. */
struct s3_options {
	const char *const *urls; /* s3://BUCKET/PREFIX */
	size_t nurls;
	const char *account; /* --account, or NULL: every account listed */
	const char *region;  /* with account: its only region listed */
	/* account and region are EC2's owner of the target's address, not
	 * the user's: when their folders hold no flow log, every account's
	 * are listed */
	bool guessed;
	struct aws_options aws;
	int64_t delay; /* how late an object may be delivered, seconds */
	bool debug;    /* trace the requests, secrets redacted */
	bool progress; /* progress notices */
	bool again;    /* a second reading (a census): no warnings */
	/* Past as many objects or bytes of the window (0: never),
	 * s3_fetch() says once that --athena-table would have Athena
	 * query them instead. */
	const struct s3_limits *hint;
};

/* What was listed and read, for the progress line and the tests. */
struct s3_stats {
	uint64_t listed; /* objects listed */
	uint64_t wanted; /* objects of the window, to read */
	uint64_t wanted_bytes;
	uint64_t read;    /* objects read */
	uint64_t bytes;   /* bytes of the objects read, as stored */
	uint64_t parquet; /* Parquet objects of the window, not read */
	uint64_t other;   /* objects not named as flow logs are */
};

/* Reads the flow log objects under each URL that can hold records of
 * t's window into s, each a file of the scan named s3://BUCKET/KEY, in
 * key order, listing and reading in turn, so that memory stays bounded
 * whatever the number of objects; st (may be NULL) gets the counts.
 * Fails with the line of S3's error: no such bucket, access denied
 * (naming the action), the bucket in another region, still throttled
 * after the retries. */
int s3_fetch(struct scan *s, const struct s3_options *o, const struct target *t,
    struct s3_stats *st, struct errinfo *ei);

/* An object of the window, listed and not yet read. */
struct s3_object {
	size_t url; /* its index in s3_options.urls */
	char *key;
	uint64_t size; /* as stored */
};

/* What the listing of a window found before any object is read. */
struct s3_listing {
	struct s3_object *v; /* in the order s3_fetch() reads them */
	size_t n;
	uint64_t bytes;   /* the sum of their sizes */
	uint64_t parquet; /* Parquet objects of the window, not listed */
	bool stopped;     /* at a limit: the window holds more */
};

/* Lists the objects of t's window under each URL, as s3_fetch() would
 * read them, into l (which starts zeroed; free it with
 * s3_listing_release()), without reading any; stops at lim, with
 * l->stopped set.  st (may be NULL) gets the listing's counts.  Fails as
 * s3_fetch() does. */
int s3_list(const struct s3_options *o, const struct target *t,
    const struct s3_limits *lim, struct s3_listing *l, struct s3_stats *st,
    struct errinfo *ei);

/* Reads the objects of l (borrowed), a listing that did not stop, into s
 * as s3_fetch() would; st (may be NULL) gets the counts. */
int s3_read(struct scan *s, const struct s3_options *o,
    const struct s3_listing *l, struct s3_stats *st, struct errinfo *ei);

void s3_listing_release(struct s3_listing *l);

/* Says which of lim's limits objects and bytes went past, "more than
 * 2000 objects", "more than 2.0 GB of objects", into buf. */
void s3_limits_passed(const struct s3_limits *lim, uint64_t objects,
    uint64_t bytes, char *buf, size_t size);

#endif
