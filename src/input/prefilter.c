#include "config.h"

#include "flowdiag/input/prefilter.h"

#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define HAVE_X86 1
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#define HAVE_NEON 1
#endif

#include "flowdiag/util/simd.h"

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

void
prefilter_rare(struct prefilter *pf, int k)
{
	if (k >= 0 && k < pf->n)
		pf->rare |= 1u << k;
}

void
prefilter_fence(struct prefilter *pf, int k, const char *fence,
    const char *floor, const char *ceiling)
{
	const unsigned char *c;

	memset(pf->fence[k], 0, sizeof(pf->fence[k]));
	for (c = (const unsigned char *)fence; *c != '\0'; c++)
		pf->fence[k][*c / 64] |= (uint64_t)1 << (*c % 64);
	pf->fenced[k] = true;
	pf->floor = floor;
	pf->ceiling = ceiling;
}

static inline bool
in_fence(const struct prefilter *pf, int k, char c)
{
	unsigned char u = (unsigned char)c;

	return (pf->fence[k][u / 64] >> (u % 64) & 1) != 0;
}

/* Whether the match of needle k at p touches its fence. */
static inline bool
fenced_off(const struct prefilter *pf, int k, const char *p)
{
	const char *after = p + pf->len[k];

	return (p > pf->floor && in_fence(pf, k, p[-1])) ||
	    (after < pf->ceiling && in_fence(pf, k, *after));
}

/* The first needle that starts at p, or -1.  Compared here, not by
 * memcmp(): most candidates differ in their second or third byte, and the
 * call cost more than the compare.  A fenced match is none: searching on
 * here, not in the caller, saved a return and a new start for every
 * longer address that holds the target's. */
static inline int
starts_at(const struct prefilter *pf, const char *p, const char *end)
{
	size_t i;
	int k;

	for (k = 0; k < pf->n; k++) {
		if ((size_t)(end - p) < pf->len[k])
			continue;
		for (i = 0; i < pf->len[k] && p[i] == pf->needle[k][i]; i++)
			;
		if (i == pf->len[k] && !(pf->fenced[k] && fenced_off(pf, k, p)))
			return k;
	}
	return -1;
}

/* Where a search puts the places it finds, up to max of them. */
struct sink {
	struct prefilter_hit *hits;
	size_t n, max;
};

/* Puts the hit of needle which at at, with newlines before it; true when
 * the sink is full and the search must stop. */
static inline bool
put(struct sink *out, const char *at, int which, uint64_t newlines)
{
	out->hits[out->n].at = at;
	out->hits[out->n].which = which;
	out->hits[out->n].newlines = newlines;
	return ++out->n == out->max;
}

/* The search byte by byte, for the tail a vector would overrun.  Counts
 * the newlines passed into *newlines unless it is NULL: all of them, or
 * up to the last hit when the sink is full. */
static void
find_scalar(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	uint64_t count = newlines != NULL ? *newlines : 0;
	const char *q;
	int k;

	for (q = p; q < end; q++) {
		if ((k = starts_at(pf, q, end)) != -1 && put(out, q, k, count))
			break;
		count += *q == '\n';
	}
	if (newlines != NULL)
		*newlines = count;
}

/* The bits set in a mask of a vector's bytes: at most once a hit. */
static inline unsigned int
bits(uint32_t mask)
{
	unsigned int n = 0;

	for (; mask != 0; mask &= mask - 1)
		n++;
	return n;
}

#if defined(HAVE_X86) || defined(HAVE_NEON)
/*
 * A candidate is a position where a needle's first, middle and last
 * bytes all match: three compares per needle per block, then a compare of
 * the whole for the few candidates (W. Mula, "SIMD-friendly algorithms for
 * substring searching"); one compare, of the first byte, for a needle
 * whose first byte is rare (prefilter_rare()).  Blocks stop where the
 * longest needle's last byte would pass end; the scalar search takes the
 * rest.
 *
 * Newlines are counted in the same pass when asked (newlines not NULL):
 * compared, subtracted into byte counters, folded into 64-bit sums
 * (_mm256_sad_epu8, NEON's vaddlvq_u8) before any can pass 255.
 *
 * The body is written once per width and inlined with the number of
 * needles n fixed and newlines NULL or not, so that the loop over the
 * needles unrolls, their vectors stay in registers and what is not asked
 * is not done: a run-time n cost a third of the search.
 */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Calls fn with the number of needles and the mask of the rare ones
 * constants.  Two masks are made for, what the scan asks: every needle
 * rare but the first, or none; any other is taken for none, which finds
 * the same, testing more. */
