/*
 * Unit tests of flow.c: record lines parsed against their log format.
 *
 * The records are every example on the AWS VPC User Guide page "Flow log
 * record examples" (docs.aws.amazon.com/vpc/latest/userguide/
 * flow-logs-records-examples.html), copied as AWS prints them, and the
 * custom formats are the field lists that page gives.  The expected values
 * are read off the page and the field descriptions in "Flow log records".
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

#include "helpers.h"

/* The default format, "Accepted and rejected traffic". */
#define SSH_ACCEPT                                                         \
	"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 " \
	"20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
#define RDP_REJECT                                                            \
	"2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 " \
	"3389 6 20 4249 1418530010 1418530070 REJECT OK"

/* "TCP flag sequence": bytes comes before packets. */
#define TCPF_FORMAT                                                          \
	"${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} "  \
	"${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} " \
	"${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} "     \
	"${start} ${end} ${action} ${tcp-flags} ${log-status}"
#define TCPF_HEAD                                           \
	"3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 " \
	"i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 "

/* "Traffic through a NAT gateway": no version, action or log-status. */
#define NAT_FORMAT                                              \
	"${instance-id} ${interface-id} ${srcaddr} ${dstaddr} " \
	"${pkt-srcaddr} ${pkt-dstaddr}"

/* "Traffic through a transit gateway": the flow log of VPC B. */
#define TGW_FORMAT                                                         \
	"${version} ${interface-id} ${account-id} ${vpc-id} ${subnet-id} " \
	"${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "      \
	"${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} "  \
	"${action} ${log-status}"

/* "Service name, traffic path, and flow direction" (version 5). */
#define SVC_FORMAT                                                            \
	"${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} " \
	"${start} ${end} ${type} ${packets} ${bytes} ${account-id} "          \
	"${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${region} "    \
	"${az-id} ${sublocation-type} ${sublocation-id} ${action} "           \
	"${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-src-aws-service} "  \
	"${pkt-dst-aws-service} ${traffic-path} ${flow-direction} "           \
	"${log-status}"

/* The default format of transit gateway flow logs: every field of versions
 * 2 to 6, in the order of the table in the Transit Gateway guide. */
#define TGWLOG_FORMAT                                                    \
	"${version} ${resource-type} ${account-id} ${tgw-id} "           \
	"${tgw-attachment-id} ${tgw-src-vpc-account-id} "                \
	"${tgw-dst-vpc-account-id} ${tgw-src-vpc-id} ${tgw-dst-vpc-id} " \
	"${tgw-src-subnet-id} ${tgw-dst-subnet-id} ${tgw-src-eni} "      \
	"${tgw-dst-eni} ${tgw-src-az-id} ${tgw-dst-az-id} "              \
	"${tgw-pair-attachment-id} ${srcaddr} ${dstaddr} ${srcport} "    \
	"${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} "    \
	"${log-status} ${type} ${packets-lost-no-route} "                \
	"${packets-lost-blackhole} ${packets-lost-mtu-exceeded} "        \
	"${packets-lost-ttl-expired} ${tcp-flags} ${region} "            \
	"${flow-direction} ${pkt-src-aws-service} ${pkt-dst-aws-service}"

#define BIG_LINE (1024 * 1024)

/* Sets the format from a ${...} field list, which must parse. */
static void
use_format(struct parse_ctx *c, const char *spec)
{
	if (flow_format_parse(spec, &c->fmt, &c->ei) != 0)
		fail_msg("format '%s': %s", spec, c->ei.msg);
}

/* Parses line[0..len) with a scratch buffer of exactly len + 1 bytes, so
 * that the sanitizers see any overrun. */
static int
parse_n(struct parse_ctx *c, const char *line, size_t len)
{
	char *scratch = parse_ctx_scratch(c, len);

	return flow_parse_line(&c->fmt, line, len, scratch, &c->r, &c->ei);
}

/* Parses a line that must be well formed. */
static const struct flow_record *
parse_ok(struct parse_ctx *c, const char *line)
{
	if (parse_n(c, line, strlen(line)) != 0)
		fail_msg("'%s': %s", line, c->ei.msg);
	return &c->r;
}

/* Parses a line that must be refused, with an error saying both parts. */
static void
parse_fails(struct parse_ctx *c, const char *line, const char *part1,
    const char *part2)
{
	assert_refused(parse_n(c, line, strlen(line)), &c->ei, part1);
	if (part2 != NULL)
		assert_has_text(c->ei.msg, part2);
}

/* Field f is in the format but "-": absent, which is not 0. */
static void
assert_dash(const struct flow_record *r, enum flow_field f)
{
	assert_false(flow_has(r, f));
	assert_non_null(flow_text(r, f));
	assert_string_equal(flow_text(r, f), "-");
}

/* Field f is not in the format at all. */
static void
assert_missing(const struct flow_record *r, enum flow_field f)
{
	assert_false(flow_has(r, f));
	assert_null(flow_text(r, f));
}

/* Checks the fields of a default-format record of the 123456789010
 * account's eni-1235b8ca123456789 with traffic. */
static void
assert_v2(const struct flow_record *r, const char *src, const char *dst,
    unsigned int sport, unsigned int dport, unsigned int proto)
{
	assert_int_equal(r->version, 2);
	assert_text(r, FF_VERSION, "2");
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_INTERFACE_ID, "eni-1235b8ca123456789");
	assert_true(flow_has(r, FF_SRCADDR));
	assert_addr(&r->srcaddr, src);
	assert_true(flow_has(r, FF_DSTADDR));
	assert_addr(&r->dstaddr, dst);
	assert_true(flow_has(r, FF_SRCPORT));
	assert_int_equal(r->srcport, sport);
	assert_true(flow_has(r, FF_DSTPORT));
	assert_int_equal(r->dstport, dport);
	assert_true(flow_has(r, FF_PROTOCOL));
	assert_int_equal(r->protocol, proto);
	assert_true(flow_has(r, FF_PACKETS));
	assert_true(flow_has(r, FF_BYTES));
	assert_true(flow_has(r, FF_START));
	assert_true(flow_has(r, FF_END));
	assert_true(flow_has(r, FF_ACTION));
	assert_true(flow_has(r, FF_LOG_STATUS));
	assert_int_equal(r->log_status, FLOW_OK);
	/* the default format carries no version 3 field */
	assert_missing(r, FF_TCP_FLAGS);
	assert_missing(r, FF_PKT_SRCADDR);
	assert_missing(r, FF_FLOW_DIRECTION);
}

static void
test_flow_default_accept(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r = parse_ok(c, SSH_ACCEPT);

	/* SSH (port 22, TCP) to eni-1235b8ca123456789 was allowed */
	assert_v2(r, "172.31.16.139", "172.31.16.21", 20641, 22, 6);
	assert_int_equal(r->packets, 20);
	assert_int_equal(r->bytes, 4249);
	assert_int_equal(r->start, 1418530010);
	assert_int_equal(r->end, 1418530070);
	assert_int_equal(r->action, FLOW_ACCEPT);
	assert_text(r, FF_ACTION, "ACCEPT");
	assert_text(r, FF_LOG_STATUS, "OK");
	assert_text(r, FF_SRCADDR, "172.31.16.139");
	assert_text(r, FF_PACKETS, "20");
	assert_int_equal(r->event_off, FLOW_NOTEXT);
}

static void
test_flow_default_reject(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r = parse_ok(c, RDP_REJECT);

	/* RDP (port 3389, TCP) to the same interface was rejected */
	assert_v2(r, "172.31.9.69", "172.31.9.12", 49761, 3389, 6);
	assert_int_equal(r->packets, 20);
	assert_int_equal(r->bytes, 4249);
	assert_int_equal(r->start, 1418530010);
	assert_int_equal(r->end, 1418530070);
	assert_int_equal(r->action, FLOW_REJECT);
	assert_text(r, FF_ACTION, "REJECT");
}

/* NODATA and SKIPDATA: every traffic field and the action are "-", the
 * interval is still given. */
static void
assert_no_traffic(const struct flow_record *r, const char *eni,
    enum flow_status status, const char *status_text)
{
	enum flow_field f;

