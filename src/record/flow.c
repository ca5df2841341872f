#include "config.h"

#include "flowdiag/record/flow.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/*
 * FLOW_PORTABLE builds the plain paths only: the cutter a word at a time
 * as machines without SSE2 run it, numbers a digit at a time, each field
 * converted by its kind.  The tests run against that build too, holding
 * the fast paths and the plain ones to the same answers.
 */
#if defined(__SSE2__) && !defined(FLOW_PORTABLE)
#define FLOW_SSE2 1
#include <emmintrin.h>
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    !defined(FLOW_PORTABLE)
#define FLOW_WORDS 1
#endif
/* FLOW_NARROW leaves out the AVX-512 parse of default-format lines, so
 * that the tests reach the paths it would take over on this machine. */
#if defined(__x86_64__) && defined(FLOW_WORDS) && !defined(FLOW_NARROW)
#define FLOW_WIDE 1
#include <immintrin.h>
#endif

#include "flowdiag/util/simd.h"
#include "flowdiag/util/xmalloc.h"

/* Inlined whatever the compiler weighs: out of line, every number cost a
 * call, and its constants were loaded again. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Shows at most this much of a bad value in an error. */
#define SHOWN 40

const char *
flow_text(const struct flow_record *r, enum flow_field f)
{
	if (r->off[f] == FLOW_NOTEXT)
		return NULL;
	return r->text + r->off[f];
}

