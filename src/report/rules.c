#include "config.h"

#include "flowdiag/report/rules.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/near.h"
#include "flowdiag/util/plural.h"

static const char usage[] = "usage: flowdiag rules [list] [--rules DIR]\n"
			    "       flowdiag rules check FILE...\n"
			    "       flowdiag rules test [--rules DIR]\n"
			    "       flowdiag rules facts\n";

const char *const report_rules_verbs[] = { "list", "check", "test", "facts",
	NULL };

/* The columns as wide as their longest cell, so that the longest rule
 * name does not push its row out of line. */
static void
list(FILE *out, const struct rule_set *rs)
{
	int wname = (int)strlen("RULE"), wcat = (int)strlen("CATEGORY");
	int wcause = (int)strlen("CAUSE"), len;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		if ((len = (int)strlen(r->name)) > wname)
			wname = len;
		if ((len = (int)strlen(category_name(r->category))) > wcat)
			wcat = len;
		if ((len = (int)strlen(r->cause)) > wcause)
			wcause = len;
	}
	escape_printf(out, "%-*s  %-*s  %-*s  %3s  %s\n", wname, "RULE", wcat,
	    "CATEGORY", wcause, "CAUSE", "PRI", "WHERE");
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		escape_printf(out, "%-*s  %-*s  %-*s  %3d  %s:%d\n", wname,
		    r->name, wcat, category_name(r->category), wcause, r->cause,
		    r->priority, r->file, r->line);
	}
}

/* Lint beyond loading: every rule needs a case that fires it and one that
 * must not.  Returns the number of complaints. */
static int
lint(FILE *err, const struct rule_set *rs)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];
		bool fires = false, quiet = false;

		for (j = 0; j < r->ncases; j++) {
			fires |= r->cases[j].fires;
			quiet |= !r->cases[j].fires;
		}
		if (!fires || !quiet) {
			escape_printf(err,
			    "%s:%d: rule '%s' has no case that %s\n", r->file,
			    r->line, r->name, !fires ? "fires" : "stays quiet");
			bad++;
		}
	}
	return bad;
}

/* Runs every rule's cases: a case "fires" must make the condition true,
 * a case "quiet" false.  Counts the failures in *failed; fails when a
 * condition cannot be evaluated on a case's facts. */
static int
test(FILE *err, const struct rule_set *rs, int *passed, int *failed,
    struct errinfo *ei)
{
	size_t i, j;
	bool holds;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		for (j = 0; j < r->ncases; j++) {
			const struct rule_case *c = &r->cases[j];

			if (rule_eval(r->when, &c->facts, &holds, ei) == -1)
				return -1;
			if (holds == c->fires) {
				(*passed)++;
				continue;
			}
			escape_printf(err,
			    "%s:%d: rule '%s': case %s, but the "
			    "condition is %s\n",
			    r->file, c->line, r->name,
			    c->fires ? "fires" : "quiet",
			    c->fires ? "false" : "true");
			(*failed)++;
		}
	}
	return 0;
}

static void
facts(FILE *out)
{
	int i, wname = 0, wtype = 0, len;

	for (i = 0; i < FACT_COUNT; i++) {
		if ((len = (int)strlen(fact_def(i)->name)) > wname)
			wname = len;
		if ((len = (int)strlen(fact_type_name(fact_def(i)->type))) >
		    wtype)
			wtype = len;
	}
	for (i = 0; i < FACT_COUNT; i++) {
		escape_printf(out, "%-*s  %-*s  %s\n", wname, fact_def(i)->name,
		    wtype, fact_type_name(fact_def(i)->type), fact_def(i)->doc);
	}
}

int
report_rules(FILE *out, FILE *err, int argc, char **argv, struct errinfo *ei)
{
	struct rule_set rs;
	const char *dir = NULL, *verb = argc > 1 ? argv[1] : "", *near;
	char *listing[] = { argv[0], (char *)"list", NULL, NULL, NULL };
	int i, status = -1, passed = 0, failed = 0;

	if (strcmp(argv[argc - 1], "--rules") == 0 && argc > 1)
		return errinfo_set(ei, EC_USAGE,
		    "rules: --rules needs a value");
	/* No verb lists, as the REPL's rules does; so does --rules DIR. */
	if (argc == 1 || (argc == 3 && strcmp(verb, "--rules") == 0)) {
		listing[2] = argc == 3 ? argv[1] : NULL;
		listing[3] = argc == 3 ? argv[2] : NULL;
		return report_rules(out, err, argc + 1, listing, ei);
	}
	if (strcmp(verb, "facts") == 0 && argc == 2) {
		facts(out);
		return 0;
	}
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		escape_puts(out, usage);
		return 0;
	}
	rule_set_init(&rs);
	if (strcmp(verb, "check") == 0) {
		if (argc < 3) {
			errinfo_set(ei, EC_USAGE, "rules check: no FILE");
			goto out;
		}
		for (i = 2; i < argc; i++) {
			if (rule_load_file(&rs, argv[i], ei) == -1)
				goto out;
		}
		if ((failed = lint(err, &rs)) > 0) {
			errinfo_set(ei, EC_DATA, "rules check: %d %s", failed,
			    plural((uint64_t)failed, "complaint",
				"complaints"));
			goto out;
		}
		escape_printf(out, "%zu %s in %d %s: ok\n", rs.n,
		    plural(rs.n, "rule", "rules"), argc - 2,
		    plural((uint64_t)(argc - 2), "file", "files"));
		status = 0;
		goto out;
	}
	if (strcmp(verb, "list") != 0 && strcmp(verb, "test") != 0) {
		if ((near = near_name(verb, report_rules_verbs)) != NULL) {
			errinfo_set(ei, EC_USAGE,
			    "rules: unknown verb '%s'; did you mean %s?", verb,
			    near);
		} else {
			errinfo_set(ei, EC_USAGE,
			    "rules: unknown verb '%s' (list, check, test, "
			    "facts)",
			    verb);
		}
		goto out;
	}
	if (argc == 4 && strcmp(argv[2], "--rules") == 0)
		dir = argv[3];
	else if (argc != 2) {
		errinfo_set(ei, EC_USAGE, "rules %s: only --rules DIR", verb);
		goto out;
	}
	if (rule_load_default(&rs, dir, ei) == -1)
		goto out;
	if (verb[0] == 'l') {
		list(out, &rs);
		status = 0;
		goto out;
	}
	if (test(err, &rs, &passed, &failed, ei) == -1)
		goto out;
	escape_printf(out, "%d passed, %d failed\n", passed, failed);
	if (failed > 0) {
		errinfo_set(ei, EC_DATA, "rules test: %d %s failed", failed,
		    plural((uint64_t)failed, "case", "cases"));
		goto out;
	}
	status = 0;
out:
	rule_set_release(&rs);
	return status;
}
