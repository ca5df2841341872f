#include "config.h"

#include "flowdiag/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowdiag/aws.h"
#include "flowdiag/cwl.h"
#include "flowdiag/ec2.h"
#include "flowdiag/engine.h"
#include "flowdiag/evidence.h"
#include "flowdiag/http.h"
#include "flowdiag/insights.h"
#include "flowdiag/output.h"
#include "flowdiag/report.h"
#include "flowdiag/rule.h"
#include "flowdiag/scan.h"
#include "flowdiag/target.h"
#include "flowdiag/when.h"
#include "flowdiag/xmalloc.h"

static const char usage[] =
    "usage: flowdiag check TARGET --file PATH... [options]\n"
    "  TARGET is ADDRESS:PORT, [IPV6]:PORT, or ADDRESS for ICMP\n"
    "  -f, --file PATH        flow logs: a file, a directory, or - (stdin)\n"
    "  -g, --log-group NAME   flow logs in CloudWatch Logs (repeatable)\n"
    "      --region R, --profile P, --endpoint-url URL\n"
    "                         where and as whom to reach AWS\n"
    "      --debug            trace AWS requests (secrets redacted)\n"
    "      --no-ec2           do not ask EC2 for the log groups' flow logs\n"
    "      --engine E         filter, insights or auto (default): how to\n"
    "                         read log groups\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -F, --log-format FMT   field order of headerless input,\n"
    "                         e.g. '${version} ${vpc-id} ...'\n"
    "  -p, --protocol P       tcp, udp, icmp, icmpv6 or a number\n"
    "  -c, --client ADDR|CIDR only traffic from these clients\n"
    "      --from T, --to T   window: Unix seconds, ISO 8601 or -2h\n"
    "  -i, --interface ENI    the target's network interface, when no\n"
    "                         record names its address (repeatable)\n"
    "      --traffic-type T   what the flow log records: ALL, ACCEPT, REJECT\n"
    "      --rules DIR        read the rules from DIR\n"
    "  -r, --records          list the target's records, no diagnosis\n"
    "  -e, --explain          add the teaching notes\n"
    "  -j, --json             print JSON\n"
    "      --validate         parse every record, not only the target's\n"
    "      --keep N           keep at most N matching records (20000)\n";

/* Flow logs reach S3 within about ten minutes (CloudWatch Logs five). */
#define DELIVERY_DELAY 600

/*
 * --engine auto takes Logs Insights for a window longer than this, or for
 * more log groups than AUTO_GROUPS.  FilterLogEvents reads every event of
 * every stream in the window, one group after the other, a page at a time
 * at about five requests a second: its cost grows with the window and the
 * groups.  Insights scans in parallel on the service side and returns only
 * the aggregates the evidence needs, but it is billed by the bytes it
 * scans, takes some seconds to start, and folds records into rows; for a
 * short window over a few groups FilterLogEvents is cheaper, as quick, and
 * exact, record by record.
 */
#define AUTO_WINDOW (6 * 3600)
#define AUTO_GROUPS 3

enum engine {
	ENGINE_AUTO,
	ENGINE_FILTER,
	ENGINE_INSIGHTS,
};

enum {
	OPT_FROM = 256,
	OPT_TO,
	OPT_VALIDATE,
	OPT_KEEP,
	OPT_TRAFFIC,
	OPT_RULES,
	OPT_REGION,
	OPT_PROFILE,
	OPT_ENDPOINT,
	OPT_DEBUG,
	OPT_NO_EC2,
	OPT_ENGINE,
};

static const struct option options[] = {
	{ "file", required_argument, NULL, 'f' },
	{ "log-format", required_argument, NULL, 'F' },
	{ "protocol", required_argument, NULL, 'p' },
	{ "client", required_argument, NULL, 'c' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "interface", required_argument, NULL, 'i' },
	{ "traffic-type", required_argument, NULL, OPT_TRAFFIC },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "log-group", required_argument, NULL, 'g' },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "no-ec2", no_argument, NULL, OPT_NO_EC2 },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "explain", no_argument, NULL, 'e' },
	{ "records", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'j' },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct check_args {
	const char **files;
	size_t nfiles;
	const char **groups;
	size_t ngroups;
	struct aws_options aws;
	bool debug;
	bool quiet;
	bool no_ec2;
	enum engine engine;
	const char **interfaces;
	size_t ninterfaces;
	const char *traffic_type;
	const char *rules;
	bool explain;
	const char *format;
	const char *protocol;
	const char *client;
	const char *from;
	const char *to;
	bool records;
	bool json;
	bool validate;
	size_t keep;
};