/* Parses a decimal without sign into *v, refusing overflow. */
static inline int
parse_uint(const char *s, uint64_t *v)
{
	uint64_t n = 0;
	unsigned int d;
	size_t i;

	for (i = 0; (d = (unsigned int)(unsigned char)s[i] - '0') <= 9; i++) {
		/* Nineteen digits cannot overflow; the twentieth may. */
		if (i >= 19 && n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (i == 0 || s[i] != '\0')
		return -1;
	*v = n;
	return 0;
}

#ifdef FLOW_WORDS
/*
 * Numbers are read a word of eight digits at a time (after D. Lemire,
 * "Quickly parsing eight digits"): a loop per digit mispredicted at the
 * end of every number, and converting the fields of the lines that carry
 * the target's address took a third of a scan.  The word is loaded as the
 * text lies in memory, its first character in its lowest byte.
 */

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define ZEROS 0x3030303030303030ULL /* "00000000" */

static ALWAYS_INLINE uint64_t
load_word(const char *s)
{
	uint64_t x;

	memcpy(&x, s, sizeof(x));
	return x;
}

/* The bytes of x before its first NUL: 8 when there is none.  Of the bits
 * the expression sets, the lowest is exact. */
static ALWAYS_INLINE unsigned int
word_length(uint64_t x)
{
	uint64_t z = (x - ONES) & ~x & HIGHS;

	return z == 0 ? 8 : (unsigned int)__builtin_ctzll(z) / 8;
}

/* The first n (0-7) bytes of x as the last of eight digits, the first
 * ones made '0'; shifted twice, for a shift by 64 would be undefined. */
static ALWAYS_INLINE uint64_t
right_align(uint64_t x, unsigned int n)
{
	return (x << (63 - 8 * n) << 1) | ZEROS >> 8 * n;
}

/* Whether the eight bytes of x are all digits: each is 0x3X, and stays
 * so when six is added. */
static ALWAYS_INLINE bool
all_digits(uint64_t x)
{
	return ((x & 0xf0f0f0f0f0f0f0f0ULL) |
		   ((x + 0x0606060606060606ULL) & 0xf0f0f0f0f0f0f0f0ULL) >>
		       4) == 0x3333333333333333ULL;
}

/* The value of eight digits: pairs, then fours, then the eight. */
static ALWAYS_INLINE uint64_t
digits_value(uint64_t x)
{
	x = (x & 0x0f0f0f0f0f0f0f0fULL) * 2561 >> 8;
	x = (x & 0x00ff00ff00ff00ffULL) * 6553601 >> 16;
	return (x & 0x0000ffff0000ffffULL) * 42949672960001ULL >> 32;
}

/* The number at s, of which room bytes may be read, a word at a time:
 * 1 when read into *v, 0 when s is not a number, -1 when it has more than
 * fifteen digits or the words would pass room, for parse_uint(). */
static ALWAYS_INLINE int
word_uint(const char *s, size_t room, uint64_t *v)
{
	static const uint64_t scale[9] = { 1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000 };
	uint64_t x, y;
	unsigned int n;

	if (room < 8)
		return -1;
	x = load_word(s);
	if ((n = word_length(x)) < 8) {
		if (n == 0 || !all_digits(x = right_align(x, n)))
			return 0;
		*v = digits_value(x);
		return 1;
	}
	if (room < 16)
		return -1;
	y = load_word(s + 8);
	if ((n = word_length(y)) == 8)
		return -1;
	y = right_align(y, n);
	if (!all_digits(x) || !all_digits(y))
		return 0;
	*v = digits_value(x) * scale[n] + digits_value(y);
	return 1;
}
#else
static inline int
word_uint(const char *s, size_t room, uint64_t *v)
{
	(void)s;
	(void)room;
	(void)v;
	return -1;
}
#endif

/* parse_uint() of the field at s, of which room bytes may be read. */
static inline int
read_uint(const char *s, size_t room, uint64_t *v)
{
	int k = word_uint(s, room, v);

	if (k == -1)
		return parse_uint(s, v);
	return k == 1 ? 0 : -1;
}

/* Stores the number v of an FK_UINT field in its member of r. */
static void
store_uint(struct flow_record *r, enum flow_field f, uint64_t v)
{
	switch (f) {
	case FF_VERSION:
		r->version = (uint8_t)v;
		break;
	case FF_SRCPORT:
		r->srcport = (uint16_t)v;
		break;
	case FF_DSTPORT:
		r->dstport = (uint16_t)v;
		break;
	case FF_PROTOCOL:
		r->protocol = (uint8_t)v;
		break;
	case FF_PACKETS:
		r->packets = v;
		break;
	case FF_BYTES:
		r->bytes = v;
		break;
	case FF_TCP_FLAGS:
		r->tcp_flags = (uint8_t)v;
		break;
	case FF_TRAFFIC_PATH:
		r->traffic_path = (uint8_t)v;
		break;
	case FF_PACKETS_LOST_NO_ROUTE:
	case FF_PACKETS_LOST_BLACKHOLE:
	case FF_PACKETS_LOST_MTU_EXCEEDED:
	case FF_PACKETS_LOST_TTL_EXPIRED:
		r->packets_lost[f - FF_PACKETS_LOST_NO_ROUTE] = v;
		break;
	default:
		break;
	}
}

static struct addr *
addr_member(struct flow_record *r, enum flow_field f)
{
	switch (f) {
	case FF_SRCADDR:
		return &r->srcaddr;
	case FF_DSTADDR:
		return &r->dstaddr;
	case FF_PKT_SRCADDR:
		return &r->pkt_srcaddr;
	default:
		return &r->pkt_dstaddr;
	}
}

/* The keywords of the action and log-status fields, in the order of
 * enum flow_action and enum flow_status from 1. */
static const char *const actions[] = { "ACCEPT", "REJECT", NULL };
static const char *const statuses[] = { "OK", "NODATA", "SKIPDATA", NULL };

/* Looks s up in names[] (NULL-terminated); the index plus one, or 0.
 * Compared inline: two calls of strcmp() a record showed. */
static inline int
keyword(const char *s, const char *const *names)
{
	const char *a, *b;
	int i;

	for (i = 0; names[i] != NULL; i++) {
		for (a = s, b = names[i]; *b != '\0' && *a == *b; a++, b++)
			;
		if (*a == *b)
			return i + 1;
	}
	return 0;
}

/* Whether s is "-", the text of a field without a value. */
static inline bool
is_dash(const char *s)
{
	return s[0] == '-' && s[1] == '\0';
}

static int
bad_field(struct errinfo *ei, enum flow_field f, unsigned int col,
    const char *what, const char *s)
{
	return errinfo_set(ei, EC_DATA, "field %u (%s): %s '%.*s%s'", col,
	    flow_field_info(f)->name, what, SHOWN, s,
	    strlen(s) > SHOWN ? "..." : "");
}

/* Converts the text s of field f into r; col is its 1-based position. */
static inline int
convert_field(struct flow_record *r, enum flow_field f, unsigned int col,
    const char *s, struct errinfo *ei)
{
	static const char *const directions[] = { "ingress", "egress", NULL };
	static const char *const types[] = { "IPv4", "IPv6", "EFA", NULL };
	const struct flow_field_info *fi = flow_field_info(f);
	size_t room = r->text_len - (size_t)(s - r->text);
	uint64_t v;
	int k;

	if (is_dash(s))
		return 0;
	switch (fi->kind) {
	case FK_TEXT:
		break;
	case FK_ADDR:
		if (addr_parse_str(s, room, addr_member(r, f)) == -1)
			return bad_field(ei, f, col, "bad address", s);
		break;
	case FK_UINT:
		if (read_uint(s, room, &v) == -1)
			return bad_field(ei, f, col, "bad number", s);
		if (v > fi->max) {
			return errinfo_set(ei, EC_DATA,
			    "field %u (%s): %s out of range 0-%llu", col,
			    fi->name, s, (unsigned long long)fi->max);
		}
		store_uint(r, f, v);
		break;
	case FK_TIME:
		if (read_uint(s, room, &v) == -1 || v > INT64_MAX)
			return bad_field(ei, f, col, "bad time", s);
		if (v > INT32_MAX)
			v /= 1000;
		if (f == FF_START)
			r->start = (int64_t)v;
		else
			r->end = (int64_t)v;
		break;
	case FK_ACTION:
		if ((k = keyword(s, actions)) == 0)
			return bad_field(ei, f, col, "bad action", s);
		r->action = (uint8_t)k;
		break;
	case FK_STATUS:
		if ((k = keyword(s, statuses)) == 0)
			return bad_field(ei, f, col, "bad log status", s);
		r->log_status = (uint8_t)k;
		break;
	case FK_DIRECTION:
		if ((k = keyword(s, directions)) == 0)
			return bad_field(ei, f, col, "bad flow direction", s);
		r->direction = (uint8_t)k;
		break;
	case FK_TYPE:
		if ((k = keyword(s, types)) == 0)
			return bad_field(ei, f, col, "bad type", s);
		r->type = (uint8_t)k;
		break;
	}
	r->present |= FLOW_BIT(f);
	return 0;
}

#ifdef FLOW_WORDS
#define DEFAULT_FIELDS (FLOW_BIT(FF_LOG_STATUS + 1) - 1)

/* The keyword a word at a time: ACCEPT, REJECT or 0 for another. */
static inline int
action_word(const char *s, size_t room)
{
	uint64_t x;

	if (room < 8)
		return keyword(s, actions);
	/* Seven bytes: the word and its NUL. */
	x = load_word(s) & 0x00ffffffffffffffULL;
	if (x == load_word("ACCEPT\0"))
		return FLOW_ACCEPT;
	return x == load_word("REJECT\0") ? FLOW_REJECT : 0;
}

/*
 * The fourteen fields of the default format, the common case, in one
 * straight run: no loop over the fields, no dispatch on their kinds, the
 * numbers read a word at a time.  It took parsing a line that carries the
 * target's address from 116 to 86 ns.  False, r untouched, when a field is
 * not what that run reads: '-', an IPv6 address, a number of many digits
 * or out of range, times in milliseconds, a bad field; the field-by-field
 * conversion then decides, and says why.
 */
static bool
convert_default(struct flow_record *r)
{
	const char *t = r->text;
	const uint32_t *off = r->off;
	size_t len = r->text_len;
	uint64_t version, srcport, dstport, protocol, packets, bytes, start,
	    end;
	struct addr src, dst;
	int action, status;

	if (word_uint(t + off[FF_VERSION], len - off[FF_VERSION], &version) !=
		1 ||
	    word_uint(t + off[FF_SRCPORT], len - off[FF_SRCPORT], &srcport) !=
		1 ||
	    word_uint(t + off[FF_DSTPORT], len - off[FF_DSTPORT], &dstport) !=
		1 ||
	    word_uint(t + off[FF_PROTOCOL], len - off[FF_PROTOCOL],
		&protocol) != 1 ||
	    word_uint(t + off[FF_PACKETS], len - off[FF_PACKETS], &packets) !=
		1 ||
	    word_uint(t + off[FF_BYTES], len - off[FF_BYTES], &bytes) != 1 ||
	    word_uint(t + off[FF_START], len - off[FF_START], &start) != 1 ||
	    word_uint(t + off[FF_END], len - off[FF_END], &end) != 1)
		return false;
	if (version > 255 || srcport > 65535 || dstport > 65535 ||
	    protocol > 255 || start > INT32_MAX || end > INT32_MAX ||
	    end < start)
		return false;
	if (addr_parse_str(t + off[FF_SRCADDR], len - off[FF_SRCADDR], &src) ==
		-1 ||
	    addr_parse_str(t + off[FF_DSTADDR], len - off[FF_DSTADDR], &dst) ==
		-1)
		return false;
	/* Text fields: only "-" needs telling apart. */
	if (is_dash(t + off[FF_ACCOUNT_ID]) ||
	    is_dash(t + off[FF_INTERFACE_ID]))
		return false;
	action = action_word(t + off[FF_ACTION], len - off[FF_ACTION]);
	status = keyword(t + off[FF_LOG_STATUS], statuses);
	if (action == 0 || status == 0)
		return false;
	r->version = (uint8_t)version;
	r->srcport = (uint16_t)srcport;
	r->dstport = (uint16_t)dstport;
	r->protocol = (uint8_t)protocol;
	r->packets = packets;
	r->bytes = bytes;
	r->start = (int64_t)start;
	r->end = (int64_t)end;
	r->srcaddr = src;
	r->dstaddr = dst;
	r->action = (uint8_t)action;
	r->log_status = (uint8_t)status;
	r->present |= DEFAULT_FIELDS;
	return true;
}
#endif

int
flow_convert(const struct flow_format *fmt, struct flow_record *r,
    struct errinfo *ei)
{
	unsigned int i;

#ifdef FLOW_WORDS
	/* The default fields, in any order: every one has its text. */
	if (fmt->has == DEFAULT_FIELDS && fmt->n == FF_LOG_STATUS + 1 &&
	    convert_default(r))
		return 0;
#endif
	for (i = 0; i < fmt->n; i++) {
		enum flow_field f = fmt->field[i];

		if (r->off[f] == FLOW_NOTEXT) {
			return errinfo_set(ei, EC_DATA, "field '%s' missing",
			    flow_field_info(f)->name);
		}
		if (convert_field(r, f, i + 1, r->text + r->off[f], ei) == -1)
			return -1;
	}
	if (flow_has(r, FF_START) && flow_has(r, FF_END) && r->end < r->start) {
		return errinfo_set(ei, EC_DATA, "end %lld before start %lld",
		    (long long)r->end, (long long)r->start);
	}
	return 0;
}

#ifdef FLOW_WIDE
/*
 * A default-format line of up to 128 bytes, the common case, parsed in
 * vector registers with AVX-512 (BW, VBMI, VBMI2): the blanks of the two
 * 64-byte halves give the starts and ends of the fields as bit masks, and
 * the eight numbers are converted together, one to a 128-bit lane.  The
 * word-at-a-time path took 75 ns a line that carries the target's
 * address, this 55.  Like convert_default(), it takes only what it reads
 * exactly and leaves the rest to the general path, which then decides
 * and says why: a NUL, not fourteen fields, '-', a number of more than
 * sixteen digits or out of range, times in milliseconds, a bad address or
 * keyword.
 */
#define WIDE_MAX 128
#define WIDE                                                          \
	__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi," \
			      "avx512vbmi2,bmi,bmi2,popcnt")))

/* Whether the CPU has the instructions beyond AVX-512 BW that this path
 * needs; -1 until known.  Threads may find it out at once: atomic. */
static atomic_int wide_cpu = -1;

static bool
wide_ok(void)
{
	int ok = atomic_load_explicit(&wide_cpu, memory_order_relaxed);

	if (ok == -1) {
		__builtin_cpu_init();
		ok = __builtin_cpu_supports("avx512vl") &&
		    __builtin_cpu_supports("avx512vbmi") &&
		    __builtin_cpu_supports("avx512vbmi2") &&
		    __builtin_cpu_supports("bmi2");
		atomic_store_explicit(&wide_cpu, ok, memory_order_relaxed);
	}
	return ok == 1 && simd_level() >= SIMD_AVX512;
}

/* Whether fmt is the default format, its fields in their usual order. */
static inline bool
default_order(const struct flow_format *fmt)
{
	const __m128i order =
	    _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	__m128i f = _mm_loadu_si128((const __m128i *)(const void *)fmt->field);

	return fmt->n == FF_LOG_STATUS + 1 &&
	    (_mm_movemask_epi8(_mm_cmpeq_epi8(f, order)) & 0x3fff) == 0x3fff;
}

/* The positions of the bits of m0 (bytes 0-63) and m1 (64-127), fourteen
 * of them in all, as the first fourteen bytes of a vector. */
static inline WIDE __m512i
bit_positions(__mmask64 m0, __mmask64 m1)
{
	const __m512i iota = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55,
	    54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38,
	    37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21,
	    20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2,
	    1, 0);
	unsigned int k = (unsigned int)__builtin_popcountll(m0);

	return _mm512_mask_expand_epi8(_mm512_maskz_compress_epi8(m0, iota),
	    (__mmask64)0x3fff & ~(__mmask64)_bzhi_u64(~0ULL, k),
	    _mm512_maskz_compress_epi8(m1,
		_mm512_add_epi8(iota, _mm512_set1_epi8(64))));
}

/*
 * Four numbers of the line x0:x1, whose fields start at the bytes of
 * starts and end at those of ends: fields picks one a 128-bit lane.  Each
 * lane takes its field's digits right-aligned, '0' before them, and is
 * converted as sixteen digits: pairs, fours, eights, then the whole.  The
 * values land in qwords 0, 2, 4 and 6.  False when a field is longer than
 * sixteen bytes or not all digits.
 */
static inline WIDE bool
four_numbers(__m512i x0, __m512i x1, __m512i starts, __m512i ends,
    __m512i fields, __m512i *values)
{
	const __m512i at = _mm512_broadcast_i32x4(_mm_setr_epi8(0, 1, 2, 3, 4,
	    5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
	__m512i end = _mm512_permutexvar_epi8(fields, ends);
	__m512i len = _mm512_sub_epi8(_mm512_add_epi8(end, _mm512_set1_epi8(1)),
	    _mm512_permutexvar_epi8(fields, starts));
	__m512i d;
	__mmask64 digits;

	if (_mm512_cmpgt_epu8_mask(len, _mm512_set1_epi8(16)) != 0)
		return false;
	/* Byte i of a lane is the field's byte end - 15 + i; those before
	 * its start (indices that may wrap) are cleared below. */
	digits = _mm512_cmpge_epu8_mask(_mm512_add_epi8(at, len),
	    _mm512_set1_epi8(16));
	d = _mm512_permutex2var_epi8(x0,
	    _mm512_add_epi8(end, _mm512_sub_epi8(at, _mm512_set1_epi8(15))),
	    x1);
	d = _mm512_maskz_sub_epi8(digits, d, _mm512_set1_epi8('0'));
	if (_mm512_cmpgt_epu8_mask(d, _mm512_set1_epi8(9)) != 0)
		return false;
	d = _mm512_maddubs_epi16(d, _mm512_set1_epi16(0x010a));
	d = _mm512_madd_epi16(d, _mm512_set1_epi32(0x00010064));
	d = _mm512_packus_epi32(d, d);
	d = _mm512_madd_epi16(d, _mm512_set1_epi32(0x00012710));
	*values =
	    _mm512_add_epi64(_mm512_mul_epu32(d, _mm512_set1_epi64(100000000)),
		_mm512_srli_epi64(d, 32));
	return true;
}

/* Qword 0 of 128-bit lane i of v. */
#define LANE(v, i) \
	((uint64_t)_mm_cvtsi128_si64(_mm512_extracti32x4_epi32((v), (i))))

/* Parses line[0..len), len <= WIDE_MAX, of the default format into r,
 * which record_reset() cleared; false when the general path must.  Its
 * checks and stores after the numbers repeat convert_default()'s: shared
 * through one function, whether inlined or not, they made a line 4 ns
 * slower to parse (47 to 51 ns). */
static WIDE bool
parse_default_wide(const char *line, size_t len, char *scratch,
    struct flow_record *r)
{
	const __m512i blank = _mm512_set1_epi8(' '),
		      tab = _mm512_set1_epi8('\t');
	/* The numbers, a lane each: version, ports and protocol; packets,
	 * bytes, start and end. */
	const __m512i first = _mm512_set_epi64(0x0707070707070707LL,
	    0x0707070707070707LL, 0x0606060606060606LL, 0x0606060606060606LL,
	    0x0505050505050505LL, 0x0505050505050505LL, 0, 0);
	const __m512i second = _mm512_set_epi64(0x0b0b0b0b0b0b0b0bLL,
	    0x0b0b0b0b0b0b0b0bLL, 0x0a0a0a0a0a0a0a0aLL, 0x0a0a0a0a0a0a0a0aLL,
	    0x0909090909090909LL, 0x0909090909090909LL, 0x0808080808080808LL,
	    0x0808080808080808LL);
	/* The fields, blanks made NULs, for the addresses and keywords: read
	 * here, not in scratch, for a masked store does not forward to the
	 * loads after it, and scratch holds only len + 1 bytes. */
	char text[3 * 64] __attribute__((aligned(64)));
	__mmask64 in0, in1, b0, b1, s0, s1;
	__m512i x0, x1, t0, t1, starts, ends, numbers, more;
	uint64_t version, srcport, dstport, protocol, start, end;
	const uint32_t *off = r->off;
	struct addr src, dst;
	int action, status;

	in0 = len >= 64 ? ~0ULL : _bzhi_u64(~0ULL, (unsigned int)len);
	in1 = len <= 64 ? 0 : _bzhi_u64(~0ULL, (unsigned int)(len - 64));
	x0 = _mm512_maskz_loadu_epi8(in0, line);
	x1 = len <= 64 ? _mm512_setzero_si512()
		       : _mm512_maskz_loadu_epi8(in1, line + 64);
	if (_mm512_mask_test_epi8_mask(in0, x0, x0) != in0 ||
	    _mm512_mask_test_epi8_mask(in1, x1, x1) != in1)
		return false; /* a NUL */
	/* Past the line's end, blanks too. */
	b0 = _mm512_cmpeq_epi8_mask(x0, blank) |
	    _mm512_cmpeq_epi8_mask(x0, tab) | ~in0;
	b1 = _mm512_cmpeq_epi8_mask(x1, blank) |
	    _mm512_cmpeq_epi8_mask(x1, tab) | ~in1;
	/* A field starts at a byte that is no blank, after one. */
	s0 = ~b0 & (b0 << 1 | 1);
	s1 = ~b1 & (b1 << 1 | b0 >> 63);
	if (__builtin_popcountll(s0) + __builtin_popcountll(s1) !=
	    FF_LOG_STATUS + 1)
		return false;
	starts = bit_positions(s0, s1);
	/* And ends at one before a blank. */
	ends = bit_positions(~b0 & (b0 >> 1 | b1 << 63),
	    ~b1 & (b1 >> 1 | 1ULL << 63));
	if (!four_numbers(x0, x1, starts, ends, first, &numbers) ||
	    !four_numbers(x0, x1, starts, ends, second, &more))
		return false;
	version = LANE(numbers, 0);
	srcport = LANE(numbers, 1);
	dstport = LANE(numbers, 2);
	protocol = LANE(numbers, 3);
	start = LANE(more, 2);
	end = LANE(more, 3);
	if (version > 255 || srcport > 65535 || dstport > 65535 ||
	    protocol > 255 || start > INT32_MAX || end > INT32_MAX ||
	    end < start)
		return false;

	t0 = _mm512_maskz_mov_epi8(~b0, x0);
	t1 = _mm512_maskz_mov_epi8(~b1, x1);
	_mm512_store_si512((void *)text, t0);
	_mm512_store_si512((void *)(text + 64), t1);
	_mm512_store_si512((void *)(text + 128), _mm512_setzero_si512());
	/* All sixteen offsets stored whole, the two past the fields'
	 * FLOW_NOTEXT: a masked store would not forward to off[] read. */
	_mm512_storeu_si512((void *)r->off,
	    _mm512_mask_mov_epi32(_mm512_set1_epi32(-1), 0x3fff,
		_mm512_cvtepu8_epi32(_mm512_castsi512_si128(starts))));
	/* An address starts before byte 128: sixteen bytes of room. */
	if (addr_parse_str(text + off[FF_SRCADDR], 16, &src) == -1 ||
	    addr_parse_str(text + off[FF_DSTADDR], 16, &dst) == -1 ||
	    is_dash(text + off[FF_ACCOUNT_ID]) ||
	    is_dash(text + off[FF_INTERFACE_ID]))
		return false;
	action = action_word(text + off[FF_ACTION], 8);
	status = keyword(text + off[FF_LOG_STATUS], statuses);
	if (action == 0 || status == 0)
		return false;

	_mm512_mask_storeu_epi8(scratch, in0, t0);
	if (len > 64)
		_mm512_mask_storeu_epi8(scratch + 64, in1, t1);
	scratch[len] = '\0';
	r->text_len = (uint32_t)len + 1;
	r->version = (uint8_t)version;
	r->srcport = (uint16_t)srcport;
	r->dstport = (uint16_t)dstport;
	r->protocol = (uint8_t)protocol;
	r->packets = LANE(more, 0);
	r->bytes = LANE(more, 1);
	r->start = (int64_t)start;
	r->end = (int64_t)end;
	r->srcaddr = src;
	r->dstaddr = dst;
	r->action = (uint8_t)action;
	r->log_status = (uint8_t)status;
	r->present |= DEFAULT_FIELDS;
	return true;
}
#endif

/* Clears r for a new record whose text lives in text. */
static void
record_reset(struct flow_record *r, char *text)
{
	char *p = (char *)r;
	size_t n = offsetof(struct flow_record, origin), i;

	/* In pieces of 64 bytes, which compilers clear with a few vector
	 * stores: the whole they clear with "rep stos", whose start-up was a
	 * fifth of parsing a line. */
	for (i = 0; i + 64 <= n; i += 64)
		memset(p + i, 0, 64);
	memset(p + i, 0, n - i);
	r->origin = NULL;
	r->line = 0;
	r->event_off = FLOW_NOTEXT;
	r->text = text;
	r->text_len = 0;
	memset(r->off, 0xff, sizeof(r->off));
}

/*
 * A line is cut into fields a block of sixteen bytes at a time: a mask of
 * the blanks in the block gives the starts of its fields and turns its
 * blanks into NULs, with no branch per byte.  A branch per byte was
 * mispredicted at the end of every field, and cutting the lines that carry
 * the target's address took a third of a scan.
 */
#define BLOCK 16

#ifdef FLOW_SSE2
/* Copies the n <= BLOCK bytes at in to out, every blank made a NUL, and
 * returns a bit per byte for the blanks, bytes past n counted as blanks;
 * sets *nul when one of the bytes is a NUL. */
static inline unsigned int
cut_block_sse2(const char *in, char *out, size_t n, bool *nul)
{
	char pad[BLOCK];
	__m128i x, blank;

	if (n < BLOCK) {
		memset(pad, ' ', sizeof(pad));
		memcpy(pad, in, n);
		in = pad;
	}
	x = _mm_loadu_si128((const __m128i *)(const void *)in);
	blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())) != 0)
		*nul = true;
	x = _mm_andnot_si128(blank, x);
	if (n == BLOCK)
		_mm_storeu_si128((__m128i *)(void *)out, x);
	else {
		_mm_storeu_si128((__m128i *)(void *)pad, x);
		memcpy(out, pad, n);
	}
	return (unsigned int)_mm_movemask_epi8(blank);
}
#endif

