/*
 * Facts: the named values that the evidence stage computes and the rules
 * read.  Every fact is declared once, in FACTS below, with its type and a
 * line of documentation (flowdiag-rules(5) lists them all).
 */
#ifndef FLOWDIAG_FACTS_H
#define FLOWDIAG_FACTS_H

#include <stdbool.h>
#include <stddef.h>

enum fact_type { FACT_NUM, FACT_BOOL, FACT_STR };

/* X(ID, "name", TYPE, "what it means") */
#define FACTS(X)                                                                                                                                       \
	X(TARGET, "target", STR,                                                                                                                       \
	    "the target as ADDRESS:PORT/PROTOCOL, e.g. 10.0.1.10:80/tcp")                                                                              \
	X(TARGET_ADDRESS, "target.address", STR, "the target's address")                                                                               \
	X(TARGET_PORT, "target.port", NUM, "the target's port; -1 for ICMP")                                                                           \
	X(TARGET_PROTOCOL, "target.protocol", STR,                                                                                                     \
	    "tcp, udp, icmp, icmpv6, a number, or any")                                                                                                \
	X(TARGET_INTERFACE, "target.interface", STR,                                                                                                   \
	    "the target's network interfaces, comma-separated")                                                                                        \
	X(TARGET_INTERFACE_KNOWN, "target.interface_known", BOOL,                                                                                      \
	    "the target's network interface is known: given with --interface, or logged with the target's address")                                    \
	X(TARGET_SUBNET, "target.subnet", STR,                                                                                                         \
	    "the target's subnet, when the log format has subnet-id")                                                                                  \
	X(TARGET_OTHER_RECORDS, "target.other_records", NUM,                                                                                           \
	    "records of the target's address with other ports or peers: proof that its interface is logged")                                           \
	X(CLIENT, "client", STR,                                                                                                                       \
	    "the clients the facts are about: an address, or all clients")                                                                             \
	X(CLIENTS, "clients", NUM, "clients seen, scanners not counted")                                                                               \
	X(CLIENTS_LIST, "clients.list", STR, "those clients, the first few")                                                                           \
	X(SCANNERS, "scanners", NUM,                                                                                                                   \
	    "internet scanners set apart: public clients with nothing but a few one- or two-packet REJECTs")                                           \
	X(SCANNERS_RECORDS, "scanners.records", NUM, "their records")                                                                                  \
	X(WINDOW_FROM, "window.from", STR, "the window's start, ISO 8601")                                                                             \
	X(WINDOW_TO, "window.to", STR, "the window's end, ISO 8601")                                                                                   \
	X(WINDOW_SECONDS, "window.seconds", NUM, "the window's length")                                                                                \
	X(WINDOW_AGE, "window.age", NUM,                                                                                                               \
	    "seconds from the window's end to now")                                                                                                    \
	X(REQ_RECORDS, "req.records", NUM,                                                                                                             \
	    "request records: client to target:port")                                                                                                  \
	X(REQ_ACCEPT_RECORDS, "req.accept.records", NUM,                                                                                               \
	    "request records with action ACCEPT")                                                                                                      \
	X(REQ_ACCEPT_PACKETS, "req.accept.packets", NUM, "their packets")                                                                              \
	X(REQ_ACCEPT_BYTES, "req.accept.bytes", NUM, "their bytes")                                                                                    \
	X(REQ_REJECT_RECORDS, "req.reject.records", NUM,                                                                                               \
	    "request records with action REJECT")                                                                                                      \
	X(REQ_REJECT_PACKETS, "req.reject.packets", NUM, "their packets")                                                                              \
	X(REQ_REJECT_AT_SOURCE, "req.reject.at_source", NUM,                                                                                           \
	    "request REJECTs logged leaving the client's interface (flow-direction egress)")                                                           \
	X(REQ_REJECT_REASON, "req.reject.reason", STR,                                                                                                 \
	    "the reject-reason of rejected requests: BPA, or empty")                                                                                   \
	X(REQ_TCP, "req.tcp", NUM, "request records of TCP")                                                                                           \
	X(REQ_SYN, "req.syn", NUM, "request records with the SYN flag")                                                                                \
	X(REQ_FIN, "req.fin", NUM, "request records with the FIN flag")                                                                                \
	X(REQ_RST, "req.rst", NUM, "request records with the RST flag")                                                                                \
	X(REP_RECORDS, "rep.records", NUM,                                                                                                             \
	    "reply records: target:port to client, and ICMP from the target")                                                                          \
	X(REP_ACCEPT_RECORDS, "rep.accept.records", NUM,                                                                                               \
	    "reply records with action ACCEPT")                                                                                                        \
	X(REP_ACCEPT_PACKETS, "rep.accept.packets", NUM, "their packets")                                                                              \
	X(REP_ACCEPT_BYTES, "rep.accept.bytes", NUM, "their bytes")                                                                                    \
	X(REP_REJECT_RECORDS, "rep.reject.records", NUM,                                                                                               \
	    "reply records with action REJECT")                                                                                                        \
	X(REP_REJECT_AT_CLIENT, "rep.reject.at_client", NUM,                                                                                           \
	    "reply REJECTs logged entering the client's interface (flow-direction ingress)")                                                           \
	X(REP_SYNACK, "rep.synack", NUM,                                                                                                               \
	    "reply records with SYN-ACK (flags 18 both set)")                                                                                          \
	X(REP_FIN, "rep.fin", NUM, "reply records with the FIN flag")                                                                                  \
	X(REP_RST, "rep.rst", NUM, "accepted reply records with the RST flag")                                                                         \
	X(REP_ICMP, "rep.icmp", NUM,                                                                                                                   \
	    "accepted ICMP records from the target to a client, for a UDP or any-protocol target")                                                     \
	X(REP_INTERFACES_DIFFER, "rep.interfaces_differ", BOOL,                                                                                        \
	    "replies left through other interfaces than requests came in by (normal for a transit gateway)")                                           \
	X(FLOWS, "flows", NUM,                                                                                                                         \
	    "connections (client address, client port, protocol) seen")                                                                                \
	X(FLOWS_ANSWERED, "flows.answered", NUM,                                                                                                       \
	    "connections with an accepted reply")                                                                                                      \
	X(FLOWS_UNANSWERED, "flows.unanswered", NUM,                                                                                                   \
	    "connections whose accepted requests have no reply record at all")                                                                         \
	X(FLOWS_REPLY_REJECTED, "flows.reply_rejected", NUM,                                                                                           \
	    "connections with an accepted request and a rejected reply")                                                                               \
	X(FLOWS_REPLY_REJECTED_REMOTE, "flows.reply_rejected_remote", NUM,                                                                             \
	    "connections whose reply was accepted on one interface and rejected on another: blocked entering the client's side")                       \
	X(FLOWS_MIXED, "flows.mixed", NUM,                                                                                                             \
	    "connections with both ACCEPT and REJECT in one direction on one interface")                                                               \
	X(FLOWS_INBOUND_REJECTED, "flows.inbound_rejected", NUM,                                                                                       \
	    "connections whose requests were all rejected")                                                                                            \
	X(FLOWS_DATA_BOTH_WAYS, "flows.data_both_ways", NUM,                                                                                           \
	    "connections with 4 packets or more each way and 100 bytes a packet or more on average one way: more than a handshake attempt")            \
	X(FLOWS_DATA, "flows.data", NUM,                                                                                                               \
	    "connections whose accepted requests carry data: 4 packets or more of 100 bytes or more on average, which a handshake must have preceded") \
	X(VIA_INTERMEDIATE, "via.intermediate", NUM,                                                                                                   \
	    "records whose pkt-srcaddr or pkt-dstaddr differs from srcaddr or dstaddr: through a NAT gateway, transit gateway or load balancer")       \
	X(TGW_PACKETS_LOST, "tgw.packets_lost", NUM,                                                                                                   \
	    "packets a transit gateway reports lost (no route, blackhole, MTU, TTL)")                                                                  \
	X(LOG_INTERFACE_RECORDS, "log.interface_records", NUM,                                                                                         \
	    "records of any status of the target's interfaces in the window")                                                                          \
	X(LOG_NODATA_SECONDS, "log.nodata_seconds", NUM,                                                                                               \
	    "seconds of the window that the target's interfaces logged as NODATA")                                                                     \
	X(LOG_SKIPDATA_SECONDS, "log.skipdata_seconds", NUM,                                                                                           \
	    "seconds of the window that the target's interfaces logged as SKIPDATA")                                                                   \
	X(LOG_UNCOVERED_SECONDS, "log.uncovered_seconds", NUM,                                                                                         \
	    "seconds of the window no record of the target's interfaces covers")                                                                       \
	X(LOG_STARTED_LATE, "log.started_late", NUM,                                                                                                   \
	    "seconds from the window's start to the first record of the target's interfaces")                                                          \
	X(LOG_TRAFFIC_TYPE, "log.traffic_type", STR,                                                                                                   \
	    "what the flow log records: ALL, ACCEPT, REJECT, or empty when unknown")                                                                   \
	X(FORMAT_TCP_FLAGS, "format.tcp_flags", BOOL,                                                                                                  \
	    "the log format has tcp-flags")                                                                                                            \
	X(FORMAT_PKT, "format.pkt", BOOL,                                                                                                              \
	    "the log format has pkt-srcaddr and pkt-dstaddr")                                                                                          \
	X(FORMAT_FLOW_DIRECTION, "format.flow_direction", BOOL,                                                                                        \
	    "the log format has flow-direction")                                                                                                       \
	X(FORMAT_ACTION, "format.action", BOOL,                                                                                                        \
	    "the log format has action and log-status")                                                                                                \
	X(FORMAT_LACKS, "format.lacks", STR,                                                                                                           \
	    "the fields that matter which the format lacks, comma-separated")                                                                          \
	X(GAPS_ANY, "gaps.any", BOOL,                                                                                                                  \
	    "a gap overlaps the window: SKIPDATA, no record, delivery pending, a filtered traffic type")                                               \
	X(GAPS_SUMMARY, "gaps.summary", STR, "those gaps in words")                                                                                    \
	X(DELIVERY_PENDING, "delivery.pending", BOOL,                                                                                                  \
	    "the window ends less than the delivery delay (10 minutes) before now")                                                                    \
	X(INPUT_PARTIAL, "input.partial", BOOL,                                                                                                        \
	    "more records matched than were kept (--keep): the facts weigh the kept ones")

