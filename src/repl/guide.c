#include "config.h"

#include "flowdiag/repl/guide.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "flowdiag/repl/line.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/xmalloc.h"

/* Offered as the source when nothing is set and it is there: the bundled
 * sample, for a first try from the source tree. */
static const char sample[] = "examples/flows.log";

static const char *const protocols[] = { "any", "tcp", "udp", "icmp", NULL };
static const char *const kinds[] = { "files", "cloudwatch", NULL };

/* Applies an answer to the session; -1 with ei when it will not do. */
typedef int apply_fn(struct session *s, const char *key, const char *answer,
    struct errinfo *ei);

/* Sets key to the answer's words (quotes as in commands). */
static int
apply_words(struct session *s, const char *key, const char *answer,
    struct errinfo *ei)
{
	char **argv = NULL;
	int argc = 0, ret = -1;

	if (cmd_split(answer, &argc, &argv, ei) == -1)
		return -1;
	if (argc == 0)
		errinfo_set(ei, EC_USAGE, "an answer is needed");
	else
		ret = session_set(s, key, argc, argv, ei);
	cmd_free_argv(argc, argv);
	return ret;
}

/* Asks until an answer applies: 1 when one did, 0 when the user left.
 * Enter takes dflt; with no default, an answer is needed. */
static int
ask(struct session *s, const char *label, const char *dflt,
    enum cmd_complete kind, const char *const *words, const char *key,
    apply_fn *apply, char **answer)
{
	struct errinfo ei;
	char prompt[512], *a;
	bool shown = dflt != NULL && dflt[0] != '\0';

	snprintf(prompt, sizeof(prompt), "   %s%s%s%s: ", label,
	    shown ? " [" : "", shown ? dflt : "", shown ? "]" : "");
	for (;;) {
		if (line_ask(s, prompt, kind, words, &a) == 0) {
			escape_printf(s->out,
			    "(questions left: help lists the "
			    "commands, guide asks again)\n");
			return 0;
		}
		if (a[0] == '\0' && dflt != NULL) {
			free(a);
			a = xstrdup(dflt);
		}
		if (a[0] == '\0' && dflt == NULL)
			errinfo_set(&ei, EC_USAGE,
			    "an answer is needed (Ctrl-C leaves the "
			    "questions)");
		else if (apply == NULL || apply(s, key, a, &ei) == 0) {
			if (answer != NULL)
				*answer = a;
			else
				free(a);
			return 1;
		}
		escape_printf(s->out, "   ! %s: try again\n", ei.msg);
		free(a);
	}
}

/* The current files as one answer, or NULL; a path with a blank is
 * quoted, so that the answer reads back the same. */
static char *
files_answer(const struct session *s)
{
	char *v = NULL, *tmp;
	const char *q;
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		q = strpbrk(s->files[i], " \t") != NULL ? "'" : "";
		xasprintf(&tmp, "%s%s%s%s%s", v != NULL ? v : "",
		    v != NULL ? " " : "", q, s->files[i], q);
		free(v);
		v = tmp;
	}
	return v;
}

static int
ask_target(struct session *s)
{
	struct target t;
	struct errinfo ei;
	char *a = NULL, *dflt = NULL;
	bool has_port;
	int ret;

	escape_printf(s->out,
	    "1. The address that cannot be reached, e.g. 10.0.1.10 or "
	    "10.0.1.10:443\n");
	if (s->address != NULL)
		dflt = xstrdup(s->address);
	ret = ask(s, "address", dflt, CMD_COMPLETE_NONE, NULL, "target",
	    apply_words, &a);
	free(dflt);
	if (ret == 0)
		return 0;
	has_port = target_parse(a, &t, &ei) == 0 && t.port != TARGET_ANY;
	free(a);
	if (!has_port) {
		escape_printf(s->out,
		    "   its port, e.g. 443, or none for ICMP "
		    "(ping)\n");
		if (ask(s, "port", s->port, CMD_COMPLETE_NONE, NULL, "port",
			apply_words, NULL) == 0)
			return 0;
	}
	if (strcmp(s->port, "none") == 0)
		return 1;
	/* any, as check without --protocol: the same question gets the
	 * same verdict and the same saved report. */
	return ask(s, "protocol: tcp, udp or any",
	    s->protocol != NULL ? s->protocol : "any", CMD_COMPLETE_WORDS,
	    protocols, "protocol", apply_words, NULL);
}

