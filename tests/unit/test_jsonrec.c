/*
 * Unit tests of jsonrec.c: flow log records inside JSON, as CloudWatch Logs
 * events (FilterLogEvents, GetLogEvents) whose "message" is a record line,
 * or as objects with one key per field.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/jsonrec.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

#include "helpers.h"

/* The SSH record of the AWS page "Flow log record examples". */
#define SSH_ACCEPT                                                         \
	"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 " \
	"20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
/* The format of the transit gateway example on the same page. */
#define TGW_FORMAT                                                         \
	"${version} ${interface-id} ${account-id} ${vpc-id} ${subnet-id} " \
	"${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "      \
	"${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} "  \
	"${action} ${log-status}"
#define EVENT_ID "31953106606966983378809025079804211143289615424298221568"

/* Parses the object text with a scratch buffer of exactly len + 1 bytes,
 * so that the sanitizers see any overrun. */
static int
parse(struct parse_ctx *c, const char *text)
{
	size_t len = strlen(text);
	char *scratch = parse_ctx_scratch(c, len);

	return jsonrec_parse(text, len, &c->fmt, scratch, &c->r, &c->ei);
}

/* Parses text, which must be of kind want. */
static const struct flow_record *
parse_kind(struct parse_ctx *c, const char *text, int want)
{
	int k = parse(c, text);

	if (k == -1)
		fail_msg("'%s': %s", text, c->ei.msg);
	assert_int_equal(k, want);
	return &c->r;
}

/* Parses text, which must be refused with an error saying part. */
static void
parse_fails(struct parse_ctx *c, const char *text, const char *part)
{
	assert_refused(parse(c, text), &c->ei, part);
}

/* The fields of SSH_ACCEPT. */
static void
assert_ssh(const struct flow_record *r)
{
	assert_int_equal(r->version, 2);
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_INTERFACE_ID, "eni-1235b8ca123456789");
	assert_addr(&r->srcaddr, "172.31.16.139");
	assert_addr(&r->dstaddr, "172.31.16.21");
	assert_int_equal(r->srcport, 20641);
	assert_int_equal(r->dstport, 22);
	assert_int_equal(r->protocol, 6);
	assert_int_equal(r->packets, 20);
	assert_int_equal(r->bytes, 4249);
	assert_int_equal(r->start, 1418530010);
	assert_int_equal(r->end, 1418530070);
	assert_int_equal(r->action, FLOW_ACCEPT);
	assert_int_equal(r->log_status, FLOW_OK);
	assert_int_equal(r->present, FLOW_BIT(FF_LOG_STATUS + 1) - 1);
}

/* A FilterLogEvents event: the message is read with the default format and
 * the eventId kept; the other keys are ignored. */
static void
test_jsonrec_event(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_kind(c,
	    "{\"logStreamName\": \"eni-1235b8ca123456789-all\", "
	    "\"timestamp\": 1418530010000, \"message\": \"" SSH_ACCEPT "\", "
	    "\"ingestionTime\": 1418530371000, \"eventId\": \"" EVENT_ID "\"}",
	    JSONREC_EVENT);
	assert_ssh(r);
	assert_int_not_equal(r->event_off, FLOW_NOTEXT);
	assert_string_equal(r->text + r->event_off, EVENT_ID);
	assert_string_equal(flow_text(r, FF_LOG_STATUS), "OK");
}

/* GetLogEvents events carry no eventId. */
static void
test_jsonrec_event_without_id(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_kind(c,
	    "{\"timestamp\":1418530010000,\"message\":\"" SSH_ACCEPT "\","
	    "\"ingestionTime\":1418530371000}",
	    JSONREC_EVENT);
	assert_ssh(r);
	assert_int_equal(r->event_off, FLOW_NOTEXT);
}

/* The message is read with the format given: here the transit gateway
 * example of the AWS page, whose records have no start or end. */
