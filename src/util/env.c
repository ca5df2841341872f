#include "config.h"

#include "flowdiag/util/env.h"

#include <errno.h>
#include <stdlib.h>

uint64_t
env_number(const char *name, uint64_t min, uint64_t max, uint64_t dflt)
{
	const char *env = getenv(name);
	unsigned long long n;
	char *end;

	/* strtoull() takes blanks and a sign first: a number only. */
	if (env == NULL || *env < '0' || *env > '9')
		return dflt;
	errno = 0;
	n = strtoull(env, &end, 10);
	if (*end != '\0' || errno != 0)
		return dflt;
	return n < min ? min : n > max ? max : (uint64_t)n;
}