static int
parse_args(int argc, char **argv, struct check_args *a, struct errinfo *ei)
{
	char *end;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:F:g:p:c:i:qerjh", options,
		    NULL)) != -1) {
		switch (c) {
		case 'f':
			a->files = xreallocarray(a->files, a->nfiles + 1,
			    sizeof(*a->files));
			a->files[a->nfiles++] = optarg;
			break;
		case 'F':
			a->format = optarg;
			break;
		case 'i':
			a->interfaces = xreallocarray(a->interfaces,
			    a->ninterfaces + 1, sizeof(*a->interfaces));
			a->interfaces[a->ninterfaces++] = optarg;
			break;
		case OPT_TRAFFIC:
			if (strcmp(optarg, "ALL") != 0 &&
			    strcmp(optarg, "ACCEPT") != 0 &&
			    strcmp(optarg, "REJECT") != 0) {
				return errinfo_set(ei, EC_USAGE,
				    "--traffic-type is ALL, ACCEPT or REJECT");
			}
			a->traffic_type = optarg;
			break;
		case OPT_RULES:
			a->rules = optarg;
			break;
		case 'g':
			a->groups = xreallocarray(a->groups, a->ngroups + 1,
			    sizeof(*a->groups));
			a->groups[a->ngroups++] = optarg;
			break;
		case OPT_REGION:
			a->aws.region = optarg;
			break;
		case OPT_PROFILE:
			a->aws.profile = optarg;
			break;
		case OPT_ENDPOINT:
			a->aws.endpoint_url = optarg;
			break;
		case OPT_DEBUG:
			a->debug = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case OPT_NO_EC2:
			a->no_ec2 = true;
			break;
		case OPT_ENGINE:
			if (strcmp(optarg, "auto") == 0)
				a->engine = ENGINE_AUTO;
			else if (strcmp(optarg, "filter") == 0)
				a->engine = ENGINE_FILTER;
			else if (strcmp(optarg, "insights") == 0)
				a->engine = ENGINE_INSIGHTS;
			else {
				return errinfo_set(ei, EC_USAGE,
				    "--engine is filter, insights or auto");
			}
			break;
		case 'e':
			a->explain = true;
			break;
		case 'p':
			a->protocol = optarg;
			break;
		case 'c':
			a->client = optarg;
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		case 'r':
			a->records = true;
			break;
		case 'j':
			a->json = true;
			break;
		case OPT_VALIDATE:
			a->validate = true;
			break;
		case OPT_KEEP:
			errno = 0;
			a->keep = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    a->keep == 0 || errno == ERANGE) {
				return errinfo_set(ei, EC_USAGE,
				    "--keep takes a positive number");
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			return errinfo_set(ei, EC_USAGE,
			    "check: unknown or incomplete option '%s' (see "
			    "flowdiag check --help)",
			    argv[optind - 1]);
		}
	}
	return 0;
}

/* Builds the target and window from the arguments. */
static int
make_target(const char *spec, const struct check_args *a, struct target *t,
    struct errinfo *ei)
{
	int64_t now = when_now();

	if (target_parse(spec, t, ei) == -1)
		return -1;
	if (a->protocol != NULL &&
	    target_set_protocol(t, a->protocol, ei) == -1)
		return -1;
	if (a->client != NULL && target_set_client(t, a->client, ei) == -1)
		return -1;
	if (a->from != NULL && when_parse(a->from, now, &t->from, ei) == -1)
		return -1;
	if (a->to != NULL && when_parse(a->to, now, &t->to, ei) == -1)
		return -1;
	if (t->from > t->to) {
		return errinfo_set(ei, EC_USAGE,
		    "the window ends (--to) before it starts (--from)");
	}
	return 0;
}

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

static void
ec2_view_release(struct ec2_view *v)
{
	free(v->formats);
	free(v->has_format);
	xfree_strings(v->interfaces, v->ninterfaces);
	free(v->no_flow_log);
	free(v->delivery_error);
	memset(v, 0, sizeof(*v));
}

static void
warn(const char *what, const char *then)
{
	fprintf(stderr, "flowdiag: warning: %s: %s\n", what, then);
}

/* Takes the format of each log group from the flow logs that deliver to
 * it, warning about those it cannot have; -1 when EC2 cannot be asked. */
