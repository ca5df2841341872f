#include "config.h"

#include "flowdiag/prefilter.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define HAVE_X86 1
#endif

void
prefilter_init(struct prefilter *pf, const char *const *needles, int n)
{
	int i;

	memset(pf, 0, sizeof(*pf));
	for (i = 0; i < n && pf->n < PREFILTER_MAX; i++) {
		size_t len = strlen(needles[i]);

		if (len == 0)
			continue;
		pf->needle[pf->n] = needles[i];
		pf->len[pf->n] = len;
		pf->mid[pf->n] = len / 2;
		if (len > pf->longest)
			pf->longest = len;
		pf->n++;
	}
}

/* The first needle that starts at p, or -1. */
static int
starts_at(const struct prefilter *pf, const char *p, const char *end)
{
	int k;

	for (k = 0; k < pf->n; k++) {
		if ((size_t)(end - p) >= pf->len[k] &&
		    memcmp(p, pf->needle[k], pf->len[k]) == 0)
			return k;
	}
	return -1;
}

/* The search byte by byte, for the tail a vector would overrun. */
static const char *
find_scalar(const struct prefilter *pf, const char *p, const char *end,
    int *which)
{
	for (; p < end; p++) {
		if ((*which = starts_at(pf, p, end)) != -1)
			return p;
	}
	return NULL;
}

#ifdef HAVE_X86
/*
 * A candidate is a position where a needle's first, middle and last
 * bytes all match: three compares per needle per block, then memcmp for
 * the few candidates (W. Muła, "SIMD-friendly algorithms for substring
 * searching").  Blocks stop where the longest needle's last byte would
 * pass end; the scalar search takes the rest.
 */
__attribute__((target("avx2"))) static const char *
find_avx2(const struct prefilter *pf, const char *p, const char *end,
    int *which)
{
	__m256i first[PREFILTER_MAX], mid[PREFILTER_MAX], last[PREFILTER_MAX];
	const char *stop;
	uint32_t mask;
	int k;

	if ((size_t)(end - p) < 32 + pf->longest)
		return find_scalar(pf, p, end, which);
	stop = end - 32 - pf->longest + 1;
	for (k = 0; k < pf->n; k++) {
		first[k] = _mm256_set1_epi8(pf->needle[k][0]);
		mid[k] = _mm256_set1_epi8(pf->needle[k][pf->mid[k]]);
		last[k] = _mm256_set1_epi8(pf->needle[k][pf->len[k] - 1]);
	}
	for (; p < stop; p += 32) {
		__m256i hit = _mm256_setzero_si256();

		for (k = 0; k < pf->n; k++) {
			__m256i a = _mm256_loadu_si256((const __m256i *)p);
			__m256i b = _mm256_loadu_si256(
			    (const __m256i *)(p + pf->mid[k]));
			__m256i c = _mm256_loadu_si256(
			    (const __m256i *)(p + pf->len[k] - 1));

			hit = _mm256_or_si256(hit,
			    _mm256_and_si256(_mm256_cmpeq_epi8(a, first[k]),
				_mm256_and_si256(_mm256_cmpeq_epi8(b, mid[k]),
				    _mm256_cmpeq_epi8(c, last[k]))));
		}
		mask = (uint32_t)_mm256_movemask_epi8(hit);
		while (mask != 0) {
			const char *q = p + __builtin_ctz(mask);

			if ((*which = starts_at(pf, q, end)) != -1)
				return q;
			mask &= mask - 1;
		}
	}
	return find_scalar(pf, p, end, which);
}

static const char *
find_sse2(const struct prefilter *pf, const char *p, const char *end,
    int *which)
{
	__m128i first[PREFILTER_MAX], mid[PREFILTER_MAX], last[PREFILTER_MAX];
	const char *stop;
	uint32_t mask;
	int k;

	if ((size_t)(end - p) < 16 + pf->longest)
		return find_scalar(pf, p, end, which);
	stop = end - 16 - pf->longest + 1;
	for (k = 0; k < pf->n; k++) {
		first[k] = _mm_set1_epi8(pf->needle[k][0]);
		mid[k] = _mm_set1_epi8(pf->needle[k][pf->mid[k]]);
		last[k] = _mm_set1_epi8(pf->needle[k][pf->len[k] - 1]);
	}
	for (; p < stop; p += 16) {
		__m128i hit = _mm_setzero_si128();

		for (k = 0; k < pf->n; k++) {
			__m128i a = _mm_loadu_si128((const __m128i *)p);
			__m128i b =
			    _mm_loadu_si128((const __m128i *)(p + pf->mid[k]));
			__m128i c = _mm_loadu_si128(
			    (const __m128i *)(p + pf->len[k] - 1));

			hit = _mm_or_si128(hit,
			    _mm_and_si128(_mm_cmpeq_epi8(a, first[k]),
				_mm_and_si128(_mm_cmpeq_epi8(b, mid[k]),
				    _mm_cmpeq_epi8(c, last[k]))));
		}
		mask = (uint32_t)_mm_movemask_epi8(hit);
		while (mask != 0) {
			const char *q = p + __builtin_ctz(mask);

			if ((*which = starts_at(pf, q, end)) != -1)
				return q;
			mask &= mask - 1;
		}
	}
	return find_scalar(pf, p, end, which);
}

