#include "config.h"

#include "flowdiag/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowdiag/aws/athena.h"
#include "flowdiag/pipeline.h"
#include "flowdiag/record/ids.h"
#include "flowdiag/report/config.h"
#include "flowdiag/report/output.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/colour.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/near.h"
#include "flowdiag/util/term.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

#include "check-int.h"

static const char usage[] =
    "usage: flowdiag check TARGET --file PATH... [options]\n"
    "  TARGET is ADDRESS:PORT, [IPV6]:PORT, or ADDRESS for ICMP\n"
    "  -f, --file PATH        flow logs: a file, a directory, or - (stdin)\n"
    "  -g, --log-group NAME   flow logs in CloudWatch Logs (repeatable)\n"
    "      --s3 s3://BUCKET/PREFIX\n"
    "                         flow logs delivered to Amazon S3 (repeatable)\n"
    "      --account ID       the account whose S3 flow logs to read\n"
    "      --region R, --profile P, --endpoint-url URL\n"
    "                         where and as whom to reach AWS\n"
    "      --debug            trace AWS requests (secrets redacted)\n"
    "      --no-ec2           do not ask EC2 about the log groups' flow\n"
    "                         logs, nor (--s3) the address's account\n"
    "      --engine E         auto (default), filter (read here), insights\n"
    "                         (log groups) or athena (query a table)\n"
    "      --athena-table DB.TABLE\n"
    "                         the flow-log table --engine athena queries,\n"
    "                         as auto does for a big --s3 window\n"
    "      --athena-workgroup NAME, --athena-output s3://BUCKET/PREFIX/\n"
    "                         the workgroup (primary) and where results\n"
    "                         go (the workgroup's location)\n"
    "      --print-query      print the Athena query and exit\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -F, --log-format FMT   field order of headerless input,\n"
    "                         e.g. version,vpc-id,... or\n"
    "                         '${version} ${vpc-id} ...'\n"
    "  -p, --protocol P       tcp, udp, icmp, icmpv6, any or a number\n"
    "  -c, --client ADDR|CIDR only traffic from these clients\n"
    "      --from T, --to T   window: Unix seconds, ISO 8601 or -2h\n"
    "      --since D          the window starts D ago (30m, 2h, 1d)\n"
    "  -i, --interface ENI    the target's network interface, when no\n"
    "                         record names its address (repeatable)\n"
    "      --traffic-type T   what the flow log records: ALL, ACCEPT, REJECT\n"
    "      --config PATH      the security groups, network ACLs, route\n"
    "                         tables and interfaces as aws ec2 describe-*\n"
    "                         prints them (a file or directory,\n"
    "                         repeatable), or ec2 to ask EC2\n"
    "      --rules DIR        read the rules from DIR\n"
    "  -r, --records          list the target's records, no diagnosis\n"
    "  -e, --explain          add the teaching notes\n"
    "  -j, --json             print JSON\n"
    "      --color WHEN       auto (default), always or never\n"
    "      --validate         parse every record, not only the target's\n"
    "      --keep N           keep at most N matching records (20000)\n";

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
	OPT_CONFIG,
	OPT_SINCE,
	OPT_COLOR,
	OPT_S3,
	OPT_ACCOUNT,
	OPT_ATHENA_TABLE,
	OPT_ATHENA_WORKGROUP,
	OPT_ATHENA_OUTPUT,
	OPT_PRINT_QUERY,
};