static void
test_jsonrec_event_custom_format(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;
	int ret;

	ret = flow_format_parse(TGW_FORMAT, &c->fmt, &c->ei);
	assert_int_equal(ret, 0);
	r = parse_kind(c,
	    "{\"message\": \"3 eni-11111111111111111 123456789010 "
	    "vpc-abcdefab012345678 subnet-11111111aaaaaaaaa - 10.40.1.175 "
	    "10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT "
	    "OK\", \"eventId\": \"1\"}",
	    JSONREC_EVENT);
	assert_int_equal(r->version, 3);
	assert_false(flow_has(r, FF_INSTANCE_ID));
	assert_string_equal(flow_text(r, FF_INSTANCE_ID), "-");
	assert_addr(&r->srcaddr, "10.40.1.175");
	assert_addr(&r->pkt_srcaddr, "10.20.33.164");
	assert_int_equal(r->tcp_flags, 3);
	assert_int_equal(r->type, FLOW_IPV4);
	assert_null(flow_text(r, FF_START));
	assert_string_equal(r->text + r->event_off, "1");
}

/* One key per field, in camelCase, numbers as JSON numbers. */
static void
test_jsonrec_fields_camel_case(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_kind(c,
	    "{\"version\":2,\"account\":\"1234\",\"interfaceId\":\"eni-0ab\","
	    "\"srcaddr\":\"203.0.113.5\",\"dstaddr\":\"10.0.1.10\","
	    "\"srcport\":54321,\"dstport\":80,\"protocol\":6,\"packets\":15,"
	    "\"bytes\":1230,\"start\":1678886400,\"end\":1678886460,"
	    "\"action\":\"ACCEPT\",\"logStatus\":\"OK\"}",
	    JSONREC_FIELDS);
	assert_int_equal(r->version, 2);
	assert_text(r, FF_VERSION, "2");
	assert_text(r, FF_ACCOUNT_ID, "1234");
	assert_text(r, FF_INTERFACE_ID, "eni-0ab");
	assert_addr(&r->srcaddr, "203.0.113.5");
	assert_addr(&r->dstaddr, "10.0.1.10");
	assert_int_equal(r->srcport, 54321);
	assert_text(r, FF_SRCPORT, "54321");
	assert_int_equal(r->dstport, 80);
	assert_int_equal(r->protocol, 6);
	assert_int_equal(r->packets, 15);
	assert_int_equal(r->bytes, 1230);
	assert_int_equal(r->start, 1678886400);
	assert_int_equal(r->end, 1678886460);
	assert_int_equal(r->action, FLOW_ACCEPT);
	assert_int_equal(r->log_status, FLOW_OK);
	assert_text(r, FF_LOG_STATUS, "OK");
	assert_int_equal(r->present, FLOW_BIT(FF_LOG_STATUS + 1) - 1);
	assert_int_equal(r->event_off, FLOW_NOTEXT);
	/* keys that were not in the object */
	assert_null(flow_text(r, FF_TCP_FLAGS));
	assert_false(flow_has(r, FF_VPC_ID));
}

/* Hyphenated and underscore keys, numbers as strings; "-" and null mean
 * absent; keys of no field are skipped. */
static void
test_jsonrec_fields_hyphenated(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_kind(c,
	    "{\"version\": \"2\", \"account-id\": \"123456789010\", "
	    "\"interface-id\": \"eni-1235b8ca123456789\", \"srcaddr\": \"-\", "
	    "\"dstaddr\": null, \"start\": \"1431280876\", "
	    "\"end\": 1431280934, \"action\": \"-\", "
	    "\"log-status\": \"NODATA\", \"tcp_flags\": \"-\", "
	    "\"flow_direction\": \"egress\", \"traffic-path\": 8, "
	    "\"comment\": [1, 2]}",
	    JSONREC_FIELDS);
	assert_int_equal(r->version, 2);
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_INTERFACE_ID, "eni-1235b8ca123456789");
	assert_false(flow_has(r, FF_SRCADDR));
	assert_string_equal(flow_text(r, FF_SRCADDR), "-");
	assert_false(flow_has(r, FF_DSTADDR));
	assert_string_equal(flow_text(r, FF_DSTADDR), "-");
	assert_int_equal(r->start, 1431280876);
	assert_int_equal(r->end, 1431280934);
	assert_false(flow_has(r, FF_ACTION));
	assert_int_equal(r->action, FLOW_ACTION_NONE);
	assert_int_equal(r->log_status, FLOW_NODATA);
	assert_false(flow_has(r, FF_TCP_FLAGS));
	assert_int_equal(r->direction, FLOW_EGRESS);
	assert_int_equal(r->traffic_path, 8);
	assert_null(flow_text(r, FF_SRCPORT));
}