enum fact_id {
#define FACT_ENUM(id, name, type, doc) F_##id,
	FACTS(FACT_ENUM)
#undef FACT_ENUM
	    FACT_COUNT
};

struct fact_def {
	const char *name;
	enum fact_type type;
	const char *doc;
};

const struct fact_def *fact_def(enum fact_id id);

/* The fact named name[0..len), or -1. */
int fact_lookup(const char *name, size_t len);

const char *fact_type_name(enum fact_type t);

struct fact_value {
	double num; /* numbers, and booleans as 0 or 1 */
	char *str;  /* strings; owned, never NULL once set */
	bool set;
};

/* A full set of facts, each unset (0, false, "") until set. */
struct facts {
	struct fact_value v[FACT_COUNT];
};

void facts_init(struct facts *f);
void facts_release(struct facts *f);
void facts_copy(struct facts *dst, const struct facts *src);

void facts_set_num(struct facts *f, enum fact_id id, double v);
void facts_set_bool(struct facts *f, enum fact_id id, bool v);
void facts_set_str(struct facts *f, enum fact_id id, const char *s);

double facts_num(const struct facts *f, enum fact_id id);
const char *facts_str(const struct facts *f, enum fact_id id);

/* Writes fact id's value as text ("3", "true", "eni-1") to buf. */
const char *facts_format(const struct facts *f, enum fact_id id, char *buf,
    size_t size);

#endif