	assert_int_equal(r->version, 2);
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_INTERFACE_ID, eni);
	for (f = FF_SRCADDR; f <= FF_BYTES; f++)
		assert_dash(r, f);
	assert_dash(r, FF_ACTION);
	assert_int_equal(r->action, FLOW_ACTION_NONE);
	assert_int_equal(r->srcaddr.family, 0);
	assert_int_equal(r->dstaddr.family, 0);
	assert_true(flow_has(r, FF_START));
	assert_true(flow_has(r, FF_END));
	assert_int_equal(r->start, 1431280876);
	assert_int_equal(r->end, 1431280934);
	assert_true(flow_has(r, FF_LOG_STATUS));
	assert_int_equal(r->log_status, status);
	assert_text(r, FF_LOG_STATUS, status_text);
}

static void
test_flow_nodata(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 - - - - - - - "
	    "1431280876 1431280934 - NODATA");
	assert_no_traffic(r, "eni-1235b8ca123456789", FLOW_NODATA, "NODATA");
}

static void
test_flow_skipdata(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - "
	    "1431280876 1431280934 - SKIPDATA");
	assert_no_traffic(r, "eni-11111111aaaaaaaaa", FLOW_SKIPDATA,
	    "SKIPDATA");
}

/* "Security group and network ACL rules": a ping from 203.0.113.12 is
 * allowed in, the reply is denied by the network ACL on the way out. */
static void
test_flow_icmp_ping_accept_then_reject(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 203.0.113.12 "
	    "172.31.16.139 0 0 1 4 336 1432917027 1432917142 "
	    "ACCEPT OK");
	assert_v2(r, "203.0.113.12", "172.31.16.139", 0, 0, 1);
	/* ICMP shows ports 0 0: present, unlike "-" */
	assert_text(r, FF_SRCPORT, "0");
	assert_text(r, FF_DSTPORT, "0");
	assert_int_equal(r->packets, 4);
	assert_int_equal(r->bytes, 336);
	assert_int_equal(r->start, 1432917027);
	assert_int_equal(r->end, 1432917142);
	assert_int_equal(r->action, FLOW_ACCEPT);

	r = parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 "
	    "203.0.113.12 0 0 1 4 336 1432917094 1432917142 "
	    "REJECT OK");
	assert_v2(r, "172.31.16.139", "203.0.113.12", 0, 0, 1);
	assert_int_equal(r->packets, 4);
	assert_int_equal(r->bytes, 336);
	assert_int_equal(r->start, 1432917094);
	assert_int_equal(r->end, 1432917142);
	assert_int_equal(r->action, FLOW_REJECT);
}

static void
test_flow_ipv6(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 "
	    "2001:db8:1234:a100:8d6e:3477:df66:f105 "
	    "2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 "
	    "8855 1477913708 1477913820 ACCEPT OK");
	assert_v2(r, "2001:db8:1234:a100:8d6e:3477:df66:f105",
	    "2001:db8:1234:a102:3304:8879:34cf:4071", 34892, 22, 6);
	assert_int_equal(r->srcaddr.family, 6);
	assert_int_equal(r->dstaddr.family, 6);
	assert_int_equal(r->srcaddr.bytes[0], 0x20);
	assert_int_equal(r->srcaddr.bytes[1], 0x01);
	assert_int_equal(r->srcaddr.bytes[15], 0x05);
	assert_int_equal(r->packets, 54);
	assert_int_equal(r->bytes, 8855);
	assert_int_equal(r->start, 1477913708);
	assert_int_equal(r->end, 1477913820);
	assert_int_equal(r->action, FLOW_ACCEPT);
}

struct tcpf_example {
	const char *line;
	const char *src, *dst;
	unsigned int sport, dport;
	uint64_t bytes, packets;
	int64_t start, end;
	unsigned int flags;
};

/* Checks records of the "TCP flag sequence" format. */
static void
check_tcpf(struct parse_ctx *c, const struct tcpf_example *ex, size_t n)
{
	const struct flow_record *r;
	size_t i;

	use_format(c, TCPF_FORMAT);
	for (i = 0; i < n; i++) {
		r = parse_ok(c, ex[i].line);
		assert_int_equal(r->version, 3);
		assert_text(r, FF_VPC_ID, "vpc-abcdefab012345678");
		assert_text(r, FF_SUBNET_ID, "subnet-aaaaaaaa012345678");
		assert_text(r, FF_INSTANCE_ID, "i-01234567890123456");
		assert_text(r, FF_INTERFACE_ID, "eni-1235b8ca123456789");
		assert_text(r, FF_ACCOUNT_ID, "123456789010");
		assert_true(flow_has(r, FF_TYPE));
		assert_int_equal(r->type, FLOW_IPV4);
		assert_text(r, FF_TYPE, "IPv4");
		assert_addr(&r->srcaddr, ex[i].src);
		assert_addr(&r->dstaddr, ex[i].dst);
		assert_int_equal(r->srcport, ex[i].sport);
		assert_int_equal(r->dstport, ex[i].dport);
		/* no address translation: pkt-* equal src/dst */
		assert_true(flow_has(r, FF_PKT_SRCADDR));
		assert_true(flow_has(r, FF_PKT_DSTADDR));
		assert_addr(&r->pkt_srcaddr, ex[i].src);
		assert_addr(&r->pkt_dstaddr, ex[i].dst);
		assert_int_equal(r->protocol, 6);
		assert_int_equal(r->bytes, ex[i].bytes);
		assert_int_equal(r->packets, ex[i].packets);
		assert_int_equal(r->start, ex[i].start);
		assert_int_equal(r->end, ex[i].end);
		assert_int_equal(r->action, FLOW_ACCEPT);
		assert_true(flow_has(r, FF_TCP_FLAGS));
		assert_int_equal(r->tcp_flags, ex[i].flags);
		assert_int_equal(r->log_status, FLOW_OK);
		assert_missing(r, FF_FLOW_DIRECTION);
		assert_missing(r, FF_REGION);
	}
}

/* Two connections from 52.213.180.42 to port 5001: SYN (2) from the
 * client, SYN-ACK (18) from the server; bytes precede packets. */
static void
test_flow_tcp_flags_handshake(void **state)
{
	static const struct tcpf_example ex[] = {
		{ TCPF_HEAD "52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 "
			    "10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 "
			    "OK",
		    "52.213.180.42", "10.0.0.62", 43416, 5001, 568, 8,
		    1566848875, 1566848933, 2 },
		{ TCPF_HEAD
		    "10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 "
		    "52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT "
		    "18 OK",
		    "10.0.0.62", "52.213.180.42", 5001, 43416, 376, 7,
		    1566848875, 1566848933, 18 },
		{ TCPF_HEAD
		    "52.213.180.42 10.0.0.62 43418 5001 52.213.180.42 "
		    "10.0.0.62 6 100701 70 1566848875 1566848933 ACCEPT "
		    "2 OK",
		    "52.213.180.42", "10.0.0.62", 43418, 5001, 100701, 70,
		    1566848875, 1566848933, 2 },
		{ TCPF_HEAD
		    "10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 "
		    "52.213.180.42 6 632 12 1566848875 1566848933 ACCEPT "
		    "18 OK",
		    "10.0.0.62", "52.213.180.42", 5001, 43418, 632, 12,
		    1566848875, 1566848933, 18 },
	};
	struct parse_ctx *c = *state;

	check_tcpf(c, ex, sizeof(ex) / sizeof(ex[0]));
}

/* The next interval: FIN (1) both ways on the connection from 43418. */
static void
test_flow_tcp_flags_close(void **state)
{
	static const struct tcpf_example ex[] = {
		{ TCPF_HEAD "10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 "
			    "52.213.180.42 6 63388 1219 1566848933 1566849113 "
			    "ACCEPT 1 OK",
		    "10.0.0.62", "52.213.180.42", 5001, 43418, 63388, 1219,
		    1566848933, 1566849113, 1 },
		{ TCPF_HEAD "52.213.180.42 10.0.0.62 43418 5001 52.213.180.42 "
			    "10.0.0.62 6 23294588 15774 1566848933 1566849113 "
			    "ACCEPT 1 OK",
		    "52.213.180.42", "10.0.0.62", 43418, 5001, 23294588, 15774,
		    1566848933, 1566849113, 1 },
	};
	struct parse_ctx *c = *state;

	check_tcpf(c, ex, sizeof(ex) / sizeof(ex[0]));
}

