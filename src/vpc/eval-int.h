/*
 * What the evaluator's files share, and no other file sees: eval.c finds
 * the interfaces and runs the layers; eval-sg.c judges security groups,
 * eval-acl.c network ACLs, eval-route.c route tables.  Each layer fills
 * one struct vpc_result: entry and why always set for a decided layer,
 * why set for an undecided one, fix only for a deny.
 */
#ifndef FLOWDIAG_VPC_EVAL_INT_H
#define FLOWDIAG_VPC_EVAL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/util/addr.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/vpc/eval.h"
#include "flowdiag/vpc/vpc.h"

/* The most one text of a result holds; the lists in it are capped
 * (EV_LISTED) so that it is never reached in practice. */
#define EV_TEXT_MAX 16384
/* How many rules or routes a text lists before "and N more". */
#define EV_LISTED 4
/* The most entries of one network ACL judged: AWS allows 40 a direction,
 * and the reply's port range costs the square of the count. */
#define EV_ACL_MAX 1000

/* One evaluation: the flow and what was found for it. */
struct ev {
	const struct vpc_config *c;
	const struct vpc_flow *f;
	const struct vpc_interface *tif; /* never NULL in the layers */
	const struct vpc_interface *cif; /* NULL: not in the snapshot */
	char client[ADDR_STRLEN];
	char target[ADDR_STRLEN];
	/* The request in words: "tcp/80", "icmp type 8", "protocol 50" */
	char what[48];
};

/* The layers, each filling r (zeroed) for its layer l. */
void ev_sg(const struct ev *e, enum vpc_layer l, struct vpc_result *r);
void ev_acl(const struct ev *e, enum vpc_layer l, struct vpc_result *r);
void ev_route(const struct ev *e, enum vpc_layer l, struct vpc_result *r);

/* A buffer for a result's text, and its text as a new string (released
 * after). */
void ev_buf(struct buf *b);
char *ev_take(struct buf *b);

/* "ADDR/LEN" with the length always written, as EC2 writes CIDRs. */
const char *ev_cidr(const struct addr_prefix *p, char *buf, size_t size);
/* The one-address CIDR of a: "ADDR/32" or "ADDR/128". */
const char *ev_host(const struct addr *a, char *buf, size_t size);
/* "ADDR:PORT", "[ADDR]:PORT" for IPv6. */
const char *ev_endpoint(const struct addr *a, int port, char *buf, size_t size);

/* Appends the traffic a rule or entry names: "all traffic", "tcp 80",
 * "tcp 1024-65535", "icmp type 8", "icmp all", "protocol 50". */
void ev_traffic(struct buf *b, int protocol, int from, int to, int icmp_type,
    int icmp_code);

/* Whether a rule's protocol and ports (or ICMP type and code) take the
 * flow's protocol and port.  The flow's ICMP code is not recorded; it is
 * taken as 0, the code of echo requests and replies. */
bool ev_ports_take(int rule_protocol, int from, int to, int protocol, int port);
bool ev_icmp_takes(int rule_type, int rule_code, int type);
bool ev_is_icmp(int protocol);
bool ev_has_ports(int protocol);

/* The ICMP type of the reply to a request of type, -1 when it has
 * none (echo 8 and 0, timestamp 13 and 14, ICMPv6 echo 128 and 129). */
int ev_icmp_reply(int protocol, int type);

/* Whether a is inside p, with p's length checked against its family. */
bool ev_contains(const struct addr_prefix *p, const struct addr *a);

/* An "aws ec2" command of the words given, each through escape_shell();
 * NULL-terminated.  Returns a new string. */
char *ev_command(const char *word, ...) __attribute__((sentinel));

#endif
