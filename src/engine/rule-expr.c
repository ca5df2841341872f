#include "config.h"

#include "flowdiag/engine/rule.h"
#include "rule-int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one place PCRE2 is included: struct expr, which holds the compiled
 * regular expressions, is known in this file only. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/util/xmalloc.h"

enum expr_op {
	E_NUM,
	E_BOOL,
	E_STR,
	E_FACT,
	E_NOT,
	E_AND,
	E_OR,
	E_EQ,
	E_NE,
	E_LT,
	E_LE,
	E_GT,
	E_GE,
	E_MATCH,
	E_NOMATCH,
};

struct expr {
	enum expr_op op;
	enum fact_type type; /* of the value it yields */
	double num;
	char *str;
	int fact;
	pcre2_code *re;
	pcre2_match_context *mctx; /* the limits of re's matches */
	char *where; /* of a =~ or !~: "file:line:column: rule 'name'" */
	struct expr *l;
	struct expr *r;
};

/* Where at (in the statement's text; NULL: the parser's position) stands
 * in the file, as "file:line:column" in buf. */
static void
parser_where(const struct parser *ps, const char *at, char *buf, size_t size)
{
	const struct stmt *st = ps->st;
	size_t off = (size_t)((at != NULL ? at : ps->p) - st->text), i = 0;

	while (i + 1 < st->npieces && st->piece[i + 1].off <= off)
		i++;
	snprintf(buf, size, "%s:%d:%zu", ps->file, st->piece[i].line,
	    st->piece[i].col + off - st->piece[i].off);
}

int
parser_error(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[ERRINFO_MSGLEN], where[ERRINFO_MSGLEN];
	va_list ap;

	parser_where(ps, at, where, sizeof(where));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errinfo_set(ps->ei, EC_DATA, "%s: %s", where, msg);
}

static bool
is_word_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-';
}

int
parser_word(struct parser *ps, char *buf, size_t size, const char *what)
{
	size_t n = 0;

	parser_skip_space(ps);
	while (is_word_char((unsigned char)ps->p[n]))
		n++;
	if (n == 0)
		return parser_error(ps, NULL, "expected %s", what);
	if (n >= size)
		return parser_error(ps, NULL, "%s too long", what);
	memcpy(buf, ps->p, n);
	buf[n] = '\0';
	ps->p += n;
	return 0;
}

char *
parser_string(struct parser *ps)
{
	size_t cap = 64, n = 0;
	char *s = xmalloc(cap);

	parser_skip_space(ps);
	if (*ps->p != '"') {
		parser_error(ps, NULL, "expected a \"quoted string\"");
		goto fail;
	}
	while (*ps->p == '"') {
		const char *start = ps->p;

		if (n + 2 >= cap)
			s = xreallocarray(s, cap *= 2, 1);
		if (n > 0)
			s[n++] = ' ';
		for (ps->p++; *ps->p != '"'; ps->p++) {
			char c = *ps->p;

			if (c == '\0') {
				parser_error(ps, start,
				    "string without its closing '\"'");
				goto fail;
			}
			if (c == '\\') {
				c = *++ps->p;
				if (c == 'n')
					c = '\n';
				else if (c != '"' && c != '\\') {
					parser_error(ps, NULL,
					    "unknown escape '\\%c'",
					    c != '\0' ? c : ' ');
					goto fail;
				}
			}
			if (n + 2 >= cap)
				s = xreallocarray(s, cap *= 2, 1);
			s[n++] = c;
		}
		ps->p++;
		parser_skip_space(ps);
	}
	s[n] = '\0';
	return s;
fail:
	free(s);
	return NULL;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	expr_free(e->l);
	expr_free(e->r);
	free(e->str);
	free(e->where);
	pcre2_code_free(e->re);
	pcre2_match_context_free(e->mctx);
	free(e);
}

/* A new node of the condition, which starts at at in the statement; NULL
 * past RULE_EXPR_NODES_MAX of them. */
static struct expr *
expr_new(struct parser *ps, const char *at, enum expr_op op,
    enum fact_type type)
{
	struct expr *e;