static const struct option options[] = {
	{ "file", required_argument, NULL, 'f' },
	{ "log-format", required_argument, NULL, 'F' },
	{ "protocol", required_argument, NULL, 'p' },
	{ "client", required_argument, NULL, 'c' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "interface", required_argument, NULL, 'i' },
	{ "traffic-type", required_argument, NULL, OPT_TRAFFIC },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "log-group", required_argument, NULL, 'g' },
	{ "s3", required_argument, NULL, OPT_S3 },
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "no-ec2", no_argument, NULL, OPT_NO_EC2 },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "athena-table", required_argument, NULL, OPT_ATHENA_TABLE },
	{ "athena-workgroup", required_argument, NULL, OPT_ATHENA_WORKGROUP },
	{ "athena-output", required_argument, NULL, OPT_ATHENA_OUTPUT },
	{ "print-query", no_argument, NULL, OPT_PRINT_QUERY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "explain", no_argument, NULL, 'e' },
	{ "records", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'j' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

const char *const check_traffic_types[] = { "ALL", "ACCEPT", "REJECT", NULL };

/* The arguments: what the pipeline takes goes straight into o; its lists
 * grow here and o points to them once they are read. */
struct check_args {
	struct pipeline_options o;
	const char **files;
	size_t nfiles;
	const char **groups;
	size_t ngroups;
	const char **s3;
	size_t ns3;
	const char **interfaces;
	size_t ninterfaces;
	const char **configs;
	size_t nconfigs;
	const char *protocol;
	const char *client;
	const char *from;
	const char *to;
	const char *since;
	enum colour_mode colour;
	bool quiet;
	bool explain;
	bool json;
	bool print_query;
};

/* The long name of the option whose value is val. */
static const char *
option_name(int val)
{
	const struct option *o;

	for (o = options; o->name != NULL; o++) {
		if (o->val == val)
			return o->name;
	}
	return "?";
}

/* Says what is wrong with the option getopt_long refused, arg as given:
 * a value left out or given to a switch, a name that matches several, or
 * one unknown, with the nearest real name. */
static int
bad_option(const char *arg, int missing, struct errinfo *ei)
{
	const char *names[sizeof(options) / sizeof(options[0])];
	const char *near;
	char name[NEAR_NAME_MAX + 1], matches[512] = "";
	size_t i, n = 0, len;

	if (missing != 0) {
		return errinfo_set(ei, EC_USAGE,
		    "check: --%s needs a value (see flowdiag check --help)",
		    option_name(missing));
	}
	if (arg[0] != '-' || arg[1] != '-') {
		return errinfo_set(ei, EC_USAGE,
		    "check: unknown option '%s' (see flowdiag check --help)",
		    arg);
	}
	len = strcspn(arg + 2, "=");
	if (arg[2 + len] == '=' && optopt != 0) {
		return errinfo_set(ei, EC_USAGE, "check: --%s takes no value",
		    option_name(optopt));
	}
	snprintf(name, sizeof(name), "%.*s", (int)len, arg + 2);
	for (i = 0; options[i].name != NULL; i++) {
		names[i] = options[i].name;
		if (len > 0 && strncmp(options[i].name, name, len) == 0) {
			snprintf(matches + strlen(matches),
			    sizeof(matches) - strlen(matches), "%s--%s",
			    n++ > 0 ? ", " : "", options[i].name);
		}
	}
	names[i] = NULL;
	if (n > 1) {
		return errinfo_set(ei, EC_USAGE,
		    "check: ambiguous option '--%s': %s", name, matches);
	}
	if ((near = near_name(name, names)) != NULL) {
		return errinfo_set(ei, EC_USAGE,
		    "check: unknown option '--%s'; did you mean --%s?", name,
		    near);
	}
	return errinfo_set(ei, EC_USAGE,
	    "check: unknown option '--%s' (see flowdiag check --help)", name);
}

/* The index of word in the NULL-terminated words, or -1. */
static int
word_index(const char *const *words, const char *word)
{
	int i;

	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(words[i], word) == 0)
			return i;
	}
	return -1;
}

/* The sources asked for fit together: --engine athena reads a table, not
 * log groups; the --athena-* options belong to it, or to --s3 with
 * --engine auto, which may hand the window to the table; --print-query
 * belongs to --engine athena. */
