/*
 * What several unit tests share; helpers.h says what each does.
 */
#include "config.h"

#include "helpers.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/engine/verdict.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

int
tmpdir_make(struct tmpdir *td, const char *name)
{
	const char *tmp = getenv("TMPDIR");

	td->npaths = 0;
	snprintf(td->dir, sizeof(td->dir), "%s/%s.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", name);
	return mkdtemp(td->dir) == NULL ? -1 : 0;
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
remove_tree(const char *path)
{
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
tmpdir_remove(struct tmpdir *td)
{
	size_t i;
	int ret;

	ret = remove_tree(td->dir);
	for (i = 0; i < td->npaths; i++)
		free(td->paths[i]);
	td->npaths = 0;
	return ret;
}

const char *
tmpdir_path(struct tmpdir *td, const char *name)
{
	char *p;

	assert_true(td->npaths < TMPDIR_PATHS);
	xasprintf(&p, "%s/%s", td->dir, name);
	td->paths[td->npaths++] = p;
	return p;
}

const char *
tmpdir_write(struct tmpdir *td, const char *name, const void *data, size_t len)
{
	const char *path = tmpdir_path(td, name);
	FILE *f;

	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(ferror(f), 0);
	assert_int_equal(fclose(f), 0);
	return path;
}

const char *
tmpdir_write_text(struct tmpdir *td, const char *name, const char *text)
{
	return tmpdir_write(td, name, text, strlen(text));
}

void
assert_has_text(const char *msg, const char *part)
{
	if (strstr(msg, part) == NULL)
		fail_msg("error '%s' does not say '%s'", msg, part);
}

void
assert_refused(int ret, const struct errinfo *ei, const char *part)
{
	assert_int_equal(ret, -1);
	assert_int_equal(ei->code, EC_DATA);
	assert_has_text(ei->msg, part);
}

void
assert_addr(const struct addr *a, const char *want)
{
	char buf[ADDR_STRLEN];
	struct addr b;

	assert_int_equal(addr_parse(want, strlen(want), &b), 0);
	assert_true(addr_equal(a, &b));
	assert_string_equal(addr_format(a, buf, sizeof(buf)), want);
}

void
assert_text(const struct flow_record *r, enum flow_field f, const char *want)
{
	assert_true(flow_has(r, f));
	assert_non_null(flow_text(r, f));
	assert_string_equal(flow_text(r, f), want);
}

int
parse_ctx_setup(void **state)
{
	struct parse_ctx *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	flow_format_default(&c->fmt);
	*state = c;
	return 0;
}

int
parse_ctx_teardown(void **state)
{
	struct parse_ctx *c = *state;

	free(c->scratch);
	free(c);
	return 0;
}

char *
parse_ctx_scratch(struct parse_ctx *c, size_t len)
{
	free(c->scratch);
	c->scratch = malloc(len + 1);
	assert_non_null(c->scratch);
	/* Not what the last parse left there. */
	memset(c->scratch, '#', len + 1);
	errinfo_clear(&c->ei);
	return c->scratch;
}

int
rules_fixture_setup(void **state)
{
	struct rules_fixture *fx = xcalloc(1, sizeof(*fx));

	if (tmpdir_make(&fx->td, "test_rules") == -1) {
		free(fx);
		return -1;
	}
	rule_set_init(&fx->rs);
	facts_init(&fx->f);
	*state = fx;
	return 0;
}

int
rules_fixture_teardown(void **state)
{
	struct rules_fixture *fx = *state;
	int ret;

	if (fx->decided)
		verdict_release(&fx->v);
	rule_set_release(&fx->rs);
	facts_release(&fx->f);
	ret = tmpdir_remove(&fx->td);
	free(fx);
	return ret;
}

const char *
rules_write(struct rules_fixture *fx, const char *text)
{
	char name[32];

	snprintf(name, sizeof(name), "t%02zu.rules", fx->td.npaths);
	return tmpdir_write_text(&fx->td, name, text);
}

const char *
rules_load_ok(struct rules_fixture *fx, const char *text)
{
	const char *path = rules_write(fx, text);

	errinfo_clear(&fx->ei);
	if (rule_load_file(&fx->rs, path, &fx->ei) != 0)
		fail_msg("rule_load_file('%s'): %s", path, fx->ei.msg);
	return path;
}

void
rules_load_fails(struct rules_fixture *fx, const char *text, const char *where)
{
	const char *path = rules_write(fx, text);
	struct rule_set rs;
	char want[ERRINFO_MSGLEN];

	rule_set_init(&rs);
	errinfo_clear(&fx->ei);
	assert_int_equal(rule_load_file(&rs, path, &fx->ei), -1);
	rule_set_release(&rs);
	assert_int_equal(fx->ei.code, EC_DATA);
	snprintf(want, sizeof(want), "%s:%s", path, where);
	assert_string_equal(fx->ei.msg, want);
}

bool
rules_eval_ok(struct rules_fixture *fx, const struct expr *e,
    const struct facts *f)
{
	bool holds;

	errinfo_clear(&fx->ei);
	if (rule_eval(e, f, &holds, &fx->ei) != 0)
		fail_msg("rule_eval: %s", fx->ei.msg);
	return holds;
}

const struct rule *
rules_find(const struct rules_fixture *fx, const char *name)
{
	size_t i;

	for (i = 0; i < fx->rs.n; i++) {
		if (strcmp(fx->rs.v[i]->name, name) == 0)
			return fx->rs.v[i];
	}
	fail_msg("no rule '%s'", name);
	return NULL;
}

uint64_t
xorshift64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}
