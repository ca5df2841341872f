#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>
#include <string.h>

#include "flowdiag/report/rules.h"

/* The REPL's rules: the same verbs, list by default. */
static int
cmd_rules_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	char *list[] = { argv[0], (char *)"list", NULL };

	(void)s;
	if (argc == 1)
		return report_rules(stdout, stderr, 2, list, ei) == -1 ? -1 : 0;
	return report_rules(stdout, stderr, argc, argv, ei) == -1 ? -1 : 0;
}

static enum cmd_complete
cmd_rules_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	(void)s;
	if (argc == 1) {
		*words = report_rules_verbs;
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
