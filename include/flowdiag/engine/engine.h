/*
 * The rules stage: evaluates every rule against a group's facts and takes
 * the verdict of the highest-priority rule that holds, its templates
 * filled in.  All that is decided here is which rule wins.
 */
#ifndef FLOWDIAG_ENGINE_H
#define FLOWDIAG_ENGINE_H

#include <stddef.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"

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

/* Decides the verdict for facts f: the highest-priority rule whose
 * condition holds (the first loaded among equals). */
void engine_decide(const struct rule_set *rs, const struct facts *f,
    struct verdict *v);

/* Decides as engine_decide() does, but fills only v's rule, category,
 * cause and confidence, without expanding a template: all a report says
 * of each client. */
void engine_judge(const struct rule_set *rs, const struct facts *f,
    struct verdict *v);

/* Fills v from rule r of rs (NULL: no rule held) with its templates
 * expanded over f, its confidence lowered by each weaken clause that
 * holds, its own and rs's defaults', and its notes that hold added to
 * the explanation. */
void engine_render(const struct rule_set *rs, const struct rule *r,
    const struct facts *f, struct verdict *v);
void verdict_release(struct verdict *v);

#endif
