/*
 * Unit tests of format.c: field names, log formats written as ${...}
 * lists, S3 header lines and JSON key spellings.
 *
 * Field names and versions are those of the AWS VPC User Guide page "Flow
 * log records" (available fields) and the Transit Gateway guide; the custom
 * formats are the field lists of the page "Flow log record examples".
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/format.h"
#include "flowdiag/util/errinfo.h"

#include "helpers.h"

#define DEFAULT_SPEC                                                      \
	"${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} " \
	"${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} " \
	"${end} ${action} ${log-status}"

/* "TCP flag sequence" of the examples page, as AWS lists it. */
#define TCPF_FIELDS                                                          \
	"version vpc-id subnet-id instance-id interface-id account-id type " \
	"srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol "  \
	"bytes packets start end action tcp-flags log-status"
#define TCPF_SPEC                                                            \
	"${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} "  \
	"${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} " \
	"${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} "     \
	"${start} ${end} ${action} ${tcp-flags} ${log-status}"

/* "Traffic through a NAT gateway". */
#define NAT_SPEC                                                \
	"${instance-id} ${interface-id} ${srcaddr} ${dstaddr} " \
	"${pkt-srcaddr} ${pkt-dstaddr}"

/* "Service name, traffic path, and flow direction" (version 5). */
#define SVC_FIELDS                                                            \
	"version srcaddr dstaddr srcport dstport protocol start end type "    \
	"packets bytes account-id vpc-id subnet-id instance-id interface-id " \
	"region az-id sublocation-type sublocation-id action tcp-flags "      \
	"pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service "    \
	"traffic-path flow-direction log-status"

static void
test_format_default(void **state)
{
	static const enum flow_field want[] = { FF_VERSION, FF_ACCOUNT_ID,
		FF_INTERFACE_ID, FF_SRCADDR, FF_DSTADDR, FF_SRCPORT, FF_DSTPORT,
		FF_PROTOCOL, FF_PACKETS, FF_BYTES, FF_START, FF_END, FF_ACTION,
		FF_LOG_STATUS };
	struct flow_format fmt;
	char buf[512];
	unsigned int i;

	(void)state;
	memset(&fmt, 0xa5, sizeof(fmt));
	flow_format_default(&fmt);
	assert_int_equal(fmt.n, 14);
	for (i = 0; i < 14; i++) {
		assert_int_equal(fmt.field[i], want[i]);
		assert_true((fmt.has & FLOW_BIT(want[i])) != 0);
	}
	assert_false((fmt.has & FLOW_BIT(FF_TCP_FLAGS)) != 0);
	assert_false((fmt.has & FLOW_BIT(FF_VPC_ID)) != 0);
	assert_string_equal(flow_format_string(&fmt, buf, sizeof(buf)),
	    DEFAULT_SPEC);
}

/* The TCP flag example's format: 21 fields, bytes before packets. */
static void
test_format_parse_braces(void **state)
{
	struct flow_format fmt;
	struct errinfo ei;

	(void)state;
	assert_int_equal(flow_format_parse(TCPF_SPEC, &fmt, &ei), 0);
	assert_int_equal(fmt.n, 21);
	assert_int_equal(fmt.field[0], FF_VERSION);
	assert_int_equal(fmt.field[1], FF_VPC_ID);
	assert_int_equal(fmt.field[6], FF_TYPE);
	assert_int_equal(fmt.field[13], FF_PROTOCOL);
	assert_int_equal(fmt.field[14], FF_BYTES);
	assert_int_equal(fmt.field[15], FF_PACKETS);
	assert_int_equal(fmt.field[19], FF_TCP_FLAGS);
	assert_int_equal(fmt.field[20], FF_LOG_STATUS);
	assert_true((fmt.has & FLOW_BIT(FF_PKT_DSTADDR)) != 0);
	assert_false((fmt.has & FLOW_BIT(FF_FLOW_DIRECTION)) != 0);
}

