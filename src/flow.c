#include "config.h"

#include "flowdiag/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && !defined(FLOW_SWAR)
#define FLOW_SSE2 1
#include <emmintrin.h>
#endif

#include "flowdiag/xmalloc.h"

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
	static const char *const actions[] = { "ACCEPT", "REJECT", NULL };
	static const char *const statuses[] = { "OK", "NODATA", "SKIPDATA",
		NULL };
	static const char *const directions[] = { "ingress", "egress", NULL };
	static const char *const types[] = { "IPv4", "IPv6", "EFA", NULL };
	const struct flow_field_info *fi = flow_field_info(f);
	uint64_t v;
	int k;

	if (s[0] == '-' && s[1] == '\0')
		return 0;
	switch (fi->kind) {
	case FK_TEXT:
		break;
	case FK_ADDR:
		if (addr_parse(s, strlen(s), addr_member(r, f)) == -1)
			return bad_field(ei, f, col, "bad address", s);
		break;
	case FK_UINT:
		if (parse_uint(s, &v) == -1)
			return bad_field(ei, f, col, "bad number", s);
		if (v > fi->max) {
			return errinfo_set(ei, EC_DATA,
			    "field %u (%s): %s out of range 0-%llu", col,
			    fi->name, s, (unsigned long long)fi->max);
		}
		store_uint(r, f, v);
		break;
	case FK_TIME:
		if (parse_uint(s, &v) == -1 || v > INT64_MAX)
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

int
flow_convert(const struct flow_format *fmt, struct flow_record *r,
    struct errinfo *ei)
{
	unsigned int i;

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
cut_block(const char *in, char *out, size_t n, bool *nul)
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
#else
/* The same a word of eight bytes at a time (SWAR), for machines without
 * SSE2, and for the tests (FLOW_SWAR). */
#define ONES 0x0101010101010101ULL
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
cut_block(const char *in, char *out, size_t n, bool *nul)
{
	unsigned int lo = cut_word(in, out, n < 8 ? n : 8, nul);

	if (n <= 8)
		return lo | 0xff00;
	return lo | cut_word(in + 8, out + 8, n - 8, nul) << 8;
}
#endif

int
flow_parse_line(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, struct errinfo *ei)
{
	unsigned int n = 0, after_blank = 1, starts, blanks;
	bool nul = false;
	size_t i, w;

	record_reset(r, scratch);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > FLOW_LINE_MAX) {
		return errinfo_set(ei, EC_DATA, "line longer than %d bytes",
		    FLOW_LINE_MAX);
	}
	for (i = 0; i < len; i += BLOCK) {
		w = len - i < BLOCK ? len - i : BLOCK;
		/* The last block of a longer line is read whole, ending with
		 * the line: the bytes read again come out the same, and a whole
		 * block is copied without padding. */
		if (w < BLOCK && len >= BLOCK) {
			blanks = cut_block(line + len - BLOCK,
				     scratch + len - BLOCK, BLOCK, &nul) >>
			    (BLOCK - w);
			blanks |= 0xffffu << w;
		} else
			blanks = cut_block(line + i, scratch + i, w, &nul);
		/* A field starts at a byte that is no blank, after one. */
		starts = ~blanks & (blanks << 1 | after_blank) & 0xffff;
		after_blank = blanks >> (BLOCK - 1) & 1;
		for (; starts != 0; starts &= starts - 1, n++) {
			if (n < fmt->n) {
				r->off[fmt->field[n]] = (uint32_t)(i +
				    (size_t)__builtin_ctz(starts));
			}
		}
	}
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
