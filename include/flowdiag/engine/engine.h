/*
 * The rules stage: evaluates every rule against a group's facts and takes
 * the verdict of the highest-priority rule that holds, its templates
 * filled in; and the diagnosis, the verdict for all clients and for each.
 * The verdict is decided here; the report only prints it.
 */
#ifndef FLOWDIAG_ENGINE_H
#define FLOWDIAG_ENGINE_H

#include <stddef.h>

#include "flowdiag/engine/evidence.h"
#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/util/errinfo.h"

/* Decides the verdict for facts f: the highest-priority rule whose
 * condition holds (the first loaded among equals).  Fails when a
 * condition that counts could not be evaluated (rule_eval()): there is
 * then no verdict, v is left empty, and ei names the rule. */
int engine_decide(const struct rule_set *rs, const struct facts *f,
    struct verdict *v, struct errinfo *ei);

/* Decides as engine_decide() does, but fills only v's rule, category,
 * cause and confidence, without expanding a template: all a report says
 * of each client. */
int engine_judge(const struct rule_set *rs, const struct facts *f,
    struct verdict *v, struct errinfo *ei);

/* Fills v from rule r of rs (NULL: no rule held) with its templates
 * expanded over f, its confidence lowered by each weaken clause that
 * holds, its own and rs's defaults', and its notes that hold added to
 * the explanation.  Fails, v left empty, as engine_decide() does. */
int engine_render(const struct rule_set *rs, const struct rule *r,
    const struct facts *f, struct verdict *v, struct errinfo *ei);

/* A diagnosis: the verdict for all clients and one per client. */
struct diagnosis {
	const struct evidence *ev; /* borrowed */
	struct verdict verdict;
	struct verdict *clients; /* parallel to ev->clients */
	/* The facts the verdict was written from, and the records that show
	 * it: those of the clients that share it. */
	struct facts facts;
	struct ev_group shown;
};

/* Decides the verdict for all of ev's clients and each one's: when
 * clients fare differently, the verdict speaks of those that share it,
 * with their facts and records.  A condition that cannot be evaluated
 * for all clients or for any one of them fails the whole diagnosis, d
 * left empty: no verdict rests on a rule that could not be evaluated,
 * and one error is reported however many clients would meet it. */
int diagnosis_run(struct diagnosis *d, const struct rule_set *rs,
    const struct evidence *ev, struct errinfo *ei);
void diagnosis_release(struct diagnosis *d);

#endif
