#include "config.h"

#include "flowdiag/aws/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

static bool
starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* The first needle in [p, end), or NULL. */
static const char *
find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++) {
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
name_char(char c)
{
	return (unsigned char)c > ' ' && strchr("/>=<\"'&", c) == NULL;
}

/* Past a declaration (<!DOCTYPE ...>), whose internal subset may hold
 * '>'; NULL when it does not end. */
static const char *
skip_decl(const char *p, const char *end)
{
	int subset = 0;
	char quote = 0;

	for (; p < end; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '[')
			subset++;
		else if (*p == ']')
			subset--;
		else if (*p == '>' && subset <= 0)
			return p + 1;
	}
	return NULL;
}

/* With *p at '<': moves *p past a comment, CDATA section, processing
 * instruction or declaration and returns 1; 0 when *p starts none of
 * these; -1 when it does not end. */
static int
skip_markup(const char **p, const char *end)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {
		{ "<!--", "-->" },
		{ "<![CDATA[", "]]>" },
		{ "<?", "?>" },
	};
	const char *q;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!starts(*p, end, kinds[i].open))
			continue;
		q = find(*p + strlen(kinds[i].open), end, kinds[i].close);
		if (q == NULL)
			return -1;
		*p = q + strlen(kinds[i].close);
		return 1;
	}
	if (!starts(*p, end, "<!"))
		return 0;
	if ((q = skip_decl(*p + 2, end)) == NULL)
		return -1;
	*p = q;
	return 1;
}

/* Reads the start tag at p ('<'): its name into e, whether it is empty
 * ("/>"); returns what follows it, or NULL when it is malformed. */
static const char *
start_tag(const char *p, const char *end, struct xml_elem *e, bool *empty)
{
	const char *q = p + 1, *c;

	e->name = q;
	while (q < end && name_char(*q))
		q++;
	e->name_len = (size_t)(q - e->name);
	if (e->name_len == 0)
		return NULL;
	while (q < end) {
		if (*q == '"' || *q == '\'') {
			if ((c = memchr(q + 1, *q, (size_t)(end - q - 1))) ==
			    NULL)
				return NULL;
			q = c + 1;
		} else if (*q == '>') {
			*empty = false;
			return q + 1;
		} else if (*q == '/') {
			if (q + 1 == end || q[1] != '>')
				return NULL;
			*empty = true;
			return q + 2;
		} else if (*q == '<')
			return NULL;
		else
			q++;
	}
	return NULL;
}

/* Reads the end tag at p ("</"); returns what follows it, or NULL. */
static const char *
end_tag(const char *p, const char *end, const char **name, size_t *len)
{
	const char *q = p + 2;

	*name = q;
	while (q < end && name_char(*q))
		q++;
	*len = (size_t)(q - *name);
	while (q < end && is_space(*q))
		q++;
	if (*len == 0 || q == end || *q != '>')
		return NULL;
	return q + 1;
}

/* Reads the element whose start tag is at p, checking that every element
 * in it is closed in order; *next is what follows it. */
static int
element(const char *p, const char *end, struct xml_elem *e, const char **next)
{
	struct {
		const char *name;
		size_t len;
	} open[XML_DEPTH_MAX];
	struct xml_elem t;
	const char *q, *m, *name;
	size_t depth = 0, len;
	bool empty;
	int r;

	if ((q = start_tag(p, end, e, &empty)) == NULL)
		return -1;
	e->body = q;
	e->body_len = 0;
	if (empty) {
		*next = q;
		return 0;
	}
	open[depth].name = e->name;
	open[depth++].len = e->name_len;
	while ((q = memchr(q, '<', (size_t)(end - q))) != NULL) {
		m = q;
		if ((r = skip_markup(&m, end)) == -1)
			return -1;
		if (r == 1) {
			q = m;
			continue;
		}
		if (q + 1 < end && q[1] == '/') {
			if ((m = end_tag(q, end, &name, &len)) == NULL)
				return -1;
			depth--;
			if (len != open[depth].len ||
			    memcmp(name, open[depth].name, len) != 0)
				return -1;
			if (depth == 0) {
				e->body_len = (size_t)(q - e->body);
				*next = m;
				return 0;
			}
			q = m;
			continue;
		}
		if ((m = start_tag(q, end, &t, &empty)) == NULL)
			return -1;
		if (!empty) {
			if (depth == XML_DEPTH_MAX)
				return -1;
			open[depth].name = t.name;
			open[depth++].len = t.name_len;
		}
		q = m;
	}
	return -1;
}

int
xml_root(const char *doc, size_t len, struct xml_elem *root)
{
	const char *p = doc, *end = doc + len, *next;
	int r;

	if (starts(p, end, "\xef\xbb\xbf"))
		p += 3;
	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end || *p != '<')
			return -1;
		if ((r = skip_markup(&p, end)) == -1)
			return -1;
		if (r == 0)
			break;
	}
	return element(p, end, root, &next);
}

