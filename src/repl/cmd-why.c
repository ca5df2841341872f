#include "config.h"

#include "flowdiag/repl/cmd.h"

#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"

static int
cmd_why_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;

	(void)argc;
	(void)argv;
	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	report_verdict_text(s->out, d, s->colour ? REPORT_COLOUR : 0);
	report_evidence_text(s->out, d, REPORT_REPL);
	report_why_text(s->out, d);
	return 0;
}

const struct cmd_entry cmd_why_entry = {
	.name = "why",
	.alias = NULL,
	.usage = "",
	.summary = "the reasoning behind the verdict, with its evidence",
	.help = "Shows the verdict, the records that prove it, why they "
		"mean what the verdict says, what lowered the confidence, "
		"what the records cannot tell, how the clients differ and "
		"the gaps in the logging.",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_why_exec,
};