/* The copy of an event keeps its eventId. */
static void
test_jsonrec_event_copy(void **state)
{
	struct parse_ctx *c = *state;
	struct flow_record copy;

	parse_kind(c,
	    "{\"message\":\"" SSH_ACCEPT "\",\"eventId\":\"" EVENT_ID "\"}",
	    JSONREC_EVENT);
	flow_record_copy(&copy, &c->r);
	free(c->scratch);
	c->scratch = NULL;
	assert_ssh(&copy);
	assert_string_equal(copy.text + copy.event_off, EVENT_ID);
	assert_string_equal(flow_text(&copy, FF_ACTION), "ACCEPT");
	flow_record_release(&copy);
}

/* The other objects of a CloudWatch Logs answer are no records. */
static void
test_jsonrec_metadata(void **state)
{
	struct parse_ctx *c = *state;

	assert_int_equal(parse(c,
			     "{\"searchedLogStreams\": [{\"logStreamName\": "
			     "\"eni-1235b8ca123456789-all\", "
			     "\"searchedCompletely\": true}], "
			     "\"nextToken\": \"Z3JlZXRpbmdz\"}"),
	    JSONREC_NONE);
	assert_int_equal(parse(c,
			     "{\"nextForwardToken\": \"f/3795\", "
			     "\"nextBackwardToken\": \"b/3794\"}"),
	    JSONREC_NONE);
	assert_int_equal(parse(c, "{}"), JSONREC_NONE);
}

/* The quick reading of plain events takes what jansson takes, the same
 * way, and leaves to jansson, with its errors, all it does not: escapes,
 * non-ASCII, nesting, duplicate keys, bad syntax and numbers. */
static void
test_jsonrec_event_quick_and_jansson_agree(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	/* Plain: every scalar kind among the other keys. */
	r = parse_kind(c,
	    " {\"logStreamName\":\"eni-1-all\", \"timestamp\": -1.5e+3,"
	    "\"ingestionTime\":0,\"x\":true,\"y\":false,\"z\":null,"
	    "\"message\":\"" SSH_ACCEPT "\",\"eventId\":\"" EVENT_ID "\"}\n",
	    JSONREC_EVENT);
	assert_ssh(r);
	assert_string_equal(r->text + r->event_off, EVENT_ID);
	/* An escape in another key's value, and in the message. */
	r = parse_kind(c,
	    "{\"logStreamName\": \"a\\\"b\", \"message\": \"" SSH_ACCEPT "\"}",
	    JSONREC_EVENT);
	assert_ssh(r);
	r = parse_kind(c,
	    "{\"message\": \"2 123456789010 eni-1235b8ca123456789 "
	    "172.31.16.139\\u0020172.31.16.21 20641 22 6 20 4249 1418530010 "
	    "1418530070 ACCEPT OK\"}",
	    JSONREC_EVENT);
	assert_ssh(r);
	/* Nesting and non-ASCII go to jansson, and read the same. */
	r = parse_kind(c,
	    "{\"meta\": {\"a\": [1, 2]}, \"message\": \"" SSH_ACCEPT
	    "\", \"note\": \"caf\xc3\xa9\"}",
	    JSONREC_EVENT);
	assert_ssh(r);
	/* What jansson refuses is refused. */
	parse_fails(c, "{\"message\": \"" SSH_ACCEPT "\", \"message\": \"x\"}",
	    "bad JSON");
	parse_fails(c, "{\"message\": \"" SSH_ACCEPT "\",}", "bad JSON");
	parse_fails(c, "{\"message\": \"" SSH_ACCEPT "\" \"a\": 1}",
	    "bad JSON");
	parse_fails(c, "{\"a\": 01, \"message\": \"" SSH_ACCEPT "\"}",
	    "bad JSON");
	parse_fails(c, "{\"a\": 1., \"message\": \"" SSH_ACCEPT "\"}",
	    "bad JSON");
	parse_fails(c, "{\"a\": tru, \"message\": \"" SSH_ACCEPT "\"}",
	    "bad JSON");
	parse_fails(c, "{\"message\": \"" SSH_ACCEPT "\"} x", "bad JSON");
	parse_fails(c, "{\"message\": \"a\tb\"}", "bad JSON");
	parse_fails(c, "{\"message\": \"\xff\"}", "bad JSON");
	/* Numbers jansson cannot hold, which the quick reading took (found
	 * by tests/fuzz/fuzz_json_diff). */
	parse_fails(c,
	    "{\"ingestionTime\": 1700000180700000180000, \"message\": "
	    "\"" SSH_ACCEPT "\"}",
	    "bad JSON: too big integer");
	parse_fails(c, "{\"a\": -1e400, \"message\": \"" SSH_ACCEPT "\"}",
	    "bad JSON: real number overflow");
	/* And the largest that are whole numbers for both. */
	r = parse_kind(c,
	    "{\"a\": 999999999999999999, \"b\": -999999999999999999.5, "
	    "\"message\": \"" SSH_ACCEPT "\"}",
	    JSONREC_EVENT);
	assert_ssh(r);
}

