#include "config.h"

#include "flowdiag/util/term.h"

#include <sys/ioctl.h>
#include <stdlib.h>
#include <unistd.h>

size_t
term_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	char *end;
	long n = 0;

	if (!isatty(fd))
		return TERM_WIDTH_DEFAULT;
	/* COLUMNS first, as ls(1) and less(1) take it: the user's word
	 * over the terminal's. */
	if (cols != NULL && *cols != '\0') {
		n = strtol(cols, &end, 10);
		if (*end != '\0' || n <= 0)
			n = 0;
	}
	if (n == 0 && ioctl(fd, TIOCGWINSZ, &ws) == 0)
		n = ws.ws_col;
	if (n == 0)
		return TERM_WIDTH_DEFAULT;
	if (n < TERM_WIDTH_MIN)
		return TERM_WIDTH_MIN;
	return n > TERM_WIDTH_MAX ? TERM_WIDTH_MAX : (size_t)n;
}
