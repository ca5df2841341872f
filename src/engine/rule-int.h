/*
 * What the files of the rule language share, and no other file sees: it
 * sits beside them, not under include/.  rule.c reads rule files into
 * statements and statements into rules; rule-template.c checks and
 * renders the templates.
 */
#ifndef FLOWDIAG_RULE_INT_H
#define FLOWDIAG_RULE_INT_H

#include <stddef.h>

#include "flowdiag/util/errinfo.h"

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
	int depth; /* of nested parentheses and nots */
};

/* Fails at the parser's position, or at at (in the statement's text) when
 * not NULL: sets ps->ei to "file:line:column: message"; returns -1. */
int parser_error(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks that every {fact} in template t, read from the statement text
 * at src, names a fact; an error points at the '{'. */
int template_check(struct parser *ps, const char *t, const char *src);

#endif
