/*
 * What check.c shares with complete.c and no other file: its option
 * table, its usage text and the words some options take, from which the
 * shell completion scripts are made.
 */
#ifndef FLOWDIAG_CHECK_INT_H
#define FLOWDIAG_CHECK_INT_H

#include <getopt.h>

/* --traffic-type's values, then NULL. */
extern const char *const check_traffic_types[];

/* The options getopt_long() reads, ending in an entry with a NULL name. */
const struct option *check_option_table(void);

/* What check --help prints: a line per option, its text from column 25
 * on, or on the next line when the option's names fill the first 25. */
const char *check_usage(void);

#endif
