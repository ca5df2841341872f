/*
 * The command line's one-shot runs, each a subcommand of flowdiag: they
 * print their own output and return the exit status, or -1 with ei for
 * main() to print.
 */
#ifndef FLOWDIAG_CLI_CLI_H
#define FLOWDIAG_CLI_CLI_H

#include "flowdiag/util/errinfo.h"

/* flowdiag check TARGET [options]: argv[0] is "check". */
int cli_check(int argc, char **argv, struct errinfo *ei);

/* flowdiag rules list|check|test|facts: argv[0] is "rules". */
int cli_rules(int argc, char **argv, struct errinfo *ei);

/* Prints ei as the JSON error object on stdout, for a run asked for
 * --json: besides main()'s line on stderr, so that a pipeline into jq
 * sees the error too. */
void cli_error_json(const struct errinfo *ei);

#endif
