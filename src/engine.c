#include "config.h"

#include "flowdiag/engine.h"

#include <stdlib.h>
#include <string.h>

#include "flowdiag/xmalloc.h"

static char **
render_all(char *const *t, size_t n, const struct facts *f)
{
	char **v = n > 0 ? xcalloc(n, sizeof(*v)) : NULL;
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = rule_render(t[i], f);
	return v;
}

/* The highest-priority rule whose condition holds (the first loaded
 * among equals), or NULL. */
static const struct rule *
choose(const struct rule_set *rs, const struct facts *f)
{
	const struct rule *best = NULL, *r;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		r = rs->v[i];
		if ((best == NULL || r->priority > best->priority) &&
		    rule_eval(r->when, f))
			best = r;
	}
	return best;
}

/* Fills v with r's decision on f, without the texts. */
static void
judge(const struct rule *r, const struct facts *f, struct verdict *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	if (r == NULL) {
		v->category = CAT_INCONCLUSIVE;
		v->cause = "no-rule-matched";
		v->confidence = CONF_LOW;
		return;
	}
	v->rule = r;
	v->category = r->category;
	v->cause = r->cause;
	v->confidence = r->confidence;
	for (i = 0; i < r->nweaken; i++) {
		if (v->confidence > CONF_LOW && rule_eval(r->weaken[i].when, f))
			v->confidence--;
	}
}

void
engine_decide(const struct rule_set *rs, const struct facts *f,
    struct verdict *v)
{
	engine_render(choose(rs, f), f, v);
}

void
engine_judge(const struct rule_set *rs, const struct facts *f,
    struct verdict *v)
{
	judge(choose(rs, f), f, v);
}

void
engine_render(const struct rule *r, const struct facts *f, struct verdict *v)
{
	size_t i;

	judge(r, f, v);
	if (r == NULL) {
		v->summary = xstrdup("no rule matched these facts");
		return;
	}
	v->summary = rule_render(r->summary, f);
	v->explain = render_all(r->explain, r->nexplain, f);
	v->nexplain = r->nexplain;
	for (i = 0; i < r->nnote; i++) {
		if (!rule_eval(r->note[i].when, f))
			continue;
		v->explain = xreallocarray(v->explain, v->nexplain + 1,
		    sizeof(*v->explain));
		v->explain[v->nexplain++] = rule_render(r->note[i].reason, f);
	}
	v->cannot = render_all(r->cannot, r->ncannot, f);
	v->ncannot = r->ncannot;
	v->teach = render_all(r->teach, r->nteach, f);
	v->nteach = r->nteach;
	v->next = render_all(r->next, r->nnext, f);
	v->nnext = r->nnext;
	for (i = 0; i < r->nweaken; i++) {
		if (!rule_eval(r->weaken[i].when, f))
			continue;
		v->weakened = xreallocarray(v->weakened, v->nweakened + 1,
		    sizeof(*v->weakened));
		v->weakened[v->nweakened++] =
		    rule_render(r->weaken[i].reason, f);
	}
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