#define BY_NEEDLES(fn, newlines)                                            \
	(pf->n == 1 ? fn(pf, p, end, out, newlines, 1, 0)                   \
		: pf->n == 2                                                \
		? (pf->rare == 2 ? fn(pf, p, end, out, newlines, 2, 2)      \
				 : fn(pf, p, end, out, newlines, 2, 0))     \
		: (pf->rare == 6                                            \
			  ? fn(pf, p, end, out, newlines, PREFILTER_MAX, 6) \
			  : fn(pf, p, end, out, newlines, PREFILTER_MAX, 0)))

#endif

#ifdef HAVE_X86
/* The bytes of the block at p, whose first bytes are a, where a needle
 * may start: its first, middle (at moff) and last (at loff) bytes match. */
static ALWAYS_INLINE __attribute__((target("avx2"))) __m256i
candidates_avx2(const char *p, __m256i a, __m256i first, __m256i mid,
    __m256i last, size_t moff, size_t loff)
{
	__m256i b = _mm256_loadu_si256((const __m256i *)(p + moff));
	__m256i c = _mm256_loadu_si256((const __m256i *)(p + loff));

	return _mm256_and_si256(_mm256_cmpeq_epi8(a, first),
	    _mm256_and_si256(_mm256_cmpeq_epi8(b, mid),
		_mm256_cmpeq_epi8(c, last)));
}

