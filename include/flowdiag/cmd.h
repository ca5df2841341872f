/*
 * Command-line subcommands.  Each returns the process exit status, having
 * printed its own output; errors come back in ei for main() to print.
 */
#ifndef FLOWDIAG_CMD_H
#define FLOWDIAG_CMD_H

#include "flowdiag/errinfo.h"

/* flowdiag check TARGET [options]: argv[0] is "check". */
int cmd_check(int argc, char **argv, struct errinfo *ei);

/* flowdiag rules list|check|test|facts: argv[0] is "rules". */
int cmd_rules(int argc, char **argv, struct errinfo *ei);

#endif
