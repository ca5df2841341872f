#include "config.h"

#include <pthread.h>
#include <stdbool.h>
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

/* The width of the progress line on the screen, 0 when none is: a
 * shorter line blanks what is left of a longer one, and a message ends
 * it first.  The lock keeps the lines of threads whole. */
static size_t progress_width;
static pthread_mutex_t sink_lock = PTHREAD_MUTEX_INITIALIZER;

/* Ends the progress line on the screen, if one is, for what follows. */
static void
end_progress(void)
{
	if (progress_width > 0)
		fputc('\n', stderr);
	progress_width = 0;
}

/* The core's notices, on standard error: a progress line is rewritten in
 * place until it ends.  The text, which may quote a server or a file, is
 * escaped; the carriage return is ours. */
static void
to_stderr(void *arg, enum notice_kind kind, const char *text)
{
	char *line;
	size_t width;

	(void)arg;
	pthread_mutex_lock(&sink_lock);
	switch (kind) {
	case NOTICE_WARNING:
		end_progress();
		escape_line(stderr, "flowdiag: warning: %s", text);
		break;
	case NOTICE_INFO:
		end_progress();
		escape_line(stderr, "flowdiag: %s", text);
		break;
	case NOTICE_DEBUG:
		end_progress();
		escape_line(stderr, "flowdiag: debug: %s", text);
		break;
	case NOTICE_PROGRESS:
		line = escape_line_text(text);
		width = strlen("flowdiag: ") + strlen(line);
		escape_raw(stderr, "\r");
		escape_printf(stderr, "flowdiag: %s%*s", line,
		    width < progress_width ? (int)(progress_width - width) : 0,
		    "");
		if (width > progress_width)
			progress_width = width;
		fflush(stderr);
		free(line);
		break;
	case NOTICE_PROGRESS_END:
		end_progress();
		break;
	}
	pthread_mutex_unlock(&sink_lock);
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

/* Whether the command line asks for JSON, --json or -j anywhere before
 * "--": read before a command has parsed its options, for an error that
 * comes first (an unknown command, $FLOWDIAG_SIMD). */
static bool
json_asked(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--json") == 0 ||
		    strcmp(argv[i], "-j") == 0)
			return true;
	}
	return false;
}

/* Prints an error found before a command took over: the line on stderr,
 * and with --json the error object on stdout too, as check prints it. */
static int
early_error(int argc, char **argv, const struct errinfo *ei)
{
	escape_line(stderr, "flowdiag: %s", ei->msg);
	if (json_asked(argc, argv))
		cli_error_json(ei);
	return errinfo_exit_status(ei->code);
}

int
main(int argc, char **argv)
{
	struct errinfo ei = { EC_OK, "" };
	const struct cli_command *cmd;
	int status;

	notice_set(to_stderr, NULL);
	if (simd_check_env(&ei) == -1)
		return early_error(argc, argv, &ei);
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
	if (cmd->name == NULL) {
		unknown_command(argv[1], &ei);
		return early_error(argc, argv, &ei);
	}
	status = cmd->run(argc - 1, argv + 1, &ei);
	if (status == -1) {
		escape_line(stderr, "flowdiag: %s", ei.msg);
		return errinfo_exit_status(ei.code);
	}
	return status;
}