static int
group_formats(struct aws_client *c, const struct check_args *a,
    struct ec2_view *v, struct errinfo *ei)
{
	static const char dflt[] = "assuming the default format (give "
				   "--log-format)";
	struct ec2_flow_logs fl = { 0 };
	const struct ec2_flow_log *f;
	struct errinfo e;
	char what[ERRINFO_MSGLEN + 128];
	size_t i, j;

	for (i = 0; i < a->ngroups; i++) {
		if (ec2_describe_flow_logs(c, "log-group-name", &a->groups[i],
			1, &fl, ei) == -1) {
			ec2_flow_logs_release(&fl);
			return -1;
		}
		for (j = 0, f = NULL; j < fl.n && f == NULL; j++) {
			if (fl.v[j].format != NULL && fl.v[j].format[0] != '\0')
				f = &fl.v[j];
		}
		if (f == NULL) {
			snprintf(what, sizeof(what),
			    "no flow log delivers to log group '%s' in %s, "
			    "EC2 says",
			    a->groups[i], c->region);
			warn(what, dflt);
		} else if (flow_format_parse(f->format, &v->formats[i], &e) ==
		    -1) {
			snprintf(what, sizeof(what),
			    "cannot read the format of flow log %s: %s", f->id,
			    e.msg);
			warn(what, dflt);
		} else {
			v->has_format[i] = true;
			for (j = 0; j < fl.n; j++) {
				if (fl.v[j].format == NULL ||
				    strcmp(fl.v[j].format, f->format) == 0)
					continue;
				snprintf(what, sizeof(what),
				    "flow logs %s and %s deliver to log group "
				    "'%s' in different formats",
				    f->id, fl.v[j].id, a->groups[i]);
				warn(what,
				    "reading it in the first one's (give "
				    "--log-format)");
				break;
			}
			if (a->debug) {
				fprintf(stderr,
				    "flowdiag: debug: log group '%s': the "
				    "format of %s: %s\n",
				    a->groups[i], f->id, f->format);
			}
		}
		ec2_flow_logs_release(&fl);
	}
	return 0;
}

static bool
is_group(const struct check_args *a, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < a->ngroups; i++) {
		if (strcmp(a->groups[i], name) == 0)
			return true;
	}
	return false;
}

/* Weighs the flow logs that cover the target's interfaces: those that
 * deliver to the log groups read give the traffic type, the creation
 * time and any delivery error; with none, says why in no_flow_log. */
static void
weigh_flow_logs(const struct check_args *a, const struct ec2_interface *is,
    size_t nis, const struct ec2_flow_logs *fl, struct ec2_view *v)
{
	char other[256] = "", groups[256] = "";
	bool acc = false, rej = false;
	size_t i, n = 0, len;

	for (i = 0; i < fl->n; i++) {
		const struct ec2_flow_log *f = &fl->v[i];
		const char *tt = f->traffic_type != NULL ? f->traffic_type : "";

		if (a->debug) {
			fprintf(stderr,
			    "flowdiag: debug: %s on %s: %s to %s, created "
			    "%lld, %s, %lds\n",
			    f->id, f->resource ? f->resource : "?", tt,
			    f->group != NULL     ? f->group
				: f->destination ? f->destination
						 : "?",
			    (long long)f->created, f->status ? f->status : "?",
			    f->aggregation);
		}
		if (!is_group(a, f->group)) {
			len = strlen(other);
			snprintf(other + len, sizeof(other) - len, "%s%s to %s",
			    len ? ", " : "", f->id,
			    f->group != NULL     ? f->group
				: f->destination ? f->destination
						 : "elsewhere");
			continue;
		}
		n++;
		acc |= strcmp(tt, "ALL") == 0 || strcmp(tt, "ACCEPT") == 0;
		rej |= strcmp(tt, "ALL") == 0 || strcmp(tt, "REJECT") == 0;
		if (f->created != 0 &&
		    (v->created == 0 || f->created < v->created))
			v->created = f->created;
		if (f->status != NULL && strcmp(f->status, "SUCCESS") != 0 &&
		    v->delivery_error == NULL) {
			xasprintf(&v->delivery_error, "%s: %s", f->id,
			    f->error != NULL ? f->error : f->status);
		}
	}
	v->traffic_type = acc && rej ? "ALL"
	    : acc                    ? "ACCEPT"
	    : rej                    ? "REJECT"
				     : NULL;
	if (n > 0)
		return;
	for (i = 0; i < a->ngroups; i++) {
		len = strlen(groups);
		snprintf(groups + len, sizeof(groups) - len, "%s'%s'",
		    i ? ", " : "", a->groups[i]);
	}
	xasprintf(&v->no_flow_log,
	    "no flow log on %s, its subnet %s or its VPC %s%s delivers to "
	    "log group %s, EC2 says%s%s%s",
	    is[0].id, is[0].subnet ? is[0].subnet : "?",
	    is[0].vpc ? is[0].vpc : "?",
	    nis > 1 ? " (nor on the other interfaces with the address)" : "",
	    groups, other[0] ? " (other flow logs cover it: " : "", other,
	    other[0] ? ")" : "");
}

