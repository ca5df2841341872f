#include "config.h"

#include "flowdiag/repl/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flowdiag/aws/athena.h"
#include "flowdiag/aws/cwl.h"
#include "flowdiag/record/ids.h"
#include "flowdiag/report/output.h"
#include "flowdiag/util/colour.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

/* How long Tab waits for the log groups to be listed (one try), and how
 * long the guide waits for each try: an answer to check is worth a wait,
 * but not the three minutes a hung endpoint would take at the client's
 * own timeout. */
#define LIST_TIMEOUT_MS         5000
#define LIST_PATIENT_TIMEOUT_MS 20000

const char *const session_keys[] = { "athena-output", "athena-table",
	"athena-workgroup", "client", "config", "engine", "format", "interface",
	"port", "profile", "protocol", "region", "source", "target",
	"traffic-type", "window", NULL };

/* What session_missing() says of a table engine athena lacks, which a run
 * refuses in the words check uses. */
static const char athena_no_table[] =
    "the table engine athena reads (set athena-table DB.TABLE)";

void
session_init(struct session *s, FILE *out, bool interactive)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->interactive = interactive;
	s->colour = interactive && colour_wanted(COLOUR_AUTO, fileno(out));
}

static void
drop_run(struct session *s)
{
	if (s->run == NULL)
		return;
	pipeline_release(s->run);
	free(s->run);
	s->run = NULL;
}

void
session_release(struct session *s)
{
	drop_run(s);
	free(s->address);
	free(s->port);
	free(s->protocol);
	free(s->client);
	free(s->from);
	free(s->to);
	xfree_strings(s->files, s->nfiles);
	xfree_strings(s->groups, s->ngroups);
	xfree_strings(s->s3, s->ns3);
	free(s->region);
	free(s->profile);
	free(s->format);
	xfree_strings(s->interfaces, s->ninterfaces);
	xfree_strings(s->configs, s->nconfigs);
	free(s->traffic_type);
	free(s->athena_table);
	free(s->athena_workgroup);
	free(s->athena_output);
	xfree_strings(s->known_groups, s->nknown_groups);
	memset(s, 0, sizeof(*s));
}

/* Replaces the string at *p with a copy of v (NULL unsets it). */
static void
replace(char **p, const char *v)
{
	free(*p);
	*p = v != NULL ? xstrdup(v) : NULL;
}

/* Builds the target of address, port, protocol and client as given,
 * without the window. */
static int
question(const char *address, const char *port, const char *protocol,
    const char *client, struct target *t, struct errinfo *ei)
{
	char spec[ADDR_STRLEN + 16];
	bool v6 = strchr(address, ':') != NULL;

	if (port == NULL || strcmp(port, "none") == 0)
		snprintf(spec, sizeof(spec), "%s", address);
	else
		snprintf(spec, sizeof(spec), "%s%s%s:%s", v6 ? "[" : "",
		    address, v6 ? "]" : "", port);
	if (target_parse(spec, t, ei) == -1)
		return -1;
	if (protocol != NULL && strcmp(protocol, "any") != 0 &&
	    target_set_protocol(t, protocol, ei) == -1)
		return -1;
	if (client != NULL && target_set_client(t, client, ei) == -1)
		return -1;
	return 0;
}

/* Checks that a question with these values can be asked, as far as the
 * address is known. */
static int
check_question(const struct session *s, const char *address, const char *port,
    const char *protocol, const char *client, struct errinfo *ei)
{
	struct target t;

	if (address == NULL)
		address = s->address != NULL ? s->address : "192.0.2.1";
	return question(address, port, protocol, client, &t, ei);
}

static int
set_target(struct session *s, const char *v, struct errinfo *ei)
{
	struct target t;
	char addr[ADDR_STRLEN], port[8];

	if (target_parse(v, &t, ei) == -1)
		return -1;
	addr_format(&t.addr, addr, sizeof(addr));
	if (t.port != TARGET_ANY) {
		snprintf(port, sizeof(port), "%d", t.port);
		if (check_question(s, addr, port, s->protocol, s->client, ei) ==
		    -1)
			return -1;
		replace(&s->port, port);
	}
	replace(&s->address, addr);
	return 0;
}

/* set port N|SERVICE|none: a service name is kept as its number, which
 * show and the question use. */