bool
xml_is(const struct xml_elem *e, const char *name)
{
	const char *local = e->name;
	size_t n = e->name_len, i;

	for (i = 0; i < e->name_len; i++) {
		if (e->name[i] == ':') {
			local = e->name + i + 1;
			n = e->name_len - i - 1;
		}
	}
	return strlen(name) == n && memcmp(local, name, n) == 0;
}

bool
xml_next(const struct xml_elem *parent, size_t *pos, struct xml_elem *child)
{
	const char *p, *m, *next, *end = parent->body + parent->body_len;
	int r;

	if (*pos >= parent->body_len)
		return false;
	p = parent->body + *pos;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		m = p;
		if ((r = skip_markup(&m, end)) == -1)
			return false;
		if (r == 1) {
			p = m;
			continue;
		}
		if (element(p, end, child, &next) == -1)
			return false;
		*pos = (size_t)(next - parent->body);
		return true;
	}
	return false;
}

bool
xml_child(const struct xml_elem *parent, const char *name,
    struct xml_elem *child)
{
	size_t pos = 0;

	while (xml_next(parent, &pos, child)) {
		if (xml_is(child, name))
			return true;
	}
	return false;
}

/* One pass over parent's body, start tag after start tag in document
 * order: only the first one named name is read whole.  Reading each child
 * whole on the way down would read every subtree once per level above it,
 * seconds of CPU for a hostile error answer of 15 MB nested 60 deep. */
bool
xml_find(const struct xml_elem *parent, const char *name,
    struct xml_elem *found)
{
	const char *p = parent->body, *end = p + parent->body_len, *m, *next;
	struct xml_elem t;
	bool empty;
	int r;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		m = p;
		if ((r = skip_markup(&m, end)) == -1)
			return false;
		if (r == 1) {
			p = m;
		} else if (p + 1 < end && p[1] == '/') {
			p += 2;
		} else {
			if ((m = start_tag(p, end, &t, &empty)) == NULL)
				return false;
			if (xml_is(&t, name))
				return element(p, end, found, &next) == 0;
			p = m;
		}
	}
	return false;
}

/* Decodes the entity at p ('&') into *o; returns its length, or 0 when it
 * is not one that XML defines. */
static size_t
entity(const char *p, const char *end, char **o)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "amp", '&' },
		{ "lt", '<' },
		{ "gt", '>' },
		{ "quot", '"' },
		{ "apos", '\'' },
	};
	const char *semi, *q;
	size_t i, n = (size_t)(end - p) < 12 ? (size_t)(end - p) : 12;
	unsigned long cp = 0, d;
	unsigned char *u = (unsigned char *)*o;
	bool hex;

	if ((semi = memchr(p, ';', n)) == NULL)
		return 0;
	n = (size_t)(semi - p) - 1;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (strlen(named[i].name) == n &&
		    memcmp(p + 1, named[i].name, n) == 0) {
			*(*o)++ = named[i].c;
			return n + 2;
		}
	}
	if (n < 2 || p[1] != '#')
		return 0;
	q = p + 2;
	if ((hex = *q == 'x'))
		q++;
	if (q == semi)
		return 0;
	for (; q < semi; q++) {
		if (*q >= '0' && *q <= '9')
			d = (unsigned long)(*q - '0');
		else if (hex && *q >= 'a' && *q <= 'f')
			d = (unsigned long)(*q - 'a' + 10);
		else if (hex && *q >= 'A' && *q <= 'F')
			d = (unsigned long)(*q - 'A' + 10);
		else
			return 0;
		cp = cp * (hex ? 16 : 10) + d;
		if (cp > 0x10ffff)
			return 0;
	}
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		*u++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*u++ = (unsigned char)(0xc0 | cp >> 6);
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*u++ = (unsigned char)(0xe0 | cp >> 12);
		*u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*u++ = (unsigned char)(0xf0 | cp >> 18);
		*u++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = (char *)u;
	return (size_t)(semi - p) + 1;
}

char *
xml_text(const struct xml_elem *e)
{
	const char *p = e->body, *end = p + e->body_len, *m;
	char *out = xmalloc(e->body_len + 1), *o = out;
	size_t n;

	/* Nothing decodes longer than it is written: o never passes p. */
	while (p < end) {
		if (starts(p, end, "<![CDATA[")) {
			if ((m = find(p + 9, end, "]]>")) == NULL)
				goto bad;
			memcpy(o, p + 9, (size_t)(m - p - 9));
			o += m - p - 9;
			p = m + 3;
		} else if (*p == '<') {
			m = p;
			if (skip_markup(&m, end) != 1)
				goto bad;
			p = m;
		} else if (*p == '&') {
			if ((n = entity(p, end, &o)) == 0)
				goto bad;
			p += n;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

char *
xml_child_text(const struct xml_elem *parent, const char *name)
{
	struct xml_elem c;

	if (!xml_child(parent, name, &c))
		return NULL;
	return xml_text(&c);
}