/* A short connection in one interval: 3 (SYN+FIN) from the client, 19
 * (SYN-ACK+FIN) from the server.  AWS prints the second record with two
 * spaces after the destination port; it must parse all the same. */
static void
test_flow_tcp_flags_short_connection(void **state)
{
	static const struct tcpf_example ex[] = {
		{ TCPF_HEAD
		    "52.213.180.42 10.0.0.62 43638 5001 52.213.180.42 "
		    "10.0.0.62 6 1260 17 1566933133 1566933193 ACCEPT 3 "
		    "OK",
		    "52.213.180.42", "10.0.0.62", 43638, 5001, 1260, 17,
		    1566933133, 1566933193, 3 },
		{ TCPF_HEAD
		    "10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 "
		    "52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT "
		    "19 OK",
		    "10.0.0.62", "52.213.180.42", 5001, 43638, 967, 14,
		    1566933133, 1566933193, 19 },
	};
	struct parse_ctx *c = *state;

	assert_non_null(strstr(ex[1].line, "43638  10.0.0.62"));
	check_tcpf(c, ex, sizeof(ex) / sizeof(ex[0]));
}

/* Checks a record of the NAT gateway example's six-field format. */
static void
assert_nat(struct parse_ctx *c, const char *line, const char *instance,
    const char *eni, const char *src, const char *dst, const char *psrc,
    const char *pdst)
{
	const struct flow_record *r = parse_ok(c, line);

	if (instance == NULL)
		assert_dash(r, FF_INSTANCE_ID);
	else
		assert_text(r, FF_INSTANCE_ID, instance);
	assert_text(r, FF_INTERFACE_ID, eni);
	assert_text(r, FF_SRCADDR, src);
	assert_addr(&r->srcaddr, src);
	assert_addr(&r->dstaddr, dst);
	assert_addr(&r->pkt_srcaddr, psrc);
	assert_addr(&r->pkt_dstaddr, pdst);
	/* neither version, action nor log-status is in this format */
	assert_missing(r, FF_VERSION);
	assert_missing(r, FF_ACTION);
	assert_missing(r, FF_LOG_STATUS);
	assert_missing(r, FF_SRCPORT);
	assert_missing(r, FF_PACKETS);
	assert_missing(r, FF_START);
	assert_int_equal(r->action, FLOW_ACTION_NONE);
	assert_int_equal(r->log_status, FLOW_STATUS_NONE);
	assert_int_equal(r->present,
	    (instance != NULL ? FLOW_BIT(FF_INSTANCE_ID) : 0) |
		FLOW_BIT(FF_INTERFACE_ID) | FLOW_BIT(FF_SRCADDR) |
		FLOW_BIT(FF_DSTADDR) | FLOW_BIT(FF_PKT_SRCADDR) |
		FLOW_BIT(FF_PKT_DSTADDR));
}

/* The NAT gateway's requester-managed interface: instance-id is "-", and
 * dstaddr/pkt-dstaddr (then srcaddr/pkt-srcaddr) differ. */
static void
test_flow_nat_gateway_interface(void **state)
{
	struct parse_ctx *c = *state;

	use_format(c, NAT_FORMAT);
	assert_int_equal(c->fmt.n, 6);
	assert_nat(c,
	    "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
	    NULL, "eni-1235b8ca123456789", "10.0.1.5", "10.0.0.220", "10.0.1.5",
	    "203.0.113.5");
	assert_false(addr_equal(&c->r.dstaddr, &c->r.pkt_dstaddr));
	assert_nat(c,
	    "- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 "
	    "203.0.113.5",
	    NULL, "eni-1235b8ca123456789", "10.0.0.220", "203.0.113.5",
	    "10.0.0.220", "203.0.113.5");
	assert_nat(c,
	    "- eni-1235b8ca123456789 203.0.113.5 10.0.0.220 203.0.113.5 "
	    "10.0.0.220",
	    NULL, "eni-1235b8ca123456789", "203.0.113.5", "10.0.0.220",
	    "203.0.113.5", "10.0.0.220");
	assert_nat(c,
	    "- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5",
	    NULL, "eni-1235b8ca123456789", "10.0.0.220", "10.0.1.5",
	    "203.0.113.5", "10.0.1.5");
	assert_false(addr_equal(&c->r.srcaddr, &c->r.pkt_srcaddr));
}

/* The same format on the instance's own interface: instance-id is set and
 * pkt-* equal src/dst.  (AWS annotates these two lines with a "#..."
 * comment, which is not part of the record.) */
static void
test_flow_nat_instance_interface(void **state)
{
	struct parse_ctx *c = *state;

	use_format(c, NAT_FORMAT);
	assert_nat(c,
	    "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 "
	    "10.0.1.5 203.0.113.5",
	    "i-01234567890123456", "eni-1111aaaa2222bbbb3", "10.0.1.5",
	    "203.0.113.5", "10.0.1.5", "203.0.113.5");
	assert_nat(c,
	    "i-01234567890123456 eni-1111aaaa2222bbbb3 203.0.113.5 10.0.1.5 "
	    "203.0.113.5 10.0.1.5",
	    "i-01234567890123456", "eni-1111aaaa2222bbbb3", "203.0.113.5",
	    "10.0.1.5", "203.0.113.5", "10.0.1.5");
}

/* Checks a record of the transit gateway example's format. */
static void
assert_tgw(struct parse_ctx *c, const char *line, const char *eni,
    const char *subnet, const char *instance, const char *src, const char *dst,
    unsigned int sport, unsigned int dport, unsigned int flags,
    const char *psrc, const char *pdst)
{
	const struct flow_record *r = parse_ok(c, line);

	assert_int_equal(r->version, 3);
	assert_text(r, FF_INTERFACE_ID, eni);
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_VPC_ID, "vpc-abcdefab012345678");
	assert_text(r, FF_SUBNET_ID, subnet);
	if (instance == NULL)
		assert_dash(r, FF_INSTANCE_ID);
	else
		assert_text(r, FF_INSTANCE_ID, instance);
	assert_addr(&r->srcaddr, src);
	assert_addr(&r->dstaddr, dst);
	assert_int_equal(r->srcport, sport);
	assert_int_equal(r->dstport, dport);
	assert_int_equal(r->protocol, 6);
	assert_true(flow_has(r, FF_TCP_FLAGS));
	assert_int_equal(r->tcp_flags, flags);
	assert_int_equal(r->type, FLOW_IPV4);
	assert_addr(&r->pkt_srcaddr, psrc);
	assert_addr(&r->pkt_dstaddr, pdst);
	assert_int_equal(r->action, FLOW_ACCEPT);
	assert_int_equal(r->log_status, FLOW_OK);
	/* no counters or times in this format */
	assert_missing(r, FF_PACKETS);
	assert_missing(r, FF_BYTES);
	assert_missing(r, FF_START);
	assert_missing(r, FF_END);
}

/* The web server's interface in VPC B: request (SYN+FIN 3) and response
 * (SYN-ACK+FIN 19). */
static void
test_flow_transit_gateway_server(void **state)
{
	struct parse_ctx *c = *state;

	use_format(c, TGW_FORMAT);
	assert_int_equal(c->fmt.n, 17);
	assert_tgw(c,
	    "3 eni-33333333333333333 123456789010 vpc-abcdefab012345678 "
	    "subnet-22222222bbbbbbbbb i-01234567890123456 10.20.33.164 "
	    "10.40.2.236 39812 80 6 3 IPv4 10.20.33.164 10.40.2.236 ACCEPT OK",
	    "eni-33333333333333333", "subnet-22222222bbbbbbbbb",
	    "i-01234567890123456", "10.20.33.164", "10.40.2.236", 39812, 80, 3,
	    "10.20.33.164", "10.40.2.236");
	assert_tgw(c,
	    "3 eni-33333333333333333 123456789010 vpc-abcdefab012345678 "
	    "subnet-22222222bbbbbbbbb i-01234567890123456 10.40.2.236 "
	    "10.20.33.164 80 39812 6 19 IPv4 10.40.2.236 10.20.33.164 ACCEPT "
	    "OK",
	    "eni-33333333333333333", "subnet-22222222bbbbbbbbb",
	    "i-01234567890123456", "10.40.2.236", "10.20.33.164", 80, 39812, 19,
	    "10.40.2.236", "10.20.33.164");
}