static int
set_port(struct session *s, const char *v, struct errinfo *ei)
{
	char num[8];
	int n;

	if (strcmp(v, "any") == 0) {
		return errinfo_set(ei, EC_USAGE,
		    "port 'any': the question is about one port; for every "
		    "protocol, set protocol any; for ICMP, set port none");
	}
	if (strcmp(v, "none") != 0) {
		if (target_parse_port(v, &n) == -1) {
			return errinfo_set(ei, EC_USAGE,
			    "port '%s': a number from 0 to 65535, a service "
			    "name (http, https), or none for ICMP",
			    v);
		}
		if (s->protocol != NULL && strncmp(s->protocol, "icmp", 4) == 0)
			return errinfo_set(ei, EC_USAGE,
			    "ICMP has no port: set protocol tcp, udp or any "
			    "first");
		snprintf(num, sizeof(num), "%d", n);
		v = num;
	}
	/* No port is ICMP: a protocol with ports no longer applies. */
	if (strcmp(v, "none") == 0 && s->protocol != NULL &&
	    strncmp(s->protocol, "icmp", 4) != 0)
		replace(&s->protocol, NULL);
	replace(&s->port, v);
	return 0;
}

static int
set_protocol(struct session *s, const char *v, struct errinfo *ei)
{
	bool icmp = strncmp(v, "icmp", 4) == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "58") == 0;

	if (icmp && s->port != NULL && strcmp(s->port, "none") != 0) {
		return errinfo_set(ei, EC_USAGE,
		    "ICMP has no port: set port none first");
	}
	if (strcmp(v, "any") != 0 &&
	    check_question(s, NULL, s->port, v, NULL, ei) == -1)
		return -1;
	replace(&s->protocol, v);
	return 0;
}

static int
set_client(struct session *s, const char *v, struct errinfo *ei)
{
	if (strcmp(v, "all") == 0 || strcmp(v, "any") == 0) {
		replace(&s->client, NULL);
		return 0;
	}
	if (check_question(s, NULL, NULL, NULL, v, ei) == -1)
		return -1;
	replace(&s->client, v);
	return 0;
}

static int
set_window(struct session *s, int argc, char *const *argv, struct errinfo *ei)
{
	int64_t now = when_now(), from, to = now;

	if (argc == 1 && strcmp(argv[0], "all") == 0) {
		replace(&s->from, NULL);
		replace(&s->to, NULL);
		return 0;
	}
	if (argc > 2) {
		return errinfo_set(ei, EC_USAGE,
		    "window: all, or FROM [TO] (quote a time with a space)");
	}
	if (when_parse(argv[0], now, &from, ei) == -1)
		return -1;
	if (argc == 2 && when_parse(argv[1], now, &to, ei) == -1)
		return -1;
	if (from > to)
		return errinfo_set(ei, EC_USAGE, "window: '%s' is after '%s'",
		    argv[0], argc == 2 ? argv[1] : "now");
	replace(&s->from, argv[0]);
	replace(&s->to, argc == 2 ? argv[1] : NULL);
	return 0;
}

static char **
copy_strings(int argc, char *const *argv)
{
	char **v = xcalloc((size_t)argc + 1, sizeof(*v));
	int i;

	for (i = 0; i < argc; i++)
		v[i] = xstrdup(argv[i]);
	return v;
}

static int
set_source(struct session *s, int argc, char *const *argv, struct errinfo *ei)
{
	struct stat st;
	int i;

	if (strcmp(argv[0], "log-group") == 0) {
		if (argc < 2) {
			return errinfo_set(ei, EC_USAGE,
			    "source: log-group NAME...");
		}
		session_forget_source(s);
		s->groups = copy_strings(argc - 1, argv + 1);
		s->ngroups = (size_t)argc - 1;
		return 0;
	}
	if (strcmp(argv[0], "s3") == 0) {
		if (argc < 2)
			return errinfo_set(ei, EC_USAGE,
			    "source: s3 s3://BUCKET/PREFIX...");
		for (i = 1; i < argc; i++) {
			if (strncmp(argv[i], "s3://", 5) != 0)
				return errinfo_set(ei, EC_USAGE,
				    "source: '%s' is not an s3://BUCKET/PREFIX "
				    "URL",
				    argv[i]);
		}
		session_forget_source(s);
		s->s3 = copy_strings(argc - 1, argv + 1);
		s->ns3 = (size_t)argc - 1;
		return 0;
	}
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			return errinfo_set(ei, EC_USAGE,
			    "source: standard input is the REPL's: name a "
			    "file");
		if (stat(argv[i], &st) == -1)
			return errinfo_errno(ei, errno, "source: '%s'",
			    argv[i]);
	}
	session_forget_source(s);
	s->files = copy_strings(argc, argv);
	s->nfiles = (size_t)argc;
	return 0;
}

