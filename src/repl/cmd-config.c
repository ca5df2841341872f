#include "config.h"

#include "flowdiag/repl/cmd.h"

#include "flowdiag/repl/session.h"
#include "flowdiag/report/config.h"
#include "flowdiag/util/escape.h"

/* config: what the configuration says of the last run's flows; config
 * PATH... or ec2: where to read it from the next run on (set config). */
static int
cmd_config_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;

	if (argc > 1) {
		if (session_set(s, "config", argc - 1, argv + 1, ei) == -1)
			return -1;
		escape_printf(s->out,
		    "The next run holds the flows against it: run.\n");
		return 0;
	}
	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	if (d->ev->config == NULL) {
		escape_printf(s->out,
		    "No configuration was read.  Give the JSON that aws ec2 "
		    "describe-security-groups, describe-network-acls,\n"
		    "describe-route-tables and describe-network-interfaces "
		    "print (config PATH...), or ask EC2 (config ec2).\n");
		return 0;
	}
	report_config_text(s->out, d);
	return 0;
}

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.alias = NULL,
	.usage = "[path... | ec2 | none]",
	.summary =
	    "the security groups, ACLs and routes held against the flows",
	.help = "Without arguments, shows for the last run each layer the "
		"flows cross (the client's groups and ACL, the routes, the "
		"target's ACL and groups), whether it allows them, and the "
		"entry that decides.  With paths (files or directories of the "
		"JSON that aws ec2 describe-* prints), or ec2 to ask EC2, "
		"sets where the next run reads the configuration; none "
		"unsets it.  teach stateful walks through the target's own "
		"entries.",
	.min_args = 0,
	.max_args = 64,
	.exec = cmd_config_exec,
};