/*
 * Bytes counted 32 at a time: each compare gives 0 or -1 per
 * byte, subtracted into byte counters that _mm256_sad_epu8 folds into
 * 64-bit sums before any can pass 255.
 */
__attribute__((target("avx2"))) static uint64_t
count_avx2(const char *p, size_t n, char c)
{
	const __m256i nl = _mm256_set1_epi8(c), zero = _mm256_setzero_si256();
	__m256i sums = zero;
	uint64_t count = 0, lanes[4];
	size_t i = 0, j;

	while (i + 32 <= n) {
		__m256i bytes = zero;

		for (j = 0; j < 255 && i + 32 <= n; j++, i += 32) {
			__m256i v =
			    _mm256_loadu_si256((const __m256i *)(p + i));

			bytes =
			    _mm256_sub_epi8(bytes, _mm256_cmpeq_epi8(v, nl));
		}
		sums = _mm256_add_epi64(sums, _mm256_sad_epu8(bytes, zero));
	}
	_mm256_storeu_si256((__m256i *)lanes, sums);
	count = lanes[0] + lanes[1] + lanes[2] + lanes[3];
	for (; i < n; i++)
		count += p[i] == c;
	return count;
}

static uint64_t
count_sse2(const char *p, size_t n, char c)
{
	const __m128i nl = _mm_set1_epi8(c), zero = _mm_setzero_si128();
	__m128i sums = zero;
	uint64_t count = 0, lanes[2];
	size_t i = 0, j;

	while (i + 16 <= n) {
		__m128i bytes = zero;

		for (j = 0; j < 255 && i + 16 <= n; j++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(p + i));

			bytes = _mm_sub_epi8(bytes, _mm_cmpeq_epi8(v, nl));
		}
		sums = _mm_add_epi64(sums, _mm_sad_epu8(bytes, zero));
	}
	_mm_storeu_si128((__m128i *)lanes, sums);
	count = lanes[0] + lanes[1];
	for (; i < n; i++)
		count += p[i] == c;
	return count;
}

#endif

/* The widest vector the CPU has, or the one prefilter_set_level() asked
 * for; -1 until known.  Threads may find it out at once: atomic. */
static atomic_int level = -1;

static int
simd_level(void)
{
	int l = atomic_load_explicit(&level, memory_order_relaxed);

	if (l == -1) {
#ifdef HAVE_X86
		__builtin_cpu_init();
		l = __builtin_cpu_supports("avx2") ? PREFILTER_AVX2
						   : PREFILTER_SSE2;
#else
		l = PREFILTER_SCALAR;
#endif
		atomic_store_explicit(&level, l, memory_order_relaxed);
	}
	return l;
}

int
prefilter_set_level(int want)
{
	atomic_store(&level, -1);
	if (want < simd_level())
		atomic_store(&level, want);
	return atomic_load(&level);
}

const char *
prefilter_find(const struct prefilter *pf, const char *p, const char *end,
    int *which)
{
	if (pf->n == 0 || p >= end)
		return NULL;
	switch (simd_level()) {
#ifdef HAVE_X86
	case PREFILTER_AVX2:
		return find_avx2(pf, p, end, which);
	case PREFILTER_SSE2:
		return find_sse2(pf, p, end, which);
#endif
	default:
		return find_scalar(pf, p, end, which);
	}
}

uint64_t
prefilter_count(const char *p, size_t n, char c)
{
	uint64_t count = 0;
	size_t i;

	switch (simd_level()) {
#ifdef HAVE_X86
	case PREFILTER_AVX2:
		return count_avx2(p, n, c);
	case PREFILTER_SSE2:
		return count_sse2(p, n, c);
#endif
	default:
		for (i = 0; i < n; i++)
			count += p[i] == c;
		return count;
	}
}
