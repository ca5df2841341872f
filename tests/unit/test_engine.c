/*
 * Unit tests of the engine: rules loaded from small .rules files written
 * at test time into a temporary directory, then engine_decide(),
 * engine_judge() and engine_render() over facts the test sets; and the
 * names and exit statuses of the verdict's kinds.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/engine/engine.h"
#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/engine/verdict.h"
#include "flowdiag/util/errinfo.h"

#include "helpers.h"

/* Decides over the fixture's rules and facts into fx->v. */
static const struct verdict *
decide(struct rules_fixture *fx)
{
	if (fx->decided)
		verdict_release(&fx->v);
	assert_int_equal(engine_decide(&fx->rs, &fx->f, &fx->v, &fx->ei), 0);
	fx->decided = true;
	return &fx->v;
}

/* Decides without the texts: the same rule, category, cause and
 * confidence as decide(), nothing rendered. */
static const struct verdict *
judge(struct rules_fixture *fx)
{
	struct verdict full;

	if (fx->decided)
		verdict_release(&fx->v);
	assert_int_equal(engine_judge(&fx->rs, &fx->f, &fx->v, &fx->ei), 0);
	fx->decided = true;
	assert_int_equal(engine_decide(&fx->rs, &fx->f, &full, &fx->ei), 0);
	assert_ptr_equal(fx->v.rule, full.rule);
	assert_int_equal(fx->v.category, full.category);
	assert_string_equal(fx->v.cause, full.cause);
	assert_int_equal(fx->v.confidence, full.confidence);
	verdict_release(&full);
	assert_null(fx->v.summary);
	assert_int_equal(fx->v.nexplain + fx->v.ncannot + fx->v.nteach +
		fx->v.nnext + fx->v.nweakened,
	    0);
	return &fx->v;
}

static const struct verdict *
render(struct rules_fixture *fx, const struct rule *r)
{
	if (fx->decided)
		verdict_release(&fx->v);
	assert_int_equal(engine_render(&fx->rs, r, &fx->f, &fx->v, &fx->ei), 0);
	fx->decided = true;
	return &fx->v;
}

/* The highest priority that holds wins, wherever it was loaded. */
static void
test_engine_priority(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	rules_load_ok(fx,
	    RULE("low", "instance-fault", "10", "flows > 0",
		"low") "rule high\n"
		       "\tcategory network-path-block\n"
		       "\tcause high-cause\n"
		       "\tpriority 50\n"
		       "\tconfidence high\n"
		       "\twhen flows > 0\n"
		       "\tsummary \"high: {flows} flows\"\n"
		       "\texplain \"e {flows}\"\n"
		       "\tcannot-tell \"c {client}\"\n"
		       "\tteach \"t\"\n"
		       "\tnext \"n {target.port}\"\n"
		       "end\n" RULE("top", "reachable", "90", "flows > 100",
			   "top") RULE("middle", "logging-gap", "30",
			   "flows > 0", "mid"));
	facts_set_num(&fx->f, F_FLOWS, 3);
	facts_set_num(&fx->f, F_TARGET_PORT, 80);
	facts_set_str(&fx->f, F_CLIENT, "10.0.0.5");
	v = decide(fx);
	assert_ptr_equal(v->rule, rules_find(fx, "high"));
	assert_int_equal(v->category, CAT_NETWORK_PATH_BLOCK);
	assert_string_equal(v->cause, "high-cause");
	assert_int_equal(v->confidence, CONF_HIGH);
	assert_string_equal(v->summary, "high: 3 flows");
	assert_int_equal(v->nexplain, 1);
	assert_string_equal(v->explain[0], "e 3");
	assert_int_equal(v->ncannot, 1);
	assert_string_equal(v->cannot[0], "c 10.0.0.5");
	assert_int_equal(v->nteach, 1);
	assert_string_equal(v->teach[0], "t");
	assert_int_equal(v->nnext, 1);
	assert_string_equal(v->next[0], "n 80");
	assert_int_equal(v->nweakened, 0);

	facts_set_num(&fx->f, F_FLOWS, 101);
	v = decide(fx);
	assert_ptr_equal(v->rule, rules_find(fx, "top"));
	assert_int_equal(v->category, CAT_REACHABLE);
	assert_int_equal(v->confidence, CONF_MEDIUM);
	assert_string_equal(v->summary, "top");
	assert_int_equal(v->nexplain, 0);
}