/* The same a word of eight bytes at a time (SWAR): the portable twin,
 * for machines without SSE2 or a level capped below it. */
#ifndef ONES
#define ONES 0x0101010101010101ULL
#endif
#define LOWS 0x7f7f7f7f7f7f7f7fULL

/* Bit 7 of every byte of x that is c, exactly: no carry crosses bytes. */
static inline uint64_t
bytes_equal(uint64_t x, unsigned char c)
{
	uint64_t t = x ^ (ONES * c);

	return ~(((t & LOWS) + LOWS) | t | LOWS);
}

static inline unsigned int
cut_word(const char *in, char *out, size_t n, bool *nul)
{
	unsigned char b[8];
	uint64_t x = 0, blank;
	int i;

	memset(b, ' ', sizeof(b));
	memcpy(b, in, n);
	for (i = 7; i >= 0; i--)
		x = x << 8 | b[i];
	if (bytes_equal(x, '\0') != 0)
		*nul = true;
	blank = bytes_equal(x, ' ') | bytes_equal(x, '\t');
	x &= ~((blank >> 7) * 0xff);
	for (i = 0; i < (int)n; i++, x >>= 8)
		out[i] = (char)(x & 0xff);
	/* Bit 7 of byte i to bit i. */
	return (unsigned int)(((blank >> 7) * 0x0102040810204080ULL) >> 56);
}