static ALWAYS_INLINE __attribute__((target("avx2"))) uint64_t
fold_avx2(__m256i sums, __m256i bytes)
{
	uint64_t lanes[4];

	sums = _mm256_add_epi64(sums,
	    _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
	_mm256_storeu_si256((__m256i *)(void *)lanes, sums);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

static ALWAYS_INLINE __attribute__((target("avx2"))) void
find_avx2_n(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines, const int n, const unsigned int rare)
{
	__m256i first[PREFILTER_MAX], mid[PREFILTER_MAX], last[PREFILTER_MAX];
	const __m256i nl = _mm256_set1_epi8('\n');
	__m256i bytes = _mm256_setzero_si256(), sums = bytes, a, hit, isnl;
	size_t moff[PREFILTER_MAX], loff[PREFILTER_MAX];
	unsigned int blocks = 0;
	const char *stop, *q;
	uint32_t mask;
	uint64_t nls = 0;
	int k;

	if ((size_t)(end - p) < 32 + pf->longest) {
		find_scalar(pf, p, end, out, newlines);
		return;
	}
	stop = end - 32 - pf->longest + 1;
	for (k = 0; k < n; k++) {
		moff[k] = pf->mid[k];
		loff[k] = pf->len[k] - 1;
		first[k] = _mm256_set1_epi8(pf->needle[k][0]);
		mid[k] = _mm256_set1_epi8(pf->needle[k][moff[k]]);
		last[k] = _mm256_set1_epi8(pf->needle[k][loff[k]]);
	}
	for (; p < stop; p += 32) {
		a = _mm256_loadu_si256((const __m256i *)p);
		/* Indices that are constants: the arrays become registers. */
		hit = candidates_avx2(p, a, first[0], mid[0], last[0], moff[0],
		    loff[0]);
		if (n > 1) {
			hit = _mm256_or_si256(hit,
			    (rare & 2) ? _mm256_cmpeq_epi8(a, first[1])
				       : candidates_avx2(p, a, first[1], mid[1],
					     last[1], moff[1], loff[1]));
		}
		if (n > 2) {
			hit = _mm256_or_si256(hit,
			    (rare & 4) ? _mm256_cmpeq_epi8(a, first[2])
				       : candidates_avx2(p, a, first[2], mid[2],
					     last[2], moff[2], loff[2]));
		}
		isnl = _mm256_cmpeq_epi8(a, nl);
		for (mask = (uint32_t)_mm256_movemask_epi8(hit); mask != 0;
		     mask &= mask - 1) {
			q = p + __builtin_ctz(mask);
			if ((k = starts_at(pf, q, end)) == -1)
				continue;
			if (newlines != NULL) {
				nls = *newlines + fold_avx2(sums, bytes) +
				    bits((uint32_t)_mm256_movemask_epi8(isnl) &
					((1u << (q - p)) - 1));
			}
			if (put(out, q, k, nls)) {
				if (newlines != NULL)
					*newlines = nls;
				return;
			}
		}
		if (newlines != NULL) {
			bytes = _mm256_sub_epi8(bytes, isnl);
			if (++blocks == 255) {
				sums = _mm256_add_epi64(sums,
				    _mm256_sad_epu8(bytes,
					_mm256_setzero_si256()));
				bytes = _mm256_setzero_si256();
				blocks = 0;
			}
		}
	}
	if (newlines != NULL)
		*newlines += fold_avx2(sums, bytes);
	find_scalar(pf, p, end, out, newlines);
}

__attribute__((target("avx2"))) static void
find_avx2(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	if (newlines == NULL)
		BY_NEEDLES(find_avx2_n, NULL);
	else
		BY_NEEDLES(find_avx2_n, newlines);
}

/*
 * The same sixty-four bytes at a time with AVX-512 (BW): the compares give
 * masks of bits, not of bytes, so a block costs a third fewer
 * instructions, and newlines are counted by one popcount.
 */
#define AVX512 __attribute__((target("avx512f,avx512bw,popcnt")))

static ALWAYS_INLINE AVX512 __mmask64
candidates_avx512(const char *p, __m512i a, __m512i first, __m512i mid,
    __m512i last, size_t moff, size_t loff)
{
	__mmask64 k = _mm512_cmpeq_epi8_mask(a, first);

	k = _mm512_mask_cmpeq_epi8_mask(k,
	    _mm512_loadu_si512((const void *)(p + moff)), mid);
	return _mm512_mask_cmpeq_epi8_mask(k,
	    _mm512_loadu_si512((const void *)(p + loff)), last);
}

static ALWAYS_INLINE AVX512 void
find_avx512_n(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines, const int n, const unsigned int rare)
{
	__m512i first[PREFILTER_MAX], mid[PREFILTER_MAX], last[PREFILTER_MAX];
	const __m512i nl = _mm512_set1_epi8('\n');
	size_t moff[PREFILTER_MAX], loff[PREFILTER_MAX];
	uint64_t mask, isnl, count = 0;
	const char *stop, *q;
	__m512i a;
	uint64_t nls = 0;
	int k;

	if ((size_t)(end - p) < 64 + pf->longest) {
		find_scalar(pf, p, end, out, newlines);
		return;
	}
	stop = end - 64 - pf->longest + 1;
	for (k = 0; k < n; k++) {
		moff[k] = pf->mid[k];
		loff[k] = pf->len[k] - 1;
		first[k] = _mm512_set1_epi8(pf->needle[k][0]);
		mid[k] = _mm512_set1_epi8(pf->needle[k][moff[k]]);
		last[k] = _mm512_set1_epi8(pf->needle[k][loff[k]]);
	}
	for (; p < stop; p += 64) {
		a = _mm512_loadu_si512((const void *)p);
		mask = candidates_avx512(p, a, first[0], mid[0], last[0],
		    moff[0], loff[0]);
		if (n > 1) {
			mask |= (rare & 2)
			    ? _mm512_cmpeq_epi8_mask(a, first[1])
			    : candidates_avx512(p, a, first[1], mid[1], last[1],
				  moff[1], loff[1]);
		}
		if (n > 2) {
			mask |= (rare & 4)
			    ? _mm512_cmpeq_epi8_mask(a, first[2])
			    : candidates_avx512(p, a, first[2], mid[2], last[2],
				  moff[2], loff[2]);
		}
		isnl = newlines != NULL ? _mm512_cmpeq_epi8_mask(a, nl) : 0;
		for (; mask != 0; mask &= mask - 1) {
			q = p + __builtin_ctzll(mask);
			if ((k = starts_at(pf, q, end)) == -1)
				continue;
			if (newlines != NULL) {
				nls = *newlines + count +
				    (uint64_t)__builtin_popcountll(
					isnl & ((1ULL << (q - p)) - 1));
			}
			if (put(out, q, k, nls)) {
				if (newlines != NULL)
					*newlines = nls;
				return;
			}
		}
		count += (uint64_t)__builtin_popcountll(isnl);
	}
	if (newlines != NULL)
		*newlines += count;
	find_scalar(pf, p, end, out, newlines);
}

AVX512 static void
find_avx512(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	if (newlines == NULL)
		BY_NEEDLES(find_avx512_n, NULL);
	else
		BY_NEEDLES(find_avx512_n, newlines);
}

static ALWAYS_INLINE __m128i
candidates_sse2(const char *p, __m128i a, __m128i first, __m128i mid,
    __m128i last, size_t moff, size_t loff)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(p + moff));
	__m128i c = _mm_loadu_si128((const __m128i *)(p + loff));

	return _mm_and_si128(_mm_cmpeq_epi8(a, first),
	    _mm_and_si128(_mm_cmpeq_epi8(b, mid), _mm_cmpeq_epi8(c, last)));
}

