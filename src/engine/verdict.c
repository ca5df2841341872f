#include "config.h"

#include "flowdiag/engine/verdict.h"

#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

static const char *const category_names[NCATEGORIES] = {
	[CAT_REACHABLE] = "reachable",
	[CAT_NETWORK_PATH_BLOCK] = "network-path-block",
	[CAT_INSTANCE_FAULT] = "instance-fault",
	[CAT_NO_MATCHING_TRAFFIC] = "no-matching-traffic",
	[CAT_LOGGING_GAP] = "logging-gap",
	[CAT_INCONCLUSIVE] = "inconclusive",
};

const char *
category_name(enum category c)
{
	return category_names[c];
}

int
category_exit_status(enum category c)
{
	return c == CAT_REACHABLE ? 0 : 9 + (int)c;
}

const char *
confidence_name(enum confidence c)
{
	switch (c) {
	case CONF_LOW:
		return "low";
	case CONF_MEDIUM:
		return "medium";
	case CONF_HIGH:
		return "high";
	}
	return "?";
}

enum category
category_lookup(const char *name)
{
	int i;

	for (i = 0; i < NCATEGORIES; i++) {
		if (strcmp(name, category_names[i]) == 0)
			return i;
	}
	return NCATEGORIES;
}

void
verdict_release(struct verdict *v)
{
	free(v->summary);
	xfree_strings(v->explain, v->nexplain);
	xfree_strings(v->cannot, v->ncannot);
	xfree_strings(v->teach, v->nteach);
	xfree_strings(v->next, v->nnext);
	xfree_strings(v->weakened, v->nweakened);
	memset(v, 0, sizeof(*v));
}

bool
verdict_same(const struct verdict *a, const struct verdict *b)
{
	return a->category == b->category && strcmp(a->cause, b->cause) == 0;
}