/* The transit gateway's requester-managed interfaces: instance-id "-",
 * request in on one, response out on another, pkt-* the client's. */
static void
test_flow_transit_gateway_interfaces(void **state)
{
	struct parse_ctx *c = *state;

	use_format(c, TGW_FORMAT);
	assert_tgw(c,
	    "3 eni-11111111111111111 123456789010 vpc-abcdefab012345678 "
	    "subnet-11111111aaaaaaaaa - 10.40.1.175 10.40.2.236 39812 80 6 3 "
	    "IPv4 10.20.33.164 10.40.2.236 ACCEPT OK",
	    "eni-11111111111111111", "subnet-11111111aaaaaaaaa", NULL,
	    "10.40.1.175", "10.40.2.236", 39812, 80, 3, "10.20.33.164",
	    "10.40.2.236");
	assert_false(addr_equal(&c->r.srcaddr, &c->r.pkt_srcaddr));
	assert_tgw(c,
	    "3 eni-22222222222222222 123456789010 vpc-abcdefab012345678 "
	    "subnet-22222222bbbbbbbbb - 10.40.2.236 10.40.2.31 80 39812 6 19 "
	    "IPv4 10.40.2.236 10.20.33.164 ACCEPT OK",
	    "eni-22222222222222222", "subnet-22222222bbbbbbbbb", NULL,
	    "10.40.2.236", "10.40.2.31", 80, 39812, 19, "10.40.2.236",
	    "10.20.33.164");
	assert_false(addr_equal(&c->r.dstaddr, &c->r.pkt_dstaddr));
}

/* Checks the fields the two version 5 records share. */
static void
assert_svc_common(const struct flow_record *r)
{
	assert_int_equal(r->version, 5);
	assert_int_equal(r->protocol, 6);
	assert_int_equal(r->start, 1616729292);
	assert_int_equal(r->end, 1616729349);
	assert_int_equal(r->type, FLOW_IPV4);
	assert_text(r, FF_ACCOUNT_ID, "123456789012");
	assert_text(r, FF_VPC_ID, "vpc-abcdefab012345678");
	assert_text(r, FF_SUBNET_ID, "subnet-aaaaaaaa012345678");
	assert_text(r, FF_INSTANCE_ID, "i-0c50d5961bcb2d47b");
	assert_text(r, FF_INTERFACE_ID, "eni-1235b8ca123456789");
	assert_text(r, FF_REGION, "ap-southeast-2");
	assert_text(r, FF_AZ_ID, "apse2-az3");
	assert_dash(r, FF_SUBLOCATION_TYPE);
	assert_dash(r, FF_SUBLOCATION_ID);
	assert_int_equal(r->action, FLOW_ACCEPT);
	assert_int_equal(r->log_status, FLOW_OK);
}

/* "Service name, traffic path, and flow direction": an instance calls S3;
 * ingress has no traffic-path, egress goes through an internet gateway
 * (8). */
static void
test_flow_service_name_traffic_path(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	use_format(c, SVC_FORMAT);
	assert_int_equal(c->fmt.n, 29);

	r = parse_ok(c,
	    "5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 "
	    "1616729349 IPv4 14 15044 123456789012 "
	    "vpc-abcdefab012345678 subnet-aaaaaaaa012345678 "
	    "i-0c50d5961bcb2d47b eni-1235b8ca123456789 "
	    "ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 "
	    "10.0.0.71 S3 - - ingress OK");
	assert_svc_common(r);
	assert_addr(&r->srcaddr, "52.95.128.179");
	assert_addr(&r->dstaddr, "10.0.0.71");
	assert_int_equal(r->srcport, 80);
	assert_int_equal(r->dstport, 34210);
	assert_int_equal(r->packets, 14);
	assert_int_equal(r->bytes, 15044);
	assert_int_equal(r->tcp_flags, 19);
	assert_addr(&r->pkt_srcaddr, "52.95.128.179");
	assert_addr(&r->pkt_dstaddr, "10.0.0.71");
	assert_text(r, FF_PKT_SRC_AWS_SERVICE, "S3");
	assert_dash(r, FF_PKT_DST_AWS_SERVICE);
	assert_dash(r, FF_TRAFFIC_PATH);
	assert_int_equal(r->traffic_path, 0);
	assert_true(flow_has(r, FF_FLOW_DIRECTION));
	assert_int_equal(r->direction, FLOW_INGRESS);
	assert_text(r, FF_FLOW_DIRECTION, "ingress");

	r = parse_ok(c,
	    "5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 "
	    "1616729349 IPv4 7 471 123456789012 "
	    "vpc-abcdefab012345678 subnet-aaaaaaaa012345678 "
	    "i-0c50d5961bcb2d47b eni-1235b8ca123456789 "
	    "ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 "
	    "52.95.128.179 - S3 8 egress OK");
	assert_svc_common(r);
	assert_addr(&r->srcaddr, "10.0.0.71");
	assert_addr(&r->dstaddr, "52.95.128.179");
	assert_int_equal(r->srcport, 34210);
	assert_int_equal(r->dstport, 80);
	assert_int_equal(r->packets, 7);
	assert_int_equal(r->bytes, 471);
	assert_int_equal(r->tcp_flags, 3);
	assert_dash(r, FF_PKT_SRC_AWS_SERVICE);
	assert_text(r, FF_PKT_DST_AWS_SERVICE, "S3");
	assert_true(flow_has(r, FF_TRAFFIC_PATH));
	assert_int_equal(r->traffic_path, 8);
	assert_int_equal(r->direction, FLOW_EGRESS);
}

/* A transit gateway flow log record (version 6 fields; not an example of
 * the VPC page, which has none, but built here from the field table of the
 * Transit Gateway guide).  The packets-lost-* counters land in
 * packets_lost[], and 0 is a value, not absence. */
static void
test_flow_transit_gateway_log_v6(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	use_format(c, TGWLOG_FORMAT);
	assert_int_equal(c->fmt.n, 36);
	r = parse_ok(c,
	    "6 TransitGatewayAttachment 123456789010 "
	    "tgw-0123456789abcdef0 tgw-attach-0aaaaaaaaaaaaaaaa "
	    "123456789010 210987654321 vpc-aaaaaaaa012345678 "
	    "vpc-bbbbbbbb012345678 subnet-11111111aaaaaaaaa "
	    "subnet-22222222bbbbbbbbb eni-11111111111111111 "
	    "eni-22222222222222222 use1-az1 use1-az2 "
	    "tgw-attach-0bbbbbbbbbbbbbbbb 10.20.33.164 10.40.2.236 "
	    "39812 80 6 10 840 1566848875 1566848933 OK IPv4 0 2 1 "
	    "0 3 us-east-1 ingress - -");
	assert_int_equal(r->version, 6);
	assert_text(r, FF_RESOURCE_TYPE, "TransitGatewayAttachment");
	assert_text(r, FF_TGW_ID, "tgw-0123456789abcdef0");
	assert_text(r, FF_TGW_ATTACHMENT_ID, "tgw-attach-0aaaaaaaaaaaaaaaa");
	assert_text(r, FF_TGW_SRC_VPC_ACCOUNT_ID, "123456789010");
	assert_text(r, FF_TGW_DST_VPC_ACCOUNT_ID, "210987654321");
	assert_text(r, FF_TGW_SRC_VPC_ID, "vpc-aaaaaaaa012345678");
	assert_text(r, FF_TGW_DST_VPC_ID, "vpc-bbbbbbbb012345678");
	assert_text(r, FF_TGW_SRC_SUBNET_ID, "subnet-11111111aaaaaaaaa");
	assert_text(r, FF_TGW_DST_SUBNET_ID, "subnet-22222222bbbbbbbbb");
	assert_text(r, FF_TGW_SRC_ENI, "eni-11111111111111111");
	assert_text(r, FF_TGW_DST_ENI, "eni-22222222222222222");
	assert_text(r, FF_TGW_SRC_AZ_ID, "use1-az1");
	assert_text(r, FF_TGW_DST_AZ_ID, "use1-az2");
	assert_text(r, FF_TGW_PAIR_ATTACHMENT_ID,
	    "tgw-attach-0bbbbbbbbbbbbbbbb");
	assert_addr(&r->srcaddr, "10.20.33.164");
	assert_addr(&r->dstaddr, "10.40.2.236");
	assert_int_equal(r->srcport, 39812);
	assert_int_equal(r->dstport, 80);
	assert_int_equal(r->packets, 10);
	assert_int_equal(r->bytes, 840);
	assert_int_equal(r->start, 1566848875);
	assert_int_equal(r->end, 1566848933);
	assert_int_equal(r->log_status, FLOW_OK);
	assert_int_equal(r->type, FLOW_IPV4);
	assert_true(flow_has(r, FF_PACKETS_LOST_NO_ROUTE));
	assert_int_equal(r->packets_lost[0], 0);
	assert_int_equal(r->packets_lost[1], 2);
	assert_int_equal(r->packets_lost[2], 1);
	assert_int_equal(r->packets_lost[3], 0);
	assert_int_equal(r->tcp_flags, 3);
	assert_text(r, FF_REGION, "us-east-1");
	assert_int_equal(r->direction, FLOW_INGRESS);
	assert_dash(r, FF_PKT_SRC_AWS_SERVICE);
	assert_dash(r, FF_PKT_DST_AWS_SERVICE);
	/* transit gateway flow logs have no action */
	assert_missing(r, FF_ACTION);
	assert_int_equal(r->action, FLOW_ACTION_NONE);
}

