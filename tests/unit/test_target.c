#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/target.h"

/* Parses a default-format line into r, which borrows buf. */
static void
record(const char *line, struct flow_record *r, char *buf)
{
	struct flow_format fmt;
	struct errinfo ei;

	flow_format_default(&fmt);
	if (flow_parse_line(&fmt, line, strlen(line), buf, r, &ei) != 0)
		fail_msg("'%s': %s", line, ei.msg);
}

static enum target_side
side_of(const struct target *t, const char *line)
{
	struct flow_record r;
	char buf[256];

	record(line, &r, buf);
	return target_match(t, &r);
}

static void
test_target_parse_forms(void **state)
{
	struct target t;
	struct errinfo ei;
	char buf[64];

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:80", &t, &ei), 0);
	assert_int_equal(t.port, 80);
	assert_int_equal(t.protocol, TARGET_ANY);
	assert_false(t.has_client);
	assert_true(t.from == INT64_MIN && t.to == INT64_MAX);
	assert_string_equal(target_string(&t, buf, sizeof(buf)),
	    "10.0.1.10:80");

	assert_int_equal(target_parse("[2001:db8::10]:443", &t, &ei), 0);
	assert_int_equal(t.addr.family, 6);
	assert_int_equal(t.port, 443);
	assert_string_equal(target_string(&t, buf, sizeof(buf)),
	    "[2001:db8::10]:443");

	/* An address alone is a question about ICMP. */
	assert_int_equal(target_parse("10.0.1.10", &t, &ei), 0);
	assert_int_equal(t.port, TARGET_ANY);
	assert_int_equal(t.protocol, 1);
	assert_string_equal(target_string(&t, buf, sizeof(buf)),
	    "10.0.1.10/icmp");
	assert_int_equal(target_parse("2001:db8::10", &t, &ei), 0);
	assert_int_equal(t.protocol, 58);
}

static void
test_target_parse_rejects(void **state)
{
	static const char *const bad[] = { "", ":80",
		"10.0.1.10:", "10.0.1.10:x", "10.0.1.10:65536", "10.0.1:80",
		"[2001:db8::1", "[2001:db8::1]80", "web.example.com:80",
		"[10.0.1.10]:80:1" };
	struct target t;
	struct errinfo ei;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (target_parse(bad[i], &t, &ei) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(ei.code, EC_USAGE);
	}
}

static void
test_target_protocol_and_port(void **state)
{
	struct target t;
	struct errinfo ei;

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:53", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "udp", &ei), 0);
	assert_int_equal(t.protocol, 17);
	assert_int_equal(target_set_protocol(&t, "icmp", &ei), -1);
	assert_non_null(strstr(ei.msg, "no ports"));
	assert_int_equal(target_set_protocol(&t, "gre", &ei), -1);
	assert_non_null(strstr(ei.msg, "unknown protocol 'gre'"));
	assert_int_equal(target_set_protocol(&t, "132", &ei), 0);
	assert_int_equal(t.protocol, 132);

	assert_int_equal(target_parse("10.0.1.10", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "tcp", &ei), -1);
	assert_non_null(strstr(ei.msg, "needs a port"));
}

static void
test_target_match_sides(void **state)
{
	struct target t;
	struct errinfo ei;

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:80", &t, &ei), 0);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 "
			     "51234 80 6 3 180 100 160 ACCEPT OK"),
	    TARGET_REQUEST);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 10.0.1.10 203.0.113.5 "
			     "80 51234 6 3 180 100 160 REJECT OK"),
	    TARGET_REPLY);
	/* the target's address, another port: coverage, not a match */
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 10.0.0.5 10.0.1.10 "
			     "50522 22 6 40 4200 100 160 ACCEPT OK"),
	    TARGET_OTHER);
	/* an address that merely starts with the target's */
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 10.0.1.100 10.0.2.30 "
			     "80 80 6 5 400 100 160 ACCEPT OK"),
	    TARGET_UNRELATED);
	/* and one that the target's starts with */
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.1 "
			     "51234 80 6 3 180 100 160 ACCEPT OK"),
	    TARGET_UNRELATED);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 - - - - - - - 100 160 - "
			     "NODATA"),
	    TARGET_UNRELATED);
}

