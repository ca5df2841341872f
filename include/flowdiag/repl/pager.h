/*
 * Long output at a terminal goes through a pager ($PAGER, else less when
 * it is installed), as git does; elsewhere it is printed as it is.
 */
#ifndef FLOWDIAG_PAGER_H
#define FLOWDIAG_PAGER_H

#include <stddef.h>
#include <stdio.h>

#include "flowdiag/repl/session.h"

/* Where to print lines lines of output: a pager when the session is at a
 * terminal and they do not fit on its screen, else s->out. */
FILE *pager_open(const struct session *s, size_t lines);

/* Waits for the pager, if fp is one. */
void pager_close(const struct session *s, FILE *fp);

#endif