/* Runs of spaces separate fields like one space. */
static void
test_flow_double_space(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010  eni-1235b8ca123456789 172.31.16.139 "
	    "172.31.16.21 20641 22 6 20 4249 1418530010  "
	    "1418530070 ACCEPT OK");
	assert_v2(r, "172.31.16.139", "172.31.16.21", 20641, 22, 6);
	assert_text(r, FF_ACCOUNT_ID, "123456789010");
	assert_int_equal(r->start, 1418530010);
	assert_int_equal(r->end, 1418530070);

	/* spaces before the first field and after the last */
	r = parse_ok(c, " " RDP_REJECT "  ");
	assert_v2(r, "172.31.9.69", "172.31.9.12", 49761, 3389, 6);
	assert_text(r, FF_LOG_STATUS, "OK");
}

static void
test_flow_trailing_cr(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c, SSH_ACCEPT "\r");
	assert_v2(r, "172.31.16.139", "172.31.16.21", 20641, 22, 6);
	assert_text(r, FF_LOG_STATUS, "OK");
	assert_int_equal(r->log_status, FLOW_OK);

	r = parse_ok(c, RDP_REJECT "\r\n");
	assert_text(r, FF_LOG_STATUS, "OK");
	assert_int_equal(r->action, FLOW_REJECT);
}

/* Some files carry start and end in milliseconds: kept as seconds. */
static void
test_flow_milliseconds(void **state)
{
	struct parse_ctx *c = *state;
	const struct flow_record *r;

	r = parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 "
	    "172.31.16.21 20641 22 6 20 4249 1418530010000 "
	    "1418530070999 ACCEPT OK");
	assert_int_equal(r->start, 1418530010);
	assert_int_equal(r->end, 1418530070);
	assert_text(r, FF_START, "1418530010000");
}

static void
test_flow_wrong_field_count(void **state)
{
	struct parse_ctx *c = *state;

	/* RDP_REJECT without its log-status */
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 "
	    "49761 3389 6 20 4249 1418530010 1418530070 REJECT",
	    "expected 14 fields, found 13", NULL);
	parse_fails(c, RDP_REJECT " extra", "expected 14 fields, found 15",
	    NULL);
	parse_fails(c, "", "expected 14 fields, found 0", NULL);
	/* a custom format counts its own fields */
	use_format(c, NAT_FORMAT);
	parse_fails(c, SSH_ACCEPT, "expected 6 fields, found 14", NULL);
}

static void
test_flow_bad_address(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.300 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
	    "srcaddr", "172.31.16.300");
	assert_has_text(c->ei.msg, "address");
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 2001:db8::g "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
	    "dstaddr", "address");
}

static void
test_flow_bad_number(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 2O 4249 1418530010 1418530070 ACCEPT OK",
	    "packets", "number");
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 -4249 1418530010 1418530070 ACCEPT OK",
	    "bytes", "number");
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 14185300x0 1418530070 ACCEPT OK",
	    "start", "1418530");
	/* more than fits in 64 bits */
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 18446744073709551616 1418530010 1418530070 ACCEPT "
	    "OK",
	    "bytes", "number");
}

static void
test_flow_port_out_of_range(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "70000 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
	    "srcport", "70000");
	assert_has_text(c->ei.msg, "range");
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 256 20 4249 1418530010 1418530070 ACCEPT OK",
	    "protocol", "range");
	/* 65535 itself is a port */
	parse_ok(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 "
	    "172.31.16.21 65535 22 6 20 4249 1418530010 1418530070 "
	    "ACCEPT OK");
	assert_int_equal(c->r.srcport, 65535);
}

static void
test_flow_bad_action(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ALLOW OK",
	    "action", "ALLOW");
	/* the keywords are upper case in every record AWS writes */
	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 accept OK",
	    "action", "accept");
}

static void
test_flow_bad_log_status(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530010 1418530070 ACCEPT FINE",
	    "log-status", "FINE");
}

static void
test_flow_end_before_start(void **state)
{
	struct parse_ctx *c = *state;

	parse_fails(c,
	    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 "
	    "20641 22 6 20 4249 1418530070 1418530010 ACCEPT OK",
	    "end", "start");
}

/* A 1 MB line is refused, and the parser still works afterwards. */
static void
test_flow_long_line(void **state)
{
	struct parse_ctx *c = *state;
	size_t i, n = strlen(SSH_ACCEPT " ");
	char *line;

	line = malloc(BIG_LINE);
	assert_non_null(line);
	for (i = 0; i + n <= BIG_LINE; i += n)
		memcpy(line + i, SSH_ACCEPT " ", n);
	memset(line + i, '7', BIG_LINE - i);
	assert_refused(parse_n(c, line, BIG_LINE), &c->ei, "longer than");
	free(line);

	parse_ok(c, SSH_ACCEPT);
	assert_int_equal(c->r.dstport, 22);
}

/* The copy owns its text: the parse buffer can go away. */
static void
test_flow_record_copy(void **state)
{
	struct parse_ctx *c = *state;
	struct flow_record copy;

	parse_ok(c, SSH_ACCEPT);
	c->r.origin = "flows.log";
	c->r.line = 7;
	flow_record_copy(&copy, &c->r);
	assert_ptr_not_equal(copy.text, c->r.text);

	/* reuse, then free, the buffer the original borrowed */
	parse_ok(c, RDP_REJECT);
	free(c->scratch);
	c->scratch = NULL;

	assert_string_equal(flow_text(&copy, FF_SRCADDR), "172.31.16.139");
	assert_string_equal(flow_text(&copy, FF_DSTPORT), "22");
	assert_string_equal(flow_text(&copy, FF_ACTION), "ACCEPT");
	assert_string_equal(flow_text(&copy, FF_LOG_STATUS), "OK");
	assert_addr(&copy.srcaddr, "172.31.16.139");
	assert_int_equal(copy.dstport, 22);
	assert_int_equal(copy.bytes, 4249);
	assert_int_equal(copy.action, FLOW_ACCEPT);
	assert_int_equal(copy.present, FLOW_BIT(FF_LOG_STATUS + 1) - 1);
	assert_string_equal(copy.origin, "flows.log");
	assert_int_equal(copy.line, 7);
	flow_record_release(&copy);
	assert_null(copy.text);
}