static inline unsigned int
cut_block_swar(const char *in, char *out, size_t n, bool *nul)
{
	unsigned int lo = cut_word(in, out, n < 8 ? n : 8, nul);

	if (n <= 8)
		return lo | 0xff00;
	return lo | cut_word(in + 8, out + 8, n - 8, nul) << 8;
}

/* The block cutter: SSE2's where it runs, else the portable one.  sse2 is
 * a constant where cut_blocks() is inlined, so each copy has one. */
static ALWAYS_INLINE unsigned int
cut_block(const char *in, char *out, size_t n, bool *nul, bool sse2)
{
#ifdef FLOW_SSE2
	if (sse2)
		return cut_block_sse2(in, out, n, nul);
#else
	(void)sse2;
#endif
	return cut_block_swar(in, out, n, nul);
}

/* Files the fields that start in the 64 bytes at base, whose blanks are
 * the bits of blanks (past the line's end, blanks too); n fields came
 * before, the last of them ending in a blank when *after_blank.  Returns
 * the count so far.  A word at a time, the loop ends twice a record, not
 * at every block. */
static inline unsigned int
file_starts(const struct flow_format *fmt, struct flow_record *r,
    uint64_t blanks, size_t base, uint64_t *after_blank, unsigned int n)
{
	/* A field starts at a byte that is no blank, after one. */
	uint64_t starts = ~blanks & (blanks << 1 | *after_blank);

	*after_blank = blanks >> 63;
	for (; starts != 0; starts &= starts - 1, n++) {
		if (n < fmt->n) {
			r->off[fmt->field[n]] =
			    (uint32_t)(base + (size_t)__builtin_ctzll(starts));
		}
	}
	return n;
}

