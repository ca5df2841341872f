/*
 * Guided mode: asks, one step at a time, for what a diagnosis needs (the
 * target's address, port and protocol, where the flow logs are, the
 * window), each answer checked and asked again with the reason when it
 * will not do, then runs and shows the verdict.
 */
#ifndef FLOWDIAG_GUIDE_H
#define FLOWDIAG_GUIDE_H

#include "flowdiag/repl/session.h"
#include "flowdiag/util/errinfo.h"

/* Asks every question, the current settings offered as defaults, then
 * runs.  Returns 0 with a verdict shown, 1 when the user left the
 * questions, -1 when the run failed for a reason no answer can mend
 * (credentials, the network). */
int guide_run(struct session *s, struct errinfo *ei);

/* Shows what a run found: the verdict, its evidence, what to type next. */
void guide_show_verdict(struct session *s);

#endif
