#include "config.h"

#include "flowdiag/util/colour.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
colour_parse(const char *s, enum colour_mode *mode, struct errinfo *ei)
{
	if (strcmp(s, "auto") == 0)
		*mode = COLOUR_AUTO;
	else if (strcmp(s, "always") == 0)
		*mode = COLOUR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*mode = COLOUR_NEVER;
	else {
		return errinfo_set(ei, EC_USAGE,
		    "--color '%s': auto, always or never", s);
	}
	return 0;
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