static int
athena_args(const struct check_args *a, struct errinfo *ei)
{
	bool s3_auto = a->o.engine == ENGINE_AUTO && a->ns3 > 0;

	if (a->o.engine != ENGINE_ATHENA) {
		if (a->print_query) {
			return errinfo_set(ei, EC_USAGE,
			    "--print-query is for --engine athena: add it");
		}
		if (!s3_auto &&
		    (a->o.athena_table != NULL ||
			a->o.athena_workgroup != NULL ||
			a->o.athena_output != NULL)) {
			return errinfo_set(ei, EC_USAGE,
			    "--%s is for --engine athena, or --s3 with "
			    "--engine auto: add one",
			    a->o.athena_table != NULL ? "athena-table"
				: a->o.athena_workgroup != NULL
				? "athena-workgroup"
				: "athena-output");
		}
		if (s3_auto && a->o.athena_table == NULL &&
		    (a->o.athena_workgroup != NULL ||
			a->o.athena_output != NULL)) {
			return errinfo_set(ei, EC_USAGE,
			    "--%s is for the table: give --athena-table "
			    "DB.TABLE too",
			    a->o.athena_workgroup != NULL ? "athena-workgroup"
							  : "athena-output");
		}
		return 0;
	}
	if (a->o.athena_table == NULL) {
		return errinfo_set(ei, EC_USAGE,
		    "--engine athena needs the table: --athena-table DB.TABLE");
	}
	if (a->ngroups > 0) {
		return errinfo_set(ei, EC_USAGE,
		    "--engine athena reads the table, not log groups: give "
		    "--log-group or --engine athena, not both");
	}
	return 0;
}

static int
parse_args(int argc, char **argv, struct check_args *a, struct errinfo *ei)
{
	char *end;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:F:g:p:c:i:qerjh", options,
		    NULL)) != -1) {
		switch (c) {
		case 'f':
			a->files = xreallocarray(a->files, a->nfiles + 1,
			    sizeof(*a->files));
			a->files[a->nfiles++] = optarg;
			break;
		case 'F':
			a->o.format = optarg;
			break;
		case 'i':
			if (!ids_valid(FF_INTERFACE_ID, optarg))
				return errinfo_set(ei, EC_USAGE,
				    "--interface '%s': an ENI id (eni- and "
				    "hex digits)",
				    optarg);
			a->interfaces = xreallocarray(a->interfaces,
			    a->ninterfaces + 1, sizeof(*a->interfaces));
			a->interfaces[a->ninterfaces++] = optarg;
			break;
		case OPT_CONFIG:
			a->configs = xreallocarray(a->configs, a->nconfigs + 1,
			    sizeof(*a->configs));
			a->configs[a->nconfigs++] = optarg;
			break;
		case OPT_TRAFFIC:
			if (word_index(check_traffic_types, optarg) == -1) {
				return errinfo_set(ei, EC_USAGE,
				    "--traffic-type is ALL, ACCEPT or REJECT");
			}
			a->o.traffic_type = optarg;
			break;
		case OPT_RULES:
			a->o.rules = optarg;
			break;
		case 'g':
			a->groups = xreallocarray(a->groups, a->ngroups + 1,
			    sizeof(*a->groups));
			a->groups[a->ngroups++] = optarg;
			break;
		case OPT_S3:
			a->s3 =
			    xreallocarray(a->s3, a->ns3 + 1, sizeof(*a->s3));
			a->s3[a->ns3++] = optarg;
			break;
		case OPT_ACCOUNT:
			if (strlen(optarg) != 12 ||
			    strspn(optarg, "0123456789") != 12)
				return errinfo_set(ei, EC_USAGE,
				    "--account '%s': an AWS account id (12 "
				    "digits)",
				    optarg);
			a->o.account = optarg;
			break;
		case OPT_REGION:
			a->o.aws.region = optarg;
			break;
		case OPT_PROFILE:
			a->o.aws.profile = optarg;
			break;
		case OPT_ENDPOINT:
			a->o.aws.endpoint_url = optarg;
			break;
		case OPT_DEBUG:
			a->o.debug = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case OPT_NO_EC2:
			a->o.no_ec2 = true;
			break;
		case OPT_ENGINE:
			if (source_engine_parse("--engine", optarg,
				&a->o.engine, ei) == -1)
				return -1;
			break;
		case OPT_ATHENA_TABLE:
			a->o.athena_table = optarg;
			break;
		case OPT_ATHENA_WORKGROUP:
			if (athena_check_workgroup("--athena-workgroup", optarg,
				ei) == -1)
				return -1;
			a->o.athena_workgroup = optarg;
			break;
		case OPT_ATHENA_OUTPUT:
			if (athena_check_output("--athena-output", optarg,
				ei) == -1)
				return -1;
			a->o.athena_output = optarg;
			break;
		case OPT_PRINT_QUERY:
			a->print_query = true;
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
		case OPT_SINCE:
			a->since = optarg;
			break;
		case OPT_COLOR:
			if (colour_parse(optarg, &a->colour, ei) == -1)
				return -1;
			break;
		case 'r':
			a->o.records_only = true;
			break;
		case 'j':
			a->json = true;
			break;
		case OPT_VALIDATE:
			a->o.validate = true;
			break;
		case OPT_KEEP:
			errno = 0;
			a->o.keep = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    a->o.keep == 0 || errno == ERANGE) {
				return errinfo_set(ei, EC_USAGE,
				    "--keep takes a positive number");
			}
			break;
		case 'h':
			escape_puts(stdout, usage);
			return 1;
		case ':':
			return bad_option(argv[optind - 1], optopt, ei);
		default:
			if (optopt != 0 && argv[optind - 1][1] != '-') {
				return errinfo_set(ei, EC_USAGE,
				    "check: unknown option '-%c' (see "
				    "flowdiag check --help)",
				    optopt);
			}
			return bad_option(argv[optind - 1], 0, ei);
		}
	}
	return 0;
}

