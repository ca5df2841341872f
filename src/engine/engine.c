#include "config.h"

#include "flowdiag/engine/engine.h"

#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

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

/* Lowers v's confidence a step for each of r's weakens that holds. */
static void
weaken(const struct rule *r, const struct facts *f, struct verdict *v)
{
	size_t i;

	for (i = 0; r != NULL && i < r->nweaken; i++) {
		if (v->confidence > CONF_LOW && rule_eval(r->weaken[i].when, f))
			v->confidence--;
	}
}

/* Appends the texts of r's conditions (weakens or notes) that hold. */
static void
said(const struct rule_weaken *w, size_t nw, const struct facts *f, char ***v,
    size_t *n)
{
	size_t i;

	for (i = 0; i < nw; i++) {
		if (!rule_eval(w[i].when, f))
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = rule_render(w[i].reason, f);
	}
}

/* Fills v with r's decision on f, without the texts: the defaults'
 * weakens count as the rule's own. */
static void
judge(const struct rule_set *rs, const struct rule *r, const struct facts *f,
    struct verdict *v)
{
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
	weaken(r, f, v);
	weaken(rs->defaults, f, v);
}

void
engine_decide(const struct rule_set *rs, const struct facts *f,
    struct verdict *v)
{
	engine_render(rs, choose(rs, f), f, v);
}

void
engine_judge(const struct rule_set *rs, const struct facts *f,
    struct verdict *v)
{
	judge(rs, choose(rs, f), f, v);
}

void
engine_render(const struct rule_set *rs, const struct rule *r,
    const struct facts *f, struct verdict *v)
{
	const struct rule *d = rs->defaults;

	judge(rs, r, f, v);
	if (r == NULL) {
		v->summary = xstrdup("no rule matched these facts");
		return;
	}
	v->summary = rule_render(r->summary, f);
	v->explain = render_all(r->explain, r->nexplain, f);
	v->nexplain = r->nexplain;
	said(r->note, r->nnote, f, &v->explain, &v->nexplain);
	if (d != NULL)
		said(d->note, d->nnote, f, &v->explain, &v->nexplain);
	v->cannot = render_all(r->cannot, r->ncannot, f);
	v->ncannot = r->ncannot;
	v->teach = render_all(r->teach, r->nteach, f);
	v->nteach = r->nteach;
	v->next = render_all(r->next, r->nnext, f);
	v->nnext = r->nnext;
	said(r->weaken, r->nweaken, f, &v->weakened, &v->nweakened);
	if (d != NULL)
		said(d->weaken, d->nweaken, f, &v->weakened, &v->nweakened);
}

void
diagnosis_run(struct diagnosis *d, const struct rule_set *rs,
    const struct evidence *ev)
{
	const struct rule *rule;
	bool *member;
	size_t i, k, shared = 0;
	int c;

	memset(d, 0, sizeof(*d));
	d->ev = ev;
	engine_decide(rs, &ev->all.facts, &d->verdict);
	d->clients = xcalloc(ev->nclients + 1, sizeof(*d->clients));
	member = xcalloc(ev->nclients + 1, sizeof(*member));
	for (i = 0; i < ev->nclients; i++) {
		engine_judge(rs, &ev->clients[i].facts, &d->clients[i]);
		member[i] = !ev->clients[i].scanner &&
		    verdict_same(&d->clients[i], &d->verdict);
		shared += member[i];
	}
	/* When clients fare differently, the verdict speaks of those that
	 * share it, with their facts and their records. */
	if (shared == 0 ||
	    (double)shared == facts_num(&ev->all.facts, F_CLIENTS)) {
		d->shown = ev->all;
		memset(&d->shown.facts, 0, sizeof(d->shown.facts));
		facts_copy(&d->facts, &ev->all.facts);
		free(member);
		return;
	}
	for (i = 0; i < ev->nclients; i++) {
		for (c = 0; c < EV_NCLASS && member[i]; c++) {
			for (k = 0; k < ev->clients[i].nshown[c]; k++)
				ev_group_show(&d->shown, c,
				    ev->clients[i].shown[c][k]);
		}
	}
	rule = d->verdict.rule;
	evidence_subset(ev, member, &d->facts);
	verdict_release(&d->verdict);
	engine_render(rs, rule, &d->facts, &d->verdict);
	free(member);
}

void
diagnosis_release(struct diagnosis *d)
{
	size_t i;

	verdict_release(&d->verdict);
	facts_release(&d->facts);
	for (i = 0; d->ev != NULL && i < d->ev->nclients; i++)
		verdict_release(&d->clients[i]);
	free(d->clients);
	memset(d, 0, sizeof(*d));
}
