#include "config.h"

#include "flowdiag/util/escape.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* U+FFFD in UTF-8. */
static const char replacement[] = "\xef\xbf\xbd";

/* The length of the valid UTF-8 sequence of a code point >= U+0080 at s
 * (n bytes left), its code point in *cp; 0 when s does not start one. */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t c;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0; /* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* past U+10FFFF */
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		c = c << 6 | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
}

/* What a rewrite keeps: every control (JSON, which escapes its own), the
 * newlines of a text, or nothing, for a line. */
enum keep { KEEP_CONTROLS, KEEP_NEWLINES, KEEP_NONE };

/* Whether byte c shows as itself outside a multibyte sequence. */
static bool
plain(unsigned char c, enum keep keep)
{
	if (c >= 0x80)
		return false;
	return keep == KEEP_CONTROLS || (c >= 0x20 && c != 0x7f) ||
	    (c == '\n' && keep == KEEP_NEWLINES);
}

bool
escape_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (plain(p[i], KEEP_NEWLINES)) {
			i++;
			continue;
		}
		if ((len = utf8_seq(p + i, n - i, &cp)) == 0 || cp <= 0x9f)
			return false;
		i += len;
	}
	return true;
}

/* s, n bytes, rewritten: the controls keep does not keep escaped, invalid
 * bytes replaced; returns a new string. */
static char *
rewrite(const char *s, size_t n, enum keep keep)
{
	const unsigned char *p = (const unsigned char *)s;
	/* At most 6 bytes ("\u009b") for each byte of s. */
	char *out = xreallocarray(NULL, n + 1, 6), *o = out;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (plain(p[i], keep)) {
			*o++ = (char)p[i++];
		} else if (p[i] < 0x80) {
			o += sprintf(o, "\\x%02x", p[i++]);
		} else if ((len = utf8_seq(p + i, n - i, &cp)) == 0) {
			memcpy(o, replacement, 3);
			o += 3;
			i++;
		} else if (cp <= 0x9f && keep != KEEP_CONTROLS) {
			o += sprintf(o, "\\u%04x", (unsigned int)cp);
			i += len;
		} else {
			memcpy(o, s + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

char *
escape_text(const char *s)
{
	return rewrite(s, strlen(s), KEEP_NEWLINES);
}

char *
escape_line_text(const char *s)
{
	return rewrite(s, strlen(s), KEEP_NONE);
}

char *
escape_utf8(const char *s)
{
	return rewrite(s, strlen(s), KEEP_CONTROLS);
}

char *
escape_shell(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";
	size_t n = strlen(s), quotes = 0, i;
	char *out, *o;

	if (n > 0 && strspn(s, safe) == n)
		return xstrdup(s);
	for (i = 0; i < n; i++)
		quotes += s[i] == '\'';
	o = out = xmalloc(n + quotes * 3 + 3);
	*o++ = '\'';
	for (i = 0; i < n; i++) {
		if (s[i] == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = s[i];
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

void
escape_write(FILE *fp, const char *s, size_t n)
{
	char *e;

	if (escape_clean(s, n)) {
		fwrite(s, 1, n, fp);
		return;
	}
	e = rewrite(s, n, KEEP_NEWLINES);
	fputs(e, fp);
	free(e);
}

void
escape_puts(FILE *fp, const char *s)
{
	escape_write(fp, s, strlen(s));
}

/* fmt formatted in small (SMALL bytes) or, when longer, in *big, which the
 * caller frees; returns the text's length, or -1. */
#define SMALL 512
static int format_text(char *small, char **big, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static int
format_text(char *small, char **big, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	*big = NULL;
	va_copy(again, ap);
	n = vsnprintf(small, SMALL, fmt, ap);
	if (n >= SMALL) {
		*big = xmalloc((size_t)n + 1);
		vsnprintf(*big, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	return n;
}

void
escape_printf(FILE *fp, const char *fmt, ...)
{
	char small[SMALL], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_text(small, &big, fmt, ap);
	va_end(ap);
	if (n >= 0)
		escape_write(fp, big != NULL ? big : small, (size_t)n);
	free(big);
}

void
escape_line(FILE *fp, const char *fmt, ...)
{
	char small[SMALL], *big, *e;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_text(small, &big, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		e = rewrite(big != NULL ? big : small, (size_t)n, KEEP_NONE);
		fputs(e, fp);
		fputc('\n', fp);
		free(e);
	}
	free(big);
}

void
escape_raw(FILE *fp, const char *s)
{
	fputs(s, fp);
}