/* The same list without ${}, as the examples page prints it. */
static void
test_format_parse_plain(void **state)
{
	struct flow_format a, b;
	struct errinfo ei;
	int ret;

	(void)state;
	assert_int_equal(flow_format_parse(TCPF_FIELDS, &a, &ei), 0);
	assert_int_equal(flow_format_parse(TCPF_SPEC, &b, &ei), 0);
	assert_true(flow_format_equal(&a, &b));
	assert_int_equal(a.has, b.has);

	/* runs of spaces between fields */
	ret = flow_format_parse("  ${instance-id}   interface-id ${srcaddr}  ",
	    &a, &ei);
	assert_int_equal(ret, 0);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.field[0], FF_INSTANCE_ID);
	assert_int_equal(a.field[1], FF_INTERFACE_ID);
	assert_int_equal(a.field[2], FF_SRCADDR);

	/* commas, as the shell completion writes them */
	ret = flow_format_parse("version,account-id,${srcaddr}, dstaddr", &a,
	    &ei);
	assert_int_equal(ret, 0);
	assert_int_equal(a.n, 4);
	assert_int_equal(a.field[0], FF_VERSION);
	assert_int_equal(a.field[1], FF_ACCOUNT_ID);
	assert_int_equal(a.field[2], FF_SRCADDR);
	assert_int_equal(a.field[3], FF_DSTADDR);
	assert_int_equal(flow_format_parse(",", &a, &ei), -1);
	assert_string_equal(ei.msg, "log format: no fields");
}

/* Athena, Vector and others spell the fields with underscores. */
static void
test_format_parse_underscores(void **state)
{
	struct flow_format a, b;
	struct errinfo ei;

	(void)state;
	assert_int_equal(flow_format_parse("version account_id interface_id "
					   "srcaddr dstaddr srcport dstport "
					   "protocol packets bytes start end "
					   "action log_status",
			     &a, &ei),
	    0);
	flow_format_default(&b);
	assert_true(flow_format_equal(&a, &b));
	assert_int_equal(flow_format_parse("${vpc_id} ${pkt_srcaddr} "
					   "${flow_direction} ${tcp_flags}",
			     &a, &ei),
	    0);
	assert_int_equal(a.n, 4);
	assert_int_equal(a.field[0], FF_VPC_ID);
	assert_int_equal(a.field[1], FF_PKT_SRCADDR);
	assert_int_equal(a.field[2], FF_FLOW_DIRECTION);
	assert_int_equal(a.field[3], FF_TCP_FLAGS);
	/* the same field both ways is one field twice */
	assert_int_equal(flow_format_parse("vpc-id vpc_id", &a, &ei), -1);
	assert_string_equal(ei.msg, "log format: field 'vpc-id' appears twice");
}

static void
test_format_parse_unknown_field(void **state)
{
	struct flow_format fmt;
	struct errinfo ei;
	int ret;

	(void)state;
	ret = flow_format_parse("${version} ${srcadr} ${dstaddr}", &fmt, &ei);
	assert_int_equal(ret, -1);
	assert_int_equal(ei.code, EC_USAGE);
	assert_has_text(ei.msg, "unknown field");
	assert_has_text(ei.msg, "'srcadr'");

	/* interface_id is a field (Athena's spelling), interfaceId not */
	assert_int_equal(flow_format_parse("${interfaceId}", &fmt, &ei), -1);
	assert_has_text(ei.msg, "'interfaceId'");
}

static void
test_format_parse_duplicate_field(void **state)
{
	struct flow_format fmt;
	struct errinfo ei;
	int ret;

	(void)state;
	ret = flow_format_parse("${srcaddr} ${dstaddr} ${srcaddr}", &fmt, &ei);
	assert_int_equal(ret, -1);
	assert_int_equal(ei.code, EC_USAGE);
	assert_has_text(ei.msg, "'srcaddr'");
	assert_has_text(ei.msg, "twice");
}

static void
test_format_parse_empty(void **state)
{
	struct flow_format fmt;
	struct errinfo ei;

	(void)state;
	assert_int_equal(flow_format_parse("", &fmt, &ei), -1);
	assert_int_equal(ei.code, EC_USAGE);
	assert_has_text(ei.msg, "no fields");
	assert_int_equal(flow_format_parse("   ", &fmt, &ei), -1);
	assert_has_text(ei.msg, "no fields");
}

static void
test_format_parse_unclosed(void **state)
{
	struct flow_format fmt;
	struct errinfo ei;

	(void)state;
	assert_int_equal(flow_format_parse("${version} ${srcaddr", &fmt, &ei),
	    -1);
	assert_int_equal(ei.code, EC_USAGE);
	assert_has_text(ei.msg, "'}'");
	assert_int_equal(flow_format_parse("${}", &fmt, &ei), -1);
}

