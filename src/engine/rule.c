#include "config.h"

#include "flowdiag/engine/rule.h"
#include "rule-int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "flowdiag/engine/evidence.h"
#include "flowdiag/util/xmalloc.h"

#ifndef RULESDIR
#define RULESDIR "rules"
#endif
#ifndef SRCRULESDIR
#define SRCRULESDIR RULESDIR
#endif

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
	struct expr *l;
	struct expr *r;
};

/* Deeper than any readable condition; stops a runaway recursion. */
#define DEPTH_MAX 64

int
parser_error(struct parser *ps, const char *at, const char *fmt, ...)
{
	const struct stmt *st = ps->st;
	size_t off = (size_t)((at != NULL ? at : ps->p) - st->text), i = 0;
	char msg[ERRINFO_MSGLEN];
	va_list ap;

	while (i + 1 < st->npieces && st->piece[i + 1].off <= off)
		i++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errinfo_set(ps->ei, EC_DATA, "%s:%d:%zu: %s", ps->file,
	    st->piece[i].line, st->piece[i].col + off - st->piece[i].off, msg);
}

static void
parser_skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static bool
is_word_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-';
}

/* Reads a word ([A-Za-z0-9._-]+) into buf. */
static int
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

/* Reads one or more adjacent string literals, joined by a space, with
 * \" \\ and \n escapes; returns a new string. */
static char *
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

static void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	expr_free(e->l);
	expr_free(e->r);
	free(e->str);
	if (e->re != NULL)
		pcre2_code_free(e->re);
	free(e);
}

static struct expr *
expr_new(enum expr_op op, enum fact_type type)
{
	struct expr *e = xcalloc(1, sizeof(*e));

	e->op = op;
	e->type = type;
	return e;
}

static struct expr *parse_or(struct parser *ps);

/* Reads a decimal number, -?[0-9]+(.[0-9]+)?, and nothing else (strtod
 * would take hex, infinities and NaN). */