/* A format is words: they may come quoted as one or typed apart. */
static int
set_format(struct session *s, int argc, char *const *argv, struct errinfo *ei)
{
	struct flow_format f;
	char *fmt = NULL, *tmp;
	int i;

	if (argc == 1 && strcmp(argv[0], "default") == 0) {
		replace(&s->format, NULL);
		return 0;
	}
	for (i = 0; i < argc; i++) {
		xasprintf(&tmp, "%s%s%s", fmt != NULL ? fmt : "",
		    fmt != NULL ? " " : "", argv[i]);
		free(fmt);
		fmt = tmp;
	}
	if (flow_format_parse(fmt, &f, ei) == -1) {
		free(fmt);
		return -1;
	}
	free(s->format);
	s->format = fmt;
	return 0;
}

static int
set_interfaces(struct session *s, int argc, char *const *argv,
    struct errinfo *ei)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!ids_valid(FF_INTERFACE_ID, argv[i]) &&
		    !(argc == 1 && strcmp(argv[i], "none") == 0))
			return errinfo_set(ei, EC_USAGE,
			    "interface '%s': an ENI id (eni- and hex digits), "
			    "or none",
			    argv[i]);
	}
	xfree_strings(s->interfaces, s->ninterfaces);
	s->interfaces = NULL;
	s->ninterfaces = 0;
	if (strcmp(argv[0], "none") == 0)
		return 0;
	s->interfaces = copy_strings(argc, argv);
	s->ninterfaces = (size_t)argc;
	return 0;
}

/* The configuration to hold the flows against: files or directories of
 * aws ec2 describe-* JSON, checked to exist now, or ec2; none unsets. */
static int
set_configs(struct session *s, int argc, char *const *argv, struct errinfo *ei)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "ec2") == 0 ||
		    (argc == 1 && strcmp(argv[i], "none") == 0))
			continue;
		if (access(argv[i], R_OK) == -1)
			return errinfo_set(ei, EC_NOINPUT,
			    "config '%s': %s (a file or directory of the JSON "
			    "aws ec2 describe-* prints, ec2, or none)",
			    argv[i], strerror(errno));
	}
	xfree_strings(s->configs, s->nconfigs);
	s->configs = NULL;
	s->nconfigs = 0;
	if (strcmp(argv[0], "none") == 0)
		return 0;
	s->configs = copy_strings(argc, argv);
	s->nconfigs = (size_t)argc;
	return 0;
}

static int
set_traffic_type(struct session *s, const char *v, struct errinfo *ei)
{
	if (strcmp(v, "ALL") != 0 && strcmp(v, "ACCEPT") != 0 &&
	    strcmp(v, "REJECT") != 0 && strcmp(v, "unknown") != 0)
		return errinfo_set(ei, EC_USAGE,
		    "traffic-type: ALL, ACCEPT, REJECT, or unknown");
	replace(&s->traffic_type, strcmp(v, "unknown") == 0 ? NULL : v);
	return 0;
}

/* set athena-table|athena-workgroup|athena-output VALUE, checked as
 * check checks its options; no value (or none, which no table or S3
 * location can be) unsets it. */
static int
set_athena(struct session *s, const char *key, int argc, char *const *argv,
    struct errinfo *ei)
{
	char **p = strcmp(key, "athena-table") == 0 ? &s->athena_table
	    : strcmp(key, "athena-workgroup") == 0  ? &s->athena_workgroup
						    : &s->athena_output;

	if (argc > 1)
		return errinfo_set(ei, EC_USAGE, "set %s takes one value", key);
	if (argc == 0 ||
	    (p != &s->athena_workgroup && strcmp(argv[0], "none") == 0)) {
		replace(p, NULL);
		return 0;
	}
	if (p == &s->athena_table && athena_check_table(key, argv[0], ei) == -1)
		return -1;
	if (p == &s->athena_workgroup &&
	    athena_check_workgroup(key, argv[0], ei) == -1)
		return -1;
	if (p == &s->athena_output &&
	    athena_check_output(key, argv[0], ei) == -1)
		return -1;
	replace(p, argv[0]);
	return 0;
}