/* Every field AWS documents, with the version that introduced it. */
static void
test_format_parse_every_field(void **state)
{
	static const struct {
		const char *name;
		unsigned int version;
	} aws[] = {
		{ "version", 2 },
		{ "account-id", 2 },
		{ "interface-id", 2 },
		{ "srcaddr", 2 },
		{ "dstaddr", 2 },
		{ "srcport", 2 },
		{ "dstport", 2 },
		{ "protocol", 2 },
		{ "packets", 2 },
		{ "bytes", 2 },
		{ "start", 2 },
		{ "end", 2 },
		{ "action", 2 },
		{ "log-status", 2 },
		{ "vpc-id", 3 },
		{ "subnet-id", 3 },
		{ "instance-id", 3 },
		{ "tcp-flags", 3 },
		{ "type", 3 },
		{ "pkt-srcaddr", 3 },
		{ "pkt-dstaddr", 3 },
		{ "region", 4 },
		{ "az-id", 4 },
		{ "sublocation-type", 4 },
		{ "sublocation-id", 4 },
		{ "pkt-src-aws-service", 5 },
		{ "pkt-dst-aws-service", 5 },
		{ "flow-direction", 5 },
		{ "traffic-path", 5 },
		{ "resource-type", 6 },
		{ "tgw-id", 6 },
		{ "tgw-attachment-id", 6 },
		{ "tgw-src-vpc-account-id", 6 },
		{ "tgw-dst-vpc-account-id", 6 },
		{ "tgw-src-vpc-id", 6 },
		{ "tgw-dst-vpc-id", 6 },
		{ "tgw-src-subnet-id", 6 },
		{ "tgw-dst-subnet-id", 6 },
		{ "tgw-src-eni", 6 },
		{ "tgw-dst-eni", 6 },
		{ "tgw-src-az-id", 6 },
		{ "tgw-dst-az-id", 6 },
		{ "tgw-pair-attachment-id", 6 },
		{ "packets-lost-no-route", 6 },
		{ "packets-lost-blackhole", 6 },
		{ "packets-lost-mtu-exceeded", 6 },
		{ "packets-lost-ttl-expired", 6 },
		{ "ecs-cluster-arn", 7 },
		{ "ecs-cluster-name", 7 },
		{ "ecs-container-instance-arn", 7 },
		{ "ecs-container-instance-id", 7 },
		{ "ecs-container-id", 7 },
		{ "ecs-second-container-id", 7 },
		{ "ecs-service-name", 7 },
		{ "ecs-task-definition-arn", 7 },
		{ "ecs-task-arn", 7 },
		{ "ecs-task-id", 7 },
		{ "reject-reason", 8 },
	};
	size_t n = sizeof(aws) / sizeof(aws[0]);
	struct flow_format fmt;
	struct errinfo ei;
	char spec[2048] = "";
	size_t i;
	int f;

	(void)state;
	assert_int_equal(n, FLOW_NFIELDS);
	for (i = 0; i < n; i++) {
		f = flow_field_lookup(aws[i].name, strlen(aws[i].name));
		if (f == -1)
			fail_msg("field '%s' unknown", aws[i].name);
		assert_string_equal(flow_field_info(f)->name, aws[i].name);
		assert_int_equal(flow_field_info(f)->version, aws[i].version);
		strcat(spec, "${");
		strcat(spec, aws[i].name);
		strcat(spec, "} ");
	}
	if (flow_format_parse(spec, &fmt, &ei) != 0)
		fail_msg("%s", ei.msg);
	assert_int_equal(fmt.n, FLOW_NFIELDS);
	assert_int_equal(fmt.has, FLOW_BIT(FLOW_NFIELDS) - 1);
}

