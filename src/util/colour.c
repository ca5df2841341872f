#include "config.h"

#include "flowdiag/util/colour.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const colour_modes[] = {
	[COLOUR_AUTO] = "auto",
	[COLOUR_ALWAYS] = "always",
	[COLOUR_NEVER] = "never",
	NULL,
};

int
colour_parse(const char *s, enum colour_mode *mode, struct errinfo *ei)
{
	int i;

	for (i = 0; colour_modes[i] != NULL; i++) {
		if (strcmp(s, colour_modes[i]) == 0) {
			*mode = (enum colour_mode)i;
			return 0;
		}
	}
	return errinfo_set(ei, EC_USAGE, "--color '%s': auto, always or never",
	    s);
}

bool
colour_wanted(enum colour_mode mode, int fd)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != COLOUR_AUTO)
		return mode == COLOUR_ALWAYS;
	/* no-color.org: set and not empty turns colour off; a dumb
	 * terminal shows escape codes as text. */
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}
