/*
 * A REPL session: the question as the user has set it so far (target,
 * sources, window), the last run of the pipeline over it, and how to talk
 * to the user.  Settings are kept as typed, checked when set, and turned
 * into a target and pipeline options for each run.
 */
#ifndef FLOWDIAG_SESSION_H
#define FLOWDIAG_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "flowdiag/pipeline.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"

struct session {
	/* The question; every string is owned, NULL when unset. */
	char *address;  /* "10.0.1.10" or "2001:db8::1" */
	char *port;     /* "80"; NULL: none (ICMP) or not yet given */
	char *protocol; /* "tcp", "udp", "icmp", "any" */
	char *client;   /* an address or a CIDR */
	char *from;     /* as typed: "-2h", ISO 8601, Unix seconds */
	char *to;
	char **files;
	size_t nfiles;
	char **groups; /* CloudWatch log groups, instead of files */
	size_t ngroups;
	char **s3; /* s3://BUCKET/PREFIX, instead of files */
	size_t ns3;
	char *region;
	char *profile;
	char *format;      /* --log-format */
	char **interfaces; /* the target's, when no record names them */
	size_t ninterfaces;
	char *traffic_type; /* what the flow log records, when known */
	char **configs;     /* --config: files, directories, or "ec2" */
	size_t nconfigs;
	enum source_engine engine; /* how to read log groups, or athena */
	char *athena_table;        /* DB.TABLE, as typed */
	char *athena_workgroup;    /* NULL: primary */
	char *athena_output;       /* NULL: the workgroup's */

	/* The last run that finished, or NULL. */
	struct pipeline *run;
	bool stale; /* settings changed since */

	/* Log groups listed for completion (DescribeLogGroups), once. */
	char **known_groups;
	size_t nknown_groups;
	bool groups_listed;

	FILE *out;
	bool interactive; /* a person at a terminal */
	bool colour;
	bool quit;
};

void session_init(struct session *s, FILE *out, bool interactive);
void session_release(struct session *s);

/* The settings "set" takes, NULL-terminated. */
extern const char *const session_keys[];

/* Sets key to the values of argv[0..argc), checking them: a value that
 * would not make a valid question is an error naming why, and the
 * setting is left as it was. */
int session_set(struct session *s, const char *key, int argc, char *const *argv,
    struct errinfo *ei);

/* Unsets the source: one that would not read is not offered again. */
void session_forget_source(struct session *s);

/* What must still be set before a run, in words, or NULL. */
const char *session_missing(const struct session *s);

/* The target the settings describe, window included. */
int session_target(const struct session *s, struct target *t,
    struct errinfo *ei);

/* Runs the pipeline over the settings; the new run replaces the last
 * one only when it finishes. */
int session_run(struct session *s, struct errinfo *ei);

/* The Athena query a run would start (as check --print-query prints it,
 * without asking AWS): a new string, or NULL with ei when the engine is
 * not athena or the settings would not run. */
char *session_query(const struct session *s, struct errinfo *ei);

/* The last run's diagnosis, or NULL with ei saying to run first; says
 * so when the settings changed since. */
const struct diagnosis *session_diagnosis(const struct session *s,
    struct errinfo *ei);

/* Prints the settings, one per line. */
void session_show(const struct session *s, FILE *fp);

/* The width of show's names: the longest of those it shows for s (or
 * "verdict"'s), so that the values line up whatever the keys; the
 * athena-* keys count only with engine athena, which shows them. */
int session_show_width(const struct session *s);

/* The log groups of the session's region and profile, listed once: for
 * Tab, one try of a few seconds (a Tab must not hang); patient, for the
 * guide checking a group it was given, the client's attempts of longer
 * tries.  -1 with ei set when they could not be. */
int session_list_groups(struct session *s, bool patient, struct errinfo *ei);

#endif