/* Finds the target's interfaces and the flow logs that cover them. */
static int
coverage(struct aws_client *c, const struct check_args *a,
    const struct target *t, struct ec2_view *v, struct errinfo *ei)
{
	struct ec2_interface *is = NULL;
	struct ec2_flow_logs fl = { 0 };
	const char **values = NULL;
	size_t i, n = 0, nv = 0;
	int ret = -1;

	if (ec2_find_interfaces(c, &t->addr, &is, &n, ei) == -1)
		goto out;
	if (n == 0) {
		if (a->debug) {
			fprintf(stderr,
			    "flowdiag: debug: no network interface in %s has "
			    "the target's address\n",
			    c->region);
		}
		ret = 0;
		goto out;
	}
	values = xcalloc(3 * n, sizeof(*values));
	v->interfaces = xcalloc(n, sizeof(*v->interfaces));
	for (i = 0; i < n; i++) {
		v->interfaces[v->ninterfaces++] = xstrdup(is[i].id);
		values[nv++] = is[i].id;
		if (is[i].subnet != NULL)
			values[nv++] = is[i].subnet;
		if (is[i].vpc != NULL)
			values[nv++] = is[i].vpc;
	}
	if (ec2_describe_flow_logs(c, "resource-id", values, nv, &fl, ei) == -1)
		goto out;
	weigh_flow_logs(a, is, n, &fl, v);
	v->covered = true;
	ret = 0;
out:
	ec2_flow_logs_release(&fl);
	ec2_interfaces_free(is, n);
	free(values);
	return ret;
}

/* Asks EC2 for the log groups' formats (without --log-format) and the
 * flow logs that cover the target (unless only records are listed).
 * What cannot be had is a warning; -1 only when no client can be set up
 * (no credentials, a bad endpoint), which would stop the log groups too. */
static int
consult_ec2(const struct check_args *a, const struct target *t,
    struct ec2_view *v, struct errinfo *ei)
{
	struct aws_options o = a->aws;
	struct aws_client c;
	struct errinfo e;
	int ret = -1;

	v->formats = xcalloc(a->ngroups, sizeof(*v->formats));
	v->has_format = xcalloc(a->ngroups, sizeof(*v->has_format));
	/* --endpoint-url is CloudWatch Logs': EC2 has its variables. */
	o.endpoint_url = NULL;
	http_set_debug(a->debug);
	if (aws_client_init(&c, "ec2", EC2_API_VERSION, "EC2", &o, ei) == -1)
		goto out;
	if (a->format == NULL && group_formats(&c, a, v, &e) == -1) {
		warn(e.msg, "assuming the default format (give --log-format)");
		ret = 0;
		goto out;
	}
	if (!a->records && coverage(&c, a, t, v, &e) == -1) {
		warn(e.msg,
		    "going on without EC2's view of the flow logs (or give "
		    "--no-ec2)");
	}
	ret = 0;
out:
	aws_client_release(&c);
	return ret;
}

/* The format of log group i: its flow log's when EC2 gave it, else base. */
static const struct flow_format *
group_format(const struct ec2_view *v, size_t i, const struct flow_format *base)
{
	return v->has_format != NULL && v->has_format[i] ? &v->formats[i]
							 : base;
}