static ALWAYS_INLINE uint64_t
fold_sse2(__m128i sums, __m128i bytes)
{
	uint64_t lanes[2];

	sums = _mm_add_epi64(sums, _mm_sad_epu8(bytes, _mm_setzero_si128()));
	_mm_storeu_si128((__m128i *)(void *)lanes, sums);
	return lanes[0] + lanes[1];
}

static ALWAYS_INLINE void
find_sse2_n(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines, const int n, const unsigned int rare)
{
	__m128i first[PREFILTER_MAX], mid[PREFILTER_MAX], last[PREFILTER_MAX];
	const __m128i nl = _mm_set1_epi8('\n');
	__m128i bytes = _mm_setzero_si128(), sums = bytes, a, hit, isnl;
	size_t moff[PREFILTER_MAX], loff[PREFILTER_MAX];
	unsigned int blocks = 0;
	const char *stop, *q;
	uint32_t mask;
	uint64_t nls = 0;
	int k;

	if ((size_t)(end - p) < 16 + pf->longest) {
		find_scalar(pf, p, end, out, newlines);
		return;
	}
	stop = end - 16 - pf->longest + 1;
	for (k = 0; k < n; k++) {
		moff[k] = pf->mid[k];
		loff[k] = pf->len[k] - 1;
		first[k] = _mm_set1_epi8(pf->needle[k][0]);
		mid[k] = _mm_set1_epi8(pf->needle[k][moff[k]]);
		last[k] = _mm_set1_epi8(pf->needle[k][loff[k]]);
	}
	for (; p < stop; p += 16) {
		a = _mm_loadu_si128((const __m128i *)p);
		hit = candidates_sse2(p, a, first[0], mid[0], last[0], moff[0],
		    loff[0]);
		if (n > 1) {
			hit = _mm_or_si128(hit,
			    (rare & 2) ? _mm_cmpeq_epi8(a, first[1])
				       : candidates_sse2(p, a, first[1], mid[1],
					     last[1], moff[1], loff[1]));
		}
		if (n > 2) {
			hit = _mm_or_si128(hit,
			    (rare & 4) ? _mm_cmpeq_epi8(a, first[2])
				       : candidates_sse2(p, a, first[2], mid[2],
					     last[2], moff[2], loff[2]));
		}
		isnl = _mm_cmpeq_epi8(a, nl);
		for (mask = (uint32_t)_mm_movemask_epi8(hit); mask != 0;
		     mask &= mask - 1) {
			q = p + __builtin_ctz(mask);
			if ((k = starts_at(pf, q, end)) == -1)
				continue;
			if (newlines != NULL) {
				nls = *newlines + fold_sse2(sums, bytes) +
				    bits((uint32_t)_mm_movemask_epi8(isnl) &
					((1u << (q - p)) - 1));
			}
			if (put(out, q, k, nls)) {
				if (newlines != NULL)
					*newlines = nls;
				return;
			}
		}
		if (newlines != NULL) {
			bytes = _mm_sub_epi8(bytes, isnl);
			if (++blocks == 255) {
				sums = _mm_add_epi64(sums,
				    _mm_sad_epu8(bytes, _mm_setzero_si128()));
				bytes = _mm_setzero_si128();
				blocks = 0;
			}
		}
	}
	if (newlines != NULL)
		*newlines += fold_sse2(sums, bytes);
	find_scalar(pf, p, end, out, newlines);
}

