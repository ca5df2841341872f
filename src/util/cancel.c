#include "config.h"

#include "flowdiag/util/cancel.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t requested;
static struct sigaction saved;
static int depth;

static void
on_sigint(int sig)
{
	(void)sig;
	requested = 1;
}

void
cancel_arm(void)
{
	struct sigaction sa;

	/* A Ctrl-C that came before a nested arm is not forgotten. */
	if (depth++ > 0)
		return;
	requested = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, &saved);
}

void
cancel_disarm(void)
{
	if (depth == 0 || --depth > 0)
		return;
	sigaction(SIGINT, &saved, NULL);
}

bool
cancel_requested(void)
{
	return requested != 0;
}

void
cancel_clear(void)
{
	requested = 0;
}
