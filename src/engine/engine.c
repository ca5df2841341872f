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
 * among equals), or NULL, in *best. */
static int
choose(const struct rule_set *rs, const struct facts *f,
    const struct rule **best, struct errinfo *ei)
{
	const struct rule *r;
	size_t i;
	bool holds;

	*best = NULL;
	for (i = 0; i < rs->n; i++) {
		r = rs->v[i];
		if (*best != NULL && r->priority <= (*best)->priority)
			continue;
		if (rule_eval(r->when, f, &holds, ei) == -1)
			return -1;
		if (holds)
			*best = r;
	}
	return 0;
}

/* Lowers v's confidence a step for each of r's weakens that holds. */
static int
weaken(const struct rule *r, const struct facts *f, struct verdict *v,
    struct errinfo *ei)
{
	size_t i;
	bool holds;

	for (i = 0; r != NULL && i < r->nweaken; i++) {
		if (v->confidence <= CONF_LOW)
			break;
		if (rule_eval(r->weaken[i].when, f, &holds, ei) == -1)
			return -1;
		if (holds)
			v->confidence--;
	}
	return 0;
}

/* Appends the texts of r's conditions (weakens or notes) that hold. */
static int
said(const struct rule_weaken *w, size_t nw, const struct facts *f, char ***v,
    size_t *n, struct errinfo *ei)
{
	size_t i;
	bool holds;

	for (i = 0; i < nw; i++) {
		if (rule_eval(w[i].when, f, &holds, ei) == -1)
			return -1;
		if (!holds)
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = rule_render(w[i].reason, f);
	}
	return 0;
}

/* Fills v with r's decision on f, without the texts: the defaults'
 * weakens count as the rule's own. */
static int
judge(const struct rule_set *rs, const struct rule *r, const struct facts *f,
    struct verdict *v, struct errinfo *ei)
{
	memset(v, 0, sizeof(*v));
	if (r == NULL) {
		v->category = CAT_INCONCLUSIVE;
		v->cause = "no-rule-matched";
		v->confidence = CONF_LOW;
		return 0;
	}
	v->rule = r;
	v->category = r->category;
	v->cause = r->cause;
	v->confidence = r->confidence;
	if (weaken(r, f, v, ei) == -1 || weaken(rs->defaults, f, v, ei) == -1) {
		memset(v, 0, sizeof(*v));
		return -1;
	}
	return 0;
}

int
engine_decide(const struct rule_set *rs, const struct facts *f,
    struct verdict *v, struct errinfo *ei)
{
	const struct rule *r;

	memset(v, 0, sizeof(*v));
	if (choose(rs, f, &r, ei) == -1)
		return -1;
	return engine_render(rs, r, f, v, ei);
}

int
engine_judge(const struct rule_set *rs, const struct facts *f,
    struct verdict *v, struct errinfo *ei)
{
	const struct rule *r;

	memset(v, 0, sizeof(*v));
	if (choose(rs, f, &r, ei) == -1)
		return -1;
	return judge(rs, r, f, v, ei);
}

int
engine_render(const struct rule_set *rs, const struct rule *r,
    const struct facts *f, struct verdict *v, struct errinfo *ei)
{
	const struct rule *d = rs->defaults;

	if (judge(rs, r, f, v, ei) == -1)
		return -1;
	if (r == NULL) {
		v->summary = xstrdup("no rule matched these facts");
		return 0;
	}
	v->summary = rule_render(r->summary, f);
	v->explain = render_all(r->explain, r->nexplain, f);
	v->nexplain = r->nexplain;
	v->cannot = render_all(r->cannot, r->ncannot, f);
	v->ncannot = r->ncannot;
	v->teach = render_all(r->teach, r->nteach, f);
	v->nteach = r->nteach;
	v->next = render_all(r->next, r->nnext, f);
	v->nnext = r->nnext;
	if (said(r->note, r->nnote, f, &v->explain, &v->nexplain, ei) == -1 ||
	    (d != NULL &&
		said(d->note, d->nnote, f, &v->explain, &v->nexplain, ei) ==
		    -1) ||
	    said(r->weaken, r->nweaken, f, &v->weakened, &v->nweakened, ei) ==
		-1 ||
	    (d != NULL &&
		said(d->weaken, d->nweaken, f, &v->weakened, &v->nweakened,
		    ei) == -1)) {
		verdict_release(v);
		return -1;
	}
	return 0;
}

int
diagnosis_run(struct diagnosis *d, const struct rule_set *rs,
    const struct evidence *ev, struct errinfo *ei)
{
	const struct rule *rule;
	bool *member = NULL;
	size_t i, k, shared = 0;
	int c, ret = -1;

	memset(d, 0, sizeof(*d));
	d->ev = ev;
	d->clients = xcalloc(ev->nclients + 1, sizeof(*d->clients));
	if (engine_decide(rs, &ev->all.facts, &d->verdict, ei) == -1)
		goto out;
	member = xcalloc(ev->nclients + 1, sizeof(*member));
	for (i = 0; i < ev->nclients; i++) {
		if (engine_judge(rs, &ev->clients[i].facts, &d->clients[i],
			ei) == -1)
			goto out;
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
		ret = 0;
		goto out;
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
	if (engine_render(rs, rule, &d->facts, &d->verdict, ei) == -1)
		goto out;
	ret = 0;
out:
	free(member);
	if (ret == -1)
		diagnosis_release(d);
	return ret;
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
