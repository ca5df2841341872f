#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/engine/rule.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/util/escape.h"

static int
cmd_show_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct verdict *v;
	char *q;

	if (argc == 2) {
		if (strcmp(argv[1], "query") != 0) {
			return errinfo_set(ei, EC_USAGE,
			    "show '%s': show takes nothing (the settings) or "
			    "query",
			    argv[1]);
		}
		/* As check --print-query prints it, to paste into the
		 * console. */
		if ((q = session_query(s, ei)) == NULL)
			return -1;
		escape_printf(s->out, "%s;\n", q);
		free(q);
		return 0;
	}
	session_show(s, s->out);
	if (s->run == NULL || !s->run->diagnosed) {
		escape_printf(s->out, "  %-*s %s\n", session_show_width(s),
		    "verdict", "none yet (run)");
		return 0;
	}
	v = &s->run->d.verdict;
	escape_printf(s->out, "  %-*s %s (%s)%s\n", session_show_width(s),
	    "verdict", category_name(v->category), v->cause,
	    s->stale ? ", from before the settings changed" : "");
	return 0;
}

static enum cmd_complete
cmd_show_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	static const char *const what[] = { "query", NULL };

	(void)s;
	(void)argv;
	*words = what;
	return argc == 1 ? CMD_COMPLETE_WORDS : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.alias = NULL,
	.usage = "[query]",
	.summary = "show the settings and the last verdict",
	.help = "Shows the question as it stands (target, port, protocol, "
		"client, window, source, engine, format) and the last "
		"verdict.  show query prints the Athena query a run with "
		"engine athena starts, as check --print-query does, without "
		"asking AWS.",
	.min_args = 0,
	.max_args = 1,
	.exec = cmd_show_exec,
	.complete = cmd_show_complete,
};
