/*
 * Whether output gets colour: --color=auto|always|never, and for auto a
 * terminal, NO_COLOR unset or empty (no-color.org) and TERM not "dumb".
 */
#ifndef FLOWDIAG_COLOUR_H
#define FLOWDIAG_COLOUR_H

#include <stdbool.h>

#include "flowdiag/util/errinfo.h"

enum colour_mode {
	COLOUR_AUTO,
	COLOUR_ALWAYS,
	COLOUR_NEVER,
};

/* The modes' names, indexed by enum colour_mode, then NULL. */
extern const char *const colour_modes[];

/* Reads auto, always or never into *mode; fails with EC_USAGE otherwise. */
int colour_parse(const char *s, enum colour_mode *mode, struct errinfo *ei);

/* Whether output to the descriptor fd gets colour under mode. */
bool colour_wanted(enum colour_mode mode, int fd);

#endif
