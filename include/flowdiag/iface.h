/*
 * Per network interface: how much of the time its flow log covers, as the
 * records that reach the scan show it.  This is what the gap analysis reads:
 * when an interface was logged, when it had no traffic (NODATA) and when
 * records were skipped (SKIPDATA).
 */
#ifndef FLOWDIAG_IFACE_H
#define FLOWDIAG_IFACE_H

#include <stddef.h>
#include <stdint.h>

/* Intervals kept per list; past that, the closest are merged. */
#define IFACE_INTERVALS_MAX 1024

struct interval {
	int64_t start;
	int64_t end;
};

/* Sorted, disjoint intervals; touching ones are merged. */
struct interval_list {
	struct interval *v;
	size_t n;
	size_t cap;
};

struct iface {
	char *id;         /* "eni-0a1b..." */
	size_t idlen;     /* strlen(id), for the table's compares */
	uint64_t records; /* records that carry the target's address */
	uint64_t matched; /* those of them that concern the target:port */
	int64_t first;    /* earliest start among them */
	int64_t last;     /* latest end among them */
	/* Of those records: the target's address as srcaddr or dstaddr (not
	 * only in pkt-*), and, where flow-direction tells, on this interface's
	 * side of the flow or on the far side. */
	uint64_t direct;
	uint64_t local;
	uint64_t remote;
	struct interval_list traffic; /* when those records were logged */
	uint64_t status_records;      /* NODATA and SKIPDATA records */
	struct interval_list nodata;
	struct interval_list skipdata;
};

struct iface_table {
	struct iface **slots; /* open addressing by id */
	size_t nslots;
	size_t n;
	struct iface *last; /* the one found last */
};

void iface_table_init(struct iface_table *t);
void iface_table_release(struct iface_table *t);

/* The entry for id[0..len), made on first use. */
struct iface *iface_get(struct iface_table *t, const char *id, size_t len);

/* The entry for id, or NULL. */
struct iface *iface_find(const struct iface_table *t, const char *id);

/* Adds every interface of from, its counts and its intervals, to into:
 * what one table would hold had it seen both tables' records. */
void iface_table_merge(struct iface_table *into,
    const struct iface_table *from);

/* Adds [start, end] to l, merging what overlaps or touches it. */
void interval_add(struct interval_list *l, int64_t start, int64_t end);

#endif
