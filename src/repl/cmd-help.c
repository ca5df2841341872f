#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>
#include <string.h>

#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"

static int
cmd_help_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct cmd_entry *const *e, *c;
	char head[128];

	if (argc == 2) {
		if ((c = cmd_find(argv[1], ei)) == NULL)
			return -1;
		escape_printf(s->out, "%s%s%s%s%s%s\n", c->name,
		    c->usage[0] != '\0' ? " " : "", c->usage,
		    c->alias != NULL ? "  (alias: " : "",
		    c->alias != NULL ? c->alias : "",
		    c->alias != NULL ? ")" : "");
		report_wrap(s->out, "  ", c->help);
		return 0;
	}
	escape_printf(s->out,
	    "Commands (a unique prefix will do; help COMMAND "
	    "tells more):\n");
	for (e = cmd_table; *e != NULL; e++) {
		snprintf(head, sizeof(head), "%s%s%s", (*e)->name,
		    (*e)->usage[0] != '\0' ? " " : "", (*e)->usage);
		if (strlen(head) > 20)
			escape_printf(s->out, "  %s\n  %-20s %s\n", head, "",
			    (*e)->summary);
		else
			escape_printf(s->out, "  %-20s %s\n", head,
			    (*e)->summary);
	}
	return 0;
}

static enum cmd_complete
cmd_help_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	(void)s;
	(void)argv;
	(void)words;
	return argc == 1 ? CMD_COMPLETE_COMMANDS : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.usage = "[command]",
	.summary = "list the commands, or tell more of one",
	.help = "Lists every command with its arguments, or shows what one "
		"command does.",
	.min_args = 0,
	.max_args = 1,
	.exec = cmd_help_exec,
	.complete = cmd_help_complete,
};