/* The AWS identity changed: the log groups listed are another's. */
static int
set_aws(struct session *s, char **p, int argc, char *const *argv)
{
	replace(p, argc > 0 ? argv[0] : NULL);
	xfree_strings(s->known_groups, s->nknown_groups);
	s->known_groups = NULL;
	s->nknown_groups = 0;
	s->groups_listed = false;
	return 0;
}

static int
set(struct session *s, const char *key, int argc, char *const *argv,
    struct errinfo *ei)
{
	bool many = strcmp(key, "source") == 0 || strcmp(key, "window") == 0 ||
	    strcmp(key, "format") == 0 || strcmp(key, "interface") == 0 ||
	    strcmp(key, "config") == 0;

	/* The region and the profile may be unset: AWS's defaults apply. */
	if (strcmp(key, "region") == 0 && argc <= 1)
		return set_aws(s, &s->region, argc, argv);
	if (strcmp(key, "profile") == 0 && argc <= 1)
		return set_aws(s, &s->profile, argc, argv);
	if (strcmp(key, "athena-table") == 0 ||
	    strcmp(key, "athena-workgroup") == 0 ||
	    strcmp(key, "athena-output") == 0)
		return set_athena(s, key, argc, argv, ei);
	if (argc < 1 || (!many && argc > 1))
		return errinfo_set(ei, EC_USAGE, "set %s takes %s", key,
		    many ? "values" : "one value");
	if (strcmp(key, "target") == 0)
		return set_target(s, argv[0], ei);
	if (strcmp(key, "port") == 0)
		return set_port(s, argv[0], ei);
	if (strcmp(key, "protocol") == 0)
		return set_protocol(s, argv[0], ei);
	if (strcmp(key, "client") == 0)
		return set_client(s, argv[0], ei);
	if (strcmp(key, "window") == 0)
		return set_window(s, argc, argv, ei);
	if (strcmp(key, "source") == 0)
		return set_source(s, argc, argv, ei);
	if (strcmp(key, "format") == 0)
		return set_format(s, argc, argv, ei);
	if (strcmp(key, "interface") == 0)
		return set_interfaces(s, argc, argv, ei);
	if (strcmp(key, "traffic-type") == 0)
		return set_traffic_type(s, argv[0], ei);
	if (strcmp(key, "config") == 0)
		return set_configs(s, argc, argv, ei);
	if (strcmp(key, "engine") == 0)
		return source_engine_parse("engine", argv[0], &s->engine, ei);
	return errinfo_set(ei, EC_USAGE,
	    "cannot set '%s': target, port, protocol, client, window, "
	    "source, format, interface, traffic-type, config, region, "
	    "profile, engine, athena-table, athena-workgroup or "
	    "athena-output",
	    key);
}

int
session_set(struct session *s, const char *key, int argc, char *const *argv,
    struct errinfo *ei)
{
	if (set(s, key, argc, argv, ei) == -1)
		return -1;
	s->stale = s->run != NULL;
	return 0;
}

void
session_forget_source(struct session *s)
{
	xfree_strings(s->files, s->nfiles);
	xfree_strings(s->groups, s->ngroups);
	xfree_strings(s->s3, s->ns3);
	s->files = s->groups = s->s3 = NULL;
	s->nfiles = s->ngroups = s->ns3 = 0;
}

const char *
session_missing(const struct session *s)
{
	if (s->address == NULL)
		return "the target's address (set target ADDRESS:PORT)";
	if (s->port == NULL)
		return "the port (set port N, or set port none for ICMP)";
	/* The table is the source; files and S3 may be read with it. */
	if (s->engine == ENGINE_ATHENA)
		return s->athena_table == NULL ? athena_no_table : NULL;
	if (s->nfiles == 0 && s->ngroups == 0 && s->ns3 == 0)
		return "where the flow logs are (set source PATH, set "
		       "source log-group NAME, or set source s3 "
		       "s3://BUCKET/PREFIX)";
	return NULL;
}