static void
find_sse2(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	if (newlines == NULL)
		BY_NEEDLES(find_sse2_n, NULL);
	else
		BY_NEEDLES(find_sse2_n, newlines);
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

#ifdef HAVE_NEON
/*
 * The search sixteen bytes at a time with NEON, as with SSE2.  NEON has
 * no byte mask: narrowing each compare's 16-bit lanes by four bits gives
 * a nibble a byte in a 64-bit word (D. Lemire, "Bitwise tricks on ARM
 * NEON"), of which the top bit of each nibble is kept.
 */
#define NIBBLE_TOPS 0x8888888888888888ULL

static ALWAYS_INLINE uint64_t
nibble_mask(uint8x16_t eq)
{
	uint8x8_t n = vshrn_n_u16(vreinterpretq_u16_u8(eq), 4);

	return vget_lane_u64(vreinterpret_u64_u8(n), 0) & NIBBLE_TOPS;
}

static ALWAYS_INLINE uint8x16_t
candidates_neon(const char *p, uint8x16_t a, uint8x16_t first, uint8x16_t mid,
    uint8x16_t last, size_t moff, size_t loff)
{
	uint8x16_t b = vld1q_u8((const uint8_t *)(p + moff));
	uint8x16_t c = vld1q_u8((const uint8_t *)(p + loff));

	return vandq_u8(vceqq_u8(a, first),
	    vandq_u8(vceqq_u8(b, mid), vceqq_u8(c, last)));
}

static ALWAYS_INLINE void
find_neon_n(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines, const int n, const unsigned int rare)
{
	uint8x16_t first[PREFILTER_MAX], mid[PREFILTER_MAX],
	    last[PREFILTER_MAX];
	const uint8x16_t nl = vdupq_n_u8('\n');
	uint8x16_t bytes = vdupq_n_u8(0), a, hit, isnl;
	size_t moff[PREFILTER_MAX], loff[PREFILTER_MAX];
	unsigned int blocks = 0;
	uint64_t mask, sums = 0, nls = 0;
	const char *stop, *q;
	int k;

	if ((size_t)(end - p) < 16 + pf->longest) {
		find_scalar(pf, p, end, out, newlines);
		return;
	}
	stop = end - 16 - pf->longest + 1;
	for (k = 0; k < n; k++) {
		moff[k] = pf->mid[k];
		loff[k] = pf->len[k] - 1;
		first[k] = vdupq_n_u8((uint8_t)pf->needle[k][0]);
		mid[k] = vdupq_n_u8((uint8_t)pf->needle[k][moff[k]]);
		last[k] = vdupq_n_u8((uint8_t)pf->needle[k][loff[k]]);
	}
	for (; p < stop; p += 16) {
		a = vld1q_u8((const uint8_t *)p);
		hit = candidates_neon(p, a, first[0], mid[0], last[0], moff[0],
		    loff[0]);
		if (n > 1) {
			hit = vorrq_u8(hit,
			    (rare & 2) ? vceqq_u8(a, first[1])
				       : candidates_neon(p, a, first[1], mid[1],
					     last[1], moff[1], loff[1]));
		}
		if (n > 2) {
			hit = vorrq_u8(hit,
			    (rare & 4) ? vceqq_u8(a, first[2])
				       : candidates_neon(p, a, first[2], mid[2],
					     last[2], moff[2], loff[2]));
		}
		isnl = vceqq_u8(a, nl);
		for (mask = nibble_mask(hit); mask != 0; mask &= mask - 1) {
			q = p + __builtin_ctzll(mask) / 4;
			if ((k = starts_at(pf, q, end)) == -1)
				continue;
			if (newlines != NULL) {
				nls = *newlines + sums + vaddlvq_u8(bytes) +
				    (uint64_t)__builtin_popcountll(
					nibble_mask(isnl) &
					((1ULL << (4 * (q - p))) - 1));
			}
			if (put(out, q, k, nls)) {
				if (newlines != NULL)
					*newlines = nls;
				return;
			}
		}
		if (newlines != NULL) {
			bytes = vsubq_u8(bytes, isnl);
			if (++blocks == 255) {
				sums += vaddlvq_u8(bytes);
				bytes = vdupq_n_u8(0);
				blocks = 0;
			}
		}
	}
	if (newlines != NULL)
		*newlines += sums + vaddlvq_u8(bytes);
	find_scalar(pf, p, end, out, newlines);
}

static void
find_neon(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	if (newlines == NULL)
		BY_NEEDLES(find_neon_n, NULL);
	else
		BY_NEEDLES(find_neon_n, newlines);
}

static uint64_t
count_neon(const char *p, size_t n, char c)
{
	const uint8x16_t want = vdupq_n_u8((uint8_t)c);
	uint64_t count = 0;
	size_t i = 0, j;

	while (i + 16 <= n) {
		uint8x16_t bytes = vdupq_n_u8(0);

		for (j = 0; j < 255 && i + 16 <= n; j++, i += 16) {
			bytes = vsubq_u8(bytes,
			    vceqq_u8(vld1q_u8((const uint8_t *)(p + i)), want));
		}
		count += vaddlvq_u8(bytes);
	}
	for (; i < n; i++)
		count += p[i] == c;
	return count;
}
#endif

static void
find(const struct prefilter *pf, const char *p, const char *end,
    struct sink *out, uint64_t *newlines)
{
	switch (simd_level()) {
#ifdef HAVE_X86
	case SIMD_AVX512:
		find_avx512(pf, p, end, out, newlines);
		break;
	case SIMD_AVX2:
		find_avx2(pf, p, end, out, newlines);
		break;
	case SIMD_SSE2:
		find_sse2(pf, p, end, out, newlines);
		break;
#elif defined(HAVE_NEON)
	case SIMD_NEON:
		find_neon(pf, p, end, out, newlines);
		break;
#endif
	default:
		find_scalar(pf, p, end, out, newlines);
		break;
	}
}

const char *
prefilter_find(const struct prefilter *pf, const char *p, const char *end,
    int *which)
{
	struct prefilter_hit hit;
	struct sink out = { &hit, 0, 1 };

	if (pf->n == 0 || p >= end)
		return NULL;
	find(pf, p, end, &out, NULL);
	if (out.n == 0)
		return NULL;
	*which = hit.which;
	return hit.at;
}

size_t
prefilter_find_all(const struct prefilter *pf, const char *p, const char *end,
    struct prefilter_hit *hits, size_t max, uint64_t *newlines)
{
	struct sink out = { hits, 0, max };

	if (p >= end || max == 0)
		return 0;
	if (pf->n == 0) {
		*newlines += prefilter_count(p, (size_t)(end - p), '\n');
		return 0;
	}
	find(pf, p, end, &out, newlines);
	return out.n;
}

uint64_t
prefilter_count(const char *p, size_t n, char c)
{
	uint64_t count = 0;
	size_t i;

	switch (simd_level()) {
#ifdef HAVE_X86
	case SIMD_AVX512:
	case SIMD_AVX2:
		return count_avx2(p, n, c);
	case SIMD_SSE2:
		return count_sse2(p, n, c);
#elif defined(HAVE_NEON)
	case SIMD_NEON:
		return count_neon(p, n, c);
#endif
	default:
		for (i = 0; i < n; i++)
			count += p[i] == c;
		return count;
	}
}
