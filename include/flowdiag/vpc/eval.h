/*
 * Holds one flow (a client's request to the target and the target's reply)
 * against a VPC's configuration, as AWS evaluates it: security groups
 * stateful, any rule of any group admits; network ACLs stateless, each
 * direction alone, entries in rule-number order, the first match decides,
 * the final "*" denies, none between two interfaces of one subnet; routes
 * by longest prefix.  Each layer the packets cross, in the order they
 * cross it, gets a decision, the entry that made it, why, and for a deny
 * the aws ec2 command that would allow the flow.  It knows nothing of
 * records: the engine gives it the flows they show.
 */
#ifndef FLOWDIAG_VPC_EVAL_H
#define FLOWDIAG_VPC_EVAL_H

#include <stdbool.h>

#include "flowdiag/util/addr.h"
#include "flowdiag/vpc/vpc.h"

/* The layers a flow crosses, in the order its packets do. */
enum vpc_layer {
	VPC_CLIENT_SG_OUT,  /* the client's groups, outbound (request) */
	VPC_CLIENT_ACL_OUT, /* the client's subnet's ACL, egress (request) */
	VPC_ROUTE_REQUEST,  /* the client's subnet's routes to the target */
	VPC_TARGET_ACL_IN,  /* the target's subnet's ACL, ingress (request) */
	VPC_TARGET_SG_IN,   /* the target's groups, inbound (request) */
	VPC_TARGET_ACL_OUT, /* the target's subnet's ACL, egress (reply) */
	VPC_ROUTE_REPLY,    /* the target's subnet's routes to the client */
	VPC_CLIENT_ACL_IN,  /* the client's subnet's ACL, ingress (reply) */
	VPC_NLAYERS
};

enum vpc_decision {
	VPC_UNKNOWN, /* the snapshot lacks what would decide */
	VPC_SKIPPED, /* the layer is not crossed (one subnet; a client
		      * outside the VPC has no group, ACL or route of ours) */
	VPC_ALLOWS,
	VPC_DENIES,
};

struct vpc_result {
	enum vpc_decision decision;
	const char *component; /* sg-, acl-, rtb-: borrowed from the snapshot */
	const char *origin;    /* "api" or the file: borrowed */
	int rule_number;       /* the ACL entry that decided; 0: none */
	/* The entry that decided, in words: "acl-0a1b egress rule 100
	 * denies tcp 0-65535 to 0.0.0.0/0", "sg-0123 (web) inbound tcp 80
	 * from 10.0.0.0/16"; for a deny by absence, what there is; NULL
	 * when no entry decided (a layer skipped, a part missing) */
	char *entry;
	/* Why, for this flow: "no rule of sg-0123 (web) admits tcp/80 from
	 * 203.0.113.5: it admits 10.0.0.0/16 only"; set for every layer,
	 * skipped and unknown ones too */
	char *why;
	/* For a deny: the aws ec2 command that would allow the flow, every
	 * value a shell word (escape_shell()), ids real; NULL when no one
	 * command can (a blackhole whose right target is unknown) */
	char *fix;
};

/* One flow, as the records show it. */
struct vpc_flow {
	struct addr client;
	struct addr target;
	int protocol;    /* IP protocol number: 6, 17, 1, 58 */
	int port;        /* the target's port (tcp, udp); ICMP: the type */
	int client_port; /* a source port the client used; -1: unknown */
	/* The interfaces when the records or the user named them; NULL: found
	 * by address in the snapshot */
	const char *target_interface;
	const char *client_interface;
};

struct vpc_eval {
	struct vpc_result layer[VPC_NLAYERS];
	/* The first layer that denies, on the request's path then the
	 * reply's; VPC_NLAYERS when none does */
	enum vpc_layer first_deny;
	/* Every layer crossed was decided and allows */
	bool allows;
	/* The target's interface is in the snapshot: without it nothing is
	 * decided */
	bool target_known;
	const struct vpc_interface *target_if; /* borrowed, or NULL */
	const struct vpc_interface *client_if; /* borrowed, or NULL */
};

/* Evaluates flow f against c into e, which vpc_eval_release() frees. */
void vpc_evaluate(const struct vpc_config *c, const struct vpc_flow *f,
    struct vpc_eval *e);
void vpc_eval_release(struct vpc_eval *e);

/* "target-sg-in", "route-reply", ... */
const char *vpc_layer_name(enum vpc_layer l);
/* Whether the layer judges the reply (else the request). */
bool vpc_layer_is_reply(enum vpc_layer l);
/* "unknown", "skipped", "allows", "denies" */
const char *vpc_decision_name(enum vpc_decision d);

/* "tcp", "udp", "icmp", "icmpv6", "all", or the number. */
const char *vpc_protocol_name(int protocol, char *buf, size_t size);

#endif
