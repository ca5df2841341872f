#include "config.h"

#include "flowdiag/repl/pager.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "flowdiag/util/xmalloc.h"

static struct sigaction saved_pipe;
static sigset_t saved_mask;

/* Whether program is an executable in $PATH. */
static bool
in_path(const char *program)
{
	const char *path = getenv("PATH"), *p, *end;
	char *file;
	bool found = false;

	for (p = path; p != NULL && *p != '\0' && !found; p = end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		xasprintf(&file, "%.*s/%s", (int)(end - p), p, program);
		found = access(file, X_OK) == 0;
		free(file);
		if (*end == ':')
			end++;
	}
	return found;
}

FILE *
pager_open(const struct session *s, size_t lines)
{
	const char *pager = getenv("PAGER");
	struct winsize ws;
	struct sigaction sa;
	sigset_t block;
	FILE *fp;

	if (!s->interactive || !isatty(fileno(s->out)))
		return s->out;
	if (ioctl(fileno(s->out), TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 ||
	    lines + 1 < ws.ws_row)
		return s->out;
	if (pager == NULL || *pager == '\0') {
		if (!in_path("less"))
			return s->out;
		pager = "less";
	}
	if (strcmp(pager, "cat") == 0)
		return s->out;
	/* -F leaves at once when it fits, -R passes colour, -S does not
	 * fold the table's lines, -X leaves the screen as it is. */
	setenv("LESS", "FRSX", 0);
	fflush(s->out);
	if ((fp = popen(pager, "w")) == NULL)
		return s->out;
	/* A user who quits the pager early must not end flowdiag, and
	 * Ctrl-C in the pager is the pager's: it must not cut our writes
	 * to it short. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &saved_pipe);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &saved_mask);
	return fp;
}

void
pager_close(const struct session *s, FILE *fp)
{
	if (fp == s->out)
		return;
	pclose(fp);
	sigaction(SIGPIPE, &saved_pipe, NULL);
	/* A Ctrl-C held back meanwhile arrives now: the prompt clears it. */
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
}
