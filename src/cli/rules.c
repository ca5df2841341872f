#include "config.h"

#include "flowdiag/cli/cli.h"

#include <stdio.h>

#include "flowdiag/report/rules.h"

int
cli_rules(int argc, char **argv, struct errinfo *ei)
{
	return report_rules(stdout, stderr, argc, argv, ei);
}