static void
test_flow_tcp_flags_string(void **state)
{
	char buf[64];
	const char *s;

	(void)state;
	assert_string_equal(flow_tcp_flags_string(2, buf, sizeof(buf)), "SYN");
	assert_string_equal(flow_tcp_flags_string(18, buf, sizeof(buf)),
	    "SYN-ACK");
	assert_string_equal(flow_tcp_flags_string(1, buf, sizeof(buf)), "FIN");
	assert_string_equal(flow_tcp_flags_string(4, buf, sizeof(buf)), "RST");
	/* the short connection of the AWS examples */
	assert_string_equal(flow_tcp_flags_string(3, buf, sizeof(buf)),
	    "SYN,FIN");
	assert_string_equal(flow_tcp_flags_string(19, buf, sizeof(buf)),
	    "SYN-ACK,FIN");
	assert_string_equal(flow_tcp_flags_string(6, buf, sizeof(buf)),
	    "SYN,RST");
	assert_string_equal(flow_tcp_flags_string(23, buf, sizeof(buf)),
	    "SYN-ACK,FIN,RST");
	/* 0: only unsupported flags such as ACK were seen */
	s = flow_tcp_flags_string(0, buf, sizeof(buf));
	assert_null(strstr(s, "SYN"));
	assert_null(strstr(s, "FIN"));
	assert_null(strstr(s, "RST"));
}

static void
test_flow_protocol_lookup(void **state)
{
	(void)state;
	assert_int_equal(flow_protocol_lookup("icmp"), 1);
	assert_int_equal(flow_protocol_lookup("tcp"), 6);
	assert_int_equal(flow_protocol_lookup("udp"), 17);
	assert_int_equal(flow_protocol_lookup("icmpv6"), 58);
	assert_int_equal(flow_protocol_lookup("6"), 6);
	assert_int_equal(flow_protocol_lookup("47"), 47);
	assert_int_equal(flow_protocol_lookup("0"), 0);
	assert_int_equal(flow_protocol_lookup("255"), 255);
	assert_int_equal(flow_protocol_lookup("256"), -1);
	assert_int_equal(flow_protocol_lookup("-1"), -1);
	assert_int_equal(flow_protocol_lookup("ftp"), -1);
	assert_int_equal(flow_protocol_lookup(""), -1);
}

static void
test_flow_protocol_name(void **state)
{
	char buf[8];

	(void)state;
	assert_string_equal(flow_protocol_name(1, buf, sizeof(buf)), "icmp");
	assert_string_equal(flow_protocol_name(6, buf, sizeof(buf)), "tcp");
	assert_string_equal(flow_protocol_name(17, buf, sizeof(buf)), "udp");
	assert_string_equal(flow_protocol_name(58, buf, sizeof(buf)), "icmpv6");
	assert_string_equal(flow_protocol_name(47, buf, sizeof(buf)), "47");
	assert_string_equal(flow_protocol_name(0, buf, sizeof(buf)), "0");
	assert_string_equal(flow_protocol_name(255, buf, sizeof(buf)), "255");
}

static void
test_flow_action_status_names(void **state)
{
	(void)state;
	assert_string_equal(flow_action_name(FLOW_ACCEPT), "ACCEPT");
	assert_string_equal(flow_action_name(FLOW_REJECT), "REJECT");
	assert_string_equal(flow_action_name(FLOW_ACTION_NONE), "-");
	assert_string_equal(flow_status_name(FLOW_OK), "OK");
	assert_string_equal(flow_status_name(FLOW_NODATA), "NODATA");
	assert_string_equal(flow_status_name(FLOW_SKIPDATA), "SKIPDATA");
	assert_string_equal(flow_status_name(FLOW_STATUS_NONE), "-");
}

#define TEST(f) \
	cmocka_unit_test_setup_teardown(f, parse_ctx_setup, parse_ctx_teardown)

/* Text fields only, so that any word is a value: what is tested is the
 * cutting of the line, not the conversion. */
#define WORDS_FORMAT                                                   \
	"${account-id} ${interface-id} ${vpc-id} ${subnet-id} "        \
	"${instance-id} ${region} ${az-id} ${sublocation-type} "       \
	"${sublocation-id} ${tgw-id} ${resource-type} ${ecs-task-id} " \
	"${reject-reason}"
#define WORDS 13

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t
next_random(void)
{
	return (uint32_t)(xorshift64(&rng) >> 16);
}

/* Lines of 12 to 14 words of 1 to 20 bytes between runs of 1 to 3 spaces
 * or tabs, with blanks or none before, after and CR LF at the end, and now
 * and then a NUL: the cutting, sixteen bytes at a time, gives what a
 * reading byte by byte gives, at every length across the block edges. */
static void
test_flow_cutting_matches_bytewise(void **state)
{
	static const char word_bytes[] = "abcdefghij0123456789.-:/";
	static const char blank_bytes[] = " \t";
	struct flow_format fmt;
	struct flow_record r;
	struct errinfo ei;
	char line[512], scratch[512], words[WORDS + 1][24];
	size_t len, wl, i;
	int round, nwords, k, nul_at, ret;

	(void)state;
	assert_int_equal(flow_format_parse(WORDS_FORMAT, &fmt, &ei), 0);
	assert_int_equal(fmt.n, WORDS);
	for (round = 0; round < 3000; round++) {
		nwords = WORDS - 1 + (int)(next_random() % 3);
		len = 0;
		for (i = next_random() % 3; i > 0; i--)
			line[len++] = blank_bytes[next_random() % 2];
		for (k = 0; k < nwords; k++) {
			wl = 1 + next_random() % 20;
			for (i = 0; i < wl; i++) {
				words[k][i] = word_bytes[next_random() %
				    (sizeof(word_bytes) - 1)];
			}
			words[k][wl] = '\0';
			memcpy(line + len, words[k], wl);
			len += wl;
			for (i = k + 1 < nwords ? 1 + next_random() % 3
						: next_random() % 3;
			     i > 0; i--)
				line[len++] = blank_bytes[next_random() % 2];
		}
		if (round % 5 == 0) {
			line[len++] = '\r';
			line[len++] = '\n';
		}
		nul_at = round % 11 == 0 ? (int)(next_random() % len) : -1;
		if (nul_at >= 0)
			line[nul_at] = '\0';
		ret = flow_parse_line(&fmt, line, len, scratch, &r, &ei);
		if (nul_at >= 0) {
			assert_int_equal(ret, -1);
			assert_string_equal(ei.msg, "NUL byte in the line");
			continue;
		}
		if (nwords != WORDS) {
			char want[64];

			snprintf(want, sizeof(want),
			    "expected %d fields, found %d", WORDS, nwords);
			assert_int_equal(ret, -1);
			assert_string_equal(ei.msg, want);
			continue;
		}
		assert_int_equal(ret, 0);
		for (k = 0; k < WORDS; k++) {
			assert_string_equal(flow_text(&r, fmt.field[k]),
			    words[k]);
		}
	}
}

/* Lines of 0 to 40 bytes around the first block edges, one field each. */
static void
test_flow_cutting_short_lines(void **state)
{
	struct flow_format fmt;
	struct flow_record r;
	struct errinfo ei;
	char line[64], scratch[64], want[64];
	size_t len, lead;

	(void)state;
	assert_int_equal(flow_format_parse("${account-id}", &fmt, &ei), 0);
	for (len = 0; len <= 40; len++) {
		for (lead = 0; lead <= len; lead++) {
			memset(line, ' ', lead);
			memset(line + lead, 'x', len - lead);
			memset(want, 'x', len - lead);
			want[len - lead] = '\0';
			if (lead == len) {
				assert_int_equal(flow_parse_line(&fmt, line,
						     len, scratch, &r, &ei),
				    -1);
				assert_string_equal(ei.msg,
				    "expected 1 fields, found 0");
				continue;
			}
			assert_int_equal(flow_parse_line(&fmt, line, len,
					     scratch, &r, &ei),
			    0);
			assert_string_equal(flow_text(&r, FF_ACCOUNT_ID), want);
		}
	}
}

/* A number as flow.c should read it, judged here by strtoull(): digits
 * only, within 64 bits.  Returns false for anything else. */
