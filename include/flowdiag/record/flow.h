/*
 * Flow log records: one 5-tuple on one network interface during one
 * aggregation interval, every field of versions 2 to 8.
 */
#ifndef FLOWDIAG_FLOW_H
#define FLOWDIAG_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/record/format.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

/* Longest record line parsed; no real record comes near it. */
#define FLOW_LINE_MAX 65536

/* off[] of a field the format does not carry. */
#define FLOW_NOTEXT UINT32_MAX

enum flow_action { FLOW_ACTION_NONE, FLOW_ACCEPT, FLOW_REJECT };
enum flow_status { FLOW_STATUS_NONE, FLOW_OK, FLOW_NODATA, FLOW_SKIPDATA };
enum flow_direction { FLOW_DIR_NONE, FLOW_INGRESS, FLOW_EGRESS };
enum flow_type { FLOW_TYPE_NONE, FLOW_IPV4, FLOW_IPV6, FLOW_EFA };

struct flow_record {
	/* FLOW_BIT(f) for every field with a value: a field that is "-", or
	 * not in the format, is absent, which is not the same as 0. */
	uint64_t present;

	uint64_t packets;
	uint64_t bytes;
	int64_t start; /* seconds, also when the log wrote milliseconds */
	int64_t end;
	uint64_t packets_lost[4]; /* no-route, blackhole, mtu, ttl */
	struct addr srcaddr;
	struct addr dstaddr;
	struct addr pkt_srcaddr;
	struct addr pkt_dstaddr;
	uint16_t srcport;
	uint16_t dstport;
	uint8_t version;
	uint8_t protocol;
	uint8_t tcp_flags;
	uint8_t traffic_path;
	uint8_t action;     /* enum flow_action */
	uint8_t log_status; /* enum flow_status */
	uint8_t direction;  /* enum flow_direction */
	uint8_t type;       /* enum flow_type */

	/* Where the record came from: a file name borrowed from the scan, the
	 * line in it (of the object, for JSON), and a CloudWatch event id. */
	const char *origin;
	uint64_t line;
	uint32_t event_off; /* into text, or FLOW_NOTEXT */

	/* Every field's text, NUL-terminated, at text + off[f]. */
	char *text;
	uint32_t text_len;
	uint32_t off[FLOW_NFIELDS];
};

static inline bool
flow_has(const struct flow_record *r, enum flow_field f)
{
	return (r->present & FLOW_BIT(f)) != 0;
}

/* The text of field f ("-" when absent), or NULL when not in the format. */
const char *flow_text(const struct flow_record *r, enum flow_field f);

/* Parses line[0..len) of format fmt into r.  Fields are separated by runs of
 * spaces; a trailing CR is ignored.  scratch must hold len + 1 bytes and
 * stays borrowed by r (its text) until r is copied.  On a malformed line
 * returns -1 and ei says why and in which field. */
int flow_parse_line(const struct flow_format *fmt, const char *line, size_t len,
    char *scratch, struct flow_record *r, struct errinfo *ei);

/* Checks and converts every field whose text r->off[] already points to,
 * filling the typed members; flow_parse_line() ends with it, and so does
 * the JSON reader.  fmt gives the fields that must be present. */
int flow_convert(const struct flow_format *fmt, struct flow_record *r,
    struct errinfo *ei);

/* Makes dst an owning copy of src; free with flow_record_release(). */
void flow_record_copy(struct flow_record *dst, const struct flow_record *src);
void flow_record_release(struct flow_record *r);

const char *flow_action_name(enum flow_action a);
const char *flow_status_name(enum flow_status s);

/* "tcp", "udp", "icmp", "icmpv6" or the number, into buf. */
const char *flow_protocol_name(unsigned int proto, char *buf, size_t size);

/* The protocol named s ("tcp", "udp", "icmp", "icmpv6" or 0..255); -1 when
 * unknown. */
int flow_protocol_lookup(const char *s);

/* The TCP flag bits as "SYN,SYN-ACK,FIN,RST" (those set), into buf. */
const char *flow_tcp_flags_string(unsigned int flags, char *buf, size_t size);

#endif