/* Reads the log groups with FilterLogEvents, one after the other. */
static int
fetch_filter(struct aws_client *c, struct scan *s, const struct check_args *a,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base, struct errinfo *ei)
{
	struct cwl_stats st = { 0 };
	size_t i;

	st.progress = !a->quiet && isatty(STDERR_FILENO);
	for (i = 0; i < a->ngroups; i++) {
		scan_set_format(s, group_format(v, i, base));
		if (cwl_fetch(c, a->groups[i], t->from, t->to, s, &st, ei) ==
		    -1)
			return -1;
	}
	if (a->debug) {
		fprintf(stderr,
		    "flowdiag: debug: %" PRIu64 " requests, %" PRIu64
		    " pages, %" PRIu64 " events\n",
		    c->requests, st.pages, st.events);
	}
	return 0;
}

/* Reads the log groups with Logs Insights: one query for all the groups
 * of a format, so one for them all unless EC2 gave them different ones. */
static int
fetch_insights(struct aws_client *c, struct scan *s, const struct check_args *a,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base, struct errinfo *ei)
{
	struct insights_stats st = { 0 };
	const struct flow_format *fmt;
	const char **names = xcalloc(a->ngroups, sizeof(*names));
	bool *done = xcalloc(a->ngroups, sizeof(*done));
	size_t i, j, n;
	int ret = -1;

	st.progress = !a->quiet && isatty(STDERR_FILENO);
	for (i = 0; i < a->ngroups; i++) {
		if (done[i])
			continue;
		fmt = group_format(v, i, base);
		for (j = i, n = 0; j < a->ngroups; j++) {
			if (!done[j] &&
			    flow_format_equal(group_format(v, j, base), fmt)) {
				done[j] = true;
				names[n++] = a->groups[j];
			}
		}
		if (insights_fetch(c, names, n, t->from, t->to, fmt, s, &st,
			ei) == -1)
			goto out;
	}
	if (st.partial) {
		fprintf(stderr,
		    "flowdiag: warning: Insights returned the %d-row maximum: "
		    "results are partial; narrow --from/--to or use --engine "
		    "filter\n",
		    INSIGHTS_LIMIT);
	}
	if (a->debug) {
		fprintf(stderr,
		    "flowdiag: debug: %" PRIu64 " requests, %" PRIu64
		    " queries, %" PRIu64 " polls, %" PRIu64 " rows\n",
		    c->requests, st.queries, st.polls, st.rows);
	}
	ret = 0;
out:
	free(names);
	free(done);
	return ret;
}

/* Reads the log groups' records in the window into s, each in its flow
 * log's format when EC2 gave it, else in base, with the engine asked for
 * or the one that suits the window and the number of groups. */
static int
fetch_groups(struct scan *s, const struct check_args *a, const struct target *t,
    const struct ec2_view *v, const struct flow_format *base,
    struct errinfo *ei)
{
	struct aws_client c;
	enum engine e = a->engine;
	int ret = -1;

	if (e == ENGINE_AUTO) {
		e = t->to - t->from > AUTO_WINDOW || a->ngroups > AUTO_GROUPS
		    ? ENGINE_INSIGHTS
		    : ENGINE_FILTER;
	}
	if (a->debug) {
		fprintf(stderr,
		    "flowdiag: debug: engine %s: a %llds window, %zu log "
		    "group%s\n",
		    e == ENGINE_INSIGHTS ? "insights" : "filter",
		    (long long)(t->to - t->from), a->ngroups,
		    a->ngroups == 1 ? "" : "s");
	}
	http_set_debug(a->debug);
	if (aws_client_init(&c, "logs", "Logs_20140328", "CLOUDWATCH_LOGS",
		&a->aws, ei) == -1)
		goto out;
	if (e == ENGINE_INSIGHTS)
		ret = fetch_insights(&c, s, a, t, v, base, ei);
	else
		ret = fetch_filter(&c, s, a, t, v, base, ei);
out:
	aws_client_release(&c);
	return ret;
}

/* Lists the records (--records), as a table or a JSON array. */
static int
list_records(const struct scan *s, const struct check_args *a,
    struct errinfo *ei)
{
	json_t *root;
	int ret;

	if (!a->json) {
		output_records_text(stdout, s);
		return 0;
	}
	root = output_records_json(s);
	ret = output_json(stdout, root, ei);
	json_decref(root);
	return ret;
}

/* Diagnoses: evidence, rules, verdict, report; returns the exit status
 * of the verdict's category, or -1. */
