#include "config.h"

#include "flowdiag/engine/rule.h"
#include "rule-int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"

/* Where the brace at p of template t stands in src, the statement text
 * it was read from: escapes and joins make no braces, so the n-th brace
 * of t is the n-th of src. */
static const char *
brace_at(const char *src, const char *t, const char *p)
{
	size_t n = 0;

	for (; t < p; t++)
		n += *t == '{';
	for (; *src != '\0'; src++) {
		if (*src == '{' && n-- == 0)
			return src;
	}
	return NULL;
}

/* The length of the fact's name in a placeholder that starts at p and
 * ends at close: up to the blank before "one|many" (the count and its
 * noun) or the colon before it (the word alone), when there is one. */
static size_t
name_len(const char *p, const char *close)
{
	size_t n = 0;

	while (p + n < close && p[n] != ' ' && p[n] != ':')
		n++;
	return n;
}

/* The noun after the count n in the placeholder's "one|many" at p,
 * ending at close: its length in *len. */
static const char *
noun(const char *p, const char *close, double n, size_t *len)
{
	const char *bar = memchr(p, '|', (size_t)(close - p));

	if (n == 1) {
		*len = (size_t)(bar - p);
		return p;
	}
	*len = (size_t)(close - bar - 1);
	return bar + 1;
}

int
template_check(struct parser *ps, const char *t, const char *src)
{
	const char *p, *close, *bar;
	int id;

	for (p = t; (p = strchr(p, '{')) != NULL; p = close + 1) {
		if (p[1] == '{') {
			close = p + 1;
			continue;
		}
		if ((close = strchr(p, '}')) == NULL)
			return parser_error(ps, brace_at(src, t, p),
			    "template: '{' without '}'");
		if ((id = fact_lookup(p + 1, name_len(p + 1, close))) == -1) {
			return parser_error(ps, brace_at(src, t, p),
			    "template: unknown fact '%.*s'",
			    (int)name_len(p + 1, close), p + 1);
		}
		if (name_len(p + 1, close) == (size_t)(close - p - 1))
			continue;
		bar = memchr(p, '|', (size_t)(close - p));
		if (fact_def(id)->type != FACT_NUM || bar == NULL ||
		    bar == p + 2 + name_len(p + 1, close) || bar + 1 == close) {
			return parser_error(ps, brace_at(src, t, p),
			    "template: '%.*s': a count and its noun are "
			    "{NUMBER-FACT one|many}, the word alone "
			    "{NUMBER-FACT:one|many}",
			    (int)(close - p + 1), p);
		}
	}
	return 0;
}

char *
rule_render(const char *t, const struct facts *f)
{
	size_t cap = strlen(t) + 64, n = 0, len;
	char *out = xmalloc(cap), val[128], counted[256], *quoted = NULL;
	const char *p, *close;
	bool command = false;
	int id;

	for (p = t; *p != '\0'; p++) {
		const char *piece = p;

		len = 1;
		/* From "$ " on, the text is a command line (report.c's
		 * step() shows it so): its values are shell words. */
		if (p[0] == '$' && p[1] == ' ' && (p == t || p[-1] == ' '))
			command = true;
		if (p[0] == '{' && p[1] == '{')
			p++;
		else if (p[0] == '}' && p[1] == '}')
			p++;
		else if (p[0] == '{' && (close = strchr(p, '}')) != NULL &&
		    (id = fact_lookup(p + 1, name_len(p + 1, close))) != -1) {
			/* A text whole, however long: never cut. */
			piece = fact_def(id)->type == FACT_STR
			    ? facts_str(f, id)
			    : facts_format(f, id, val, sizeof(val));
			/* An unknown text shows what to fill in; never a
			 * command, which a placeholder would break. */
			if (piece[0] == '\0' && !fact_is_command(id) &&
			    fact_fill(id) != NULL)
				piece = fact_fill(id);
			else if (piece[0] == '\0' && !fact_is_command(id)) {
				snprintf(val, sizeof(val), "<%s>",
				    fact_def(id)->name);
				piece = val;
			}
			/* A command fact is shell words already. */
			if (command && piece[0] != '\0' && !fact_is_command(id))
				piece = quoted = escape_shell(piece);
			len = strlen(piece);
			/* {count one|many}: the count and the noun that
			 * agrees with it; {count:one|many} the word alone
			 * (template_check() made sure of the form). */
			if (name_len(p + 1, close) < (size_t)(close - p - 1)) {
				const char *w;
				size_t wl;

				w = noun(p + 2 + name_len(p + 1, close), close,
				    facts_num(f, id), &wl);
				if (p[1 + name_len(p + 1, close)] == ':')
					snprintf(counted, sizeof(counted),
					    "%.*s", (int)wl, w);
				else
					snprintf(counted, sizeof(counted),
					    "%s %.*s", piece, (int)wl, w);
				piece = counted;
				len = strlen(piece);
			}
			p = close;
		}
		if (n + len + 1 > cap)
			out = xreallocarray(out, cap = (n + len + 1) * 2, 1);
		memcpy(out + n, piece, len);
		n += len;
		free(quoted);
		quoted = NULL;
	}
	out[n] = '\0';
	return out;
}
