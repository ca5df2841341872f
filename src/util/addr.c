#include "config.h"

#include "flowdiag/util/addr.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "flowdiag/util/simd.h"

/* Reads the common case, a dotted quad, without a copy or a call: four
 * numbers to 255 of one to three digits, without leading zeros, which is
 * what inet_pton() takes.  -1 for anything else, left to inet_pton(). */
static int
parse_dotted_quad(const char *s, size_t n, uint8_t *out)
{
	size_t i = 0, digits;
	unsigned int octet, v;

	for (octet = 0; octet < 4; octet++) {
		if (octet > 0) {
			if (i == n || s[i] != '.')
				return -1;
			i++;
		}
		for (v = 0, digits = 0;
		     i < n && s[i] >= '0' && s[i] <= '9' && digits < 3;
		     i++, digits++)
			v = v * 10 + (unsigned int)(s[i] - '0');
		if (digits == 0 || v > 255 ||
		    (digits > 1 && s[i - digits] == '0'))
			return -1;
		out[octet] = (uint8_t)v;
	}
	return i == n ? 0 : -1;
}

int
addr_parse(const char *s, size_t n, struct addr *a)
{
	char tmp[ADDR_STRLEN];

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memset(a, 0, sizeof(*a));
	if (parse_dotted_quad(s, n, a->bytes) == 0) {
		a->family = 4;
		return 0;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (memchr(tmp, ':', n) != NULL) {
		if (inet_pton(AF_INET6, tmp, a->bytes) != 1)
			return -1;
		a->family = 6;
	} else {
		if (inet_pton(AF_INET, tmp, a->bytes) != 1)
			return -1;
		a->family = 4;
	}
	return 0;
}

#ifdef __SSE2__
/* The value of the octet of n (1-3) digits at p, or 256 when inet_pton()
 * would refuse it for a leading zero.  The four bytes at p are read
 * whatever n is, and the digits shifted to the end of three: a branch on
 * n mispredicted as often as octets change length. */
static inline unsigned int
octet(const char *p, unsigned int n)
{
	uint32_t w, v;

	memcpy(&w, p, sizeof(w));
	w = w << (8 * (4 - n)) >> 8;
	v = (w & 0xf) * 100 + (w >> 8 & 0xf) * 10 + (w >> 16 & 0xf);
	return ((n > 1) & (p[0] == '0')) != 0 ? 256 : v;
}

/*
 * The two dotted quads read last by this thread: the lines a scan parses
 * all carry the target's address, most twice over with a peer's between,
 * and comparing sixteen bytes costs a fifth of reading them.  The text is
 * kept with its NUL and zeros after it; one of fewer than seven bytes is
 * never looked up, so the zeros of an empty entry match nothing.
 */
struct quad_memo {
	__m128i text;
	uint8_t bytes[4];
};

static _Thread_local struct quad_memo memo[2];
static _Thread_local unsigned int memo_older;

/* The bytes of x from the first on, n of them, as a mask of a vector. */
static inline __m128i
first_bytes(unsigned int n)
{
	const __m128i index =
	    _mm_set_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

	return _mm_cmplt_epi8(index, _mm_set1_epi8((char)n));
}

/* Whether x, a text of len bytes and its NUL, was read lately; its octets
 * then in out. */
static inline bool
remembered(__m128i x, unsigned int len, uint8_t *out)
{
	unsigned int upto = (2u << len) - 1, i;

	for (i = 0; i < 2; i++) {
		unsigned int eq = (unsigned int)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(x, memo[i].text));

		if ((eq & upto) == upto) {
			memcpy(out, memo[i].bytes, 4);
			memo_older = 1 - i;
			return true;
		}
	}
	return false;
}

/* Keeps x, len bytes and its NUL, read as out, in place of the older. */
static inline void
remember(__m128i x, unsigned int len, const uint8_t *out)
{
	struct quad_memo *m = &memo[memo_older];

	m->text = _mm_and_si128(x, first_bytes(len + 1));
	memcpy(m->bytes, out, 4);
	memo_older = 1 - memo_older;
}

/*
 * A dotted quad read sixteen bytes at a time: one compare each finds the
 * dots, the digits and the NUL, and the octets lie between the dots.
 * parse_dotted_quad() spent a branch on every byte, which mispredicted at
 * every octet's end: two addresses a record, a fifth of converting it.
 * Takes only what parse_dotted_quad() takes; -1 for anything else.
 */
