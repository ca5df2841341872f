/*
 * What a verdict is: a category (with the exit status it gives), a cause,
 * a confidence, and the texts of the rule that decided it, filled in.
 */
#ifndef FLOWDIAG_ENGINE_VERDICT_H
#define FLOWDIAG_ENGINE_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

enum category {
	CAT_REACHABLE,
	CAT_NETWORK_PATH_BLOCK,
	CAT_INSTANCE_FAULT,
	CAT_NO_MATCHING_TRAFFIC,
	CAT_LOGGING_GAP,
	CAT_INCONCLUSIVE,
	NCATEGORIES
};

enum confidence { CONF_LOW, CONF_MEDIUM, CONF_HIGH };

struct rule;

struct verdict {
	const struct rule *rule; /* NULL when no rule held */
	enum category category;
	const char *cause;
	enum confidence confidence;
	char *summary;
	char **explain;
	size_t nexplain;
	char **cannot;
	size_t ncannot;
	char **teach;
	size_t nteach;
	char **next;
	size_t nnext;
	char **weakened; /* why confidence was lowered */
	size_t nweakened;
};

void verdict_release(struct verdict *v);

/* Whether two verdicts have the same outcome: category and cause. */
bool verdict_same(const struct verdict *a, const struct verdict *b);

const char *category_name(enum category c);

/* The category named name, or NCATEGORIES. */
enum category category_lookup(const char *name);

/* 0 for reachable, 10 to 14 for the others, in their order. */
int category_exit_status(enum category c);
const char *confidence_name(enum confidence c);

#endif
