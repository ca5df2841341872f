#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>

#include "flowdiag/engine/rule.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/util/escape.h"

static int
cmd_show_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct verdict *v;

	(void)argc;
	(void)argv;
	(void)ei;
	session_show(s, s->out);
	if (s->run == NULL || !s->run->diagnosed) {
		escape_printf(s->out, "  %-*s %s\n", session_show_width(),
		    "verdict", "none yet (run)");
		return 0;
	}
	v = &s->run->d.verdict;
	escape_printf(s->out, "  %-*s %s (%s)%s\n", session_show_width(),
	    "verdict", category_name(v->category), v->cause,
	    s->stale ? ", from before the settings changed" : "");
	return 0;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.alias = NULL,
	.usage = "",
	.summary = "show the settings and the last verdict",
	.help = "Shows the question as it stands (target, port, protocol, "
		"client, window, source, format) and the last verdict.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_show_exec,
};
