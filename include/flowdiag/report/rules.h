/*
 * The rules verbs, as flowdiag rules and the REPL's rules run them: list
 * the rules, check (lint) rule files, test every rule's cases, list the
 * facts.
 */
#ifndef FLOWDIAG_REPORT_RULES_H
#define FLOWDIAG_REPORT_RULES_H

#include <stdio.h>

#include "flowdiag/util/errinfo.h"

/* The verbs, then NULL. */
extern const char *const report_rules_verbs[];

/* Runs "rules VERB ARGS...": argv[0] is "rules", argv[1] the verb.  What
 * it lists goes to out, the complaints of check and test to err; -1 with
 * ei on a bad verb or argument, a rule file that does not load, or
 * complaints. */
int report_rules(FILE *out, FILE *err, int argc, char **argv,
    struct errinfo *ei);

#endif
