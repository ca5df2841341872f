/*
 * The command line's one-shot runs, each a subcommand of flowdiag: they
 * print their own output and return the exit status, or -1 with ei for
 * main() to print.
 */
#ifndef FLOWDIAG_CLI_CLI_H
#define FLOWDIAG_CLI_CLI_H

#include <stdbool.h>

#include "flowdiag/util/errinfo.h"

/* A subcommand: main() runs it, its usage lists it, "did you mean" and
 * the shell completion offer its name. */
struct cli_command {
	const char *name;
	const char *summary; /* for the zsh completion's menu */
	/* Runs it with argv[0] its name; NULL for help, which is main's. */
	int (*run)(int argc, char **argv, struct errinfo *ei);
	bool hidden; /* neither offered nor suggested */
};

/* Every subcommand, in the order of flowdiag's usage, then a NULL name. */
extern const struct cli_command cli_commands[];

/* flowdiag check TARGET [options]: argv[0] is "check". */
int cli_check(int argc, char **argv, struct errinfo *ei);

/* flowdiag rules list|check|test|facts: argv[0] is "rules". */
int cli_rules(int argc, char **argv, struct errinfo *ei);

/* Prints ei as the JSON error object on stdout, for a run asked for
 * --json: besides main()'s line on stderr, so that a pipeline into jq
 * sees the error too. */
void cli_error_json(const struct errinfo *ei);

/* flowdiag completion bash|zsh: prints the shell's completion script,
 * made from the tables the commands themselves read. */
int cli_completion(int argc, char **argv, struct errinfo *ei);

#endif
