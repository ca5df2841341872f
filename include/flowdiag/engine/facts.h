/*
 * Facts: the named values that the evidence stage computes and the rules
 * read.  Each has an id here, and its name, type and a line of
 * documentation in facts.c's table (flowdiag-rules(5) lists them all).
 */
#ifndef FLOWDIAG_FACTS_H
#define FLOWDIAG_FACTS_H

#include <stdbool.h>
#include <stddef.h>

enum fact_type { FACT_NUM, FACT_BOOL, FACT_STR };

enum fact_id {
	F_TARGET,
	F_TARGET_ADDRESS,
	F_TARGET_ADDRESS_FILTER,
	F_TARGET_PORT,
	F_TARGET_PROTOCOL,
	F_TARGET_INTERFACE,
	F_TARGET_INTERFACE_KNOWN,
	F_TARGET_INTERFACE_CERTAIN,
	F_TARGET_SUBNET,
	F_TARGET_INSTANCE,
	F_TARGET_URL,
	F_TARGET_OTHER_RECORDS,
	F_TARGET_OTHER_PORTS,
	F_CLIENT,
	F_CLIENT_GIVEN,
	F_CLIENT_ADDRESS,
	F_CLIENT_SUBNET,
	F_CLIENT_INTERFACE,
	F_CLIENTS,
	F_CLIENTS_LIST,
	F_CLIENTS_ELSEWHERE,
	F_CLIENTS_ELSEWHERE_LIST,
	F_SCANNERS,
	F_SCANNERS_RECORDS,
	F_SCANNERS_LIST,
	F_SCANNERS_SUMMARY,
	F_WINDOW_FROM,
	F_WINDOW_TO,
	F_WINDOW_SECONDS,
	F_WINDOW_AGE,
	F_REQ_RECORDS,
	F_REQ_PROTOCOL,
	F_REQ_FIRST,
	F_REQ_LAST,
	F_REQ_ACCEPT_RECORDS,
	F_REQ_ACCEPT_PACKETS,
	F_REQ_ACCEPT_BYTES,
	F_REQ_REJECT_RECORDS,
	F_REQ_REJECT_PACKETS,
	F_REQ_REJECT_AT_SOURCE,
	F_REQ_REJECT_REASON,
	F_REQ_TCP,
	F_REQ_UDP,
	F_REQ_SYN,
	F_REQ_FIN,
	F_REQ_RST,
	F_REP_RECORDS,
	F_REP_FIRST,
	F_REP_LAST,
	F_REP_ACCEPT_RECORDS,
	F_REP_ACCEPT_PACKETS,
	F_REP_ACCEPT_BYTES,
	F_REP_REJECT_RECORDS,
	F_REP_REJECT_AT_CLIENT,
	F_REP_SYNACK,
	F_REP_FIN,
	F_REP_RST,
	F_REP_ICMP,
	F_REP_INTERFACES_DIFFER,
	F_FLOWS,
	F_FLOWS_ANSWERED,
	F_FLOWS_UNANSWERED,
	F_FLOWS_REPLY_REJECTED,
	F_FLOWS_REPLY_REJECTED_REMOTE,
	F_FLOWS_MIXED,
	F_FLOWS_INBOUND_REJECTED,
	F_FLOWS_DATA_BOTH_WAYS,
	F_FLOWS_DATA,
	F_FLOWS_RESET_SIZED,
	F_VIA_INTERMEDIATE,
	F_TGW_PACKETS_LOST,
	F_REQ_AT_TARGET,
	F_RECORDS_SIDE_UNKNOWN,
	F_LOG_INTERFACE_RECORDS,
	F_LOG_NODATA_SECONDS,
	F_LOG_SKIPDATA_SECONDS,
	F_LOG_UNCOVERED_SECONDS,
	F_LOG_IDLE_SECONDS,
	F_LOG_STARTED_LATE,
	F_LOG_TRAFFIC_TYPE,
	F_LOG_FLOW_LOG,
	F_LOG_CREATED_LATE,
	F_LOG_DELIVERY_ERROR,
	F_FORMAT_TCP_FLAGS,
	F_FORMAT_PKT,
	F_FORMAT_FLOW_DIRECTION,
	F_FORMAT_ACTION,
	F_FORMAT_BASICS,
	F_FORMAT_LACKS,
	F_GAPS_ANY,
	F_GAPS_SUMMARY,
	F_DELIVERY_PENDING,
	F_INPUT_PARTIAL,
	F_INPUT_CAPPED,
	F_INPUT_OUTSIDE_WINDOW,
	F_INPUT_MALFORMED_TARGET,
	F_INPUT_FIRST,
	F_INPUT_LAST,
	F_CONFIG_KNOWN,
	F_CONFIG_SOURCE,
	F_CONFIG_CLIENT,
	F_CONFIG_REQUEST,
	F_CONFIG_REPLY,
	F_CONFIG_ALLOWS,
	F_CONFIG_BLOCKS,
	F_CONFIG_COMPONENT,
	F_CONFIG_RULE,
	F_CONFIG_ENTRY,
	F_CONFIG_WHY,
	F_CONFIG_FIX,
	F_CONFIG_UNKNOWN,
	F_CONFIG_FITS,
	FACT_COUNT
};

struct fact_def {
	const char *name;
	enum fact_type type;
	const char *doc;
};

const struct fact_def *fact_def(enum fact_id id);

/* What an empty text fact renders as in a template: nothing, for a fact
 * that may be empty (scanners.summary); else a place for the user to
 * fill in, in capitals as AWS's documentation writes it (SUBNET-ID), or
 * NULL for <name>. */
const char *fact_fill(enum fact_id id);

/* Whether fact id is a command line whose words are shell words already
 * (config.fix): a template puts it in a command as it is. */
bool fact_is_command(enum fact_id id);

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

/* Writes fact id's value as text ("3", "true", "eni-1") to buf, whole
 * or cut: a text fact of any length is facts_str()'s. */
const char *facts_format(const struct facts *f, enum fact_id id, char *buf,
    size_t size);

#endif