/* Among equal priorities the first loaded wins: in a file, its order; in
 * a directory, the files' name order.  Only *.rules files are read. */
static void
test_engine_tie(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	tmpdir_write_text(&fx->td, "b.rules",
	    RULE("tie-b", "instance-fault", "50", "true", "b"));
	tmpdir_write_text(&fx->td, "a.rules",
	    RULE("tie-a1", "logging-gap", "50", "true", "a1")
		RULE("tie-a2", "reachable", "50", "true", "a2"));
	tmpdir_write_text(&fx->td, "c.txt", "not rules at all\n");
	tmpdir_write_text(&fx->td, ".hidden.rules", "not rules either\n");
	errinfo_clear(&fx->ei);
	if (rule_load_dir(&fx->rs, fx->td.dir, &fx->ei) != 0)
		fail_msg("rule_load_dir: %s", fx->ei.msg);
	assert_int_equal(fx->rs.n, 3);
	assert_string_equal(fx->rs.v[0]->name, "tie-a1");
	assert_string_equal(fx->rs.v[1]->name, "tie-a2");
	assert_string_equal(fx->rs.v[2]->name, "tie-b");
	v = decide(fx);
	assert_string_equal(v->rule->name, "tie-a1");
	assert_int_equal(v->category, CAT_LOGGING_GAP);
	assert_string_equal(v->summary, "a1");
}

static void
test_engine_no_match(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	/* no rules at all */
	v = decide(fx);
	assert_null(v->rule);
	assert_int_equal(v->category, CAT_INCONCLUSIVE);
	assert_string_equal(v->cause, "no-rule-matched");
	assert_int_equal(v->confidence, CONF_LOW);
	assert_non_null(v->summary);
	assert_int_equal(v->nexplain + v->nnext + v->nweakened, 0);
	/* rules, none of which holds */
	rules_load_ok(fx,
	    RULE("a", "reachable", "10", "flows > 0", "a")
		RULE("b", "instance-fault", "20", "not true", "b"));
	v = decide(fx);
	assert_null(v->rule);
	assert_int_equal(v->category, CAT_INCONCLUSIVE);
	assert_string_equal(v->cause, "no-rule-matched");
	assert_int_equal(v->confidence, CONF_LOW);
	v = judge(fx);
	assert_null(v->rule);
	assert_int_equal(v->category, CAT_INCONCLUSIVE);
}

/* Each weaken clause that holds lowers confidence one step, never below
 * low, and adds its reason; engine_judge() lowers it alike. */
static void
test_engine_weaken(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	rules_load_ok(fx,
	    "rule w\n"
	    "\tcategory instance-fault\n"
	    "\tcause w\n"
	    "\tconfidence high\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tweaken \"first\" if flows > 0\n"
	    "\tweaken \"never\" if false\n"
	    "\tweaken \"{flows} flows\" \"and more\"\n"
	    "\t       if flows == 3\n"
	    "\tweaken \"last\" if true\n"
	    "end\n"
	    "rule low\n"
	    "\tcategory instance-fault\n"
	    "\tcause low\n"
	    "\tconfidence low\n"
	    "\twhen false\n"
	    "\tsummary \"s\"\n"
	    "\tweaken \"still low\" if true\n"
	    "end\n");
	/* flows 3: first, the third and last hold: high, medium, low, low */
	facts_set_num(&fx->f, F_FLOWS, 3);
	v = decide(fx);
	assert_string_equal(v->rule->name, "w");
	assert_int_equal(v->confidence, CONF_LOW);
	assert_int_equal(v->nweakened, 3);
	assert_string_equal(v->weakened[0], "first");
	assert_string_equal(v->weakened[1], "3 flows and more");
	assert_string_equal(v->weakened[2], "last");
	/* the same decision without the texts, for each client */
	v = judge(fx);
	assert_string_equal(v->rule->name, "w");
	assert_int_equal(v->confidence, CONF_LOW);
	/* flows 1: first and last: high, medium, low */
	facts_set_num(&fx->f, F_FLOWS, 1);
	v = decide(fx);
	assert_int_equal(v->confidence, CONF_LOW);
	assert_int_equal(v->nweakened, 2);
	assert_string_equal(v->weakened[0], "first");
	assert_string_equal(v->weakened[1], "last");
	/* flows 0: last only: high, medium */
	facts_set_num(&fx->f, F_FLOWS, 0);
	v = decide(fx);
	assert_int_equal(v->confidence, CONF_MEDIUM);
	assert_int_equal(v->nweakened, 1);
	assert_string_equal(v->weakened[0], "last");
	assert_int_equal(judge(fx)->confidence, CONF_MEDIUM);
	/* a low rule stays low, its reason still given */
	v = render(fx, rules_find(fx, "low"));
	assert_int_equal(v->confidence, CONF_LOW);
	assert_int_equal(v->nweakened, 1);
	assert_string_equal(v->weakened[0], "still low");
	/* engine_render does not ask whether the rule holds */
	assert_string_equal(v->cause, "low");
}

