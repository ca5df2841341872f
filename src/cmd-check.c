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
#include "flowdiag/engine.h"
#include "flowdiag/evidence.h"
#include "flowdiag/http.h"
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
	while ((c = getopt_long(argc, argv, "f:F:g:p:c:i:erjh", options,
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

/* Reads the log groups' records in the window into s. */
static int
fetch_groups(struct scan *s, const struct check_args *a, const struct target *t,
    struct errinfo *ei)
{
	struct aws_client c;
	struct cwl_stats st = { 0 };
	size_t i;
	int ret = -1;

	http_set_debug(a->debug);
	if (aws_client_init(&c, "logs", "Logs_20140328", "CLOUDWATCH_LOGS",
		&a->aws, ei) == -1)
		goto out;
	for (i = 0; i < a->ngroups; i++) {
		if (cwl_fetch(&c, a->groups[i], t->from, t->to, s, &st, ei) ==
		    -1)
			goto out;
	}
	if (a->debug) {
		fprintf(stderr,
		    "flowdiag: debug: %" PRIu64 " requests, %" PRIu64
		    " pages, %" PRIu64 " events\n",
		    c.requests, st.pages, st.events);
	}
	ret = 0;
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
diagnose(const struct scan *s, const struct check_args *a, struct errinfo *ei)
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
	eo.traffic_type = a->traffic_type;
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
	so.target = &t;
	so.format = a.format != NULL ? &fmt : NULL;
	so.examine_all = a.validate;
	so.keep = a.keep;
	scan_init(&s, &so);
	for (i = 0; i < a.nfiles; i++) {
		if (scan_path(&s, a.files[i], ei) == -1)
			goto release;
	}
	if (a.ngroups > 0 && fetch_groups(&s, &a, &t, ei) == -1)
		goto release;
	output_warnings(stderr, &s);
	if (a.records)
		verdict = list_records(&s, &a, ei);
	else
		verdict = diagnose(&s, &a, ei);
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
	free(a.files);
	free(a.groups);
	free(a.interfaces);
	return status;
}
