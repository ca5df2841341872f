#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flowdiag/cli/cli.h"
#include "flowdiag/repl/repl.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/simd.h"

static const char usage[] =
    "usage: flowdiag                (the guided REPL)\n"
    "       flowdiag check TARGET --file PATH... [options]\n"
    "       flowdiag rules list|check|test|facts\n"
    "       flowdiag --help | --version\n"
    "\n"
    "Tells why ADDRESS:PORT cannot be reached, from AWS VPC Flow Logs.\n"
    "See flowdiag check --help and flowdiag(1).\n";

/* The core's notices, on standard error: a progress line is rewritten in
 * place until it ends. */
static void
to_stderr(void *arg, enum notice_kind kind, const char *text)
{
	(void)arg;
	switch (kind) {
	case NOTICE_WARNING:
		fprintf(stderr, "flowdiag: warning: %s\n", text);
		break;
	case NOTICE_DEBUG:
		fprintf(stderr, "flowdiag: debug: %s\n", text);
		break;
	case NOTICE_PROGRESS:
		fprintf(stderr, "\rflowdiag: %s", text);
		fflush(stderr);
		break;
	case NOTICE_PROGRESS_END:
		fputc('\n', stderr);
		break;
	}
}

/* The version, and the vector units: the one in use and those this CPU
 * can be capped to, for bug reports and for CI's runs at each level. */
static void
print_version(void)
{
	int i;

	printf("%s\n", PACKAGE_STRING);
	printf("vector unit: %s; this CPU: ", simd_name(simd_level()));
	for (i = SIMD_SCALAR; i <= simd_best(); i++)
		printf("%s%s", i > SIMD_SCALAR ? " " : "", simd_name(i));
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct errinfo ei = { EC_OK, "" };
	int status;

	notice_set(to_stderr, NULL);
	if (simd_check_env(&ei) == -1) {
		fprintf(stderr, "flowdiag: %s\n", ei.msg);
		return errinfo_exit_status(ei.code);
	}
	if (argc < 2)
		return repl_main();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		print_version();
		return 0;
	}
	if (strcmp(argv[1], "check") == 0)
		status = cli_check(argc - 1, argv + 1, &ei);
	else if (strcmp(argv[1], "rules") == 0)
		status = cli_rules(argc - 1, argv + 1, &ei);
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
