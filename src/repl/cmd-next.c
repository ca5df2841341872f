#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>

#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"

static int
cmd_next_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;

	(void)argc;
	(void)argv;
	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	if (d->verdict.nnext == 0)
		escape_printf(s->out,
		    "No next step: the verdict needs none.\n");
	report_next_text(s->out, d);
	return 0;
}

const struct cmd_entry cmd_next_entry = {
	.name = "next",
	.alias = NULL,
	.usage = "",
	.summary = "what to check next, with the commands to do it",
	.help = "Lists the next steps for the verdict, each command on a "
		"line of its own so that it can be copied whole, and the "
		"Reachability Analyzer codes to cross-check.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_next_exec,
};
