#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/cli/cli.h"
#include "flowdiag/repl/repl.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/near.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/simd.h"

static const char usage[] =
    "usage: flowdiag                (the guided REPL)\n"
    "       flowdiag check TARGET --file PATH... [options]\n"
    "       flowdiag rules list|check|test|facts\n"
    "       flowdiag help | --help | --version\n"
    "\n"
    "Tells why ADDRESS:PORT cannot be reached, from AWS VPC Flow Logs.\n"
    "See flowdiag check --help and flowdiag(1).\n";

/* The core's notices, on standard error: a progress line is rewritten in
 * place until it ends.  The text, which may quote a server or a file, is
 * escaped; the carriage return is ours. */
static void
to_stderr(void *arg, enum notice_kind kind, const char *text)
{
	char *line;

	(void)arg;
	switch (kind) {
	case NOTICE_WARNING:
		escape_line(stderr, "flowdiag: warning: %s", text);
		break;
	case NOTICE_DEBUG:
		escape_line(stderr, "flowdiag: debug: %s", text);
		break;
	case NOTICE_PROGRESS:
		line = escape_line_text(text);
		escape_raw(stderr, "\r");
		escape_printf(stderr, "flowdiag: %s", line);
		fflush(stderr);
		free(line);
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

	escape_printf(stdout, "%s\n", PACKAGE_STRING);
	escape_printf(stdout,
	    "vector unit: %s; this CPU: ", simd_name(simd_level()));
	for (i = SIMD_SCALAR; i <= simd_best(); i++)
		escape_printf(stdout, "%s%s", i > SIMD_SCALAR ? " " : "",
		    simd_name(i));
	escape_printf(stdout, "\n");
}

/* An unknown command, with the nearest real one when it is a slip. */
static int
unknown_command(const char *name, struct errinfo *ei)
{
	const char *names[16], *near;
	char all[128] = "";
	size_t i, n = 0;

	for (i = 0; cli_commands[i].name != NULL && n + 1 < 16; i++) {
		if (cli_commands[i].hidden)
			continue;
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
		    n > 0 ? ", " : "", cli_commands[i].name);
		names[n++] = cli_commands[i].name;
	}
	names[n] = NULL;
	if ((near = near_name(name, names)) != NULL) {
		return errinfo_set(ei, EC_USAGE,
		    "unknown command '%s'; did you mean %s?", name, near);
	}
	return errinfo_set(ei, EC_USAGE, "unknown command '%s' (commands: %s)",
	    name, all);
}

int
main(int argc, char **argv)
{
	struct errinfo ei = { EC_OK, "" };
	const struct cli_command *cmd;
	int status;

	notice_set(to_stderr, NULL);
	if (simd_check_env(&ei) == -1) {
		escape_line(stderr, "flowdiag: %s", ei.msg);
		return errinfo_exit_status(ei.code);
	}
	if (argc < 2)
		return repl_main();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		escape_puts(stdout, usage);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		print_version();
		return 0;
	}
	for (cmd = cli_commands; cmd->name != NULL; cmd++) {
		if (cmd->run != NULL && strcmp(argv[1], cmd->name) == 0)
			break;
	}
	if (cmd->name != NULL)
		status = cmd->run(argc - 1, argv + 1, &ei);
	else
		status = unknown_command(argv[1], &ei);
	if (status == -1) {
		escape_line(stderr, "flowdiag: %s", ei.msg);
		return errinfo_exit_status(ei.code);
	}
	return status;
}