	if (++ps->nodes > RULE_EXPR_NODES_MAX) {
		parser_error(ps, at,
		    "a condition of more than %d terms and operators",
		    RULE_EXPR_NODES_MAX);
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->op = op;
	e->type = type;
	return e;
}

static struct expr *parse_or(struct parser *ps);

int
parser_number(struct parser *ps, double *v)
{
	const char *p = ps->p;
	char buf[64], *end;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return parser_error(ps, NULL, "expected a number");
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if (is_word_char((unsigned char)*p) ||
	    (size_t)(p - ps->p) >= sizeof(buf))
		return parser_error(ps, NULL, "bad number '%.20s'", ps->p);
	memcpy(buf, ps->p, (size_t)(p - ps->p));
	buf[p - ps->p] = '\0';
	*v = strtod(buf, &end);
	ps->p = p;
	return 0;
}

/* A number, a string, true, false, a fact, or ( expression ). */
static struct expr *
parse_term(struct parser *ps)
{
	struct expr *e;
	const char *at;
	char buf[128];
	int id;

	parser_skip_space(ps);
	at = ps->p;
	if (*ps->p == '(') {
		if (++ps->depth > RULE_EXPR_DEPTH_MAX) {
			parser_error(ps, NULL,
			    "parentheses nested deeper than %d",
			    RULE_EXPR_DEPTH_MAX);
			return NULL;
		}
		ps->p++;
		e = parse_or(ps);
		ps->depth--;
		if (e == NULL)
			return NULL;
		parser_skip_space(ps);
		if (*ps->p != ')') {
			parser_error(ps, NULL, "expected ')'");
			expr_free(e);
			return NULL;
		}
		ps->p++;
		return e;
	}
	if (*ps->p == '"') {
		if ((e = expr_new(ps, at, E_STR, FACT_STR)) == NULL)
			return NULL;
		if ((e->str = parser_string(ps)) == NULL) {
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (isdigit((unsigned char)*ps->p) ||
	    (*ps->p == '-' && isdigit((unsigned char)ps->p[1]))) {
		if ((e = expr_new(ps, at, E_NUM, FACT_NUM)) == NULL)
			return NULL;
		if (parser_number(ps, &e->num) == -1) {
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (parser_word(ps, buf, sizeof(buf), "a fact, number or string") == -1)
		return NULL;
	if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
		if ((e = expr_new(ps, at, E_BOOL, FACT_BOOL)) == NULL)
			return NULL;
		e->num = buf[0] == 't';
		return e;
	}
	if ((id = fact_lookup(buf, strlen(buf))) == -1) {
		parser_error(ps, ps->p - strlen(buf), "unknown fact '%s'", buf);
		return NULL;
	}
	if ((e = expr_new(ps, at, E_FACT, fact_def(id)->type)) == NULL)
		return NULL;
	e->fact = id;
	return e;
}

static const struct {
	const char *text;
	enum expr_op op;
} comparisons[] = {
	{ "==", E_EQ },
	{ "!=", E_NE },
	{ "<=", E_LE },
	{ ">=", E_GE },
	{ "<", E_LT },
	{ ">", E_GT },
	{ "=~", E_MATCH },
	{ "!~", E_NOMATCH },
};

/* Compiles the regular expression of a =~ or !~, with JIT when PCRE2 has
 * it, and the limits of its matches. */
static int
compile_regex(struct parser *ps, struct expr *e, const char *at)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	char where[ERRINFO_MSGLEN];
	int code;

	if (e->r->op != E_STR)
		return parser_error(ps, at,
		    "the right of =~ must be a \"string\"");
	if (e->l->type != FACT_STR)
		return parser_error(ps, at, "=~ matches strings, not numbers");
	e->re = pcre2_compile((PCRE2_SPTR)e->r->str, PCRE2_ZERO_TERMINATED, 0,
	    &code, &off, NULL);
	if (e->re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return parser_error(ps, at,
		    "regular expression: %s at offset %zu", (char *)msg,
		    (size_t)off);
	}
	/* Without JIT (not built in, or no memory for it) pcre2_match()
	 * interprets the pattern: slower, and bounded the same. */
	(void)pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE);
	if ((e->mctx = pcre2_match_context_create(NULL)) == NULL)
		return parser_error(ps, at,
		    "regular expression: out of memory");
	pcre2_set_match_limit(e->mctx, RULE_MATCH_LIMIT);
	pcre2_set_depth_limit(e->mctx, RULE_MATCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(e->mctx, RULE_MATCH_HEAP_LIMIT);
	parser_where(ps, at, where, sizeof(where));
	xasprintf(&e->where, "%s: rule '%s'", where,
	    ps->rule != NULL ? ps->rule : "?");
	return 0;
}

static struct expr *
parse_cmp(struct parser *ps)
{
	struct expr *l, *e;
	const char *at;
	size_t i, n = sizeof(comparisons) / sizeof(comparisons[0]);

	if ((l = parse_term(ps)) == NULL)
		return NULL;
	parser_skip_space(ps);
	at = ps->p;
	for (i = 0; i < n; i++) {
		if (strncmp(ps->p, comparisons[i].text,
			strlen(comparisons[i].text)) == 0)
			break;
	}
	if (i == n)
		return l;
	ps->p += strlen(comparisons[i].text);
	if ((e = expr_new(ps, at, comparisons[i].op, FACT_BOOL)) == NULL) {
		expr_free(l);
		return NULL;
	}
	e->l = l;
	if ((e->r = parse_term(ps)) == NULL)
		goto fail;
	if (e->op == E_MATCH || e->op == E_NOMATCH) {
		if (compile_regex(ps, e, at) == -1)
			goto fail;
		return e;
	}
	if ((e->l->type == FACT_STR) != (e->r->type == FACT_STR)) {
		parser_error(ps, at, "'%s' compares a string with a number",
		    comparisons[i].text);
		goto fail;
	}
	if (e->l->type == FACT_STR && e->op != E_EQ && e->op != E_NE) {
		parser_error(ps, at,
		    "strings compare with == and != only (or =~)");
		goto fail;
	}
	return e;
fail:
	expr_free(e);
	return NULL;
}

bool
parser_keyword(struct parser *ps, const char *kw)
{
	size_t n = strlen(kw);

	parser_skip_space(ps);
	if (strncmp(ps->p, kw, n) != 0 || is_word_char((unsigned char)ps->p[n]))
		return false;
	ps->p += n;
	return true;
}

static struct expr *
parse_not(struct parser *ps)
{
	struct expr *e;
	const char *at;

	parser_skip_space(ps);
	at = ps->p;
	if (!parser_keyword(ps, "not"))
		return parse_cmp(ps);
	if (++ps->depth > RULE_EXPR_DEPTH_MAX) {
		parser_error(ps, at, "'not' nested deeper than %d",
		    RULE_EXPR_DEPTH_MAX);
		return NULL;
	}
	if ((e = expr_new(ps, at, E_NOT, FACT_BOOL)) == NULL)
		return NULL;
	e->l = parse_not(ps);
	ps->depth--;
	if (e->l == NULL) {
		expr_free(e);
		return NULL;
	}
	return e;
}

static struct expr *
parse_binary(struct parser *ps, const char *kw, enum expr_op op,
    struct expr *(*sub)(struct parser *))
{
	struct expr *l, *e;
	const char *at;

	if ((l = sub(ps)) == NULL)
		return NULL;
	while (parser_skip_space(ps), at = ps->p, parser_keyword(ps, kw)) {
		if ((e = expr_new(ps, at, op, FACT_BOOL)) == NULL) {
			expr_free(l);
			return NULL;
		}
		e->l = l;
		if ((e->r = sub(ps)) == NULL) {
			expr_free(e);
			return NULL;
		}
		l = e;
	}
	return l;
}

static struct expr *
parse_and(struct parser *ps)
{
	return parse_binary(ps, "and", E_AND, parse_not);
}

static struct expr *
parse_or(struct parser *ps)
{
	return parse_binary(ps, "or", E_OR, parse_and);
}

struct expr *
expr_parse(struct parser *ps)
{
	struct expr *e;

	ps->depth = 0;
	ps->nodes = 0;
	if ((e = parse_or(ps)) == NULL)
		return NULL;
	parser_skip_space(ps);
	if (*ps->p != '\0') {
		parser_error(ps, NULL, "unexpected '%.20s'", ps->p);
		expr_free(e);
		return NULL;
	}
	return e;
}

struct value {
	enum fact_type type;
	double num;
	const char *str;
};

static int truth(const struct expr *e, const struct facts *f, bool *holds,
    struct errinfo *ei);

/* Whether e's regular expression matches the string v; fails when the
 * match could not be decided (a limit reached, or another error). */
static int
match(const struct expr *e, const char *v, bool *matched, struct errinfo *ei)
{
	pcre2_match_data *md;
	PCRE2_UCHAR msg[256];
	int rc;

	if ((md = pcre2_match_data_create_from_pattern(e->re, NULL)) == NULL)
		return errinfo_set(ei, EC_INTERNAL,
		    "%s: out of memory for a match", e->where);
	rc = pcre2_match(e->re, (PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, 0, 0, md,
	    e->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
		*matched = rc >= 0;
		return 0;
	}
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return errinfo_set(ei, EC_DATA,
	    "%s: '%s' on %s (%zu bytes) could not be evaluated: %s; rewrite "
	    "the pattern so that it backtracks less (anchor it, or use "
	    "possessive quantifiers such as a++)",
	    e->where, e->op == E_MATCH ? "=~" : "!~",
	    e->l->op == E_FACT ? fact_def(e->l->fact)->name : "a string",
	    strlen(v), (char *)msg);
}

static int
eval(const struct expr *e, const struct facts *f, struct value *v,
    struct errinfo *ei)
{
	struct value l, r;
	bool a = false, b = false;
	int rc;

	v->type = FACT_BOOL;
	v->num = 0;
	v->str = NULL;
	switch (e->op) {
	case E_NUM:
	case E_BOOL:
		v->type = e->type;
		v->num = e->num;
		return 0;
	case E_STR:
		v->type = FACT_STR;
		v->str = e->str;
		return 0;
	case E_FACT:
		v->type = e->type;
		v->num = facts_num(f, e->fact);
		v->str = facts_str(f, e->fact);
		return 0;
	case E_NOT:
		if (truth(e->l, f, &a, ei) == -1)
			return -1;
		v->num = !a;
		return 0;
	case E_AND:
	case E_OR:
		if (truth(e->l, f, &a, ei) == -1)
			return -1;
		if (a == (e->op == E_AND) && truth(e->r, f, &b, ei) == -1)
			return -1;
		v->num = a == (e->op == E_AND) ? b : a;
		return 0;
	case E_MATCH:
	case E_NOMATCH:
		if (eval(e->l, f, &l, ei) == -1 ||
		    match(e, l.str, &a, ei) == -1)
			return -1;
		v->num = a == (e->op == E_MATCH);
		return 0;
	default:
		break;
	}
	if (eval(e->l, f, &l, ei) == -1 || eval(e->r, f, &r, ei) == -1)
		return -1;
	if (l.type == FACT_STR) {
		rc = strcmp(l.str, r.str);
		v->num = (rc == 0) == (e->op == E_EQ);
		return 0;
	}
	switch (e->op) {
	case E_EQ:
		v->num = l.num == r.num;
		break;
	case E_NE:
		v->num = l.num != r.num;
		break;
	case E_LT:
		v->num = l.num < r.num;
		break;
	case E_LE:
		v->num = l.num <= r.num;
		break;
	case E_GT:
		v->num = l.num > r.num;
		break;
	case E_GE:
		v->num = l.num >= r.num;
		break;
	default:
		break;
	}
	return 0;
}

/* Whether e's value counts as true: not zero, not false, not empty. */
static int
truth(const struct expr *e, const struct facts *f, bool *holds,
    struct errinfo *ei)
{
	struct value v;

	if (eval(e, f, &v, ei) == -1)
		return -1;
	*holds = v.type == FACT_STR ? v.str[0] != '\0' : v.num != 0;
	return 0;
}

int
rule_eval(const struct expr *e, const struct facts *f, bool *holds,
    struct errinfo *ei)
{
	*holds = false;
	return truth(e, f, holds, ei);
}
