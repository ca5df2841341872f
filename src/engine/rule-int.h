/*
 * What the files of the rule language share, and no other file sees: it
 * sits beside them, not under include/.  rule.c reads rule files into
 * statements and statements into rules; rule-expr.c reads the words,
 * strings and numbers of a statement, and the expressions, which it
 * evaluates; rule-template.c checks and renders the templates.
 */
#ifndef FLOWDIAG_RULE_INT_H
#define FLOWDIAG_RULE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/util/errinfo.h"

struct expr;

/* A statement's text, which may run over several lines, and where each
 * line's piece of it came from, so that errors can name line:column. */
#define PIECES 32
struct stmt {
	char *text;
	size_t len;
	size_t npieces;
	struct {
		size_t off; /* where the piece starts in text */
		int line;
		int col; /* of text[off] in its line, 1-based */
	} piece[PIECES];
};

/* Parsing state: the file, and the statement being read. */
struct parser {
	const char *file;
	const struct stmt *st;
	const char *p; /* the next character of st->text */
	struct errinfo *ei;
	const char *rule; /* the name of the rule being read */
	int depth;        /* of nested parentheses and nots */
	int nodes;        /* terms and operators of the condition so far */
};

/* Fails at the parser's position, or at at (in the statement's text) when
 * not NULL: sets ps->ei to "file:line:column: message"; returns -1. */
int parser_error(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline void
parser_skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/* Reads a word ([A-Za-z0-9._-]+) into buf; what names it in the error. */
int parser_word(struct parser *ps, char *buf, size_t size, const char *what);

/* Reads one or more adjacent string literals, joined by a space, with
 * \" \\ and \n escapes; returns a new string, or NULL on an error. */
char *parser_string(struct parser *ps);

/* Reads a decimal number, -?[0-9]+(.[0-9]+)?, and nothing else (strtod
 * would take hex, infinities and NaN). */
int parser_number(struct parser *ps, double *v);

/* Reads the keyword kw if it comes next, as a whole word. */
bool parser_keyword(struct parser *ps, const char *kw);

/* Reads a whole expression, up to the end of the statement: its facts
 * known, its types checked, its regular expressions compiled.  Returns a
 * new expression, to free with expr_free(), or NULL on an error. */
struct expr *expr_parse(struct parser *ps);
void expr_free(struct expr *e);

/* Checks that every {fact} in template t, read from the statement text
 * at src, names a fact; an error points at the '{'. */
int template_check(struct parser *ps, const char *t, const char *src);

#endif