static int
diagnose(const struct scan *s, const struct check_args *a,
    const struct ec2_view *v, struct errinfo *ei)
{
	struct evidence_options eo = { 0 };
	struct rule_set rs;
	struct evidence ev;
	struct diagnosis d = { 0 };
	json_t *root;
	int flags = 0, status = -1;

	rule_set_init(&rs);
	if (rule_load_default(&rs, a->rules, ei) == -1)
		goto out;
	eo.interfaces = a->interfaces;
	eo.ninterfaces = a->ninterfaces;
	eo.traffic_type =
	    a->traffic_type != NULL ? a->traffic_type : v->traffic_type;
	eo.ec2_interfaces = (const char *const *)v->interfaces;
	eo.nec2_interfaces = v->ninterfaces;
	eo.ec2 = v->covered;
	eo.no_flow_log = v->no_flow_log;
	eo.created = v->created;
	eo.delivery_error = v->delivery_error;
	eo.now = when_now();
	eo.delivery_delay = DELIVERY_DELAY;
	evidence_build(&ev, s, &eo);
	diagnosis_run(&d, &rs, &ev);
	if (a->json) {
		root = report_json(&d);
		status = output_json(stdout, root, ei);
		json_decref(root);
	} else {
		if (isatty(STDOUT_FILENO) &&
		    (getenv("NO_COLOR") == NULL || *getenv("NO_COLOR") == '\0'))
			flags |= REPORT_COLOUR;
		if (a->explain)
			flags |= REPORT_EXPLAIN;
		report_text(stdout, &d, flags);
		status = 0;
	}
	if (status == 0)
		status = category_exit_status(d.verdict.category);
	diagnosis_release(&d);
	evidence_release(&ev);
out:
	rule_set_release(&rs);
	return status;
}

int
cmd_check(int argc, char **argv, struct errinfo *ei)
{
	struct check_args a = { 0 };
	struct ec2_view v = { 0 };
	struct flow_format fmt;
	struct scan_options so = { 0 };
	struct scan s;
	struct target t;
	const struct scan_file *bad;
	size_t i;
	int ret = -1, status = -1, verdict;

	if ((ret = parse_args(argc, argv, &a, ei)) != 0) {
		free(a.files);
		free(a.groups);
		free(a.interfaces);
		return ret == 1 ? 0 : -1;
	}
	ret = -1;
	if (optind == argc) {
		errinfo_set(ei, EC_USAGE,
		    "check: no target (flowdiag check ADDRESS:PORT --file PATH)");
		goto out;
	}
	if (optind != argc - 1) {
		errinfo_set(ei, EC_USAGE,
		    "check: one target only, got '%s' too", argv[optind + 1]);
		goto out;
	}
	if (make_target(argv[optind], &a, &t, ei) == -1)
		goto out;
	if (a.nfiles == 0 && a.ngroups == 0) {
		errinfo_set(ei, EC_USAGE,
		    "check: no input: give --file PATH or --log-group NAME");
		goto out;
	}
	/* CloudWatch has no end: without a window, the last hour. */
	if (a.ngroups > 0 && a.from == NULL)
		t.from = when_now() - 3600;
	if (a.ngroups > 0 && a.to == NULL)
		t.to = when_now();
	if (a.format != NULL && flow_format_parse(a.format, &fmt, ei) == -1)
		goto out;
	if (a.format == NULL)
		flow_format_default(&fmt);
	if (a.ngroups > 0 && !a.no_ec2 && consult_ec2(&a, &t, &v, ei) == -1)
		goto out;
	so.target = &t;
	so.format = a.format != NULL ? &fmt : NULL;
	so.examine_all = a.validate;
	so.keep = a.keep;
	scan_init(&s, &so);
	for (i = 0; i < a.nfiles; i++) {
		if (scan_path(&s, a.files[i], ei) == -1)
			goto release;
	}
	if (a.ngroups > 0 && fetch_groups(&s, &a, &t, &v, &fmt, ei) == -1)
		goto release;
	output_warnings(stderr, &s);
	if (a.records)
		verdict = list_records(&s, &a, ei);
	else
		verdict = diagnose(&s, &a, &v, ei);
	if (verdict == -1)
		goto release;
	if (fflush(stdout) == EOF) {
		errinfo_errno(ei, errno, "cannot write output");
		goto release;
	}
	if ((bad = scan_damaged(&s)) != NULL) {
		errinfo_set(ei, EC_DATA,
		    "%s; the records before the damage "
		    "were read",
		    bad->problem);
		goto release;
	}
	status = verdict;
release:
	scan_release(&s);
out:
	ec2_view_release(&v);
	free(a.files);
	free(a.groups);
	free(a.interfaces);
	return status;
}