int
session_target(const struct session *s, struct target *t, struct errinfo *ei)
{
	int64_t now = when_now();
	const char *missing = session_missing(s);

	if (missing == athena_no_table)
		return errinfo_set(ei, EC_USAGE,
		    "engine athena needs the table: set athena-table "
		    "DB.TABLE");
	if (missing != NULL)
		return errinfo_set(ei, EC_USAGE, "not yet set: %s", missing);
	if (question(s->address, s->port, s->protocol, s->client, t, ei) == -1)
		return -1;
	if (s->from != NULL && when_parse(s->from, now, &t->from, ei) == -1)
		return -1;
	if (s->to != NULL && when_parse(s->to, now, &t->to, ei) == -1)
		return -1;
	return 0;
}

/* The target and the pipeline's options for a run over the settings (o
 * points into s), as check makes them of its arguments. */
static int
prepare(const struct session *s, struct target *t, struct pipeline_options *o,
    struct errinfo *ei)
{
	if (session_target(s, t, ei) == -1)
		return -1;
	if (s->engine == ENGINE_ATHENA && s->ngroups > 0) {
		return errinfo_set(ei, EC_USAGE,
		    "engine athena reads the table, not log groups: set "
		    "source to files or S3, or set engine auto");
	}
	memset(o, 0, sizeof(*o));
	o->files = (const char *const *)s->files;
	o->nfiles = s->nfiles;
	o->groups = (const char *const *)s->groups;
	o->ngroups = s->ngroups;
	o->s3 = (const char *const *)s->s3;
	o->ns3 = s->ns3;
	o->aws.region = s->region;
	o->aws.profile = s->profile;
	o->engine = s->engine;
	o->athena_table = s->athena_table;
	o->athena_workgroup = s->athena_workgroup;
	o->athena_output = s->athena_output;
	/* At a terminal, as check shows it: on stderr, when it is one. */
	o->progress = s->interactive && isatty(STDERR_FILENO);
	o->format = s->format;
	o->interfaces = (const char *const *)s->interfaces;
	o->ninterfaces = s->ninterfaces;
	o->configs = (const char *const *)s->configs;
	o->nconfigs = s->nconfigs;
	o->traffic_type = s->traffic_type;
	pipeline_window(t, o);
	return 0;
}

int
session_run(struct session *s, struct errinfo *ei)
{
	struct pipeline_options o;
	struct pipeline *p;
	struct target t;

	if (prepare(s, &t, &o, ei) == -1)
		return -1;
	p = xcalloc(1, sizeof(*p));
	if (pipeline_run(p, &t, &o, ei) == -1) {
		pipeline_release(p);
		free(p);
		return -1;
	}
	drop_run(s);
	s->run = p;
	s->stale = false;
	output_warnings(stderr, &p->scan);
	if (scan_damaged(&p->scan) != NULL) {
		escape_line(stderr,
		    "flowdiag: warning: %s; the records before the damage "
		    "were read",
		    scan_damaged(&p->scan)->problem);
	}
	return 0;
}

char *
session_query(const struct session *s, struct errinfo *ei)
{
	struct pipeline_options o;
	struct target t;

	if (s->engine != ENGINE_ATHENA) {
		errinfo_set(ei, EC_USAGE,
		    "show query is for engine athena: set engine athena");
		return NULL;
	}
	if (prepare(s, &t, &o, ei) == -1)
		return NULL;
	return pipeline_athena_query(&t, &o, ei);
}

const struct diagnosis *
session_diagnosis(const struct session *s, struct errinfo *ei)
{
	if (s->run == NULL || !s->run->diagnosed) {
		errinfo_set(ei, EC_USAGE,
		    "no verdict yet: type run (or guide to be asked what "
		    "it needs)");
		return NULL;
	}
	if (s->stale) {
		escape_printf(s->out,
		    "(the settings changed since this verdict: "
		    "run brings it up to date)\n");
	}
	return &s->run->d;
}

int
session_show_width(const struct session *s)
{
	const char *const *k;
	int w = (int)strlen("verdict"), len;

	for (k = session_keys; *k != NULL; k++) {
		if (strncmp(*k, "athena-", 7) == 0 &&
		    s->engine != ENGINE_ATHENA)
			continue;
		if ((len = (int)strlen(*k)) > w)
			w = len;
	}
	return w;
}

static void
show_list(FILE *fp, int w, const char *name, char *const *v, size_t n)
{
	size_t i;

	escape_printf(fp, "  %-*s ", w, name);
	for (i = 0; i < n; i++)
		escape_printf(fp, "%s%s", i > 0 ? " " : "", v[i]);
	fputc('\n', fp);
}