static void
test_target_match_icmp_reply_to_udp(void **state)
{
	struct target t;
	struct errinfo ei;
	const char *icmp = "2 1 eni-1 10.0.1.10 203.0.113.5 0 0 1 1 56 100 "
			   "160 ACCEPT OK";

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:53", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "udp", &ei), 0);
	assert_int_equal(side_of(&t, icmp), TARGET_REPLY);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 "
			     "40000 53 17 1 60 100 160 ACCEPT OK"),
	    TARGET_REQUEST);
	/* for a TCP question too, ICMP from the target to the client is
	 * the answer a host firewall's REJECT gives */
	assert_int_equal(target_parse("10.0.1.10:53", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "tcp", &ei), 0);
	assert_int_equal(side_of(&t, icmp), TARGET_REPLY);
	/* not for a question of another protocol */
	assert_int_equal(target_parse("10.0.1.10:53", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "132", &ei), 0);
	assert_int_equal(side_of(&t, icmp), TARGET_OTHER);
	assert_int_equal(target_parse("10.0.1.10:53", &t, &ei), 0);
	assert_int_equal(target_set_protocol(&t, "tcp", &ei), 0);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 "
			     "40000 53 17 1 60 100 160 ACCEPT OK"),
	    TARGET_OTHER);
}

static void
test_target_match_icmp_target(void **state)
{
	struct target t;
	struct errinfo ei;

	(void)state;
	assert_int_equal(target_parse("10.0.1.10", &t, &ei), 0);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 0 0 1 "
			     "4 336 100 160 ACCEPT OK"),
	    TARGET_REQUEST);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 10.0.1.10 203.0.113.5 0 0 1 "
			     "4 336 100 160 REJECT OK"),
	    TARGET_REPLY);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 "
			     "51234 80 6 3 180 100 160 ACCEPT OK"),
	    TARGET_OTHER);
}

static void
test_target_match_client(void **state)
{
	struct target t;
	struct errinfo ei;

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:80", &t, &ei), 0);
	assert_int_equal(target_set_client(&t, "198.51.100.0/24", &ei), 0);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 198.51.100.7 10.0.1.10 "
			     "41822 80 6 12 1320 100 160 ACCEPT OK"),
	    TARGET_REQUEST);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 10.0.1.10 198.51.100.7 "
			     "80 41822 6 10 9000 100 160 ACCEPT OK"),
	    TARGET_REPLY);
	assert_int_equal(side_of(&t,
			     "2 1 eni-1 203.0.113.5 10.0.1.10 "
			     "51234 80 6 3 180 100 160 ACCEPT OK"),
	    TARGET_OTHER);
	assert_int_equal(target_set_client(&t, "198.51.100.0/33", &ei), -1);
	assert_int_equal(ei.code, EC_USAGE);
}

static void
test_target_match_window(void **state)
{
	struct target t;
	struct errinfo ei;
	const char *line = "2 1 eni-1 203.0.113.5 10.0.1.10 51234 80 6 3 180 "
			   "1000 1060 ACCEPT OK";

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:80", &t, &ei), 0);
	t.from = 1060;
	t.to = 2000;
	assert_int_equal(side_of(&t, line), TARGET_REQUEST); /* touches */
	t.from = 1061;
	assert_int_equal(side_of(&t, line), TARGET_UNRELATED);
	t.from = 0;
	t.to = 999;
	assert_int_equal(side_of(&t, line), TARGET_UNRELATED);
	t.to = 1000;
	assert_int_equal(side_of(&t, line), TARGET_REQUEST);
}

static void
test_target_needle(void **state)
{
	struct target t;
	struct errinfo ei;
	char buf[ADDR_STRLEN];

	(void)state;
	assert_int_equal(target_parse("10.0.1.10:80", &t, &ei), 0);
	assert_string_equal(target_needle(&t, buf, sizeof(buf)), "10.0.1.10");
	/* every spelling of 2001:db8::a:0 holds its last non-zero group */
	assert_int_equal(target_parse("[2001:db8::a:0]:80", &t, &ei), 0);
	assert_string_equal(target_needle(&t, buf, sizeof(buf)), "a");
	assert_int_equal(
	    target_parse("[2001:db8:1234:a100:8d6e:3477:df66:f105]:22", &t,
		&ei),
	    0);
	assert_string_equal(target_needle(&t, buf, sizeof(buf)), "f105");
	assert_int_equal(target_parse("[::]:22", &t, &ei), 0);
	assert_string_equal(target_needle(&t, buf, sizeof(buf)), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_parse_forms),
		cmocka_unit_test(test_target_parse_rejects),
		cmocka_unit_test(test_target_protocol_and_port),
		cmocka_unit_test(test_target_match_sides),
		cmocka_unit_test(test_target_match_icmp_reply_to_udp),
		cmocka_unit_test(test_target_match_icmp_target),
		cmocka_unit_test(test_target_match_client),
		cmocka_unit_test(test_target_match_window),
		cmocka_unit_test(test_target_needle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
