/*
 * The evidence stage: from the records that concern the target to facts
 * (per client, and for all clients together) and to the gaps in the
 * logging that limit what the records can prove.  It decides nothing; the
 * rules do.
 */
#ifndef FLOWDIAG_EVIDENCE_H
#define FLOWDIAG_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/eval.h"
#include "flowdiag/vpc/vpc.h"

/* Records shown per class as evidence. */
#define EVIDENCE_SHOWN 3

/* The classes of records a verdict can point to. */
enum ev_class {
	EV_REQ_ACCEPT,
	EV_REQ_REJECT,
	EV_REP_ACCEPT,
	EV_REP_REJECT,
	EV_NCLASS
};

struct ev_group {
	struct addr client; /* family 0: every client but the scanners */
	bool scanner;
	struct facts facts;
	/* The first few records of each class, as indices into the scan's
	 * matches. */
	size_t shown[EV_NCLASS][EVIDENCE_SHOWN];
	size_t nshown[EV_NCLASS];
};

enum gap_kind {
	GAP_SKIPDATA,       /* records were skipped */
	GAP_UNCOVERED,      /* no record covers part of the window */
	GAP_DELIVERY,       /* the window ends inside the delivery delay */
	GAP_FORMAT,         /* the format lacks fields that matter */
	GAP_TRAFFIC_TYPE,   /* the flow log records ACCEPT or REJECT only */
	GAP_NO_INTERFACE,   /* the target's interface is not in the logs */
	GAP_NO_FLOW_LOG,    /* EC2: no flow log covers the target's interface */
	GAP_DELIVERY_ERROR, /* EC2: a flow log cannot deliver its records */
	GAP_STARTED_LATE,   /* EC2: a flow log began inside the window */
};

/* A gap, or several of one kind on one interface folded into one: from
 * the first one's start to the last one's end. */
struct gap {
	enum gap_kind kind;
	char *interface; /* or NULL */
	int64_t from;
	int64_t to;
	int64_t seconds;        /* in all */
	unsigned int stretches; /* folded into this one */
	char *detail;           /* in words */
};

/* What the target's interfaces logged of a stretch of time. */
enum ev_logging {
	LOGGED_NOTHING_KNOWN, /* no interface of the target is known */
	LOGGED_TRAFFIC,       /* records of the target's address */
	LOGGED_NODATA,        /* no traffic at all */
	LOGGED_SKIPDATA,      /* records skipped */
	LOGGED_IDLE,          /* nothing, between records: idle */
	LOGGED_NOT_YET,       /* nothing, before the first record */
	LOGGED_NO_MORE,       /* nothing, after the last record */
};

/* Whose an interface is, as far as the records tell. */
enum ev_role {
	ROLE_UNKNOWN, /* the target's or a client's: the records cannot say */
	ROLE_TARGET,  /* the target's own */
	ROLE_CLIENT,  /* a client's, or an intermediate's (NAT, TGW) */
};

/* An interface that logged records of the target, and whose it is. */
struct ev_interface {
	char *id;
	enum ev_role role;
	struct addr owner; /* family 0 when unknown */
	const char *how;   /* how that was told, in words; static */
	uint64_t records;  /* its records that concern the target */
};

/* What reading an interface's records again told of its owner. */
struct ev_census {
	const char *id;
	struct addr owner; /* family 0: no one address in all its records */
	uint64_t records;  /* its records read */
};

struct evidence_options {
	const char *const *interfaces; /* --interface: the target's */
	size_t ninterfaces;
	const char *traffic_type; /* ALL, ACCEPT, REJECT or NULL */
	int64_t now;
	int64_t delivery_delay; /* seconds */
	/* What EC2 said (check --log-group): the target's interfaces it
	 * found for its address, which count as if given with --interface */
	const char *const *ec2_interfaces;
	size_t nec2_interfaces;
	/* DescribeFlowLogs answered for those interfaces; the members
	 * below are unused unless it did */
	bool ec2;
	/* no flow log on those interfaces, their subnets or VPCs delivers
	 * to the log groups read: why, in words; NULL when one does */
	const char *no_flow_log;
	int64_t created; /* when the first of those flow logs was created */
	const char *delivery_error; /* "fl-1: Access error", or NULL */
	/* The owners of interfaces the census read again (the pipeline's),
	 * for those whose records with the target name one other address */
	const struct ev_census *census;
	size_t ncensus;
};