static void
test_format_field_lookup(void **state)
{
	(void)state;
	assert_int_equal(flow_field_lookup("srcaddr", 7), FF_SRCADDR);
	/* name[0..len) need not be NUL-terminated */
	assert_int_equal(flow_field_lookup("srcaddr dstaddr", 7), FF_SRCADDR);
	assert_int_equal(flow_field_lookup("log-status}", 10), FF_LOG_STATUS);
	assert_int_equal(flow_field_lookup("src", 3), -1);
	assert_int_equal(flow_field_lookup("srcaddrs", 8), -1);
	assert_int_equal(flow_field_lookup("", 0), -1);
	assert_int_equal(flow_field_lookup("SRCADDR", 7), -1);
}

/* An S3 text file starts with the field names. */
static void
test_format_from_header(void **state)
{
	static const char def[] = "version account-id interface-id srcaddr "
				  "dstaddr srcport dstport protocol packets "
				  "bytes start end action log-status\n";
	struct flow_format fmt, want;
	struct errinfo ei;
	int ret;

	(void)state;
	assert_int_equal(flow_format_from_header(def, strlen(def), &fmt, &ei),
	    0);
	flow_format_default(&want);
	assert_true(flow_format_equal(&fmt, &want));
	assert_int_equal(fmt.has, want.has);

	/* a custom format's header, ending in CRLF */
	assert_int_equal(flow_format_from_header(SVC_FIELDS "\r\n",
			     strlen(SVC_FIELDS "\r\n"), &fmt, &ei),
	    0);
	assert_int_equal(flow_format_parse(SVC_FIELDS, &want, &ei), 0);
	assert_true(flow_format_equal(&fmt, &want));
	assert_int_equal(fmt.n, 29);
	assert_int_equal(fmt.field[27], FF_FLOW_DIRECTION);

	/* only len bytes are read */
	ret = flow_format_from_header("srcaddr dstaddr version", 15, &fmt, &ei);
	assert_int_equal(ret, 0);
	assert_int_equal(fmt.n, 2);
	assert_int_equal(fmt.field[1], FF_DSTADDR);
}

/* A record line is no header: the first of its values is no field name. */
static void
test_format_from_header_not_header(void **state)
{
	static const char rec[] = "2 123456789010 eni-1235b8ca123456789 "
				  "172.31.16.139 172.31.16.21 20641 22 6 20 "
				  "4249 1418530010 1418530070 ACCEPT OK";
	struct flow_format fmt;
	struct errinfo ei;
	int ret;

	(void)state;
	assert_refused(flow_format_from_header(rec, strlen(rec), &fmt, &ei),
	    &ei, "unknown field");
	assert_int_equal(flow_format_from_header("", 0, &fmt, &ei), -1);
	assert_int_equal(flow_format_from_header("\n", 1, &fmt, &ei), -1);
	/* a header never names a field twice */
	ret = flow_format_from_header("srcaddr srcaddr", 15, &fmt, &ei);
	assert_int_equal(ret, -1);
	assert_has_text(ei.msg, "'srcaddr'");
	/* the errinfo is optional */
	assert_int_equal(flow_format_from_header(rec, strlen(rec), &fmt, NULL),
	    -1);
}

/* JSON keys in every spelling tools use. */
static void
test_format_field_lookup_key(void **state)
{
	(void)state;
	assert_int_equal(flow_field_lookup_key("interface-id"),
	    FF_INTERFACE_ID);
	assert_int_equal(flow_field_lookup_key("interfaceId"), FF_INTERFACE_ID);
	assert_int_equal(flow_field_lookup_key("interface_id"),
	    FF_INTERFACE_ID);
	assert_int_equal(flow_field_lookup_key("account"), FF_ACCOUNT_ID);
	assert_int_equal(flow_field_lookup_key("accountId"), FF_ACCOUNT_ID);
	assert_int_equal(flow_field_lookup_key("account_id"), FF_ACCOUNT_ID);
	assert_int_equal(flow_field_lookup_key("account-id"), FF_ACCOUNT_ID);
	assert_int_equal(flow_field_lookup_key("logStatus"), FF_LOG_STATUS);
	assert_int_equal(flow_field_lookup_key("log_status"), FF_LOG_STATUS);
	assert_int_equal(flow_field_lookup_key("srcaddr"), FF_SRCADDR);
	assert_int_equal(flow_field_lookup_key("srcAddr"), FF_SRCADDR);
	assert_int_equal(flow_field_lookup_key("dstPort"), FF_DSTPORT);
	assert_int_equal(flow_field_lookup_key("pktSrcAddr"), FF_PKT_SRCADDR);
	assert_int_equal(flow_field_lookup_key("pkt_dstaddr"), FF_PKT_DSTADDR);
	assert_int_equal(flow_field_lookup_key("tcpFlags"), FF_TCP_FLAGS);
	assert_int_equal(flow_field_lookup_key("flowDirection"),
	    FF_FLOW_DIRECTION);
	assert_int_equal(flow_field_lookup_key("pktSrcAwsService"),
	    FF_PKT_SRC_AWS_SERVICE);
	assert_int_equal(flow_field_lookup_key("tgw_src_vpc_account_id"),
	    FF_TGW_SRC_VPC_ACCOUNT_ID);
	assert_int_equal(flow_field_lookup_key("packetsLostNoRoute"),
	    FF_PACKETS_LOST_NO_ROUTE);
	assert_int_equal(flow_field_lookup_key("rejectReason"),
	    FF_REJECT_REASON);
	assert_int_equal(flow_field_lookup_key("start"), FF_START);
	/* the other keys of a CloudWatch event are no fields */
	assert_int_equal(flow_field_lookup_key("message"), -1);
	assert_int_equal(flow_field_lookup_key("eventId"), -1);
	assert_int_equal(flow_field_lookup_key("timestamp"), -1);
	assert_int_equal(flow_field_lookup_key("logStreamName"), -1);
	assert_int_equal(flow_field_lookup_key(""), -1);
}