static bool
model_uint(const char *s, uint64_t *v)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/* A value for a numeric field: mostly a number of 1 to 20 digits, some
 * with leading zeros, around the limits, or with a bad byte in it. */
static void
random_number(char *buf, size_t size)
{
	static const char *const odd[] = { "0", "00", "007", "255", "256",
		"65535", "65536", "2147483647", "2147483648", "999999999999999",
		"1000000000000000", "9999999999999999", "1700000000000",
		"9223372036854775807", "9223372036854775808",
		"18446744073709551615", "18446744073709551616", "-", "+1",
		"1e3", "12a", "1.5", "0x10", "99999999999999999999" };
	size_t n, i;

	if (next_random() % 4 == 0) {
		snprintf(buf, size, "%s", odd[next_random() % 24]);
		return;
	}
	n = 1 + next_random() % 20;
	for (i = 0; i < n; i++)
		buf[i] = (char)('0' + next_random() % 10);
	buf[n] = '\0';
	if (next_random() % 10 == 0)
		buf[next_random() % n] = "/:a.-"[next_random() % 5];
}

/*
 * Default-format lines whose fields are random numbers, addresses and
 * keywords, good and bad, between runs of blanks: each is taken or
 * refused, and read, as a model built on strtoull() and inet_pton() says,
 * field by field.  The records of the default format take faster paths
 * than other formats, AVX-512 for lines to 128 bytes where the CPU has it
 * (test_flow_narrow builds flow.c without it, test_flow_portable with the
 * plain paths only): all must agree with the model.
 */
static void
test_flow_default_fields_random(void **state)
{
	static const char *const addrs[] = { "10.0.1.10", "172.31.16.139",
		"0.0.0.0", "255.255.255.255", "10.0.1.256", "010.0.1.10",
		"10.0.1", "1.2.3.4.5", "2001:db8::10", "::1", "-", "10..1.1",
		"1.2.3.4x", "a.b.c.d" };
	static const char *const actions[] = { "ACCEPT", "REJECT", "-",
		"ACCEPTED", "accept", "REJEC" };
	static const char *const statuses[] = { "OK", "NODATA", "SKIPDATA", "-",
		"OKAY", "ok" };
	static const enum flow_field numbers[] = { FF_VERSION, FF_SRCPORT,
		FF_DSTPORT, FF_PROTOCOL, FF_PACKETS, FF_BYTES, FF_START,
		FF_END };
	static const uint64_t max[] = { 255, 65535, 65535, 255, UINT64_MAX,
		UINT64_MAX, INT64_MAX, INT64_MAX };
	char text[14][32], line[512], scratch[600];
	uint64_t v[8], got;
	struct flow_format fmt;
	struct flow_record r;
	struct errinfo ei;
	struct addr a[2];
	bool ok, has[8], has_addr[2];
	int round, k, action, status;
	unsigned int b;
	size_t n;

	(void)state;
	flow_format_default(&fmt);
	for (round = 0; round < 20000; round++) {
		snprintf(text[FF_ACCOUNT_ID], 32, "123456789010");
		snprintf(text[FF_INTERFACE_ID], 32, "eni-1235b8ca123456789");
		for (k = 0; k < 8; k++) {
			if (next_random() % 3 != 0) {
				snprintf(text[numbers[k]], 32, "%u",
				    next_random() % 1000 +
					(k >= 6 ? 1418530010 : 0));
			} else
				random_number(text[numbers[k]], 32);
		}
		for (k = 0; k < 2; k++) {
			snprintf(text[FF_SRCADDR + k], 32, "%s",
			    addrs[next_random() % 3 == 0 ? next_random() % 14
							 : 0]);
		}
		snprintf(text[FF_ACTION], 32, "%s", actions[next_random() % 6]);
		snprintf(text[FF_LOG_STATUS], 32, "%s",
		    statuses[next_random() % 6]);
		/* Mostly one space between fields; at times runs of spaces
		 * and tabs, and blanks before and after. */
		n = 0;
		for (k = 0; k < 15; k++) {
			if (k == 0 || k == 14 || next_random() % 8 == 0) {
				for (b = next_random() % 3; b > 0; b--)
					line[n++] = " \t"[next_random() % 2];
			}
			if (k == 14)
				break;
			if (k > 0)
				line[n++] = ' ';
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s",
			    text[k]);
		}
		line[n] = '\0';

		/* The model. */
		ok = true;
		for (k = 0; k < 8; k++) {
			has[k] = strcmp(text[numbers[k]], "-") != 0;
			if (has[k] &&
			    (!model_uint(text[numbers[k]], &v[k]) ||
				v[k] > max[k]))
				ok = false;
			if (ok && has[k] && k >= 6 && v[k] > INT32_MAX)
				v[k] /= 1000;
		}
		for (k = 0; k < 2; k++) {
			has_addr[k] = strcmp(text[FF_SRCADDR + k], "-") != 0;
			if (has_addr[k] &&
			    addr_parse(text[FF_SRCADDR + k],
				strlen(text[FF_SRCADDR + k]), &a[k]) == -1)
				ok = false;
		}
		action = strcmp(text[FF_ACTION], "ACCEPT") == 0 ? FLOW_ACCEPT
		    : strcmp(text[FF_ACTION], "REJECT") == 0    ? FLOW_REJECT
		    : strcmp(text[FF_ACTION], "-") == 0         ? 0
								: -1;
		status = strcmp(text[FF_LOG_STATUS], "OK") == 0  ? FLOW_OK
		    : strcmp(text[FF_LOG_STATUS], "NODATA") == 0 ? FLOW_NODATA
		    : strcmp(text[FF_LOG_STATUS], "SKIPDATA") == 0
		    ? FLOW_SKIPDATA
		    : strcmp(text[FF_LOG_STATUS], "-") == 0 ? 0
							    : -1;
		if (action == -1 || status == -1)
			ok = false;
		if (ok && has[6] && has[7] && v[7] < v[6])
			ok = false;

		assert_int_equal(flow_parse_line(&fmt, line, strlen(line),
				     scratch, &r, &ei),
		    ok ? 0 : -1);
		if (!ok)
			continue;
		for (k = 0; k < 8; k++) {
			assert_int_equal(flow_has(&r, numbers[k]), has[k]);
			if (!has[k])
				continue;
			switch (numbers[k]) {
			case FF_VERSION:
				got = r.version;
				break;
			case FF_SRCPORT:
				got = r.srcport;
				break;
			case FF_DSTPORT:
				got = r.dstport;
				break;
			case FF_PROTOCOL:
				got = r.protocol;
				break;
			case FF_PACKETS:
				got = r.packets;
				break;
			case FF_BYTES:
				got = r.bytes;
				break;
			case FF_START:
				got = (uint64_t)r.start;
				break;
			default:
				got = (uint64_t)r.end;
				break;
			}
			assert_int_equal(got, v[k]);
		}
		for (k = 0; k < 2; k++) {
			assert_int_equal(flow_has(&r, FF_SRCADDR + k),
			    has_addr[k]);
			if (has_addr[k])
				assert_true(
				    addr_equal(k == 0 ? &r.srcaddr : &r.dstaddr,
					&a[k]));
		}
		assert_int_equal(r.action, action);
		assert_int_equal(r.log_status, status);
		assert_true(flow_has(&r, FF_ACCOUNT_ID));
		for (k = 0; k < 14; k++)
			assert_string_equal(flow_text(&r, k), text[k]);
		assert_null(flow_text(&r, FF_VPC_ID));
	}
}

/* The records test_flow_default_layouts() lays out: 105, 81 and 63
 * bytes with one space between fields. */
static const char *const layout_fields[3][14] = {
	{ "2", "123456789010", "eni-1235b8ca123456789", "10.0.1.10",
	    "172.31.16.139", "443", "49152", "6", "20", "4249", "1418530010",
	    "1418530070", "ACCEPT", "OK" },
	{ "2", "1", "e", "10.0.1.10", "172.31.16.139", "443", "49152", "6",
	    "20", "4249", "1418530010", "1418530070", "ACCEPT", "OK" },
	{ "2", "1", "e", "1.2.3.4", "5.6.7.8", "1", "2", "6", "1", "1",
	    "1418530010", "1418530070", "REJECT", "OK" },
};

