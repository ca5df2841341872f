#include "config.h"

#include "flowdiag/engine/rule.h"
#include "rule-int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/engine/evidence.h"
#include "flowdiag/util/xmalloc.h"

#ifndef RULESDIR
#define RULESDIR "rules"
#endif
#ifndef SRCRULESDIR
#define SRCRULESDIR RULESDIR
#endif

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
	ps->rule = (*cur)->name;
	return parse_stmt(ps, *cur, key);
}

int
rule_load_file(struct rule_set *rs, const char *path, struct errinfo *ei)
{
	struct parser ps = { path, NULL, NULL, ei, NULL, 0, 0 };
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
