/*
 * The question: which address, port and protocol cannot be reached, from
 * which clients, in which window; and which records concern it.
 */
#ifndef FLOWDIAG_TARGET_H
#define FLOWDIAG_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

#define TARGET_ANY (-1)

struct target {
	struct addr addr;
	int port;     /* TARGET_ANY for port-less protocols */
	int protocol; /* IANA number, or TARGET_ANY */
	bool has_client;
	struct addr_prefix client;
	int64_t from; /* window, inclusive, in Unix seconds */
	int64_t to;
};

/* How a record concerns the target. */
enum target_side {
	TARGET_UNRELATED,
	TARGET_REQUEST, /* client to target:port */
	TARGET_REPLY,   /* target:port to client, or ICMP from the target */
	TARGET_OTHER,   /* other traffic of the target's address */
};

/* Sets t to "any client, all time" and parses spec: ADDR:PORT,
 * [IPV6]:PORT, or ADDR alone for ICMP. */
int target_parse(const char *spec, struct target *t, struct errinfo *ei);

/* Reads a port: a number from 0 to 65535, or a service name from the
 * services database (http, https), for people write the name they know;
 * -1 when it is neither.  The target's port and the REPL's set port. */
int target_parse_port(const char *s, int *port);

/* Sets the protocol ("tcp", "udp", "icmp", a number); checks it against the
 * port: TCP and UDP need one, ICMP has none. */
int target_set_protocol(struct target *t, const char *name, struct errinfo *ei);

int target_set_client(struct target *t, const char *spec, struct errinfo *ei);

/* How r concerns t; records outside the window are unrelated. */
enum target_side target_match(const struct target *t,
    const struct flow_record *r);

/* The text that every record line concerning t contains, for the
 * pre-filter: the IPv4 address, or an IPv6 address's last non-zero group
 * (which every spelling of it ends with); "" when there is none. */
const char *target_needle(const struct target *t, char *buf, size_t size);

/* Describes t as "10.0.1.10:80/tcp" or "[2001:db8::1]:443/any" into buf. */
const char *target_string(const struct target *t, char *buf, size_t size);

#endif