/* --since D: D ago, D a duration (2h, or -2h as --from takes it). */
static int
since(const char *d, int64_t now, int64_t *from, struct errinfo *ei)
{
	struct errinfo ignored;
	const char *p = d + (d[0] == '-');
	size_t n = strspn(p, "0123456789");

	if (n == 0 || p[n] == '\0' || strchr("smhdw", p[n]) == NULL ||
	    p[n + 1] != '\0' || when_parse(d, now, from, &ignored) == -1) {
		return errinfo_set(ei, EC_USAGE,
		    "--since '%s' is not a duration (30m, 2h, 1d, 1w)", d);
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
	/* any: every protocol, as the REPL's set protocol any. */
	if (a->protocol != NULL && strcmp(a->protocol, "any") != 0 &&
	    target_set_protocol(t, a->protocol, ei) == -1)
		return -1;
	if (a->client != NULL && target_set_client(t, a->client, ei) == -1)
		return -1;
	if (a->from != NULL && a->since != NULL) {
		return errinfo_set(ei, EC_USAGE,
		    "--since and --from both say where the window starts: "
		    "give one");
	}
	if (a->from != NULL && when_parse(a->from, now, &t->from, ei) == -1)
		return -1;
	if (a->since != NULL && since(a->since, now, &t->from, ei) == -1)
		return -1;
	if (a->to != NULL && when_parse(a->to, now, &t->to, ei) == -1)
		return -1;
	if (t->from > t->to) {
		return errinfo_set(ei, EC_USAGE,
		    "the window ends (--to) before it starts (--from)");
	}
	return 0;
}

/* Lists the records (--records), as a table or a JSON array; status is
 * the exit status the process will return, for the JSON. */
static int
list_records(const struct scan *s, const struct check_args *a, int status,
    struct errinfo *ei)
{
	json_t *root;
	int ret;

	if (!a->json) {
		output_records_text(stdout, s);
		return 0;
	}
	root = output_records_json(s, status);
	ret = output_json(stdout, root, ei);
	json_decref(root);
	return ret;
}

/* Reports the verdict; returns the exit status of its category, or -1.
 * The JSON's exit_status is status when the process will exit with that
 * instead (damaged input), so that a script reads the one it gets. */
static int
report(const struct pipeline *p, const struct check_args *a, int status,
    struct errinfo *ei)
{
	json_t *root;
	int flags = 0;

	if (a->json) {
		root = report_json(&p->d);
		if (status != -1)
			json_object_set_new(json_object_get(root, "verdict"),
			    "exit_status", json_integer(status));
		if (output_json(stdout, root, ei) == -1) {
			json_decref(root);
			return -1;
		}
		json_decref(root);
	} else {
		if (colour_wanted(a->colour, STDOUT_FILENO))
			flags |= REPORT_COLOUR;
		if (a->explain)
			flags |= REPORT_EXPLAIN;
		report_set_width(term_width(STDOUT_FILENO));
		report_text(stdout, &p->d, flags);
		/* The lesson on the user's own entries, as the REPL's teach
		 * verdict gives it. */
		if (a->explain)
			report_config_teach(stdout, &p->d);
	}
	return category_exit_status(p->d.verdict.category);
}

/* --print-query: the query, as a user would paste it into the console;
 * 0, or -1. */
static int
print_query(const struct target *t, const struct check_args *a,
    struct errinfo *ei)
{
	char *q = pipeline_athena_query(t, &a->o, ei);

	if (q == NULL)
		return -1;
	escape_printf(stdout, "%s;\n", q);
	free(q);
	if (fflush(stdout) == EOF)
		return errinfo_errno(ei, errno, "cannot write output");
	return 0;
}

/* Whether the arguments ask for JSON, read again after an error stopped
 * parse_args() before it reached --json. */
static bool
wants_json(int argc, char **argv)
{
	int c;

	/* 0, not 1: glibc then forgets where the failed parse stopped. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:F:g:p:c:i:qerjh", options,
		    NULL)) != -1)
		if (c == 'j')
			return true;
	return false;
}

void
cli_error_json(const struct errinfo *ei)
{
	json_t *root = output_error_json(ei);

	output_json(stdout, root, NULL);
	json_decref(root);
	fflush(stdout);
}

int
cli_check(int argc, char **argv, struct errinfo *ei)
{
	struct check_args a = { 0 };
	struct pipeline p = { 0 };
	struct target t;
	const struct scan_file *bad;
	int ret = -1, status = -1, verdict;
	bool printed = false;

	if ((ret = parse_args(argc, argv, &a, ei)) != 0) {
		if (ret == -1 && wants_json(argc, argv))
			cli_error_json(ei);
		free(a.files);
		free(a.groups);
		free(a.s3);
		free(a.interfaces);
		free(a.configs);
		return ret == 1 ? 0 : -1;
	}
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
	if (athena_args(&a, ei) == -1)
		goto out;
	if (a.nfiles == 0 && a.ngroups == 0 && a.ns3 == 0 &&
	    a.o.engine != ENGINE_ATHENA) {
		errinfo_set(ei, EC_USAGE,
		    "check: no input: give --file PATH, --log-group NAME, "
		    "--s3 s3://BUCKET/PREFIX or --engine athena --athena-table "
		    "DB.TABLE");
		goto out;
	}
	if (a.o.account != NULL && a.ns3 == 0) {
		errinfo_set(ei, EC_USAGE,
		    "check: --account says whose S3 flow logs to read: give "
		    "--s3 too");
		goto out;
	}
	a.o.files = a.files;
	a.o.nfiles = a.nfiles;
	a.o.groups = a.groups;
	a.o.ngroups = a.ngroups;
	a.o.s3 = a.s3;
	a.o.ns3 = a.ns3;
	a.o.interfaces = a.interfaces;
	a.o.ninterfaces = a.ninterfaces;
	a.o.configs = a.configs;
	a.o.nconfigs = a.nconfigs;
	a.o.progress = !a.quiet && isatty(STDERR_FILENO);
	pipeline_window(&t, &a.o);
	if (a.print_query) {
		status = print_query(&t, &a, ei);
		goto out;
	}
	if (pipeline_run(&p, &t, &a.o, ei) == -1)
		goto out;
	output_warnings(stderr, &p.scan);
	bad = scan_damaged(&p.scan);
	printed = true;
	if (a.o.records_only)
		verdict = list_records(&p.scan, &a,
		    bad != NULL ? errinfo_exit_status(EC_DATA) : 0, ei);
	else
		verdict = report(&p, &a,
		    bad != NULL ? errinfo_exit_status(EC_DATA) : -1, ei);
	if (verdict == -1)
		goto out;
	if (fflush(stdout) == EOF) {
		errinfo_errno(ei, errno, "cannot write output");
		goto out;
	}
	if (bad != NULL) {
		errinfo_set(ei, EC_DATA,
		    "%s; the records before the damage were read",
		    bad->problem);
		goto out;
	}
	status = verdict;
out:
	if (status == -1 && a.json && !printed)
		cli_error_json(ei);
	pipeline_release(&p);
	free(a.files);
	free(a.groups);
	free(a.s3);
	free(a.interfaces);
	free(a.configs);
	return status;
}

const struct option *
check_option_table(void)
{
	return options;
}

const char *
check_usage(void)
{
	return usage;
}