struct ev_counters;

struct evidence {
	const struct scan *scan; /* borrowed */
	int64_t from;            /* the window */
	int64_t to;
	char **interfaces; /* the target's, and those that may be */
	size_t ninterfaces;
	struct ev_interface
	    *ifs; /* every interface with the target's records */
	size_t nifs;
	struct ev_group all;      /* every client but the scanners */
	struct ev_group *clients; /* one per client, scanners flagged */
	size_t nclients;
	struct ev_counters *counters; /* parallel to clients */
	size_t scanners;              /* clients set apart as scanners */
	uint64_t scanner_records;
	struct facts shared; /* what all groups' facts start from */
	struct gap *gaps;
	size_t ngaps;
	/* With a configuration (evidence_judge_config()): each client's
	 * flow held against it, parallel to clients; judged[i] false for
	 * the scanners and past the first clients */
	const struct vpc_config *config; /* borrowed; NULL: none */
	char *config_source;
	struct vpc_eval *evals;
	bool *judged;
};

/* Builds the evidence from a finished scan, which stays borrowed. */
void evidence_build(struct evidence *ev, const struct scan *s,
    const struct evidence_options *opt);
void evidence_release(struct evidence *ev);

/* Sets f (uninitialised) to the facts of the clients whose member[] is
 * true, as if they were all the clients there are. */
void evidence_subset(const struct evidence *ev, const bool *member,
    struct facts *f);

/* Holds each client's flow against configuration cfg (borrowed: it
 * outlives ev), and sets the config.* facts of every group; source says
 * where cfg came from ("api", the files). */
void evidence_judge_config(struct evidence *ev, const struct vpc_config *cfg,
    const char *source);

/* Sets the config.* facts of the clients whose member[] is true (NULL:
 * all the judged ones) in f; nothing without a configuration. */
void evidence_config_facts(const struct evidence *ev, const bool *member,
    struct facts *f);

/* The first layer of e that denies and counts for facts f (a request
 * the target logged came by some route: route-request does not count
 * then), or VPC_NLAYERS; and whether every layer that counts allows. */
int evidence_config_first_deny(const struct vpc_eval *e, const struct facts *f);
bool evidence_config_allows(const struct vpc_eval *e, const struct facts *f);

/* What the target's interfaces logged of [from, to): SKIPDATA first,
 * then traffic, then NODATA; with none of those, whether the stretch lies
 * before their first record, after their last, or between two. */
enum ev_logging evidence_logging(const struct evidence *ev, int64_t from,
    int64_t to);

/* Keeps record idx among the first EVIDENCE_SHOWN of class c in g. */
void ev_group_show(struct ev_group *g, enum ev_class c, size_t idx);

/* Whether one interface is the target's for sure: named by the user or
 * EC2 (in opt), or told by its records.  Then no census is needed: the
 * others whose records with the target name one peer are that peer's. */
bool evidence_target_told(const struct scan *s,
    const struct evidence_options *opt);

/* Whether interface f must be read again to tell whose it is, when no
 * interface is the target's for sure: it logged records of the target's
 * port, its records with the target name one other address, a private
 * one, and no flow-direction says which side logged them.  The pipeline
 * then counts the addresses of all its records (scan_options.census). */
bool evidence_needs_census(const struct scan *s, const struct iface *f,
    const struct evidence_options *opt);

const char *ev_role_name(enum ev_role r);
const char *gap_kind_name(enum gap_kind k);
const char *ev_class_name(enum ev_class c);

#endif
