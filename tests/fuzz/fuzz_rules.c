/*
 * The rules language: the input is a rules file, loaded from a scratch
 * file as rules check loads it, linted (rules check), and when it loads,
 * every condition (when, weaken, note) evaluated on each case's facts
 * and on facts all unset, and every template rendered on them.  A load
 * or an evaluation that fails must say why.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/report/rules.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

static char dir[4096], path[4200];
static FILE *devnull;

static void
remove_scratch(void)
{
	unlink(path);
	rmdir(dir);
}

static void
render(const char *t, const struct facts *f)
{
	if (t != NULL)
		free(rule_render(t, f));
}

static void
render_all(char *const *v, size_t n, const struct facts *f)
{
	size_t i;

	for (i = 0; i < n; i++)
		render(v[i], f);
}

/* Evaluates e on f, as the engine does: a failure must say why. */
static bool
holds(const struct expr *e, const struct facts *f)
{
	struct errinfo ei;
	bool v = false;

	errinfo_clear(&ei);
	if (rule_eval(e, f, &v, &ei) == -1) {
		FUZZ_CHECK(ei.msg[0] != '\0',
		    "evaluation failed without a reason");
		return false;
	}
	return v;
}

static void
run_rule(const struct rule *r, const struct facts *f)
{
	size_t i;

	if (r->when != NULL)
		(void)holds(r->when, f);
	for (i = 0; i < r->nweaken; i++) {
		if (r->weaken[i].when == NULL || holds(r->weaken[i].when, f))
			render(r->weaken[i].reason, f);
	}
	for (i = 0; i < r->nnote; i++) {
		if (r->note[i].when == NULL || holds(r->note[i].when, f))
			render(r->note[i].reason, f);
	}
	render(r->summary, f);
	render_all(r->explain, r->nexplain, f);
	render_all(r->cannot, r->ncannot, f);
	render_all(r->teach, r->nteach, f);
	render_all(r->next, r->nnext, f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char rules[] = "rules", check[] = "check";
	char *argv[] = { rules, check, path, NULL };
	const char *tmp = getenv("TMPDIR");
	struct rule_set rs;
	struct facts empty;
	struct errinfo ei;
	FILE *fp;
	size_t i, j;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s/fuzz_rules.XXXXXX",
		    tmp != NULL ? tmp : "/tmp");
		FUZZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp %s", dir);
		snprintf(path, sizeof(path), "%s/fuzz.rules", dir);
		atexit(remove_scratch);
		FUZZ_CHECK((devnull = fopen("/dev/null", "w")) != NULL,
		    "/dev/null");
	}
	FUZZ_CHECK((fp = fopen(path, "w")) != NULL, "cannot write %s", path);
	fwrite(data, 1, size, fp);
	FUZZ_CHECK(fclose(fp) == 0, "cannot write %s", path);

	/* rules check: loads, then lints. */
	errinfo_clear(&ei);
	if (report_rules(devnull, devnull, 3, argv, &ei) == -1)
		FUZZ_CHECK(ei.msg[0] != '\0', "check failed without a reason");

	rule_set_init(&rs);
	errinfo_clear(&ei);
	if (rule_load_file(&rs, path, &ei) == 0) {
		facts_init(&empty);
		for (i = 0; i < rs.n; i++) {
			for (j = 0; j < rs.v[i]->ncases; j++)
				run_rule(rs.v[i], &rs.v[i]->cases[j].facts);
			run_rule(rs.v[i], &empty);
		}
		if (rs.defaults != NULL)
			run_rule(rs.defaults, &empty);
		facts_release(&empty);
	} else
		FUZZ_CHECK(ei.msg[0] != '\0', "refused without a reason");
	rule_set_release(&rs);
	return 0;
}
