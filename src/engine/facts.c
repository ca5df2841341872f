#include "config.h"

#include "flowdiag/engine/facts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

static const struct fact_def defs[FACT_COUNT] = {
	[F_TARGET] = { "target", FACT_STR,
	    "the target as reports write it: 10.0.1.10:80, or 10.0.1.10:80/tcp"
	    " with --protocol, 10.0.1.10/icmp for ICMP" },
	[F_TARGET_ADDRESS] = { "target.address", FACT_STR,
	    "the target's address" },
	[F_TARGET_ADDRESS_FILTER] = { "target.address_filter", FACT_STR,
	    "the EC2 filter that finds an interface by the target's "
	    "address: addresses.private-ip-address, or "
	    "ipv6-addresses.ipv6-address" },
	[F_TARGET_PORT] = { "target.port", FACT_NUM,
	    "the target's port; -1 for ICMP" },
	[F_TARGET_PROTOCOL] = { "target.protocol", FACT_STR,
	    "tcp, udp, icmp, icmpv6, a number, or any" },
	[F_TARGET_INTERFACE] = { "target.interface", FACT_STR,
	    "the target's network interfaces, comma-separated" },
	[F_TARGET_INTERFACE_KNOWN] = { "target.interface_known", FACT_BOOL,
	    "an interface that is, or may be, the target's is known: given "
	    "with --interface or by EC2, or logged with the target's "
	    "address" },
	[F_TARGET_INTERFACE_CERTAIN] = { "target.interface_certain", FACT_BOOL,
	    "one of those is the target's for sure: named by --interface or "
	    "EC2, or told by flow-direction or by the addresses of its "
	    "records" },
	[F_TARGET_SUBNET] = { "target.subnet", FACT_STR,
	    "the target's subnet, when the log format has subnet-id" },
	[F_TARGET_INSTANCE] = { "target.instance", FACT_STR,
	    "the target's instance, when the log format has instance-id" },
	[F_TARGET_URL] = { "target.url", FACT_STR,
	    "a URL of the target's address and port: https for 443 and "
	    "8443, an IPv6 address in brackets" },
	[F_TARGET_OTHER_RECORDS] = { "target.other_records", FACT_NUM,
	    "records of the target's address with other ports or peers: "
	    "proof that its interface is logged" },
	[F_TARGET_OTHER_PORTS] = { "target.other_ports", FACT_STR,
	    "other ports of the target's address that requests came to, the "
	    "busiest first: \"8080/tcp (12 records), 22/tcp (4 records)\"; "
	    "empty if none" },
	[F_CLIENT] = { "client", FACT_STR,
	    "the clients the facts are about: an address, or all "
	    "clients" },
	[F_CLIENT_GIVEN] = { "client.given", FACT_BOOL,
	    "a client was given (--client)" },
	[F_CLIENT_INTERFACE] = { "client.interface", FACT_STR,
	    "the clients' interfaces that logged records of the target, "
	    "comma-separated" },
	[F_CLIENT_ADDRESS] = { "client.address", FACT_STR,
	    "the client's address, when the facts are about one" },
	[F_CLIENT_SUBNET] = { "client.subnet", FACT_STR,
	    "the subnet of a client's interface, when it logged records "
	    "with subnet-id" },
	[F_CLIENTS] = { "clients", FACT_NUM,
	    "clients seen, scanners not counted" },
	[F_CLIENTS_LIST] = { "clients.list", FACT_STR,
	    "those clients, the first few" },
	[F_CLIENTS_ELSEWHERE] = { "clients.elsewhere", FACT_NUM,
	    "with a client given: requests to the target from other "
	    "clients" },
	[F_CLIENTS_ELSEWHERE_LIST] = { "clients.elsewhere_list", FACT_STR,
	    "those clients, the first few" },
	[F_SCANNERS] = { "scanners", FACT_NUM,
	    "internet scanners set apart: public clients whose requests, "
	    "all rejected and unanswered, three packets at most, came in "
	    "one burst of less than a minute" },
	[F_SCANNERS_RECORDS] = { "scanners.records", FACT_NUM,
	    "their records" },
	[F_SCANNERS_LIST] = { "scanners.list", FACT_STR,
	    "their addresses, the first few" },
	[F_SCANNERS_SUMMARY] = { "scanners.summary", FACT_STR,
	    "empty without scanners; else, for the end of a summary, \" (N "
	    "requests to it from M internet scanners were rejected: "
	    "ADDRESSES)\"" },
	[F_WINDOW_FROM] = { "window.from", FACT_STR,
	    "the window's start, ISO 8601" },
	[F_WINDOW_TO] = { "window.to", FACT_STR, "the window's end, ISO 8601" },
	[F_WINDOW_SECONDS] = { "window.seconds", FACT_NUM,
	    "the window's length" },
	[F_WINDOW_AGE] = { "window.age", FACT_NUM,
	    "seconds from the window's end to now" },
	[F_REQ_RECORDS] = { "req.records", FACT_NUM,
	    "request records: client to target:port" },
	[F_REQ_PROTOCOL] = { "req.protocol", FACT_STR,
	    "the protocol of the request records: tcp, udp, icmp, icmpv6, a "
	    "number, or mixed; the target's protocol when there are none" },
	[F_REQ_FIRST] = { "req.first", FACT_STR,
	    "when the first request record starts, ISO 8601; empty if "
	    "none" },
	[F_REQ_LAST] = { "req.last", FACT_STR,
	    "when the last request record ends" },
	[F_REQ_ACCEPT_RECORDS] = { "req.accept.records", FACT_NUM,
	    "request records with action ACCEPT" },
	[F_REQ_ACCEPT_PACKETS] = { "req.accept.packets", FACT_NUM,
	    "their packets" },
	[F_REQ_ACCEPT_BYTES] = { "req.accept.bytes", FACT_NUM, "their bytes" },
	[F_REQ_REJECT_RECORDS] = { "req.reject.records", FACT_NUM,
	    "request records with action REJECT" },
	[F_REQ_REJECT_PACKETS] = { "req.reject.packets", FACT_NUM,
	    "their packets" },
	[F_REQ_REJECT_AT_SOURCE] = { "req.reject.at_source", FACT_NUM,
	    "request REJECTs logged on the client's own interface, as they "
	    "left it" },
	[F_REQ_REJECT_REASON] = { "req.reject.reason", FACT_STR,
	    "the reject-reason of rejected requests: BPA, or empty" },
	[F_REQ_UDP] = { "req.udp", FACT_NUM, "request records of UDP" },
	[F_REQ_TCP] = { "req.tcp", FACT_NUM, "request records of TCP" },
	[F_REQ_SYN] = { "req.syn", FACT_NUM,
	    "request records with the SYN flag" },
	[F_REQ_FIN] = { "req.fin", FACT_NUM,
	    "request records with the FIN flag" },
	[F_REQ_RST] = { "req.rst", FACT_NUM,
	    "request records with the RST flag" },
	[F_REP_RECORDS] = { "rep.records", FACT_NUM,
	    "reply records: target:port to client, and ICMP from the "
	    "target" },
	[F_REP_FIRST] = { "rep.first", FACT_STR,
	    "when the first reply record starts, ISO 8601; empty if "
	    "none" },
	[F_REP_LAST] = { "rep.last", FACT_STR,
	    "when the last reply record ends" },
	[F_REP_ACCEPT_RECORDS] = { "rep.accept.records", FACT_NUM,
	    "reply records with action ACCEPT" },
	[F_REP_ACCEPT_PACKETS] = { "rep.accept.packets", FACT_NUM,
	    "their packets" },
	[F_REP_ACCEPT_BYTES] = { "rep.accept.bytes", FACT_NUM, "their bytes" },
	[F_REP_REJECT_RECORDS] = { "rep.reject.records", FACT_NUM,
	    "reply records with action REJECT" },
	[F_REP_REJECT_AT_CLIENT] = { "rep.reject.at_client", FACT_NUM,
	    "reply REJECTs logged on the client's own interface, as they "
	    "entered it" },
	[F_REP_SYNACK] = { "rep.synack", FACT_NUM,
	    "reply records with SYN-ACK (flags 18 both set)" },
	[F_REP_FIN] = { "rep.fin", FACT_NUM,
	    "reply records with the FIN flag" },
	[F_REP_RST] = { "rep.rst", FACT_NUM,
	    "accepted reply records with the RST flag" },
	[F_REP_ICMP] = { "rep.icmp", FACT_NUM,
	    "accepted ICMP records from the target to a client, for a "
	    "UDP or any-protocol target" },
	[F_REP_INTERFACES_DIFFER] = { "rep.interfaces_differ", FACT_BOOL,
	    "replies left through other interfaces than requests came "
	    "in by (normal for a transit gateway)" },
	[F_FLOWS] = { "flows", FACT_NUM,
	    "connections (client address, client port, protocol) seen" },
	[F_FLOWS_ANSWERED] = { "flows.answered", FACT_NUM,
	    "connections with an accepted reply" },
	[F_FLOWS_UNANSWERED] = { "flows.unanswered", FACT_NUM,
	    "connections whose accepted requests have no reply record "
	    "at all" },
	[F_FLOWS_REPLY_REJECTED] = { "flows.reply_rejected", FACT_NUM,
	    "connections with an accepted request and a rejected reply" },
	[F_FLOWS_REPLY_REJECTED_REMOTE] = { "flows.reply_rejected_remote",
	    FACT_NUM,
	    "connections whose reply was accepted on one interface and "
	    "rejected on another: blocked entering the client's side" },
	[F_FLOWS_MIXED] = { "flows.mixed", FACT_NUM,
	    "connections with both ACCEPT and REJECT in one direction "
	    "on one interface" },
	[F_FLOWS_INBOUND_REJECTED] = { "flows.inbound_rejected", FACT_NUM,
	    "connections whose requests were all rejected" },
	[F_FLOWS_DATA_BOTH_WAYS] = { "flows.data_both_ways", FACT_NUM,
	    "connections with 4 packets or more each way and 100 bytes "
	    "a packet or more on average one way: more than a handshake "
	    "attempt" },
	[F_FLOWS_DATA] = { "flows.data", FACT_NUM,
	    "TCP connections whose accepted requests carry data: 4 packets "
	    "or more of 100 bytes or more on average, which a handshake "
	    "must have preceded" },
	[F_FLOWS_RESET_SIZED] = { "flows.reset_sized", FACT_NUM,
	    "TCP connections whose one-packet request was answered by one "
	    "packet of a bare header (40 bytes over IPv4, 60 over IPv6): a "
	    "reset, by its size, where the format has no tcp-flags" },
	[F_VIA_INTERMEDIATE] = { "via.intermediate", FACT_NUM,
	    "records whose pkt-srcaddr or pkt-dstaddr differs from "
	    "srcaddr or dstaddr: through a NAT gateway, transit gateway "
	    "or load balancer" },
	[F_TGW_PACKETS_LOST] = { "tgw.packets_lost", FACT_NUM,
	    "packets a transit gateway reports lost (no route, "
	    "blackhole, MTU, TTL)" },
	[F_REQ_AT_TARGET] = { "req.at_target", FACT_NUM,
	    "request records logged on the target's own interface" },
	[F_RECORDS_SIDE_UNKNOWN] = { "records.side_unknown", FACT_NUM,
	    "records logged on an interface that may be the target's or a "
	    "client's: the records cannot tell which" },
	[F_LOG_INTERFACE_RECORDS] = { "log.interface_records", FACT_NUM,
	    "records of any status of the target's interfaces in the "
	    "window" },
	[F_LOG_NODATA_SECONDS] = { "log.nodata_seconds", FACT_NUM,
	    "seconds of the window that the target's interfaces logged "
	    "as NODATA" },
	[F_LOG_SKIPDATA_SECONDS] = { "log.skipdata_seconds", FACT_NUM,
	    "seconds of the window that the target's interfaces logged "
	    "as SKIPDATA" },
	[F_LOG_UNCOVERED_SECONDS] = { "log.uncovered_seconds", FACT_NUM,
	    "seconds of the window before the first record of the target's "
	    "interfaces or after their last: not logged, or not delivered "
	    "yet" },
	[F_LOG_IDLE_SECONDS] = { "log.idle_seconds", FACT_NUM,
	    "seconds of the window between records of the target's "
	    "interfaces with no record at all: idle, for an interface logs "
	    "nothing while it has no traffic (an inference: NODATA records "
	    "are not written for every idle interval)" },
	[F_LOG_STARTED_LATE] = { "log.started_late", FACT_NUM,
	    "seconds from the window's start to the first record of the "
	    "target's interfaces" },
	[F_LOG_TRAFFIC_TYPE] = { "log.traffic_type", FACT_STR,
	    "what the flow log records: ALL, ACCEPT, REJECT, or empty "
	    "when unknown" },
	[F_LOG_FLOW_LOG] = { "log.flow_log", FACT_STR,
	    "whether a flow log on the target's interface, its subnet or "
	    "its VPC delivers to the log groups read, as EC2 says: yes, "
	    "no, or empty when unknown" },
	[F_LOG_CREATED_LATE] = { "log.created_late", FACT_NUM,
	    "seconds from the window's start to the creation of the "
	    "first such flow log; 0 when it is older or unknown" },
	[F_LOG_DELIVERY_ERROR] = { "log.delivery_error", FACT_STR,
	    "the delivery error such a flow log reports "
	    "(DeliverLogsErrorMessage), or empty" },
	[F_FORMAT_TCP_FLAGS] = { "format.tcp_flags", FACT_BOOL,
	    "the log format has tcp-flags" },
	[F_FORMAT_PKT] = { "format.pkt", FACT_BOOL,
	    "the log format has pkt-srcaddr and pkt-dstaddr" },
	[F_FORMAT_FLOW_DIRECTION] = { "format.flow_direction", FACT_BOOL,
	    "the log format has flow-direction" },
	[F_FORMAT_ACTION] = { "format.action", FACT_BOOL,
	    "the log format has action and log-status" },
	[F_FORMAT_BASICS] = { "format.basics", FACT_BOOL,
	    "the log format has the ports, the protocol and the times: "
	    "without them no record can be a request or a reply" },
	[F_FORMAT_LACKS] = { "format.lacks", FACT_STR,
	    "the fields that matter which the format lacks, "
	    "comma-separated" },
	[F_GAPS_ANY] = { "gaps.any", FACT_BOOL,
	    "a gap overlaps the window: SKIPDATA, no record, delivery "
	    "pending, a filtered traffic type, no flow log, a delivery "
	    "error, logging that began late" },
	[F_GAPS_SUMMARY] = { "gaps.summary", FACT_STR, "those gaps in words" },
	[F_DELIVERY_PENDING] = { "delivery.pending", FACT_BOOL,
	    "the window ends less than the delivery delay (10 minutes) "
	    "before now" },
	[F_INPUT_PARTIAL] = { "input.partial", FACT_BOOL,
	    "more records matched than were kept (--keep): the facts "
	    "weigh the kept ones" },
	[F_INPUT_CAPPED] = { "input.capped", FACT_BOOL,
	    "a query (Logs Insights, Athena) stopped at its row maximum: "
	    "the records past it were not read" },
	[F_INPUT_OUTSIDE_WINDOW] = { "input.outside_window", FACT_NUM,
	    "records of the target that lie outside the window" },
	[F_INPUT_MALFORMED_TARGET] = { "input.malformed_target", FACT_NUM,
	    "malformed lines or events that name the target's address: "
	    "records of the target that could not be read" },
	[F_INPUT_FIRST] = { "input.first", FACT_STR,
	    "when the earliest record read starts, ISO 8601: of those that "
	    "name the target's address, and the NODATA and SKIPDATA ones" },
	[F_INPUT_LAST] = { "input.last", FACT_STR,
	    "when the latest of them ends" },
	[F_CONFIG_KNOWN] = { "config.known", FACT_BOOL,
	    "a configuration (--config, or EC2) holds the target's interface: "
	    "its security groups, network ACL and routes were held against "
	    "the flows" },
	[F_CONFIG_SOURCE] = { "config.source", FACT_STR,
	    "where that configuration came from: api (EC2), or the files "
	    "given, comma-separated" },
	[F_CONFIG_CLIENT] = { "config.client", FACT_STR,
	    "the client whose flow the facts below are about, one of those "
	    "the verdict speaks of: the first that a layer denies" },
	[F_CONFIG_REQUEST] = { "config.request", FACT_STR,
	    "what the configuration says of the requests' path (the "
	    "client's groups and ACL, the routes, the target's ACL and "
	    "groups): allows, denies, unknown, or empty without one" },
	[F_CONFIG_REPLY] = { "config.reply", FACT_STR,
	    "what it says of the replies' path (the target's ACL, its "
	    "subnet's routes, the client's ACL): allows, denies, unknown" },
	[F_CONFIG_ALLOWS] = { "config.allows", FACT_BOOL,
	    "every layer the flows cross was judged and allows them" },
	[F_CONFIG_BLOCKS] = { "config.blocks", FACT_STR,
	    "the first layer that denies, in the packets' order: "
	    "client-sg-out, client-acl-out, route-request, target-acl-in, "
	    "target-sg-in, target-acl-out, route-reply, client-acl-in; "
	    "empty when none" },
	[F_CONFIG_COMPONENT] = { "config.component", FACT_STR,
	    "the security group, network ACL or route table of that layer" },
	[F_CONFIG_RULE] = { "config.rule", FACT_NUM,
	    "the number of the network ACL entry that denies; 32767 for "
	    "the final * entry; 0 for other layers" },
	[F_CONFIG_ENTRY] = { "config.entry", FACT_STR,
	    "the entry that denies, in words: \"acl-0a1b egress rule 100 "
	    "denies tcp 0-65535 to 0.0.0.0/0\"" },
	[F_CONFIG_WHY] = { "config.why", FACT_STR,
	    "why it denies these flows, in words" },
	[F_CONFIG_FIX] = { "config.fix", FACT_STR,
	    "the aws ec2 command that would allow the flows, with the real "
	    "ids; empty when no one command can" },
	[F_CONFIG_UNKNOWN] = { "config.unknown", FACT_STR,
	    "the layers the configuration could not judge, and why, "
	    "semicolon-separated" },
	[F_CONFIG_FITS] = { "config.fits", FACT_STR,
	    "when records were rejected but the configuration allows: the "
	    "explanations that fit, in words" },
};