/* A note is a line of the explanation when its condition holds, and
 * leaves the confidence alone. */
static void
test_engine_note(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	rules_load_ok(fx,
	    "rule n\n"
	    "\tcategory instance-fault\n"
	    "\tcause n\n"
	    "\tconfidence high\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\texplain \"always\"\n"
	    "\tnote \"{flows} flows\" if flows > 2\n"
	    "\tnote \"never\" if false\n"
	    "end\n");
	facts_set_num(&fx->f, F_FLOWS, 3);
	v = decide(fx);
	assert_int_equal(v->confidence, CONF_HIGH);
	assert_int_equal(v->nexplain, 2);
	assert_string_equal(v->explain[0], "always");
	assert_string_equal(v->explain[1], "3 flows");
	assert_int_equal(v->nweakened, 0);
	facts_set_num(&fx->f, F_FLOWS, 1);
	v = decide(fx);
	assert_int_equal(v->nexplain, 1);
	rules_load_fails(fx,
	    "rule m\n\tcategory reachable\n\tcause m\n\twhen true\n"
	    "\tsummary \"s\"\n\tnote \"n\"\nend\n",
	    "6:10: note: expected 'if' after the text");
}

/* The weakens and notes of defaults blocks count for every rule, after
 * its own, from every file; nothing else may be in such a block. */
static void
test_engine_defaults(void **state)
{
	struct rules_fixture *fx = *state;
	const struct verdict *v;

	rules_load_ok(fx,
	    "defaults\n"
	    "\tweaken \"partial\" if input.partial\n"
	    "end\n"
	    "rule d\n"
	    "\tcategory reachable\n"
	    "\tcause d\n"
	    "\tconfidence high\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tweaken \"own\" if flows > 0\n"
	    "end\n");
	rules_load_ok(fx,
	    "defaults\n"
	    "\tweaken \"second\" if flows > 5\n"
	    "\tnote \"noted\" if true\n"
	    "end\n");
	assert_int_equal(fx->rs.n, 1);
	v = decide(fx);
	assert_int_equal(v->confidence, CONF_HIGH);
	assert_int_equal(v->nexplain, 1);
	assert_string_equal(v->explain[0], "noted");
	facts_set_bool(&fx->f, F_INPUT_PARTIAL, true);
	facts_set_num(&fx->f, F_FLOWS, 6);
	v = decide(fx);
	assert_int_equal(v->confidence, CONF_LOW);
	assert_int_equal(v->nweakened, 3);
	assert_string_equal(v->weakened[0], "own");
	assert_string_equal(v->weakened[1], "partial");
	assert_string_equal(v->weakened[2], "second");
	assert_int_equal(judge(fx)->confidence, CONF_LOW);
	rules_load_fails(fx, "defaults\n\tcause x\nend\n",
	    "1: defaults may hold weaken and note only");
}

/* Decides, judges or renders (which: d, j or r) over the fixture's rules
 * and facts: it must fail with a rules error (EC_DATA) that holds part,
 * and leave no verdict. */
static void
refuses(struct rules_fixture *fx, char which, const struct rule *r,
    const char *part)
{
	struct verdict v;
	int ret;

	memset(&v, 0xff, sizeof(v));
	errinfo_clear(&fx->ei);
	ret = which == 'd' ? engine_decide(&fx->rs, &fx->f, &v, &fx->ei)
	    : which == 'j' ? engine_judge(&fx->rs, &fx->f, &v, &fx->ei)
			   : engine_render(&fx->rs, r, &fx->f, &v, &fx->ei);
	assert_int_equal(ret, -1);
	assert_int_equal(fx->ei.code, EC_DATA);
	assert_has_text(fx->ei.msg, part);
	assert_null(v.rule);
	assert_null(v.summary);
	assert_null(v.cause);
	assert_int_equal(v.nexplain + v.nweakened, 0);
}