/* Cuts line[0..len) into fields, copied to scratch with their blanks made
 * NULs, filing the starts of the first fmt->n in r; returns how many
 * fields there are, and sets *nul when a byte is a NUL. */
static ALWAYS_INLINE unsigned int
cut_blocks(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, bool *nul, bool sse2)
{
	uint64_t word = 0, after_blank = 1;
	unsigned int n = 0, blanks;
	size_t i, w;

	/* The blanks of four blocks gather in a word, whose field starts
	 * are then filed together. */
	for (i = 0; i + BLOCK <= len; i += BLOCK) {
		blanks = cut_block(line + i, scratch + i, BLOCK, nul, sse2);
		word |= (uint64_t)blanks << (i & 63);
		if ((i & 63) == 64 - BLOCK) {
			n = file_starts(fmt, r, word, i & ~(size_t)63,
			    &after_blank, n);
			word = 0;
		}
	}
	if (i < len) {
		w = len - i;
		/* The last block of a longer line is read whole, ending with
		 * the line: the bytes read again come out the same, and a whole
		 * block is copied without padding. */
		if (len >= BLOCK) {
			blanks = cut_block(line + len - BLOCK,
				     scratch + len - BLOCK, BLOCK, nul, sse2) >>
			    (BLOCK - w);
		} else
			blanks = cut_block(line, scratch, len, nul, sse2);
		word |= (uint64_t)(blanks & 0xffffu) << (i & 63);
	}
	if ((len & 63) != 0) {
		/* Past the line's end, all blanks. */
		word |= ~0ULL << (len & 63);
		n = file_starts(fmt, r, word, len & ~(size_t)63, &after_blank,
		    n);
	}
	return n;
}