static void
test_jsonrec_bad_json(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c, "{\"message\": \"2 123456789010", "bad JSON");
	parse_fails(c, "{\"srcaddr\": \"10.0.0.1\",}", "bad JSON");
	parse_fails(c, "", "bad JSON");
	/* JSON, but no object */
	assert_int_equal(parse(c, "[\"" SSH_ACCEPT "\"]"), -1);
	assert_int_equal(c->ei.code, EC_DATA);
}

/* The message is a record line that does not fit the format. */
static void
test_jsonrec_malformed_message(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "{\"message\": \"2 123456789010 eni-1235b8ca123456789 "
	    "172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 "
	    "1418530070 ACCEPT\", \"eventId\": \"" EVENT_ID "\"}",
	    "expected 14 fields, found 13");
	parse_fails(c,
	    "{\"message\": \"2 123456789010 eni-1235b8ca123456789 "
	    "172.31.16.139 172.31.16.21 20641 70000 6 20 4249 1418530010 "
	    "1418530070 ACCEPT OK\"}",
	    "dstport");
}

static void
test_jsonrec_message_not_string(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c, "{\"message\": 2, \"eventId\": \"1\"}", "message");
	parse_fails(c, "{\"message\": {\"srcaddr\": \"10.0.0.1\"}}", "message");
	parse_fails(c, "{\"message\": null}", "message");
}

/* Counters, ports and times are whole numbers. */
static void
test_jsonrec_float_rejected(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"bytes\": 1230.5}",
	    "bytes");
	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"start\": 1.6788864e9}",
	    "start");
	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"srcport\": -1}",
	    "srcport");
	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"action\": true}",
	    "action");
}

/* A field's value is checked as in a record line. */
static void
test_jsonrec_bad_value(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.256\", \"dstaddr\": \"10.0.0.2\"}",
	    "srcaddr");
	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"dstPort\": 70000}",
	    "dstport");
	parse_fails(c,
	    "{\"srcaddr\": \"10.0.0.1\", \"dstaddr\": \"10.0.0.2\", "
	    "\"action\": \"ALLOW\"}",
	    "action");
}

#define TEST(f) \
	cmocka_unit_test_setup_teardown(f, parse_ctx_setup, parse_ctx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_jsonrec_event),
		TEST(test_jsonrec_event_without_id),
		TEST(test_jsonrec_event_custom_format),
		TEST(test_jsonrec_fields_camel_case),
		TEST(test_jsonrec_fields_hyphenated),
		TEST(test_jsonrec_event_copy),
		TEST(test_jsonrec_metadata),
		TEST(test_jsonrec_event_quick_and_jansson_agree),
		TEST(test_jsonrec_bad_json),
		TEST(test_jsonrec_malformed_message),
		TEST(test_jsonrec_message_not_string),
		TEST(test_jsonrec_float_rejected),
		TEST(test_jsonrec_bad_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