static void
test_format_string_round_trip(void **state)
{
	static const char *const specs[] = { TCPF_SPEC, DEFAULT_SPEC, NAT_SPEC,
		"${reject-reason}" };
	struct flow_format a, b;
	struct errinfo ei;
	char buf[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		assert_int_equal(flow_format_parse(specs[i], &a, &ei), 0);
		flow_format_string(&a, buf, sizeof(buf));
		assert_string_equal(buf, specs[i]);
		assert_int_equal(flow_format_parse(buf, &b, &ei), 0);
		assert_true(flow_format_equal(&a, &b));
	}
	/* the plain list comes back written with ${} */
	assert_int_equal(flow_format_parse(TCPF_FIELDS, &a, &ei), 0);
	assert_string_equal(flow_format_string(&a, buf, sizeof(buf)),
	    TCPF_SPEC);
}

/* A buffer too small still ends in a NUL within its size. */
static void
test_format_string_small_buffer(void **state)
{
	struct flow_format fmt;
	char buf[32];

	(void)state;
	flow_format_default(&fmt);
	memset(buf, 'x', sizeof(buf));
	flow_format_string(&fmt, buf, 16);
	assert_true(memchr(buf, '\0', 16) != NULL);
	assert_int_equal(buf[16], 'x');
	assert_true(strncmp(buf, "${version}", 10) == 0);
}

static void
test_format_equal(void **state)
{
	struct flow_format a, b;
	struct errinfo ei;

	(void)state;
	assert_int_equal(flow_format_parse("${packets} ${bytes}", &a, &ei), 0);
	assert_int_equal(flow_format_parse("${bytes} ${packets}", &b, &ei), 0);
	assert_false(flow_format_equal(&a, &b));
	assert_int_equal(flow_format_parse("${packets}", &b, &ei), 0);
	assert_false(flow_format_equal(&a, &b));
	assert_int_equal(flow_format_parse("packets bytes", &b, &ei), 0);
	assert_true(flow_format_equal(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_default),
		cmocka_unit_test(test_format_parse_braces),
		cmocka_unit_test(test_format_parse_plain),
		cmocka_unit_test(test_format_parse_underscores),
		cmocka_unit_test(test_format_parse_unknown_field),
		cmocka_unit_test(test_format_parse_duplicate_field),
		cmocka_unit_test(test_format_parse_empty),
		cmocka_unit_test(test_format_parse_unclosed),
		cmocka_unit_test(test_format_parse_every_field),
		cmocka_unit_test(test_format_field_lookup),
		cmocka_unit_test(test_format_from_header),
		cmocka_unit_test(test_format_from_header_not_header),
		cmocka_unit_test(test_format_field_lookup_key),
		cmocka_unit_test(test_format_string_round_trip),
		cmocka_unit_test(test_format_string_small_buffer),
		cmocka_unit_test(test_format_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
