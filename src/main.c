#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flowdiag/cmd.h"
#include "flowdiag/errinfo.h"
#include "flowdiag/repl.h"

static const char usage[] =
    "usage: flowdiag                (the guided REPL)\n"
    "       flowdiag check TARGET --file PATH... [options]\n"
    "       flowdiag rules list|check|test|facts\n"
    "       flowdiag --help | --version\n"
    "\n"
    "Tells why ADDRESS:PORT cannot be reached, from AWS VPC Flow Logs.\n"
    "See flowdiag check --help and flowdiag(1).\n";

int
main(int argc, char **argv)
{
	struct errinfo ei = { EC_OK, "" };
	int status;

	if (argc < 2)
		return repl_main();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s\n", PACKAGE_STRING);
		return 0;
	}
	if (strcmp(argv[1], "check") == 0)
		status = cmd_check(argc - 1, argv + 1, &ei);
	else if (strcmp(argv[1], "rules") == 0)
		status = cmd_rules(argc - 1, argv + 1, &ei);
	else {
		status = errinfo_set(&ei, EC_USAGE,
		    "unknown command '%s' (see flowdiag --help)", argv[1]);
	}
	if (status == -1) {
		fprintf(stderr, "flowdiag: %s\n", ei.msg);
		return errinfo_exit_status(ei.code);
	}
	return status;
}