/* A condition that cannot be evaluated (a match past PCRE2's limits) is
 * an error naming its rule, and there is no verdict: not one resting on
 * a false, whether the condition is a rule's, a weaken's or a note's.
 * One that the verdict does not depend on (a rule of lower priority than
 * one that holds already) is not evaluated. */
static void
test_engine_eval_error(void **state)
{
	struct rules_fixture *fx = *state;
	char hostile[64];

	memset(hostile, 'a', 40);
	strcpy(hostile + 40, "b");
	facts_set_str(&fx->f, F_TARGET_INTERFACE, hostile);
	rules_load_ok(fx,
	    RULE("first", "reachable", "50", "true", "first") RULE("lower",
		"reachable", "10", "target.interface =~ \"(a+)+$\"", "lower"));
	assert_ptr_equal(decide(fx)->rule, rules_find(fx, "first"));
	assert_ptr_equal(judge(fx)->rule, rules_find(fx, "first"));
	rules_load_ok(fx,
	    RULE("higher", "logging-gap", "90",
		"target.interface !~ \"(a+)+$\"", "higher"));
	refuses(fx, 'd', NULL,
	    ":5:24: rule 'higher': '!~' on "
	    "target.interface (41 bytes) could not be "
	    "evaluated: match limit exceeded");
	refuses(fx, 'j', NULL, "rule 'higher'");
	rule_set_release(&fx->rs);
	rules_load_ok(fx,
	    "rule w\n"
	    "\tcategory reachable\n"
	    "\tcause w\n"
	    "\tconfidence high\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tweaken \"odd\" if target.interface =~ \"(a+)+$\"\n"
	    "end\n"
	    "rule n\n"
	    "\tcategory reachable\n"
	    "\tcause n\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tnote \"odd\" if target.interface =~ \"(a+)+$\"\n"
	    "end\n");
	refuses(fx, 'd', NULL, ":7:35: rule 'w': '=~' on target.interface");
	refuses(fx, 'j', NULL, ":7:35: rule 'w'");
	refuses(fx, 'r', rules_find(fx, "n"),
	    ":14:33: rule 'n': '=~' on target.interface");
	/* on a value that does not backtrack, all is as before */
	facts_set_str(&fx->f, F_TARGET_INTERFACE, "eni-1");
	assert_ptr_equal(decide(fx)->rule, rules_find(fx, "w"));
	assert_int_equal(fx->v.confidence, CONF_HIGH);
}

static void
test_engine_category_exit_status(void **state)
{
	(void)state;
	assert_int_equal(category_exit_status(CAT_REACHABLE), 0);
	assert_int_equal(category_exit_status(CAT_NETWORK_PATH_BLOCK), 10);
	assert_int_equal(category_exit_status(CAT_INSTANCE_FAULT), 11);
	assert_int_equal(category_exit_status(CAT_NO_MATCHING_TRAFFIC), 12);
	assert_int_equal(category_exit_status(CAT_LOGGING_GAP), 13);
	assert_int_equal(category_exit_status(CAT_INCONCLUSIVE), 14);
}

static void
test_engine_names(void **state)
{
	(void)state;
	assert_string_equal(category_name(CAT_REACHABLE), "reachable");
	assert_string_equal(category_name(CAT_NETWORK_PATH_BLOCK),
	    "network-path-block");
	assert_string_equal(category_name(CAT_INSTANCE_FAULT),
	    "instance-fault");
	assert_string_equal(category_name(CAT_NO_MATCHING_TRAFFIC),
	    "no-matching-traffic");
	assert_string_equal(category_name(CAT_LOGGING_GAP), "logging-gap");
	assert_string_equal(category_name(CAT_INCONCLUSIVE), "inconclusive");
	assert_string_equal(confidence_name(CONF_LOW), "low");
	assert_string_equal(confidence_name(CONF_MEDIUM), "medium");
	assert_string_equal(confidence_name(CONF_HIGH), "high");
}

#define T(name)                                                    \
	cmocka_unit_test_setup_teardown(name, rules_fixture_setup, \
	    rules_fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_engine_priority),
		T(test_engine_tie),
		T(test_engine_no_match),
		T(test_engine_weaken),
		T(test_engine_note),
		T(test_engine_defaults),
		T(test_engine_eval_error),
		T(test_engine_category_exit_status),
		T(test_engine_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
