/*
 * The scan's hot path: find the first place in a buffer where any of a
 * few short strings starts, and count newlines, at the speed of the
 * vector unit simd_level() chooses: AVX-512, AVX2 or SSE2 on x86-64,
 * NEON on arm64, a portable loop elsewhere or when capped.
 * Everything the scan does not parse goes through here and nowhere else.
 */
#ifndef FLOWDIAG_PREFILTER_H
#define FLOWDIAG_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strings searched for at once. */
#define PREFILTER_MAX 3

struct prefilter {
	const char *needle[PREFILTER_MAX]; /* borrowed, non-empty */
	size_t len[PREFILTER_MAX];
	size_t mid[PREFILTER_MAX]; /* a third byte tested before memcmp */
	size_t longest;
	int n;

	/* A needle with a fence matches only where no byte of the fence
	 * touches it; the bytes around it are looked at in [floor,
	 * ceiling).  A bit per byte value. */
	uint64_t fence[PREFILTER_MAX][4];
	bool fenced[PREFILTER_MAX];
	const char *floor, *ceiling;

	unsigned int rare; /* a bit for each needle, prefilter_rare() */
};

/* Sets up a search for the n (at most PREFILTER_MAX) non-empty needles;
 * empty ones are left out. */
void prefilter_init(struct prefilter *pf, const char *const *needles, int n);

/* Tells the search that needle k's first byte is rare in the input, as
 * the D of NODATA is in flow log lines: a block is tested for that byte
 * alone, not for three, and the whole needle compared where it is.  What
 * is found is the same; a byte that is not rare makes it slower. */
void prefilter_rare(struct prefilter *pf, int k);

/* Makes needle k match only where no byte of fence (a string) comes just
 * before or after it, as the target's address and not a part of a longer
 * one: the search goes on past such a place, as if no needle were there.
 * The bytes around a match are looked at in [floor, ceiling): a match at
 * floor has nothing before it, one that ends at ceiling nothing after. */
void prefilter_fence(struct prefilter *pf, int k, const char *fence,
    const char *floor, const char *ceiling);

/* The first position in [p, end) where a needle starts, or NULL; *which
 * is the needle's index, in the order given to prefilter_init() with the
 * empty ones left out. */
const char *prefilter_find(const struct prefilter *pf, const char *p,
    const char *end, int *which);

/* The number of bytes equal to c in p[0..n). */
uint64_t prefilter_count(const char *p, size_t n, char c);

/* A place where a needle starts: which one, in the order given to
 * prefilter_init(), and the newlines counted up to it. */
struct prefilter_hit {
	const char *at;
	int which;
	uint64_t newlines;
};

/* Finds the places in [p, end) where a needle starts, in order, up to max
 * of them, in one pass: the search does not start again after each.
 * Returns how many.  Adds to *newlines the newlines in [p, end), or in [p,
 * the last place) when max were found; each hit's newlines are *newlines
 * as it was plus those before it. */
size_t prefilter_find_all(const struct prefilter *pf, const char *p,
    const char *end, struct prefilter_hit *hits, size_t max,
    uint64_t *newlines);

#endif
