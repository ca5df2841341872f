/*
 * CloudWatch Logs as a source: first what EC2 says of the log groups'
 * flow logs (their formats, the target's interfaces, whether a flow log
 * covers them, with what traffic type, since when, and whether it fails
 * to deliver), then the records of the window, read with FilterLogEvents,
 * slice by slice side by side, or with Logs Insights.
 */
#ifndef FLOWDIAG_AWS_SOURCE_H
#define FLOWDIAG_AWS_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/aws.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/vpc.h"

enum source_engine {
	ENGINE_AUTO, /* by the window and the number of log groups */
	ENGINE_FILTER,
	ENGINE_INSIGHTS,
	ENGINE_ATHENA, /* a table of flow logs, not log groups (athena.h) */
};

/* The engines' names, indexed by enum source_engine, then NULL: the words
 * check's --engine and the REPL's set engine take and complete. */
extern const char *const source_engine_names[];

/* Sets *e to the engine called word; another word is EC_USAGE naming
 * the setting as the front end spells it (name: "--engine", "engine"). */
int source_engine_parse(const char *name, const char *word,
    enum source_engine *e, struct errinfo *ei);

/* What to read and how; every pointer is borrowed. */
struct source_options {
	const char *const *groups; /* CloudWatch log groups */
	size_t ngroups;
	struct aws_options aws;
	enum source_engine engine;
	bool format_given; /* --log-format: do not ask EC2 for formats */
	bool no_coverage;  /* do not ask which flow logs cover the target */
	bool debug;        /* trace the requests, secrets redacted */
	bool progress;     /* progress notices */
};

/* What EC2 said about the log groups and the target. */
struct ec2_view {
	struct flow_format *formats; /* per log group, when has_format */
	bool *has_format;
	char **interfaces; /* the target's, by its address */
	size_t ninterfaces;
	bool covered; /* the flow logs covering them are known */
	char *no_flow_log;
	int64_t created;
	char *delivery_error;
	const char *traffic_type; /* or NULL */
};

void ec2_view_release(struct ec2_view *v);

/* Asks EC2 for the log groups' formats (unless o->format_given) and the
 * flow logs that cover the target (unless o->no_coverage), into v, which
 * starts zeroed.  What cannot be had is a warning; -1 only when no client
 * can be set up (no credentials, a bad endpoint), which would stop the
 * log groups too, or on an interrupt. */
int source_consult_ec2(const struct source_options *o, const struct target *t,
    struct ec2_view *v, struct errinfo *ei);

/* Asks EC2 whose the target's address is, for the S3 folders to list:
 * the account that owns the network interfaces holding it into account
 * (S3_ACCOUNT_LEN + 1 bytes), and the client's region into region
 * (S3_REGION_MAX + 1 bytes).  -1 with ei saying why when EC2 cannot say:
 * no interface holds the address, their owners differ, or EC2 failed
 * (EC_INTERRUPTED on an interrupt). */
int source_target_owner(const struct source_options *o, const struct target *t,
    char *account, char *region, struct errinfo *ei);

/* Asks EC2 for the configuration that governs the flows between the
 * target and clients[0..n) (ec2_read_config()) into cfg.  What EC2 will
 * not say is a line of cfg->missing; -1 only when no client can be set up
 * or on an interrupt. */
int source_read_config(const struct source_options *o, const struct target *t,
    const struct addr *clients, size_t n, struct vpc_config *cfg,
    struct errinfo *ei);

/* The format of log group i: its flow log's when EC2 gave it, else base. */
const struct flow_format *source_group_format(const struct ec2_view *v,
    size_t i, const struct flow_format *base);

/* Reads the log groups' records in t's window into s, each in its flow
 * log's format when EC2 gave it, else in base, with the engine asked for
 * or the one that suits the window and the number of groups. */
int source_fetch(struct scan *s, const struct source_options *o,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base, struct errinfo *ei);

/* Reads a bounded sample of the events of the census's interface (cs
 * was set up with scan_options.census) from every log group, for the
 * census; what fails leaves it untold. */
void source_census(struct scan *cs, const struct source_options *o,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base);

#endif