static unsigned int
cut_blocks_sse2(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, bool *nul)
{
	return cut_blocks(fmt, line, len, scratch, r, nul, true);
}

static unsigned int
cut_blocks_swar(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, bool *nul)
{
	return cut_blocks(fmt, line, len, scratch, r, nul, false);
}

int
flow_parse_line(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	unsigned int n;
	bool nul = false;

	record_reset(r, scratch);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > FLOW_LINE_MAX) {
		return errinfo_set(ei, EC_DATA, "line longer than %d bytes",
		    FLOW_LINE_MAX);
	}
#ifdef FLOW_WIDE
	if (len <= WIDE_MAX && default_order(fmt) && wide_ok()) {
		if (parse_default_wide(line, len, scratch, r))
			return 0;
		/* It may have filed some offsets. */
		memset(r->off, 0xff, sizeof(r->off));
	}
#endif
	if (simd_level() >= SIMD_SSE2)
		n = cut_blocks_sse2(fmt, line, len, scratch, r, &nul);
	else
		n = cut_blocks_swar(fmt, line, len, scratch, r, &nul);
	if (nul) {
		memset(r->off, 0xff, sizeof(r->off));
		return errinfo_set(ei, EC_DATA, "NUL byte in the line");
	}
	scratch[len] = '\0';
	r->text_len = (uint32_t)len + 1;
	if (n != fmt->n) {
		memset(r->off, 0xff, sizeof(r->off));
		return errinfo_set(ei, EC_DATA, "expected %u fields, found %u",
		    fmt->n, n);
	}
	return flow_convert(fmt, r, ei);
}