static int
ask_files(struct session *s)
{
	char *dflt = files_answer(s);
	int ret;

	if (dflt == NULL && access(sample, R_OK) == 0)
		dflt = xstrdup(sample);
	escape_printf(s->out,
	    "   a file or directory (plain, S3 .log.gz, aws logs JSON); "
	    "Tab completes\n");
	ret = ask(s, "path", dflt, CMD_COMPLETE_FILES, NULL, "source",
	    apply_words, NULL);
	free(dflt);
	return ret;
}

/* A log group must exist, when the region's groups can be listed; when
 * they cannot, the run will say what is wrong, and the guide says now
 * that the name was not checked. */
static int
apply_group(struct session *s, const char *key, const char *answer,
    struct errinfo *ei)
{
	struct errinfo lei;
	size_t i;
	char *argv[2] = { (char *)"log-group", (char *)answer }, *note;

	if (session_list_groups(s, true, &lei) == -1) {
		xasprintf(&note,
		    "(the log groups could not be listed, so '%s' is not "
		    "checked: %s)",
		    answer, lei.msg);
		report_wrap(s->out, "   ", note);
		free(note);
	}
	for (i = 0; i < s->nknown_groups; i++) {
		if (strcmp(s->known_groups[i], answer) == 0)
			break;
	}
	if (s->nknown_groups > 0 && i == s->nknown_groups) {
		return errinfo_set(ei, EC_NOT_FOUND,
		    "no log group '%s' in %s (Tab lists them)", answer,
		    s->region != NULL ? s->region : "the region");
	}
	return session_set(s, key, 2, argv, ei);
}

/* Sets the region or the profile; an empty answer leaves it to the
 * environment and the profile. */
static int
apply_optional(struct session *s, const char *key, const char *answer,
    struct errinfo *ei)
{
	char *argv[1] = { (char *)answer };

	if (answer[0] == '\0')
		return session_set(s, key, 0, NULL, ei);
	return session_set(s, key, 1, argv, ei);
}

static int
ask_cloudwatch(struct session *s)
{
	const char *region = s->region, *profile = s->profile;

	if (region == NULL && (region = getenv("AWS_REGION")) == NULL)
		region = getenv("AWS_DEFAULT_REGION");
	if (profile == NULL)
		profile = getenv("AWS_PROFILE");
	escape_printf(s->out,
	    "   the AWS region and profile to read them with\n");
	if (ask(s, region != NULL ? "region" : "region (Enter: the profile's)",
		region != NULL ? region : "", CMD_COMPLETE_NONE, NULL, "region",
		apply_optional, NULL) == 0)
		return 0;
	if (ask(s, profile != NULL ? "profile" : "profile (Enter: default)",
		profile != NULL ? profile : "", CMD_COMPLETE_NONE, NULL,
		"profile", apply_optional, NULL) == 0)
		return 0;
	escape_printf(s->out,
	    "   the log group the flow log delivers to; Tab "
	    "completes\n");
	return ask(s, "log group", s->ngroups > 0 ? s->groups[0] : NULL,
	    CMD_COMPLETE_GROUPS, NULL, "source", apply_group, NULL);
}

/* The kind of source: a unique prefix of files or cloudwatch, any case. */
static int
apply_kind(struct session *s, const char *key, const char *answer,
    struct errinfo *ei)
{
	size_t len = strlen(answer);

	(void)s;
	(void)key;
	if (len > 0 && strncasecmp(answer, "files", len) == 0)
		return 0;
	if (len > 0 && strncasecmp(answer, "cloudwatch", len) == 0)
		return 0;
	return errinfo_set(ei, EC_USAGE, "'%s' is neither files nor cloudwatch",
	    answer);
}

