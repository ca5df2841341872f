#include "config.h"

#include "flowdiag/cli/cli.h"

#include <stddef.h>

const struct cli_command cli_commands[] = {
	{ "check", "tell why ADDRESS:PORT cannot be reached", cli_check,
	    false },
	{ "rules", "list, lint and test the rules", cli_rules, false },
	{ "help", "how to call flowdiag", NULL, false },
	/* make completions and packagers call it; users get its scripts
	 * from make install. */
	{ "completion", "print a shell completion script", cli_completion,
	    true },
	{ NULL, NULL, NULL, false },
};
