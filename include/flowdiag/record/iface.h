/*
 * Per network interface: how much of the time its flow log covers, as the
 * records that reach the scan show it.  This is what the gap analysis reads:
 * when an interface was logged, when it had no traffic (NODATA) and when
 * records were skipped (SKIPDATA).
 */
#ifndef FLOWDIAG_IFACE_H
#define FLOWDIAG_IFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/util/addr.h"

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
	/* The addresses the target talks to in those direct records: peer,
	 * and how many differ (0, 1, or 2 for two or more).  With two, the
	 * address they share is the target's, and the interface its own. */
	struct addr peer;
	unsigned int peers;
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

/* The entry of the len bytes of id, or NULL: iface_get() that adds
 * nothing, as quick for the records of one interface in a row. */
struct iface *iface_known(struct iface_table *t, const char *id, size_t len);

/* Adds every interface of from, its counts and its intervals, to into:
 * what one table would hold had it seen both tables' records. */
void iface_table_merge(struct iface_table *into,
    const struct iface_table *from);

/* Adds [start, end] to l, merging what overlaps or touches it. */
void interval_add(struct interval_list *l, int64_t start, int64_t end);

/* Seconds of l inside [from, to]. */
int64_t interval_overlap(const struct interval_list *l, int64_t from,
    int64_t to);

/* Whether an interval of l overlaps [from, to). */
bool interval_touches(const struct interval_list *l, int64_t from, int64_t to);

/* Everything f's records of any status cover, merged into out, which
 * starts empty and which the caller frees (out->v). */
void iface_coverage(const struct iface *f, struct interval_list *out);

/* Notes that f's direct record talks to peer; inline, for it is done for
 * every record of the target, and done with after the second peer. */
static inline void
iface_add_peer(struct iface *f, const struct addr *peer)
{
	if (f->peers == 0) {
		f->peer = *peer;
		f->peers = 1;
	} else if (f->peers == 1 && !addr_equal(&f->peer, peer))
		f->peers = 2;
}

/*
 * Whose an interface is, from all its records: an interface logs its own
 * primary private address in every record it writes (srcaddr or dstaddr),
 * so its owner is the address that (nearly) every record names.  Only the
 * addresses of its first records can be that: they are the candidates,
 * each with the records that name it.
 */
#define IFACE_CANDIDATES 8

struct iface_census {
	struct addr cand[IFACE_CANDIDATES];
	uint64_t hits[IFACE_CANDIDATES];
	size_t n;
	uint64_t records;
};

void iface_census_add(struct iface_census *c, const struct addr *src,
    const struct addr *dst);
void iface_census_merge(struct iface_census *into,
    const struct iface_census *from);

/* The owner: the one candidate that all but a twentieth of two or more
 * records name, or NULL when there is none (or two, as when every record
 * is between the same two addresses). */
const struct addr *iface_census_owner(const struct iface_census *c);

#endif
