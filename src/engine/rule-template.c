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

int
template_check(struct parser *ps, const char *t, const char *src)
{
	const char *p, *close;

	for (p = t; (p = strchr(p, '{')) != NULL; p = close + 1) {
		if (p[1] == '{') {
			close = p + 1;
			continue;
		}
		if ((close = strchr(p, '}')) == NULL)
			return parser_error(ps, brace_at(src, t, p),
			    "template: '{' without '}'");
		if (fact_lookup(p + 1, (size_t)(close - p - 1)) == -1) {
			return parser_error(ps, brace_at(src, t, p),
			    "template: unknown fact '%.*s'",
			    (int)(close - p - 1), p + 1);
		}
	}
	return 0;
}

char *
rule_render(const char *t, const struct facts *f)
{
	size_t cap = strlen(t) + 64, n = 0, len;
	char *out = xmalloc(cap), val[128], *quoted = NULL;
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
		    (id = fact_lookup(p + 1, (size_t)(close - p - 1))) != -1) {
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