void
flow_record_copy(struct flow_record *dst, const struct flow_record *src)
{
	*dst = *src;
	dst->text = xmalloc(src->text_len);
	memcpy(dst->text, src->text, src->text_len);
}

void
flow_record_release(struct flow_record *r)
{
	free(r->text);
	r->text = NULL;
}

const char *
flow_action_name(enum flow_action a)
{
	switch (a) {
	case FLOW_ACCEPT:
		return "ACCEPT";
	case FLOW_REJECT:
		return "REJECT";
	default:
		return "-";
	}
}

const char *
flow_status_name(enum flow_status s)
{
	switch (s) {
	case FLOW_OK:
		return "OK";
	case FLOW_NODATA:
		return "NODATA";
	case FLOW_SKIPDATA:
		return "SKIPDATA";
	default:
		return "-";
	}
}

static const struct {
	const char *name;
	unsigned int number;
} protocols[] = {
	{ "icmp", 1 },
	{ "tcp", 6 },
	{ "udp", 17 },
	{ "icmpv6", 58 },
};

const char *
flow_protocol_name(unsigned int proto, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (protocols[i].number == proto)
			return protocols[i].name;
	}
	snprintf(buf, size, "%u", proto);
	return buf;
}

int
flow_protocol_lookup(const char *s)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (strcmp(s, protocols[i].name) == 0)
			return (int)protocols[i].number;
	}
	if (parse_uint(s, &v) == -1 || v > 255)
		return -1;
	return (int)v;
}

const char *
flow_tcp_flags_string(unsigned int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s",
	    (flags & 18) == 18 ? "SYN-ACK,"
		: (flags & 2)  ? "SYN,"
			       : "",
	    (flags & 1) ? "FIN," : "", (flags & 4) ? "RST," : "");
	if (buf[0] == '\0')
		snprintf(buf, size, "-");
	else
		buf[strlen(buf) - 1] = '\0';
	return buf;
}