/* Whether r holds what fields, good ones without "-", say: each number
 * as strtoull() reads it, each address as inet_pton(), each text. */
static void
assert_record_of(const struct flow_record *r, const char *const *fields)
{
	const uint64_t got[] = { r->version, 0, 0, 0, 0, r->srcport, r->dstport,
		r->protocol, r->packets, r->bytes, (uint64_t)r->start,
		(uint64_t)r->end };
	const struct addr *addrs[] = { &r->srcaddr, &r->dstaddr };
	struct addr a;
	unsigned int k;

	for (k = 0; k < 14; k++) {
		assert_true(flow_has(r, k));
		assert_string_equal(flow_text(r, k), fields[k]);
	}
	for (k = 0; k < 12; k++) {
		if (k == FF_VERSION || k >= FF_SRCPORT)
			assert_int_equal(got[k], strtoull(fields[k], NULL, 10));
	}
	for (k = 0; k < 2; k++) {
		memset(&a, 0, sizeof(a));
		a.family = 4;
		assert_int_equal(inet_pton(AF_INET, fields[FF_SRCADDR + k],
				     a.bytes),
		    1);
		assert_true(addr_equal(addrs[k], &a));
	}
	assert_int_equal(r->action,
	    strcmp(fields[FF_ACTION], "ACCEPT") == 0 ? FLOW_ACCEPT
						     : FLOW_REJECT);
	assert_int_equal(r->log_status, FLOW_OK);
	assert_null(flow_text(r, FF_VPC_ID));
}

/* Lays fields out in buf: lead blanks first, then the fields with gap
 * blanks (spaces and tabs by turns) after field at, one space after the
 * others.  Returns the length. */
static size_t
lay_out(char *buf, const char *const *fields, unsigned int lead,
    unsigned int at, unsigned int gap)
{
	size_t n = 0;
	unsigned int k, i;

	for (i = 0; i < lead; i++)
		buf[n++] = ' ';
	for (k = 0; k < 14; k++) {
		memcpy(buf + n, fields[k], strlen(fields[k]));
		n += strlen(fields[k]);
		if (k == 13)
			break;
		buf[n++] = ' ';
		if (k == at) {
			for (i = 1; i < gap; i++)
				buf[n++] = i % 2 ? '\t' : ' ';
		}
	}
	return n;
}

/* Parses the n bytes at text from a heap copy of exactly n bytes, so
 * that the sanitizers see a read past the line. */
static int
parse_copy(struct parse_ctx *c, const char *text, size_t n)
{
	char *line = malloc(n);
	int k;

	assert_non_null(line);
	memcpy(line, text, n);
	k = parse_n(c, line, n);
	free(line);
	return k;
}

/*
 * One record laid out every way around the places where the parse of
 * default-format lines changes: fields that start and end at each byte
 * near 64, lines of 63 to 190 bytes (the AVX-512 path takes those to
 * 128), each with the values and texts the fields hold.  Then lines that
 * path must leave to the general one: sixteen and seventeen digits, "-",
 * equal and reversed times, values out of range, a NUL.
 */
static void
test_flow_default_layouts(void **state)
{
	static const struct {
		enum flow_field field;
		const char *value, *why;
	} refused[] = {
		{ FF_END, "1418530009",
		    "end 1418530009 before start 1418530010" },
		{ FF_VERSION, "256",
		    "field 1 (version): 256 out of range 0-255" },
		{ FF_DSTPORT, "65536",
		    "field 7 (dstport): 65536 out of range 0-65535" },
	};
	struct parse_ctx *c = *state;
	const char *fields[14];
	char buf[256];
	unsigned int rec, lead, at, gap, k;
	size_t n;

	for (rec = 0; rec < 3; rec++) {
		memcpy(fields, layout_fields[rec], sizeof(fields));
		for (lead = 0; lead < 70; lead++) {
			for (at = 0; at < 13; at++) {
				gap = 1 + (lead + at) % 4;
				n = lay_out(buf, fields, lead, at, gap);
				assert_int_equal(parse_copy(c, buf, n), 0);
				assert_record_of(&c->r, fields);
			}
		}
	}

	/* Long numbers: sixteen digits, and seventeen. */
	memcpy(fields, layout_fields[1], sizeof(fields));
	for (lead = 0; lead < 30; lead++) {
		fields[FF_PACKETS] = "9999999999999999";
		fields[FF_BYTES] = "12345678901234567";
		n = lay_out(buf, fields, lead, 0, 1);
		assert_int_equal(parse_copy(c, buf, n), 0);
		assert_record_of(&c->r, fields);
		assert_int_equal(c->r.bytes, 12345678901234567ULL);
		fields[FF_PACKETS] = "0000000000000020";
		fields[FF_BYTES] = "00000000000000004249";
		n = lay_out(buf, fields, lead, 0, 1);
		assert_int_equal(parse_copy(c, buf, n), 0);
		assert_record_of(&c->r, fields);
		assert_int_equal(c->r.bytes, 4249);
	}
	memcpy(fields, layout_fields[0], sizeof(fields));

	/* "-" makes a field absent. */
	for (k = 0; k < 14; k++) {
		fields[k] = "-";
		n = lay_out(buf, fields, k, k, 2);
		assert_int_equal(parse_copy(c, buf, n), 0);
		assert_false(flow_has(&c->r, k));
		assert_string_equal(flow_text(&c->r, k), "-");
		fields[k] = layout_fields[0][k];
	}

	/* A flow of one second. */
	fields[FF_END] = "1418530010";
	n = lay_out(buf, fields, 5, 3, 2);
	assert_int_equal(parse_copy(c, buf, n), 0);
	assert_int_equal(c->r.end, c->r.start);

	/* Refused, with the general path's words. */
	fields[FF_END] = layout_fields[0][FF_END];
	for (k = 0; k < sizeof(refused) / sizeof(refused[0]); k++) {
		fields[refused[k].field] = refused[k].value;
		n = lay_out(buf, fields, 5 * k, k, 2);
		assert_int_equal(parse_copy(c, buf, n), -1);
		assert_string_equal(c->ei.msg, refused[k].why);
		fields[refused[k].field] = layout_fields[0][refused[k].field];
	}
	for (lead = 0; lead < 2; lead++) {
		n = lay_out(buf, fields, lead, 0, 1);
		buf[lead == 0 ? 5 : n - 1] = '\0';
		assert_int_equal(parse_copy(c, buf, n), -1);
		assert_string_equal(c->ei.msg, "NUL byte in the line");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_flow_default_accept),
		TEST(test_flow_cutting_matches_bytewise),
		TEST(test_flow_cutting_short_lines),
		TEST(test_flow_default_reject),
		TEST(test_flow_nodata),
		TEST(test_flow_skipdata),
		TEST(test_flow_icmp_ping_accept_then_reject),
		TEST(test_flow_ipv6),
		TEST(test_flow_tcp_flags_handshake),
		TEST(test_flow_tcp_flags_close),
		TEST(test_flow_tcp_flags_short_connection),
		TEST(test_flow_nat_gateway_interface),
		TEST(test_flow_nat_instance_interface),
		TEST(test_flow_transit_gateway_server),
		TEST(test_flow_transit_gateway_interfaces),
		TEST(test_flow_service_name_traffic_path),
		TEST(test_flow_transit_gateway_log_v6),
		TEST(test_flow_double_space),
		TEST(test_flow_trailing_cr),
		TEST(test_flow_milliseconds),
		TEST(test_flow_wrong_field_count),
		TEST(test_flow_bad_address),
		TEST(test_flow_bad_number),
		TEST(test_flow_port_out_of_range),
		TEST(test_flow_bad_action),
		TEST(test_flow_bad_log_status),
		TEST(test_flow_end_before_start),
		TEST(test_flow_long_line),
		TEST(test_flow_record_copy),
		TEST(test_flow_tcp_flags_string),
		TEST(test_flow_protocol_lookup),
		TEST(test_flow_protocol_name),
		TEST(test_flow_action_status_names),
		cmocka_unit_test(test_flow_default_fields_random),
		TEST(test_flow_default_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