static int
ask_source(struct session *s)
{
	char *kind = NULL;
	bool files;

	escape_printf(s->out,
	    "2. Where are the flow logs: files, or CloudWatch Logs?\n");
	if (ask(s, "files or cloudwatch",
		s->ngroups > 0 ? "cloudwatch" : "files", CMD_COMPLETE_WORDS,
		kinds, NULL, apply_kind, &kind) == 0)
		return 0;
	files = tolower((unsigned char)kind[0]) == 'f';
	free(kind);
	if (files)
		return ask_files(s);
	return ask_cloudwatch(s);
}

/* Records that are not in the default format need theirs: asked for when
 * a run found lines it could not read. */
static int
ask_format(struct session *s, bool *kept)
{
	char *before = s->format != NULL ? xstrdup(s->format) : NULL;
	int ret;

	escape_printf(s->out,
	    "   its lines are not in the default format: give theirs, as the "
	    "flow log's\n   LogFormat says, e.g. ${version} ${srcaddr} "
	    "${dstaddr} ...\n");
	ret = ask(s, "log format", before != NULL ? before : "default",
	    CMD_COMPLETE_NONE, NULL, "format", apply_words, NULL);
	*kept = (before == NULL && s->format == NULL) ||
	    (before != NULL && s->format != NULL &&
		strcmp(before, s->format) == 0);
	free(before);
	return ret;
}

static int
ask_window(struct session *s)
{
	char *dflt = NULL;
	int ret;

	escape_printf(s->out,
	    "3. The window: all, or FROM [TO], e.g. -2h, "
	    "2023-11-14T22:00Z, Unix seconds\n");
	if (s->from != NULL)
		xasprintf(&dflt, "%s%s%s", s->from, s->to != NULL ? " " : "",
		    s->to != NULL ? s->to : "");
	else
		dflt = xstrdup(s->ngroups > 0 ? "-1h" : "all");
	ret = ask(s, "window", dflt, CMD_COMPLETE_NONE, NULL, "window",
	    apply_words, NULL);
	free(dflt);
	return ret;
}

void
guide_show_verdict(struct session *s)
{
	const struct diagnosis *d = &s->run->d;

	fputc('\n', s->out);
	report_verdict_text(s->out, d, s->colour ? REPORT_COLOUR : 0);
	report_evidence_text(s->out, d, REPORT_REPL);
	/* As check shows them: the verdict may not hold for every client. */
	report_clients_text(s->out, d);
	escape_printf(s->out,
	    "\nNext: why (the reasoning), next (what to check), records, "
	    "timeline,\nteach (lessons); help lists every command.\n");
}

int
guide_run(struct session *s, struct errinfo *ei)
{
	bool ask_where = true, kept_format = false;

	if (ask_target(s) == 0)
		return 1;
	for (;;) {
		if (ask_where && (ask_source(s) == 0 || ask_window(s) == 0))
			return 1;
		if (session_run(s, ei) == 0)
			break;
		/* What an answer can mend is asked again. */
		if (ei->code != EC_DATA && ei->code != EC_NOINPUT &&
		    ei->code != EC_PERM && ei->code != EC_NOT_FOUND)
			return -1;
		escape_printf(s->out, "   ! %s\n", ei->msg);
		/* Lines of another format: the source may be right and its
		 * format is asked, again while the answer changes it; Enter
		 * keeps it and goes back to the source. */
		ask_where = kept_format ||
		    !(ei->code == EC_DATA &&
			(strstr(ei->msg, "--log-format") != NULL ||
			    (s->format != NULL &&
				strstr(ei->msg, "is not a flow log") != NULL)));
		if (ask_where)
			session_forget_source(s);
		else if (ask_format(s, &kept_format) == 0)
			return 1;
	}
	guide_show_verdict(s);
	return 0;
}
