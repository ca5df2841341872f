#include "config.h"

#include "flowdiag/record/iface.h"

#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

void
iface_table_init(struct iface_table *t)
{
	t->nslots = 64;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	t->n = 0;
	t->last = NULL;
}

void
iface_table_release(struct iface_table *t)
{
	size_t i;

	for (i = 0; i < t->nslots; i++) {
		struct iface *f = t->slots[i];

		if (f == NULL)
			continue;
		free(f->id);
		free(f->traffic.v);
		free(f->nodata.v);
		free(f->skipdata.v);
		free(f);
	}
	free(t->slots);
	t->slots = NULL;
	t->nslots = t->n = 0;
	t->last = NULL;
}

/* Eight bytes at a time: interface ids are 21 bytes long, and hashing
 * them a byte at a time (FNV-1a) was 6% of a scan. */
static size_t
hash(const char *s, size_t len)
{
	uint64_t h = len * 0x9e3779b97f4a7c15ULL, w;

	for (; len > 0; s += 8, len -= len < 8 ? len : 8) {
		w = 0;
		memcpy(&w, s, len < 8 ? len : 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return (size_t)(h ^ h >> 29);
}

static size_t
slot_of(struct iface **slots, size_t nslots, const char *id, size_t len)
{
	size_t i = hash(id, len) & (nslots - 1);

	while (slots[i] != NULL &&
	    (slots[i]->idlen != len || memcmp(slots[i]->id, id, len) != 0))
		i = (i + 1) & (nslots - 1);
	return i;
}

static void
grow(struct iface_table *t)
{
	struct iface **old = t->slots;
	size_t oldn = t->nslots, i;

	t->nslots *= 2;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	for (i = 0; i < oldn; i++) {
		if (old[i] != NULL) {
			t->slots[slot_of(t->slots, t->nslots, old[i]->id,
			    old[i]->idlen)] = old[i];
		}
	}
	free(old);
}

struct iface *
iface_get(struct iface_table *t, const char *id, size_t len)
{
	size_t i;
	struct iface *f;

	/* Records of one interface tend to come together. */
	f = t->last;
	if (f != NULL && f->idlen == len && memcmp(f->id, id, len) == 0)
		return f;
	if ((t->n + 1) * 2 > t->nslots)
		grow(t);
	i = slot_of(t->slots, t->nslots, id, len);
	if (t->slots[i] != NULL)
		return t->last = t->slots[i];
	f = xcalloc(1, sizeof(*f));
	f->id = xstrndup(id, len);
	f->idlen = len;
	f->first = INT64_MAX;
	f->last = INT64_MIN;
	t->slots[i] = f;
	t->n++;
	return t->last = f;
}

struct iface *
iface_known(struct iface_table *t, const char *id, size_t len)
{
	struct iface *f = t->last;
	size_t i;

	if (f != NULL && f->idlen == len && memcmp(f->id, id, len) == 0)
		return f;
	if (t->nslots == 0)
		return NULL;
	i = slot_of(t->slots, t->nslots, id, len);
	if (t->slots[i] != NULL)
		t->last = t->slots[i];
	return t->slots[i];
}

struct iface *
iface_find(const struct iface_table *t, const char *id)
{
	size_t i;

	if (t->nslots == 0)
		return NULL;
	i = slot_of(t->slots, t->nslots, id, strlen(id));
	return t->slots[i];
}

/* Merges the two neighbours whose gap is smallest, to make room. */
static void
merge_closest(struct interval_list *l)
{
	size_t i, best = 0;
	int64_t gap, best_gap = INT64_MAX;

	for (i = 0; i + 1 < l->n; i++) {
		gap = l->v[i + 1].start - l->v[i].end;
		if (gap < best_gap) {
			best_gap = gap;
			best = i;
		}
	}
	l->v[best].end = l->v[best + 1].end;
	memmove(&l->v[best + 1], &l->v[best + 2],
	    (l->n - best - 2) * sizeof(*l->v));
	l->n--;
}

void
interval_add(struct interval_list *l, int64_t start, int64_t end)
{
	size_t lo = 0, hi = l->n, i, j;

	/* Time mostly goes forward: the interval touches the last one and
	 * not the one before, the common case, taken without a search. */
	if (l->n > 0) {
		struct interval *last = &l->v[l->n - 1];

		if (start <= last->end + 1 && end >= last->start - 1 &&
		    (l->n == 1 || l->v[l->n - 2].end < start - 1)) {
			if (start < last->start)
				last->start = start;
			if (end > last->end)
				last->end = end;
			return;
		}
	}

	/* The first interval whose end reaches start - 1. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (l->v[mid].end < start - 1)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	/* Swallow every interval that overlaps or touches [start, end]. */
	for (j = i; j < l->n && l->v[j].start <= end + 1; j++) {
		if (l->v[j].start < start)
			start = l->v[j].start;
		if (l->v[j].end > end)
			end = l->v[j].end;
	}
	if (j > i) {
		l->v[i].start = start;
		l->v[i].end = end;
		memmove(&l->v[i + 1], &l->v[j], (l->n - j) * sizeof(*l->v));
		l->n -= j - i - 1;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*l->v));
	l->v[i].start = start;
	l->v[i].end = end;
	l->n++;
	if (l->n > IFACE_INTERVALS_MAX)
		merge_closest(l);
}

static void
intervals_merge(struct interval_list *into, const struct interval_list *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		interval_add(into, from->v[i].start, from->v[i].end);
}

void
iface_table_merge(struct iface_table *into, const struct iface_table *from)
{
	size_t i;

	for (i = 0; i < from->nslots; i++) {
		const struct iface *f = from->slots[i];
		struct iface *t;

		if (f == NULL)
			continue;
		t = iface_get(into, f->id, strlen(f->id));
		t->records += f->records;
		t->matched += f->matched;
		if (f->first < t->first)
			t->first = f->first;
		if (f->last > t->last)
			t->last = f->last;
		t->direct += f->direct;
		t->local += f->local;
		t->remote += f->remote;
		if (f->peers > 0)
			iface_add_peer(t, &f->peer);
		if (f->peers > 1)
			t->peers = 2;
		intervals_merge(&t->traffic, &f->traffic);
		t->status_records += f->status_records;
		intervals_merge(&t->nodata, &f->nodata);
		intervals_merge(&t->skipdata, &f->skipdata);
	}
}

/* Counts a hit of a, a candidate or one to be. */
static void
census_hit(struct iface_census *c, const struct addr *a, uint64_t hits)
{
	size_t i;

	if (a->family == 0)
		return;
	for (i = 0; i < c->n; i++) {
		if (addr_equal(&c->cand[i], a)) {
			c->hits[i] += hits;
			return;
		}
	}
	if (c->n < IFACE_CANDIDATES) {
		c->cand[c->n] = *a;
		c->hits[c->n++] = hits;
	}
}

void
iface_census_add(struct iface_census *c, const struct addr *src,
    const struct addr *dst)
{
	c->records++;
	census_hit(c, src, 1);
	if (!addr_equal(src, dst))
		census_hit(c, dst, 1);
}

void
iface_census_merge(struct iface_census *into, const struct iface_census *from)
{
	size_t i;

	into->records += from->records;
	for (i = 0; i < from->n; i++)
		census_hit(into, &from->cand[i], from->hits[i]);
}

const struct addr *
iface_census_owner(const struct iface_census *c)
{
	const struct addr *owner = NULL;
	size_t i;

	if (c->records < 2)
		return NULL;
	for (i = 0; i < c->n; i++) {
		if (c->hits[i] * 20 < c->records * 19)
			continue;
		if (owner != NULL)
			return NULL;
		owner = &c->cand[i];
	}
	return owner;
}

int64_t
interval_overlap(const struct interval_list *l, int64_t from, int64_t to)
{
	int64_t n = 0, a, b;
	size_t i;

	for (i = 0; i < l->n; i++) {
		a = l->v[i].start > from ? l->v[i].start : from;
		b = l->v[i].end < to ? l->v[i].end : to;
		if (b > a)
			n += b - a;
	}
	return n;
}

bool
interval_touches(const struct interval_list *l, int64_t from, int64_t to)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].start < to && l->v[i].end >= from)
			return true;
	}
	return false;
}

void
iface_coverage(const struct iface *f, struct interval_list *out)
{
	const struct interval_list *lists[] = { &f->traffic, &f->nodata,
		&f->skipdata };
	size_t i, k;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (k = 0; k < lists[i]->n; k++)
			interval_add(out, lists[i]->v[k].start,
			    lists[i]->v[k].end);
	}
}