static int
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
	char buf[128];
	int id;

	parser_skip_space(ps);
	if (*ps->p == '(') {
		if (++ps->depth > DEPTH_MAX) {
			parser_error(ps, NULL,
			    "parentheses nested deeper than %d", DEPTH_MAX);
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
		e = expr_new(E_STR, FACT_STR);
		if ((e->str = parser_string(ps)) == NULL) {
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (isdigit((unsigned char)*ps->p) ||
	    (*ps->p == '-' && isdigit((unsigned char)ps->p[1]))) {
		e = expr_new(E_NUM, FACT_NUM);
		if (parser_number(ps, &e->num) == -1) {
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (parser_word(ps, buf, sizeof(buf), "a fact, number or string") == -1)
		return NULL;
	if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
		e = expr_new(E_BOOL, FACT_BOOL);
		e->num = buf[0] == 't';
		return e;
	}
	if ((id = fact_lookup(buf, strlen(buf))) == -1) {
		parser_error(ps, ps->p - strlen(buf), "unknown fact '%s'", buf);
		return NULL;
	}
	e = expr_new(E_FACT, fact_def(id)->type);
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

/* Compiles the regular expression of a =~ or !~. */
static int
compile_regex(struct parser *ps, struct expr *e, const char *at)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
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
	e = expr_new(comparisons[i].op, FACT_BOOL);
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

/* Reads the keyword kw if it comes next, as a whole word. */
static bool
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

	if (!parser_keyword(ps, "not"))
		return parse_cmp(ps);
	if (++ps->depth > DEPTH_MAX) {
		parser_error(ps, NULL, "'not' nested deeper than %d",
		    DEPTH_MAX);
		return NULL;
	}
	e = expr_new(E_NOT, FACT_BOOL);
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

	if ((l = sub(ps)) == NULL)
		return NULL;
	while (parser_keyword(ps, kw)) {
		e = expr_new(op, FACT_BOOL);
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

/* A whole expression up to the end of the statement or the word stop. */
static struct expr *
expr_parse(struct parser *ps)
{
	struct expr *e;

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

static struct value
eval(const struct expr *e, const struct facts *f)
{
	struct value v = { FACT_BOOL, 0, NULL }, l, r;
	int rc;
	pcre2_match_data *md;

	switch (e->op) {
	case E_NUM:
	case E_BOOL:
		v.type = e->type;
		v.num = e->num;
		return v;
	case E_STR:
		v.type = FACT_STR;
		v.str = e->str;
		return v;
	case E_FACT:
		v.type = e->type;
		v.num = facts_num(f, e->fact);
		v.str = facts_str(f, e->fact);
		return v;
	case E_NOT:
		v.num = !rule_eval(e->l, f);
		return v;
	case E_AND:
		v.num = rule_eval(e->l, f) && rule_eval(e->r, f);
		return v;
	case E_OR:
		v.num = rule_eval(e->l, f) || rule_eval(e->r, f);
		return v;
	case E_MATCH:
	case E_NOMATCH:
		l = eval(e->l, f);
		md = pcre2_match_data_create_from_pattern(e->re, NULL);
		rc = pcre2_match(e->re, (PCRE2_SPTR)l.str,
		    PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
		pcre2_match_data_free(md);
		v.num = (rc >= 0) == (e->op == E_MATCH);
		return v;
	default:
		break;
	}
	l = eval(e->l, f);
	r = eval(e->r, f);
	if (l.type == FACT_STR) {
		rc = strcmp(l.str, r.str);
		v.num = (rc == 0) == (e->op == E_EQ);
		return v;
	}
	switch (e->op) {
	case E_EQ:
		v.num = l.num == r.num;
		break;
	case E_NE:
		v.num = l.num != r.num;
		break;
	case E_LT:
		v.num = l.num < r.num;
		break;
	case E_LE:
		v.num = l.num <= r.num;
		break;
	case E_GT:
		v.num = l.num > r.num;
		break;
	case E_GE:
		v.num = l.num >= r.num;
		break;
	default:
		break;
	}
	return v;
}

bool
rule_eval(const struct expr *e, const struct facts *f)
{
	struct value v = eval(e, f);

	return v.type == FACT_STR ? v.str[0] != '\0' : v.num != 0;
}

void
rule_set_init(struct rule_set *rs)
{
	rs->v = NULL;
	rs->n = 0;
	rs->defaults = NULL;
}

static void
rule_free(struct rule *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->name);
	free(r->file);
	free(r->cause);
	expr_free(r->when);
	for (i = 0; i < r->nweaken; i++) {
		free(r->weaken[i].reason);
		expr_free(r->weaken[i].when);
	}
	free(r->weaken);
	for (i = 0; i < r->nnote; i++) {
		free(r->note[i].reason);
		expr_free(r->note[i].when);
	}
	free(r->note);
	free(r->summary);
	xfree_strings(r->explain, r->nexplain);
	xfree_strings(r->cannot, r->ncannot);
	xfree_strings(r->teach, r->nteach);
	xfree_strings(r->next, r->nnext);
	free(r->analyzer);
	for (i = 0; i < r->ncases; i++)
		facts_release(&r->cases[i].facts);
	free(r->cases);
	free(r);
}

void
rule_set_release(struct rule_set *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rule_free(rs->v[i]);
	free(rs->v);
	rule_free(rs->defaults);
	rs->v = NULL;
	rs->n = 0;
	rs->defaults = NULL;
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = s;
}

/* A template-valued key: strings, checked for unknown facts. */
static char *
template_value(struct parser *ps)
{
	const char *src = ps->p;
	char *s;

	if ((s = parser_string(ps)) == NULL)
		return NULL;
	if (*ps->p != '\0') {
		parser_error(ps, NULL, "unexpected '%.20s' after the string",
		    ps->p);
		free(s);
		return NULL;
	}
	if (template_check(ps, s, src) == -1) {
		free(s);
		return NULL;
	}
	return s;
}

/* case fires|quiet fact=value ... */
static int
parse_case(struct parser *ps, struct rule *r)
{
	struct rule_case *c;
	char kind[16], name[128], *s;
	int id;

	if (parser_word(ps, kind, sizeof(kind), "fires or quiet") == -1)
		return -1;
	if (strcmp(kind, "fires") != 0 && strcmp(kind, "quiet") != 0)
		return parser_error(ps, ps->p - strlen(kind),
		    "case: '%s' is not fires or quiet", kind);
	r->cases = xreallocarray(r->cases, r->ncases + 1, sizeof(*r->cases));
	c = &r->cases[r->ncases++];
	c->fires = kind[0] == 'f';
	c->line = ps->st->piece[0].line;
	facts_init(&c->facts);
	for (;;) {
		parser_skip_space(ps);
		if (*ps->p == '\0')
			return 0;
		if (parser_word(ps, name, sizeof(name), "fact=value") == -1)
			return -1;
		if ((id = fact_lookup(name, strlen(name))) == -1)
			return parser_error(ps, ps->p - strlen(name),
			    "unknown fact '%s'", name);
		if (*ps->p++ != '=')
			return parser_error(ps, ps->p - 1,
			    "expected '=' after '%s'", name);
		if (fact_def(id)->type == FACT_STR) {
			if (*ps->p == '"') {
				if ((s = parser_string(ps)) == NULL)
					return -1;
			} else {
				if (parser_word(ps, name, sizeof(name),
					"a value") == -1)
					return -1;
				s = xstrdup(name);
			}
			facts_set_str(&c->facts, id, s);
			free(s);
		} else if (fact_def(id)->type == FACT_BOOL) {
			if (parser_keyword(ps, "true"))
				facts_set_bool(&c->facts, id, true);
			else if (parser_keyword(ps, "false"))
				facts_set_bool(&c->facts, id, false);
			else
				return parser_error(ps, NULL,
				    "expected true or false");
		} else {
			double v;

			if (parser_number(ps, &v) == -1)
				return -1;
			facts_set_num(&c->facts, id, v);
		}
	}
}

static int
parse_words(struct parser *ps, struct rule *r, const char *key)
{
	char w[64];
	int c;

	if (strcmp(key, "analyzer") == 0) {
		parser_skip_space(ps);
		if (*ps->p == '\0')
			return parser_error(ps, NULL,
			    "analyzer: expected codes");
		free(r->analyzer);
		r->analyzer = xstrdup(ps->p);
		return 0;
	}
	while (parser_skip_space(ps), *ps->p != '\0') {
		if (parser_word(ps, w, sizeof(w), "a class of records") == -1)
			return -1;
		for (c = 0; c < EV_NCLASS; c++) {
			if (strcmp(w, ev_class_name(c)) == 0)
				break;
		}
		if (c == EV_NCLASS)
			return parser_error(ps, ps->p - strlen(w),
			    "evidence: '%s' is not req.accept, req.reject, "
			    "rep.accept or rep.reject",
			    w);
		r->evidence |= 1u << c;
	}
	return 0;
}

/* One statement inside a rule: KEY VALUE. */
static int
parse_stmt(struct parser *ps, struct rule *r, const char *key)
{
	char w[64], *s;

	if (strcmp(key, "category") == 0) {
		if (parser_word(ps, w, sizeof(w), "a category") == -1)
			return -1;
		if ((r->category = category_lookup(w)) == NCATEGORIES)
			return parser_error(ps, ps->p - strlen(w),
			    "unknown category '%s'", w);
	} else if (strcmp(key, "cause") == 0) {
		if (parser_word(ps, w, sizeof(w), "a cause id") == -1)
			return -1;
		free(r->cause);
		r->cause = xstrdup(w);
	} else if (strcmp(key, "priority") == 0) {
		char *end;
		long v;

		parser_skip_space(ps);
		v = strtol(ps->p, &end, 10);
		if (end == ps->p || v < 0 || v > 1000)
			return parser_error(ps, NULL,
			    "priority: a number 0-1000");
		r->priority = (int)v;
		ps->p = end;
	} else if (strcmp(key, "confidence") == 0) {
		if (parser_word(ps, w, sizeof(w), "high, medium or low") == -1)
			return -1;
		if (strcmp(w, "high") == 0)
			r->confidence = CONF_HIGH;
		else if (strcmp(w, "medium") == 0)
			r->confidence = CONF_MEDIUM;
		else if (strcmp(w, "low") == 0)
			r->confidence = CONF_LOW;
		else
			return parser_error(ps, ps->p - strlen(w),
			    "confidence: '%s' is not high, medium or low", w);
	} else if (strcmp(key, "when") == 0) {
		expr_free(r->when);
		return (r->when = expr_parse(ps)) == NULL ? -1 : 0;
	} else if (strcmp(key, "weaken") == 0 || strcmp(key, "note") == 0) {
		struct rule_weaken wk, **v;
		const char *src = ps->p;
		size_t *n;

		if ((wk.reason = parser_string(ps)) == NULL)
			return -1;
		wk.when = NULL;
		if (template_check(ps, wk.reason, src) == -1)
			goto bad_weaken;
		if (!parser_keyword(ps, "if")) {
			parser_error(ps, NULL,
			    "%s: expected 'if' after the text", key);
			goto bad_weaken;
		}
		if ((wk.when = expr_parse(ps)) == NULL)
			goto bad_weaken;
		v = key[0] == 'w' ? &r->weaken : &r->note;
		n = key[0] == 'w' ? &r->nweaken : &r->nnote;
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = wk;
		return 0;
bad_weaken:
		free(wk.reason);
		return -1;
	} else if (strcmp(key, "summary") == 0) {
		free(r->summary);
		return (r->summary = template_value(ps)) == NULL ? -1 : 0;
	} else if (strcmp(key, "explain") == 0 ||
	    strcmp(key, "cannot-tell") == 0 || strcmp(key, "teach") == 0 ||
	    strcmp(key, "next") == 0) {
		if ((s = template_value(ps)) == NULL)
			return -1;
		if (key[0] == 'e')
			push(&r->explain, &r->nexplain, s);
		else if (key[0] == 'c')
			push(&r->cannot, &r->ncannot, s);
		else if (key[0] == 't')
			push(&r->teach, &r->nteach, s);
		else
			push(&r->next, &r->nnext, s);
		return 0;
	} else if (strcmp(key, "analyzer") == 0 || strcmp(key, "evidence") == 0)
		return parse_words(ps, r, key);
	else if (strcmp(key, "case") == 0)
		return parse_case(ps, r);
	else
		return parser_error(ps, ps->p - strlen(key), "unknown key '%s'",
		    key);
	parser_skip_space(ps);
	if (*ps->p != '\0')
		return parser_error(ps, NULL, "unexpected '%.20s'", ps->p);
	return 0;
}

static const char *const keys[] = { "rule", "defaults", "end", "category",
	"cause", "priority", "confidence", "when", "weaken", "note", "summary",
	"explain", "cannot-tell", "teach", "next", "analyzer", "evidence",
	"case", NULL };

/* Whether line (after its indent) starts a statement, rather than going
 * on with the one before. */
static bool
starts_stmt(const char *p)
{
	size_t n = 0, i;

	while (p[n] != '\0' && !isspace((unsigned char)p[n]))
		n++;
	for (i = 0; keys[i] != NULL; i++) {
		if (strlen(keys[i]) == n && strncmp(p, keys[i], n) == 0)
			return true;
	}
	return false;
}

/* Whether line p starts with a word that can only be a mistyped key:
 * letters and dashes, neither a fact nor a word of an expression. */
static bool
looks_like_key(const char *p)
{
	static const char *const words[] = { "and", "or", "not", "true",
		"false", "if", NULL };
	size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz-"), i;

	if (n == 0 ||
	    (p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\0') ||
	    starts_stmt(p) || fact_lookup(p, n) != -1)
		return false;
	for (i = 0; words[i] != NULL; i++) {
		if (strlen(words[i]) == n && strncmp(p, words[i], n) == 0)
			return false;
	}
	return true;
}

/* Adds a line to the statement; false when it has too many lines. */
static bool
stmt_add(struct stmt *st, const char *p, int line, int col)
{
	size_t n = strlen(p);

	if (st->npieces == PIECES)
		return false;
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (st->len > 0) {
		st->text = xreallocarray(st->text, st->len + n + 2, 1);
		st->text[st->len++] = ' ';
	} else
		st->text = xreallocarray(st->text, n + 1, 1);
	st->piece[st->npieces].off = st->len;
	st->piece[st->npieces].line = line;
	st->piece[st->npieces].col = col;
	st->npieces++;
	memcpy(st->text + st->len, p, n);
	st->len += n;
	st->text[st->len] = '\0';
	return true;
}

/* Checks a finished rule and adds it, replacing one of the same name. */
static int
finish(struct parser *ps, struct rule_set *rs, struct rule *r)
{
	size_t i;
	const char *missing = r->cause == NULL ? "cause"
	    : r->when == NULL                  ? "when"
	    : r->summary == NULL               ? "summary"
					       : NULL;

	if (missing != NULL) {
		return errinfo_set(ps->ei, EC_DATA,
		    "%s:%d: rule '%s' has no %s", ps->file, r->line, r->name,
		    missing);
	}
	for (i = 0; i < rs->n; i++) {
		if (strcmp(rs->v[i]->name, r->name) == 0) {
			rule_free(rs->v[i]);
			rs->v[i] = r;
			return 0;
		}
	}
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	rs->v[rs->n++] = r;
	return 0;
}

/* The name a defaults block goes by while it is read. */
static const char defaults_name[] = "(defaults)";

/* Adds the weakens and notes of a finished defaults block to the set's,
 * after those of the files before; nothing else may be in it. */
static int
finish_defaults(struct parser *ps, struct rule_set *rs, struct rule *d)
{
	struct rule *to;
	size_t i;

	if (d->category != NCATEGORIES || d->cause != NULL || d->when != NULL ||
	    d->summary != NULL || d->nexplain > 0 || d->ncannot > 0 ||
	    d->nteach > 0 || d->nnext > 0 || d->ncases > 0 ||
	    d->analyzer != NULL || d->evidence != 0 || d->priority != 0) {
		return errinfo_set(ps->ei, EC_DATA,
		    "%s:%d: defaults may hold weaken and note only", ps->file,
		    d->line);
	}
	if (rs->defaults == NULL) {
		rs->defaults = d;
		return 0;
	}
	to = rs->defaults;
	for (i = 0; i < d->nweaken; i++) {
		to->weaken = xreallocarray(to->weaken, to->nweaken + 1,
		    sizeof(*to->weaken));
		to->weaken[to->nweaken++] = d->weaken[i];
	}
	for (i = 0; i < d->nnote; i++) {
		to->note =
		    xreallocarray(to->note, to->nnote + 1, sizeof(*to->note));
		to->note[to->nnote++] = d->note[i];
	}
	d->nweaken = d->nnote = 0;
	rule_free(d);
	return 0;
}

/* Handles one statement: a rule's start or end, or a key inside it. */
static int
statement(struct parser *ps, struct rule_set *rs, struct rule **cur)
{
	char key[32], name[64];
	bool has_category;
	int ret;

	ps->p = ps->st->text;
	if (parser_word(ps, key, sizeof(key), "a key") == -1)
		return -1;
	if (strcmp(key, "rule") == 0 || strcmp(key, "defaults") == 0) {
		if (*cur != NULL)
			return parser_error(ps, ps->st->text,
			    "'%s' before 'end'", key);
		if (key[0] == 'd')
			snprintf(name, sizeof(name), "%s", defaults_name);
		else if (parser_word(ps, name, sizeof(name), "a rule name") ==
		    -1)
			return -1;
		parser_skip_space(ps);
		if (*ps->p != '\0')
			return parser_error(ps, NULL, "unexpected '%.20s'",
			    ps->p);
		*cur = xcalloc(1, sizeof(**cur));
		(*cur)->name = xstrdup(name);
		(*cur)->file = xstrdup(ps->file);
		(*cur)->line = ps->st->piece[0].line;
		(*cur)->confidence = CONF_MEDIUM;
		(*cur)->category = NCATEGORIES;
		return 0;
	}
	if (*cur == NULL)
		return parser_error(ps, ps->st->text, "'%s' outside a rule",
		    key);
	if (strcmp(key, "end") == 0 && (parser_skip_space(ps), *ps->p != '\0'))
		return parser_error(ps, NULL, "unexpected '%.20s'", ps->p);
	if (strcmp(key, "end") == 0 &&
	    strcmp((*cur)->name, defaults_name) == 0) {
		if ((ret = finish_defaults(ps, rs, *cur)) == -1)
			rule_free(*cur);
		*cur = NULL;
		return ret;
	}
	if (strcmp(key, "end") == 0) {
		has_category = (*cur)->category != NCATEGORIES;
		if (!has_category) {
			errinfo_set(ps->ei, EC_DATA,
			    "%s:%d: rule '%s' has no "
			    "category",
			    ps->file, (*cur)->line, (*cur)->name);
		}
		if (!has_category || finish(ps, rs, *cur) == -1) {
			rule_free(*cur);
			*cur = NULL;
			return -1;
		}
		*cur = NULL;
		return 0;
	}
	return parse_stmt(ps, *cur, key);
}

int
rule_load_file(struct rule_set *rs, const char *path, struct errinfo *ei)
{
	struct parser ps = { path, NULL, NULL, ei, 0 };
	struct stmt st = { 0 };
	struct rule *cur = NULL;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, ret = -1;
	const char *p;

	if ((fp = fopen(path, "r")) == NULL)
		return errinfo_errno(ei, errno, "cannot open '%s'", path);
	ps.st = &st;
	for (;;) {
		n = getline(&line, &cap, fp);
		if (n != -1)
			lineno++;
		if (n != -1 && strlen(line) != (size_t)n) {
			errinfo_set(ei, EC_DATA, "%s:%d: NUL byte in the line",
			    path, lineno);
			goto out;
		}
		p = n == -1 ? "" : line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#')
			continue;
		/* A new statement, or the end: finish the one before. */
		if (n == -1 || (*p != '\0' && *p != '\n' && starts_stmt(p))) {
			if (st.len > 0 && statement(&ps, rs, &cur) == -1)
				goto out;
			free(st.text);
			memset(&st, 0, sizeof(st));
		}
		if (n == -1)
			break;
		if (*p == '\0' || *p == '\n')
			continue;
		if ((st.len == 0 && !starts_stmt(p)) || looks_like_key(p)) {
			errinfo_set(ei, EC_DATA, "%s:%d:%d: unknown key '%.*s'",
			    path, lineno, (int)(p - line) + 1,
			    (int)strcspn(p, " \t\n"), p);
			goto out;
		}
		if (!stmt_add(&st, p, lineno, (int)(p - line) + 1)) {
			errinfo_set(ei, EC_DATA,
			    "%s:%d: a statement of more "
			    "than %d lines",
			    path, lineno, PIECES);
			goto out;
		}
	}
	if (ferror(fp)) {
		errinfo_errno(ei, errno, "cannot read '%s'", path);
		goto out;
	}
	if (cur != NULL) {
		errinfo_set(ei, EC_DATA, "%s:%d: rule '%s' has no 'end'", path,
		    cur->line, cur->name);
		goto out;
	}
	ret = 0;
out:
	rule_free(cur);
	free(st.text);
	free(line);
	fclose(fp);
	return ret;
}

static int
rules_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 &&
	    strcmp(d->d_name + n - 6, ".rules") == 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
rule_load_dir(struct rule_set *rs, const char *dir, struct errinfo *ei)
{
	struct dirent **names;
	char *path;
	int n, i, ret = 0;

	if ((n = scandir(dir, &names, rules_file, by_name)) == -1)
		return errinfo_errno(ei, errno, "cannot read rules '%s'", dir);
	for (i = 0; i < n; i++) {
		if (ret == 0) {
			xasprintf(&path, "%s/%s", dir, names[i]->d_name);
			ret = rule_load_file(rs, path, ei);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int
rule_load_default(struct rule_set *rs, const char *dir, struct errinfo *ei)
{
	const char *env = getenv("FLOWDIAG_RULES"), *xdg, *home;
	char *user = NULL;
	DIR *d;
	int ret;

	if (dir == NULL && env != NULL && *env != '\0')
		dir = env;
	if (dir == NULL) {
		/* Not installed yet: the source tree's rules. */
		if ((d = opendir(RULESDIR)) != NULL) {
			closedir(d);
			dir = RULESDIR;
		} else
			dir = errno == ENOENT ? SRCRULESDIR : RULESDIR;
	}
	if (rule_load_dir(rs, dir, ei) == -1)
		return -1;
	if (rs->n == 0) {
		return errinfo_set(ei, EC_DATA,
		    "no rules in '%s': point --rules or FLOWDIAG_RULES at the "
		    "rules directory",
		    dir);
	}
	if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg != '\0')
		xasprintf(&user, "%s/flowdiag/rules", xdg);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		xasprintf(&user, "%s/.config/flowdiag/rules", home);
	if (user == NULL || (d = opendir(user)) == NULL) {
		free(user);
		return 0;
	}
	closedir(d);
	ret = rule_load_dir(rs, user, ei);
	free(user);
	return ret;
}