/* What an empty text renders as, where not <name>. */
static const char *const fills[FACT_COUNT] = {
	[F_TARGET_INTERFACE] = "ENI-ID",
	[F_TARGET_SUBNET] = "SUBNET-ID",
	[F_TARGET_INSTANCE] = "INSTANCE-ID",
	[F_CLIENT_INTERFACE] = "CLIENT-ENI",
	[F_CLIENT_ADDRESS] = "CLIENT-ADDRESS",
	[F_CLIENT_SUBNET] = "CLIENT-SUBNET",
	[F_SCANNERS_SUMMARY] = "",
	[F_TARGET_OTHER_PORTS] = "",
};

const char *
fact_fill(enum fact_id id)
{
	return fills[id];
}

bool
fact_is_command(enum fact_id id)
{
	return id == F_CONFIG_FIX;
}

const struct fact_def *
fact_def(enum fact_id id)
{
	return &defs[id];
}

int
fact_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		if (strlen(defs[i].name) == len &&
		    memcmp(defs[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

const char *
fact_type_name(enum fact_type t)
{
	switch (t) {
	case FACT_NUM:
		return "number";
	case FACT_BOOL:
		return "boolean";
	case FACT_STR:
		return "string";
	}
	return "?";
}

void
facts_init(struct facts *f)
{
	memset(f, 0, sizeof(*f));
}

void
facts_release(struct facts *f)
{
	int i;

	for (i = 0; i < FACT_COUNT; i++)
		free(f->v[i].str);
	memset(f, 0, sizeof(*f));
}

void
facts_copy(struct facts *dst, const struct facts *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < FACT_COUNT; i++) {
		if (src->v[i].str != NULL)
			dst->v[i].str = xstrdup(src->v[i].str);
	}
}

void
facts_set_num(struct facts *f, enum fact_id id, double v)
{
	f->v[id].num = v;
	f->v[id].set = true;
}

void
facts_set_bool(struct facts *f, enum fact_id id, bool v)
{
	facts_set_num(f, id, v ? 1 : 0);
}

void
facts_set_str(struct facts *f, enum fact_id id, const char *s)
{
	free(f->v[id].str);
	f->v[id].str = xstrdup(s);
	f->v[id].set = true;
}

double
facts_num(const struct facts *f, enum fact_id id)
{
	return f->v[id].num;
}

const char *
facts_str(const struct facts *f, enum fact_id id)
{
	return f->v[id].str != NULL ? f->v[id].str : "";
}

const char *
facts_format(const struct facts *f, enum fact_id id, char *buf, size_t size)
{
	double v = f->v[id].num;

	switch (defs[id].type) {
	case FACT_STR:
		snprintf(buf, size, "%s", facts_str(f, id));
		break;
	case FACT_BOOL:
		snprintf(buf, size, "%s", v != 0 ? "true" : "false");
		break;
	case FACT_NUM:
		if (v == floor(v) && fabs(v) < 1e15)
			snprintf(buf, size, "%.0f", v);
		else
			snprintf(buf, size, "%.2f", v);
		break;
	}
	return buf;
}
