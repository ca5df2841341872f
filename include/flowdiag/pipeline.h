/*
 * The one pipeline that both front ends (flowdiag check and the REPL)
 * drive: sources (files, CloudWatch Logs, with EC2's view of the flow
 * logs) → records → evidence → rules → verdict.  Output is left to the
 * caller, which reads the scan and the diagnosis kept here.
 *
 * The layers, each a folder of src/ and include/flowdiag/, include only
 * their own and those below them (tests/cli/layers.sh checks it):
 *
 *	main            the front door: check, rules, or the REPL
 *	cli, repl       the front ends, which own the terminal
 *	pipeline        wires the stages (this file)
 *	report          text and JSON of a diagnosis; decides nothing
 *	engine          facts, evidence, the rules, the verdict
 *	aws             every network call and secret: CloudWatch, EC2
 *	vpc             security groups, network ACLs, routes; their verdict
 *	input           bytes to candidate lines: files, gzip, the scan
 *	record          what a record is, which ones concern the target
 *	util            knows nothing of flow logs
 */
#ifndef FLOWDIAG_PIPELINE_H
#define FLOWDIAG_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/aws/s3-keys.h"
#include "flowdiag/aws/source.h"
#include "flowdiag/engine/engine.h"
#include "flowdiag/engine/evidence.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/vpc/vpc.h"

/* Flow logs reach S3 within about ten minutes (CloudWatch Logs five). */
#define PIPELINE_DELIVERY_DELAY 600

/* A log group or an Athena table read without a window is read over the
 * last hour. */
#define PIPELINE_DEFAULT_WINDOW 3600

/* What to read and how; every pointer is borrowed. */
struct pipeline_options {
	const char *const *files; /* paths, directories, "-" */
	size_t nfiles;
	const char *const *groups; /* CloudWatch log groups */
	size_t ngroups;
	const char *const *s3; /* s3://BUCKET/PREFIX */
	size_t ns3;
	const char *account; /* the account of the S3 objects, or NULL */
	struct aws_options aws;
	enum source_engine engine;
	bool no_ec2;        /* do not ask EC2 about the log groups' flow logs */
	bool debug;         /* trace AWS requests, secrets redacted */
	bool progress;      /* show progress on stderr */
	const char *format; /* --log-format, or NULL */
	const char *const *interfaces; /* the target's, given by the user */
	size_t ninterfaces;
	const char *traffic_type; /* ALL, ACCEPT, REJECT, or NULL */
	const char *rules;        /* rules directory, or NULL */
	bool validate;            /* parse every record */
	size_t keep;              /* matching records kept; 0: default */
	bool records_only;        /* collect, do not diagnose */
	/* --config: files and directories of the JSON that aws ec2
	 * describe-* prints, or "ec2" for EC2 itself (which log groups ask
	 * by themselves, unless no_ec2) */
	const char *const *configs;
	size_t nconfigs;
	/* --engine athena, and auto with S3 past its limits: the table
	 * (DB.TABLE), the workgroup (NULL: primary) and the result location
	 * (NULL: the workgroup's) */
	const char *athena_table;
	const char *athena_workgroup;
	const char *athena_output;
};

/* One run: everything it read and decided.  It must not move once
 * collected (the scan and the evidence point into it). */
struct pipeline {
	struct target target;
	struct flow_format format;
	struct ec2_view *ec2;
	struct scan scan;
	bool scanned;
	bool s3_athena; /* the S3 window went to the Athena table */
	/* The account EC2 says owns the target's address, and the region
	 * asked, whose S3 folders are listed first (s3_guessed) */
	char s3_account[S3_ACCOUNT_LEN + 1];
	char s3_region[S3_REGION_MAX + 1];
	bool s3_guessed;
	struct rule_set rules;
	struct ev_census *census; /* owners read again; ids owned */
	size_t ncensus;
	struct evidence ev;
	struct vpc_config config; /* what governs the flows, when read */
	bool configured;
	struct diagnosis d;
	bool diagnosed;
};

/* The window of a run over t: a target read from log groups, S3 or Athena
 * without a window gets the last hour. */
void pipeline_window(struct target *t, const struct pipeline_options *o);

/* Runs the pipeline for target t (copied) into p, which the caller then
 * releases whatever the result: reads every source, then, unless
 * o->records_only, builds the evidence and decides.  An interrupt
 * (cancel.h) stops it with EC_INTERRUPTED. */
int pipeline_run(struct pipeline *p, const struct target *t,
    const struct pipeline_options *o, struct errinfo *ei);
void pipeline_release(struct pipeline *p);

/* The Athena query a run over t with o would start (--print-query), for a
 * table whose columns are the fields of --log-format (or the default
 * format) and partitioned by dt, since AWS is not asked: a new string, or
 * NULL. */
char *pipeline_athena_query(const struct target *t,
    const struct pipeline_options *o, struct errinfo *ei);

#endif
