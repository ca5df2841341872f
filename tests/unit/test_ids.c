#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/ids.h"
#include "helpers.h"

/* The id fields of each form, in one format. */
static const char format[] =
    "${account-id} ${interface-id} ${vpc-id} ${subnet-id} ${instance-id} "
    "${srcaddr} ${dstaddr} ${tgw-id} ${tgw-attachment-id} ${tgw-src-eni} "
    "${tgw-dst-vpc-account-id} ${ecs-cluster-name}";
static const char good[] =
    "123456789012 eni-0a1b2c3d4e5f60001 vpc-0f1e2d3c subnet-0123abcd "
    "i-0123456789abcdef0 10.0.0.5 10.0.1.10 tgw-0a1b2c3d "
    "tgw-attach-0a1b2c3d eni-01 unknown my;cluster";

/* The good line with field n (from 0) replaced by value. */
static const struct flow_record *
with_field(struct parse_ctx *c, int n, const char *value)
{
	char line[512], *scratch;
	const char *p = good, *end;
	size_t len = 0;
	int i;

	for (i = 0; *p != '\0'; i++) {
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		if (i == n)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "%s%s", len ? " " : "", value);
		else
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "%s%.*s", len ? " " : "", (int)(end - p), p);
		p = *end == ' ' ? end + 1 : end;
	}
	scratch = parse_ctx_scratch(c, len);
	if (flow_parse_line(&c->fmt, line, len, scratch, &c->r, &c->ei) != 0)
		fail_msg("'%s': %s", line, c->ei.msg);
	return &c->r;
}

static int
setup(void **state)
{
	struct parse_ctx *c;

	if (parse_ctx_setup(state) != 0)
		return -1;
	c = *state;
	return flow_format_parse(format, &c->fmt, &c->ei);
}

/* The ids AWS writes pass; a field of no fixed form holds anything. */
static void
test_ids_valid(void **state)
{
	struct parse_ctx *c = *state;

	assert_int_equal(ids_check(with_field(c, 0, "123456789012"), &c->ei),
	    0);
	assert_int_equal(ids_check(with_field(c, 0, "unknown"), &c->ei), 0);
	assert_int_equal(ids_check(with_field(c, 1, "-"), &c->ei), 0);
	assert_true(ids_valid(FF_INTERFACE_ID, "eni-0a1b2c3d"));
	assert_true(ids_valid(FF_INSTANCE_ID, "i-0123456789abcdef0"));
	assert_true(ids_valid(FF_SUBNET_ID, "subnet-01"));
	assert_true(ids_valid(FF_ECS_CLUSTER_NAME, "a;b $(c)"));
	assert_true(ids_valid(FF_REGION, "us-east-1"));
}

/* Each id field refuses what is not of its form, naming the field, the
 * value and the form. */
static void
test_ids_refused(void **state)
{
	static const struct {
		int n;
		const char *value, *says;
	} bad[] = {
		{ 1, "eni-0a1b;touch${IFS}/tmp/x;#",
		    "interface-id 'eni-0a1b;touch${IFS}/tmp/x;#' is not eni- "
		    "and hex digits" },
		{ 1, "eni-0a1b\x1b]0;PWNED\x07", "interface-id 'eni-0a1b" },
		{ 1, "eni-0A1B", "is not eni- and hex digits" },
		{ 1, "eni-", "is not eni- and hex digits" },
		{ 1, "vpc-0a1b", "interface-id 'vpc-0a1b'" },
		{ 1, "eni-0a1b\xff", "interface-id" },
		{ 1, "eni-000000000000000000000000000000000",
		    "is not eni- and hex digits" },
		{ 0, "12345678901",
		    "account-id '12345678901' is not 12 digits" },
		{ 0, "1234567890123", "account-id" },
		{ 0, "12345678901a", "account-id" },
		{ 2, "vpc-0a1b'", "vpc-id 'vpc-0a1b'' is not vpc- and hex" },
		{ 3, "subnet-$(id)",
		    "subnet-id 'subnet-$(id)' is not subnet-" },
		{ 4, "i-0a1b`id`",
		    "instance-id 'i-0a1b`id`' is not i- and hex" },
		{ 7, "tgw-0a1b|x", "tgw-id" },
		{ 8, "tgw-0a1b",
		    "tgw-attachment-id 'tgw-0a1b' is not "
		    "tgw-attach-" },
		{ 9, "eni-0a1b&", "tgw-src-eni" },
		{ 10, "x", "tgw-dst-vpc-account-id 'x' is not 12 digits" },
	};
	struct parse_ctx *c = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ids_check(with_field(c, bad[i].n, bad[i].value), &c->ei) !=
		    -1)
			fail_msg("'%s' taken", bad[i].value);
		assert_int_equal(c->ei.code, EC_DATA);
		assert_has_text(c->ei.msg, bad[i].says);
	}
	assert_false(ids_valid(FF_INTERFACE_ID, "eni-0a1b\n"));
	assert_false(ids_valid(FF_INTERFACE_ID, " eni-0a1b"));
}

/* A long bad id is quoted in part. */
static void
test_ids_long_quoted_in_part(void **state)
{
	struct parse_ctx *c = *state;
	char v[200];

	memset(v, 'z', sizeof(v) - 1);
	v[sizeof(v) - 1] = '\0';
	memcpy(v, "eni-", 4);
	assert_int_equal(ids_check(with_field(c, 1, v), &c->ei), -1);
	assert_has_text(c->ei.msg, "zzz...' is not eni-");
	assert_true(strlen(c->ei.msg) < 120);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_valid, setup,
		    parse_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ids_refused, setup,
		    parse_ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ids_long_quoted_in_part,
		    setup, parse_ctx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
