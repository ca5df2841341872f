#include "config.h"

#include "flowdiag/repl/cmd.h"

#include "flowdiag/repl/guide.h"
#include "flowdiag/repl/session.h"

static int
cmd_run_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const char *missing = session_missing(s);

	(void)argc;
	(void)argv;
	/* At a terminal, what is missing is asked for; the guide's
	 * questions are of files and log groups, not of Athena. */
	if (missing != NULL && s->interactive && s->engine != ENGINE_ATHENA)
		return guide_run(s, ei) == -1 ? -1 : 0;
	if (session_run(s, ei) == -1)
		return -1;
	guide_show_verdict(s);
	return 0;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.alias = NULL,
	.usage = "",
	.summary = "read the flow logs again and show the verdict",
	.help = "Reads the sources with the current settings and decides.  "
		"Ctrl-C stops a run that takes too long; the last verdict "
		"stays.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_run_exec,
};
