/*
 * What several unit tests share; helpers.h says what each does.
 */
#include "config.h"

#include "helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

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
