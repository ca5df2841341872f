/*
 * The local-file source: every file named on the command line, directories
 * walked recursively as `aws s3 sync` of AWSLogs/ leaves them.
 */
#ifndef FLOWDIAG_WALK_H
#define FLOWDIAG_WALK_H

#include <stdbool.h>

#include "flowdiag/util/errinfo.h"

/* Called for each file: found is true when it came from walking a
 * directory rather than from the user naming it.  Returns 0 to go on. */
typedef int (
    *walk_fn)(void *arg, const char *path, bool found, struct errinfo *ei);

/* Calls fn for path itself ("-" and files) or for every regular file under
 * it, in name order, skipping hidden entries.  Each directory is read once,
 * however many links lead to it: the links met after the first are not
 * followed, the first few said in a warning (notice()) and the rest
 * counted in one.  Stops at the first -1. */
int walk_path(const char *path, walk_fn fn, void *arg, struct errinfo *ei);

#endif