void
session_show(const struct session *s, FILE *fp)
{
	const char *unset = "(not set)";
	int w = session_show_width(s);
	bool athena = s->engine == ENGINE_ATHENA;
	/* Read over AWS: a window defaults to the last hour, and the region
	 * and profile apply. */
	bool aws = s->ngroups > 0 || s->ns3 > 0 || athena;

	escape_printf(fp, "  %-*s %s\n", w, "target",
	    s->address != NULL ? s->address : unset);
	escape_printf(fp, "  %-*s %s\n", w, "port",
	    s->port == NULL                    ? unset
		: strcmp(s->port, "none") == 0 ? "none (ICMP)"
					       : s->port);
	escape_printf(fp, "  %-*s %s\n", w, "protocol",
	    s->protocol != NULL ? s->protocol
		: s->port != NULL && strcmp(s->port, "none") == 0
		? "icmp"
		: "any (TCP and UDP)");
	escape_printf(fp, "  %-*s %s\n", w, "client",
	    s->client != NULL ? s->client : "all");
	if (s->from == NULL)
		escape_printf(fp, "  %-*s %s\n", w, "window",
		    aws ? "the last hour" : "all the records");
	else
		escape_printf(fp, "  %-*s %s to %s\n", w, "window", s->from,
		    s->to != NULL ? s->to
			: aws     ? "now"
				  : "the last record");
	if (s->ngroups > 0)
		show_list(fp, w, "source", s->groups, s->ngroups);
	else if (s->ns3 > 0)
		show_list(fp, w, "source", s->s3, s->ns3);
	else if (s->nfiles > 0)
		show_list(fp, w, "source", s->files, s->nfiles);
	else
		escape_printf(fp, "  %-*s %s\n", w, "source",
		    athena ? "(the Athena table)" : unset);
	if (aws) {
		escape_printf(fp, "  %-*s %s\n", w, "region",
		    s->region != NULL ? s->region : "(from the environment)");
		escape_printf(fp, "  %-*s %s\n", w, "profile",
		    s->profile != NULL ? s->profile : "(default)");
	}
	escape_printf(fp, "  %-*s %s\n", w, "engine",
	    source_engine_names[s->engine]);
	if (athena) {
		escape_printf(fp, "  %-*s %s\n", w, "athena-table",
		    s->athena_table != NULL ? s->athena_table : unset);
		escape_printf(fp, "  %-*s %s\n", w, "athena-workgroup",
		    s->athena_workgroup != NULL ? s->athena_workgroup
						: "primary");
		escape_printf(fp, "  %-*s %s\n", w, "athena-output",
		    s->athena_output != NULL ? s->athena_output
					     : "(the workgroup's)");
	}
	escape_printf(fp, "  %-*s %s\n", w, "format",
	    s->format != NULL ? s->format : "default (or the file's header)");
	if (s->ninterfaces > 0)
		show_list(fp, w, "interface", s->interfaces, s->ninterfaces);
	else
		escape_printf(fp, "  %-*s %s\n", w, "interface",
		    "(from the records)");
	escape_printf(fp, "  %-*s %s\n", w, "traffic-type",
	    s->traffic_type != NULL ? s->traffic_type : "unknown");
	if (s->nconfigs > 0)
		show_list(fp, w, "config", s->configs, s->nconfigs);
	else
		escape_printf(fp, "  %-*s %s\n", w, "config",
		    s->ngroups > 0 ? "(from EC2)" : "(none)");
}

int
session_list_groups(struct session *s, bool patient, struct errinfo *ei)
{
	struct aws_options o = { 0 };
	struct aws_client c;
	int ret = -1;

	if (s->groups_listed)
		return 0;
	o.region = s->region;
	o.profile = s->profile;
	if (aws_client_init(&c, "logs", "Logs_20140328", "CLOUDWATCH_LOGS", &o,
		ei) == 0) {
		/* One that failed is tried again at the next Tab. */
		c.timeout_ms =
		    patient ? LIST_PATIENT_TIMEOUT_MS : LIST_TIMEOUT_MS;
		if (!patient)
			c.attempts = 1;
		if ((ret = cwl_list_groups(&c, "", NULL, &s->known_groups,
			 &s->nknown_groups, ei)) == 0)
			s->groups_listed = true;
	}
	aws_client_release(&c);
	return ret;
}
