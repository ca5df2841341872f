#include "config.h"

#include "flowdiag/repl/repl.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "flowdiag/repl/guide.h"
#include "flowdiag/repl/line.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/term.h"

static const char prompt_main[] = "flowdiag> ";

static void
greet(const struct session *s)
{
	if (!s->interactive)
		return;
	escape_printf(s->out,
	    "%s: why can't anything reach ADDRESS:PORT?\n"
	    "Three questions, then a verdict from the flow logs.  Enter takes "
	    "the [default],\n"
	    "Tab completes, Ctrl-C leaves the questions, help lists the "
	    "commands.\n\n",
	    PACKAGE_STRING);
}

int
repl_main(void)
{
	struct session s;
	struct errinfo ei;
	bool interrupted;
	char *line;
	int status = 0;

	session_init(&s, stdout, isatty(STDIN_FILENO));
	if (s.interactive) {
		line_open(&s);
		greet(&s);
		report_set_width(term_width(fileno(s.out)));
		if (guide_run(&s, &ei) == -1)
			escape_line(stderr, "flowdiag: %s", ei.msg);
	}
	while (!s.quit) {
		if ((line = line_read(&s, prompt_main, &interrupted)) == NULL) {
			if (interrupted)
				continue;
			break;
		}
		if (s.interactive)
			line_keep(line_trim(line));
		if (cmd_execute(&s, line, &ei) == -1) {
			fflush(s.out);
			escape_line(stderr, "flowdiag: %s", ei.msg);
			status = errinfo_exit_status(ei.code);
		}
		free(line);
		fflush(s.out);
	}
	if (s.interactive)
		line_close();
	if (s.interactive)
		status = 0;
	session_release(&s);
	return status;
}