static int
dotted_quad_sse2(const char *s, uint8_t *out)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	unsigned int nul, dots, digits, below, len, d1, d2, d3, rest;
	unsigned int o0, o1, o2, o3;

	nul = (unsigned int)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(x, _mm_setzero_si128()));
	dots = (unsigned int)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
	digits = (unsigned int)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
	if (nul == 0)
		return -1;
	len = (unsigned int)__builtin_ctz(nul);
	if (len >= 7 && remembered(x, len, out))
		return 0;
	below = (1u << len) - 1;
	dots &= below;
	/* Digits and exactly three dots before the NUL. */
	if (((dots | digits) & below) != below || dots == 0)
		return -1;
	d1 = (unsigned int)__builtin_ctz(dots);
	if ((rest = dots & (dots - 1)) == 0)
		return -1;
	d2 = (unsigned int)__builtin_ctz(rest);
	if ((rest &= rest - 1) == 0 || (rest & (rest - 1)) != 0)
		return -1;
	d3 = (unsigned int)__builtin_ctz(rest);
	/* Every octet one to three digits long (which puts the last within
	 * the sixteen bytes read by octet()). */
	if ((d1 - 1 > 2) | (d2 - d1 - 2 > 2) | (d3 - d2 - 2 > 2) |
	    (len - d3 - 2 > 2))
		return -1;
	o0 = octet(s, d1);
	o1 = octet(s + d1 + 1, d2 - d1 - 1);
	o2 = octet(s + d2 + 1, d3 - d2 - 1);
	o3 = octet(s + d3 + 1, len - d3 - 1);
	if ((o0 | o1 | o2 | o3) > 255)
		return -1;
	out[0] = (uint8_t)o0;
	out[1] = (uint8_t)o1;
	out[2] = (uint8_t)o2;
	out[3] = (uint8_t)o3;
	remember(x, len, out);
	return 0;
}
#endif

int
addr_parse_str(const char *s, size_t room, struct addr *a)
{
#ifdef __SSE2__
	if (room >= 16 && simd_level() >= SIMD_SSE2) {
		memset(a, 0, sizeof(*a));
		if (dotted_quad_sse2(s, a->bytes) == 0) {
			a->family = 4;
			return 0;
		}
	}
#else
	(void)room;
#endif
	return addr_parse(s, strlen(s), a);
}

const char *
addr_format(const struct addr *a, char *buf, size_t size)
{
	int af = a->family == 6 ? AF_INET6 : AF_INET;

	if (a->family == 0 || inet_ntop(af, a->bytes, buf, size) == NULL)
		snprintf(buf, size, "-");
	return buf;
}

int
addr_prefix_parse(const char *s, struct addr_prefix *p)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned int max;
	char *end;
	unsigned long len;

	if (addr_parse(s, alen, &p->addr) == -1)
		return -1;
	max = p->addr.family == 6 ? 128 : 32;
	p->len = max;
	if (slash == NULL)
		return 0;
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	len = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || len > max)
		return -1;
	p->len = (unsigned int)len;
	return 0;
}

bool
addr_prefix_contains(const struct addr_prefix *p, const struct addr *a)
{
	unsigned int full = p->len / 8, rest = p->len % 8;
	uint8_t mask;

	if (a->family != p->addr.family)
		return false;
	if (memcmp(a->bytes, p->addr.bytes, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a->bytes[full] & mask) == (p->addr.bytes[full] & mask);
}

const char *
addr_prefix_format(const struct addr_prefix *p, char *buf, size_t size)
{
	char a[ADDR_STRLEN];
	unsigned int max = p->addr.family == 6 ? 128 : 32;

	addr_format(&p->addr, a, sizeof(a));
	if (p->len == max)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s/%u", a, p->len);
	return buf;
}

bool
addr_private(const struct addr *a)
{
	const uint8_t *b = a->bytes;

	if (a->family == 4) {
		return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
		    (b[0] == 192 && b[1] == 168) ||
		    (b[0] == 100 && (b[1] & 0xc0) == 64) ||
		    (b[0] == 169 && b[1] == 254) || b[0] == 127;
	}
	return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

int
addr_compare(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}
