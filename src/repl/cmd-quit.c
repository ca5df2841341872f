#include "config.h"

#include "flowdiag/repl/cmd.h"
#include "flowdiag/repl/session.h"

static int
cmd_quit_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	(void)argc;
	(void)argv;
	(void)ei;
	s->quit = true;
	return 0;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.usage = "",
	.summary = "leave flowdiag (Ctrl-D too)",
	.help = "Leaves flowdiag.  The history of commands is kept in "
		"$XDG_STATE_HOME/flowdiag/history.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_quit_exec,
};
