#include "config.h"

#include "flowdiag/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/facts.h"
#include "flowdiag/rule.h"
#include "flowdiag/session.h"

static const char usage[] = "usage: flowdiag rules list [--rules DIR]\n"
			    "       flowdiag rules check FILE...\n"
			    "       flowdiag rules test [--rules DIR]\n"
			    "       flowdiag rules facts\n";

static void
list(const struct rule_set *rs)
{
	size_t i;

	printf("%-26s %-20s %-24s %4s  %s\n", "RULE", "CATEGORY", "CAUSE",
	    "PRI", "WHERE");
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		printf("%-26s %-20s %-24s %4d  %s:%d\n", r->name,
		    category_name(r->category), r->cause, r->priority, r->file,
		    r->line);
	}
}

/* Lint beyond loading: every rule needs a case that fires it and one that
 * must not.  Returns the number of complaints. */
static int
lint(const struct rule_set *rs)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];
		bool fires = false, quiet = false;

		for (j = 0; j < r->ncases; j++) {
			fires |= r->cases[j].fires;
			quiet |= !r->cases[j].fires;
		}
		if (!fires || !quiet) {
			fprintf(stderr,
			    "%s:%d: rule '%s' has no case that %s\n", r->file,
			    r->line, r->name, !fires ? "fires" : "stays quiet");
			bad++;
		}
	}
	return bad;
}

/* Runs every rule's cases: a case "fires" must make the condition true,
 * a case "quiet" false.  Returns the number of failures. */
static int
test(const struct rule_set *rs, int *passed)
{
	size_t i, j;
	int failed = 0;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		for (j = 0; j < r->ncases; j++) {
			const struct rule_case *c = &r->cases[j];

			if (rule_eval(r->when, &c->facts) == c->fires) {
				(*passed)++;
				continue;
			}
			fprintf(stderr,
			    "%s:%d: rule '%s': case %s, but the "
			    "condition is %s\n",
			    r->file, c->line, r->name,
			    c->fires ? "fires" : "quiet",
			    c->fires ? "false" : "true");
			failed++;
		}
	}
	return failed;
}

static void
facts(void)
{
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		printf("%-28s %-8s %s\n", fact_def(i)->name,
		    fact_type_name(fact_def(i)->type), fact_def(i)->doc);
	}
}

int
cmd_rules(int argc, char **argv, struct errinfo *ei)
{
	struct rule_set rs;
	const char *dir = NULL, *verb = argc > 1 ? argv[1] : "";
	int i, status = -1, passed = 0, failed;

	if (strcmp(verb, "facts") == 0 && argc == 2) {
		facts();
		return 0;
	}
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	rule_set_init(&rs);
	if (strcmp(verb, "check") == 0) {
		if (argc < 3) {
			errinfo_set(ei, EC_USAGE, "rules check: no FILE");
			goto out;
		}
		for (i = 2; i < argc; i++) {
			if (rule_load_file(&rs, argv[i], ei) == -1)
				goto out;
		}
		if ((failed = lint(&rs)) > 0) {
			errinfo_set(ei, EC_DATA, "rules check: %d complaints",
			    failed);
			goto out;
		}
		printf("%zu rules in %d files: ok\n", rs.n, argc - 2);
		status = 0;
		goto out;
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "test") != 0) {
		errinfo_set(ei, EC_USAGE,
		    "rules: unknown or missing verb '%s' "
		    "(list, check, test, facts)",
		    verb);
		goto out;
	}
	if (argc == 4 && strcmp(argv[2], "--rules") == 0)
		dir = argv[3];
	else if (argc != 2) {
		errinfo_set(ei, EC_USAGE, "rules %s: only --rules DIR", verb);
		goto out;
	}
	if (rule_load_default(&rs, dir, ei) == -1)
		goto out;
	if (verb[0] == 'l') {
		list(&rs);
		status = 0;
		goto out;
	}
	failed = test(&rs, &passed);
	printf("%d passed, %d failed\n", passed, failed);
	if (failed > 0) {
		errinfo_set(ei, EC_DATA, "rules test: %d cases failed", failed);
		goto out;
	}
	status = 0;
out:
	rule_set_release(&rs);
	return status;
}

/* The REPL's rules: the same verbs, list by default. */
static int
cmd_rules_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	char *list[] = { argv[0], (char *)"list", NULL };

	(void)s;
	if (argc == 1)
		return cmd_rules(2, list, ei) == -1 ? -1 : 0;
	return cmd_rules(argc, argv, ei) == -1 ? -1 : 0;
}

static enum cmd_complete
cmd_rules_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	static const char *const verbs[] = { "list", "check", "test", "facts",
		NULL };

	(void)s;
	if (argc == 1) {
		*words = verbs;
		return CMD_COMPLETE_WORDS;
	}
	return strcmp(argv[1], "check") == 0 ? CMD_COMPLETE_FILES
					     : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_rules_entry = {
	.name = "rules",
	.alias = NULL,
	.usage = "[list|test|facts|check FILE...]",
	.summary = "the rules that decide verdicts",
	.help = "As flowdiag rules on the command line: list the rules with "
		"their category, cause and priority; test runs every rule's "
		"cases; facts lists the facts rules can use; check FILE "
		"loads and lints rule files.  See flowdiag-rules(5).",
	.min_args = 0,
	.max_args = -1,
	.exec = cmd_rules_exec,
	.complete = cmd_rules_complete,
};
