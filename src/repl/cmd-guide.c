#include "config.h"

#include "flowdiag/repl/cmd.h"

#include "flowdiag/repl/guide.h"
#include "flowdiag/repl/session.h"

static int
cmd_guide_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	(void)argc;
	(void)argv;
	return guide_run(s, ei) == -1 ? -1 : 0;
}

const struct cmd_entry cmd_guide_entry = {
	.name = "guide",
	.alias = NULL,
	.usage = "",
	.summary = "be asked, step by step, for the target and the logs",
	.help = "Asks for the target's address, port and protocol, where "
		"the flow logs are and the window, offering the current "
		"settings as defaults, then runs.  Ctrl-C or Ctrl-D leaves "
		"the questions.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_guide_exec,
};
