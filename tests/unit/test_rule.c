/*
 * Unit tests of the rule language: small .rules files written at test
 * time into a temporary directory, loaded with rule_load_file() or
 * rule_load_dir(), and evaluated against facts the test sets; what the
 * engine decides with them is test_engine.c's.  Every expected position
 * (file:line:column) is counted by hand from the text the test wrote:
 * columns are 1-based bytes, a tab counts as one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/engine/engine.h"
#include "flowdiag/engine/evidence.h"
#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

#include "helpers.h"

/* Whether condition cond holds over the fixture's facts: it becomes the
 * `when` of a rule of its own, which must load. */
static bool
holds(struct rules_fixture *fx, const char *cond)
{
	struct rule_set rs;
	const char *path;
	char *text;
	bool ret;

	xasprintf(&text,
	    "rule t\n\tcategory reachable\n\tcause t\n\twhen %s\n"
	    "\tsummary \"s\"\nend\n",
	    cond);
	path = rules_write(fx, text);
	free(text);
	rule_set_init(&rs);
	errinfo_clear(&fx->ei);
	if (rule_load_file(&rs, path, &fx->ei) != 0)
		fail_msg("when %s: %s", cond, fx->ei.msg);
	assert_int_equal(rs.n, 1);
	ret = rules_eval_ok(fx, rs.v[0]->when, &fx->f);
	rule_set_release(&rs);
	return ret;
}

#define HOLDS(fx, cond)                                     \
	do {                                                \
		if (!holds(fx, cond))                       \
			fail_msg("'%s' should hold", cond); \
	} while (0)
#define FAILS(fx, cond)                                         \
	do {                                                    \
		if (holds(fx, cond))                            \
			fail_msg("'%s' should not hold", cond); \
	} while (0)

static void
check_render(const struct facts *f, const char *t, const char *want)
{
	char *got = rule_render(t, f);

	if (strcmp(got, want) != 0)
		fail_msg("render '%s': '%s', want '%s'", t, got, want);
	free(got);
}

/* == != < <= > >= on numbers, both ways round. */
static void
test_rule_compare_numbers(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_num(&fx->f, F_FLOWS, 3);
	facts_set_num(&fx->f, F_WINDOW_SECONDS, 2.5);
	HOLDS(fx, "flows == 3");
	FAILS(fx, "flows == 4");
	HOLDS(fx, "flows != 4");
	FAILS(fx, "flows != 3");
	HOLDS(fx, "flows < 4");
	FAILS(fx, "flows < 3");
	HOLDS(fx, "flows <= 3");
	FAILS(fx, "flows <= 2");
	HOLDS(fx, "flows > 2");
	FAILS(fx, "flows > 3");
	HOLDS(fx, "flows >= 3");
	FAILS(fx, "flows >= 4");
	/* a literal on the left, and no spaces */
	HOLDS(fx, "2<flows");
	HOLDS(fx, "3==flows");
	/* fractions, and two facts */
	HOLDS(fx, "window.seconds > 2.4 and window.seconds < 2.6");
	FAILS(fx, "window.seconds == 2");
	HOLDS(fx, "window.seconds < flows");
	/* an unset number is 0 */
	HOLDS(fx, "flows.answered == 0");
}

/* == and != on strings; an unset string is empty. */
static void
test_rule_compare_strings(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_str(&fx->f, F_TARGET_PROTOCOL, "tcp");
	HOLDS(fx, "target.protocol == \"tcp\"");
	FAILS(fx, "target.protocol == \"udp\"");
	FAILS(fx, "target.protocol == \"TCP\"");
	FAILS(fx, "target.protocol == \"tc\"");
	HOLDS(fx, "target.protocol != \"udp\"");
	FAILS(fx, "target.protocol != \"tcp\"");
	HOLDS(fx, "\"tcp\" == target.protocol");
	HOLDS(fx, "client == \"\"");
	FAILS(fx, "client != \"\"");
	HOLDS(fx, "client != target.protocol");
}

/* =~ and !~ are PCRE2 searches, not anchored unless the pattern is. */
static void
test_rule_regex(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_str(&fx->f, F_CLIENT, "10.0.0.5");
	facts_set_str(&fx->f, F_TARGET_INTERFACE, "eni-0a,eni-0b");
	HOLDS(fx, "client =~ \"^10\\\\.\"");
	FAILS(fx, "client =~ \"^192\"");
	HOLDS(fx, "client !~ \"^192\"");
	FAILS(fx, "client !~ \"^10\"");
	/* a search: the pattern may match anywhere */
	HOLDS(fx, "client =~ \"0\\\\.5\"");
	/* PCRE syntax: \d, alternation, a quantifier */
	HOLDS(fx, "client =~ \"^\\\\d+(\\\\.\\\\d{1,3}){3}$\"");
	HOLDS(fx, "target.interface =~ \"(^|,)eni-0b(,|$)\"");
	FAILS(fx, "target.interface =~ \"(^|,)eni-0c(,|$)\"");
	/* '.' is any character, so a literal dot needs the escape */
	FAILS(fx, "client =~ \"^10\\\\.0\\\\.0\\\\.6\"");
	/* an unset string is empty */
	HOLDS(fx, "clients.list =~ \"^$\"");
	HOLDS(fx, "clients.list !~ \".\"");
}

/* not binds tighter than and, and tighter than or; a comparison binds
 * tighter than not; parentheses group. */
static void
test_rule_precedence(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_num(&fx->f, F_FLOWS, 3);          /* true */
	facts_set_num(&fx->f, F_FLOWS_ANSWERED, 0); /* false */
	/* (not 3) and 0 = false; not (3 and 0) would be true */
	FAILS(fx, "not flows and flows.answered");
	/* (not 3) or 3 = true; not (3 or 3) would be false */
	HOLDS(fx, "not flows or flows");
	/* 3 or (0 and false) = true; (3 or 0) and false would be false */
	HOLDS(fx, "flows or flows.answered and false");
	/* (false and 3) or 3 = true; false and (3 or 3) would be false */
	HOLDS(fx, "false and flows or flows");
	/* not (flows == 4) = true; (not flows) == 4 would be false */
	HOLDS(fx, "not flows == 4");
	HOLDS(fx, "not not flows");
	/* parentheses */
	FAILS(fx, "(flows or flows.answered) and false");
	HOLDS(fx, "not (flows and flows.answered)");
	FAILS(fx, "not (flows or flows.answered)");
	HOLDS(fx, "(false or true) and (true or false)");
	HOLDS(fx, "((flows > 2) and (not (flows.answered)))");
	FAILS(fx, "not ((flows > 2) or flows.answered)");
}

/* A bare number is true when non-zero, a bare string when non-empty, a
 * boolean as it is; true and false are literals. */
static void
test_rule_bare_facts(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_num(&fx->f, F_FLOWS, 3);
	facts_set_num(&fx->f, F_FLOWS_ANSWERED, 0);
	facts_set_num(&fx->f, F_WINDOW_SECONDS, 0.5);
	facts_set_num(&fx->f, F_TARGET_PORT, -1);
	facts_set_str(&fx->f, F_CLIENT, "10.0.0.5");
	facts_set_str(&fx->f, F_CLIENTS_LIST, "");
	facts_set_bool(&fx->f, F_TARGET_INTERFACE_KNOWN, true);
	facts_set_bool(&fx->f, F_DELIVERY_PENDING, false);
	HOLDS(fx, "flows");
	FAILS(fx, "flows.answered");
	HOLDS(fx, "window.seconds");
	HOLDS(fx, "target.port");
	FAILS(fx, "flows.unanswered"); /* never set */
	HOLDS(fx, "client");
	FAILS(fx, "clients.list");
	FAILS(fx, "target.subnet"); /* never set */
	HOLDS(fx, "target.interface_known");
	FAILS(fx, "delivery.pending");
	FAILS(fx, "gaps.any"); /* never set */
	HOLDS(fx, "target.interface_known == true");
	FAILS(fx, "target.interface_known == false");
	HOLDS(fx, "delivery.pending == false");
	HOLDS(fx, "delivery.pending != target.interface_known");
	HOLDS(fx, "true");
	FAILS(fx, "false");
	HOLDS(fx, "not false");
	FAILS(fx, "not true");
	HOLDS(fx, "true == true");
	FAILS(fx, "true == false");
	/* a number literal alone */
	HOLDS(fx, "1");
	FAILS(fx, "0");
}

static void
test_rule_negative_numbers(void **state)
{
	struct rules_fixture *fx = *state;

	facts_set_num(&fx->f, F_TARGET_PORT, -1);
	HOLDS(fx, "target.port == -1");
	HOLDS(fx, "target.port < 0");
	HOLDS(fx, "target.port > -2");
	FAILS(fx, "target.port < -1");
	HOLDS(fx, "-1 == target.port");
	HOLDS(fx, "-1.5 < target.port");
	HOLDS(fx, "target.port>-1.5");
	HOLDS(fx, "target.port != 1");
}

/* A statement goes on over the lines that do not start with a key;
 * adjacent strings join with one space; \" \\ and \n are escapes. */
static void
test_rule_continuation(void **state)
{
	struct rules_fixture *fx = *state;
	const struct rule *r;

	rules_load_ok(fx,
	    "rule cont\n"
	    "\tcategory reachable\n"
	    "\tcause cont\n"
	    "\twhen flows > 0\n"
	    "\t     and flows.answered == 0\n"
	    "# a comment inside goes unseen\n"
	    "\n"
	    "\t     or target.port == -1\n"
	    "\tsummary \"one\" \"two\"\n"
	    "\t        \"three\"\n"
	    "\texplain \"q\\\"uote \\\\back\\nline\"\n"
	    "\texplain \"a\"\"b\"   \"c\"\n"
	    "end\n");
	r = rules_find(fx, "cont");
	assert_string_equal(r->summary, "one two three");
	assert_int_equal(r->nexplain, 2);
	assert_string_equal(r->explain[0], "q\"uote \\back\nline");
	assert_string_equal(r->explain[1], "a b c");
	/* (flows > 0 and flows.answered == 0) or target.port == -1: all
	 * three lines are the condition */
	facts_set_num(&fx->f, F_FLOWS, 1);
	assert_true(rules_eval_ok(fx, r->when, &fx->f));
	facts_set_num(&fx->f, F_FLOWS_ANSWERED, 1);
	assert_false(rules_eval_ok(fx, r->when, &fx->f));
	facts_set_num(&fx->f, F_TARGET_PORT, -1);
	assert_true(rules_eval_ok(fx, r->when, &fx->f));
}

/* Each adjacent string adds a space, empty ones too, however many. */
static void
test_rule_many_strings(void **state)
{
	struct rules_fixture *fx = *state;
	char text[1024], want[128];
	size_t len, i;

	len = (size_t)snprintf(text, sizeof(text),
	    "rule many\n\tcategory reachable\n\tcause many\n\twhen true\n"
	    "\tsummary \"a\"");
	for (i = 0; i < 100; i++)
		len +=
		    (size_t)snprintf(text + len, sizeof(text) - len, " \"\"");
	snprintf(text + len, sizeof(text) - len, " \"b\"\nend\n");
	/* "a", 100 empty strings and "b": 101 joins */
	memset(want, ' ', sizeof(want));
	want[0] = 'a';
	want[102] = 'b';
	want[103] = '\0';
	rules_load_ok(fx, text);
	assert_string_equal(rules_find(fx, "many")->summary, want);
}

/* Every key is read into the rule. */
static void
test_rule_load_keys(void **state)
{
	struct rules_fixture *fx = *state;
	const struct rule *r;
	const char *path;

	path = rules_load_ok(fx,
	    "# A rule with every key.\n"
	    "rule full\n"
	    "\tcategory   no-matching-traffic\n"
	    "\tcause      full-cause\n"
	    "\tpriority   42\n"
	    "\tconfidence low\n"
	    "\twhen       flows == 0\n"
	    "\tsummary    \"sum\"\n"
	    "\texplain    \"ex1\"\n"
	    "\texplain    \"ex2\"\n"
	    "\tcannot-tell \"ct\"\n"
	    "\tteach      \"te\"\n"
	    "\tnext       \"nx {target.port}\"\n"
	    "\tanalyzer   ENI_SG_RULES_MISMATCH SUBNET_ACL_RESTRICTION\n"
	    "\tevidence   req.reject rep.accept\n"
	    "\tcase fires flows=0 client=\"10.0.0.5\" target.protocol=tcp"
	    " target.interface_known=true\n"
	    "\tcase quiet flows=2.5\n"
	    "end\n"
	    "rule plain\n"
	    "\tcategory reachable\n"
	    "\tcause plain\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "end\n");
	assert_int_equal(fx->rs.n, 2);
	r = fx->rs.v[0];
	assert_string_equal(r->name, "full");
	assert_string_equal(r->file, path);
	assert_int_equal(r->line, 2);
	assert_int_equal(r->category, CAT_NO_MATCHING_TRAFFIC);
	assert_string_equal(r->cause, "full-cause");
	assert_int_equal(r->priority, 42);
	assert_int_equal(r->confidence, CONF_LOW);
	assert_string_equal(r->summary, "sum");
	assert_int_equal(r->nexplain, 2);
	assert_string_equal(r->explain[0], "ex1");
	assert_string_equal(r->explain[1], "ex2");
	assert_int_equal(r->ncannot, 1);
	assert_string_equal(r->cannot[0], "ct");
	assert_int_equal(r->nteach, 1);
	assert_string_equal(r->teach[0], "te");
	assert_int_equal(r->nnext, 1);
	assert_string_equal(r->next[0], "nx {target.port}");
	assert_string_equal(r->analyzer,
	    "ENI_SG_RULES_MISMATCH SUBNET_ACL_RESTRICTION");
	assert_int_equal(r->evidence,
	    (1u << EV_REQ_REJECT) | (1u << EV_REP_ACCEPT));
	assert_int_equal(r->nweaken, 0);
	assert_int_equal(r->ncases, 2);
	assert_true(r->cases[0].fires);
	assert_int_equal(r->cases[0].line, 16);
	assert_true(r->cases[0].facts.v[F_FLOWS].set);
	assert_true(facts_num(&r->cases[0].facts, F_FLOWS) == 0);
	assert_string_equal(facts_str(&r->cases[0].facts, F_CLIENT),
	    "10.0.0.5");
	assert_string_equal(facts_str(&r->cases[0].facts, F_TARGET_PROTOCOL),
	    "tcp");
	assert_true(
	    facts_num(&r->cases[0].facts, F_TARGET_INTERFACE_KNOWN) == 1);
	assert_false(r->cases[1].fires);
	assert_int_equal(r->cases[1].line, 17);
	assert_true(facts_num(&r->cases[1].facts, F_FLOWS) == 2.5);
	assert_false(r->cases[1].facts.v[F_CLIENT].set);
	/* the defaults */
	r = fx->rs.v[1];
	assert_string_equal(r->name, "plain");
	assert_int_equal(r->line, 19);
	assert_int_equal(r->priority, 0);
	assert_int_equal(r->confidence, CONF_MEDIUM);
	assert_int_equal(r->evidence, 0);
	assert_null(r->analyzer);
	assert_int_equal(r->nexplain + r->ncannot + r->nteach + r->nnext, 0);
	assert_int_equal(r->ncases, 0);
}

static void
test_rule_error_unknown_fact(void **state)
{
	struct rules_fixture *fx = *state;

	/* line 4 is "\twhen flows > 0 and bogus.fact == 1": 'b' is byte 21 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flows > 0 and bogus.fact == 1\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:21: unknown fact 'bogus.fact'");
	/* on a continuation line, "\t     and bogus == 1": 'b' is byte 11 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flows > 0\n"
	    "\t     and bogus == 1\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "5:11: unknown fact 'bogus'");
	/* a prefix of a fact is no fact: "\twhen flow > 1", 'f' is byte 7 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flow > 1\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:7: unknown fact 'flow'");
}

static void
test_rule_error_unknown_key(void **state)
{
	struct rules_fixture *fx = *state;

	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcolour red\n"
	    "end\n",
	    "3:2: unknown key 'colour'");
	/* indented by two spaces: the word starts at byte 3 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "  priorty 5\n"
	    "end\n",
	    "3:3: unknown key 'priorty'");
	/* the first statement of a file */
	rules_load_fails(fx, "hello world\n", "1:1: unknown key 'hello'");
}

static void
test_rule_error_missing_end(void **state)
{
	struct rules_fixture *fx = *state;

	/* the rule starts on line 2; no column, the end of the file */
	rules_load_fails(fx,
	    "# no end\n"
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flows > 0\n"
	    "\tsummary \"s\"\n",
	    "2: rule 'e' has no 'end'");
}

/* category, cause, when and summary are required; the message names the
 * rule's own line. */
static void
test_rule_error_missing_parts(void **state)
{
	struct rules_fixture *fx = *state;

	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\twhen flows > 0\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "1: rule 'e' has no cause");
	/* after a complete rule (lines 1-6), on line 7 */
	rules_load_fails(fx,
	    "rule ok\n"
	    "\tcategory reachable\n"
	    "\tcause ok\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "end\n"
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "7: rule 'e' has no when");
	rules_load_fails(fx,
	    "# one\n"
	    "# two\n"
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "end\n",
	    "3: rule 'e' has no summary");
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "1: rule 'e' has no category");
}

static void
test_rule_error_bad_category(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\tcategory network-block": 'n' is byte 11 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory network-block\n"
	    "end\n",
	    "2:11: unknown category 'network-block'");
	/* names are lower case */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory   Reachable\n"
	    "end\n",
	    "2:13: unknown category 'Reachable'");
}

/* The column is that of the operator. */
static void
test_rule_error_type_mismatch(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\twhen flows == \"x\"": '==' at byte 13 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flows == \"x\"\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:13: '==' compares a string with a number");
	/* "\twhen target.interface_known == \"yes\"": '==' at byte 30 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen target.interface_known == \"yes\"\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:30: '==' compares a string with a number");
	/* "\twhen client < \"x\"": '<' at byte 14 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen client < \"x\"\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:14: strings compare with == and != only (or =~)");
	/* "\twhen flows =~ \"1\"": '=~' at byte 13 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen flows =~ \"1\"\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:13: =~ matches strings, not numbers");
	/* "\twhen client !~ client": '!~' at byte 14 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen client !~ client\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:14: the right of =~ must be a \"string\"");
}

static void
test_rule_error_bad_regex(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\twhen client =~ \"(\"": '=~' at byte 14; PCRE2 stops at the end
	 * of the pattern, offset 1 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen client =~ \"(\"\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:14: regular expression: missing closing parenthesis at "
	    "offset 1");
}

/* A rule 'e' whose condition, on line 4 from column 7 ("\twhen "), is
 * n times prefix, then term, n times suffix; or, with an op, n times
 * term joined by op. */
static char *
long_rule(const char *prefix, const char *term, const char *suffix,
    const char *op, size_t n)
{
	size_t max = n *
		(strlen(prefix) + strlen(term) + strlen(suffix) + strlen(op) +
		    2) +
	    1;
	size_t len = 0, i;
	char *cond = xmalloc(max), *text;

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(cond + len, "%s", prefix);
	for (i = 0; i < (op[0] != '\0' ? n : 1); i++)
		len += (size_t)sprintf(cond + len, "%s%s%s%s", i > 0 ? " " : "",
		    i > 0 ? op : "", i > 0 ? " " : "", term);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(cond + len, "%s", suffix);
	xasprintf(&text,
	    "rule e\n\tcategory reachable\n\tcause e\n\twhen %s\n"
	    "\tsummary \"s\"\nend\n",
	    cond);
	free(cond);
	return text;
}

/* Loads text, which must fail at line 4, column col, with msg. */
static void
fails_at(struct rules_fixture *fx, char *text, size_t col, const char *msg)
{
	char where[256];

	snprintf(where, sizeof(where), "4:%zu: %s", col, msg);
	rules_load_fails(fx, text, where);
	free(text);
}

/* Loads text, which must load, and says whether its condition holds. */
static bool
loads_and_holds(struct rules_fixture *fx, char *text)
{
	bool holds;

	rule_set_release(&fx->rs);
	rules_load_ok(fx, text);
	free(text);
	holds = rules_eval_ok(fx, rules_find(fx, "e")->when, &fx->f);
	return holds;
}

/* A condition of more than RULE_EXPR_NODES_MAX terms and operators is a
 * load error at the term or operator past it, however long the chain:
 * 100,000 terms never reach evaluation, whose recursion they would
 * overflow. */
static void
test_rule_error_too_long(void **state)
{
	struct rules_fixture *fx = *state;
	const char *msg = "a condition of more than 1000 terms and operators";

	assert_int_equal(RULE_EXPR_NODES_MAX, 1000);
	/* "true and " is 9 bytes: 500 trues and 499 ands are 999 nodes */
	assert_true(loads_and_holds(fx, long_rule("", "true", "", "and", 500)));
	fails_at(fx, long_rule("", "true", "", "and", 501), 7 + 9 * 500, msg);
	fails_at(fx, long_rule("", "true", "", "and", 100000), 7 + 9 * 500,
	    msg);
	/* "flows > 0 or " is 13 bytes and 4 nodes (fact, '>', 0, or): the
	 * 1001st is the fact of the 251st term */
	fails_at(fx, long_rule("", "flows > 0", "", "or", 100000), 7 + 13 * 250,
	    msg);
	/* "not true and " is 13 bytes and 3 nodes: the 1001st is the true
	 * of the 334th term */
	fails_at(fx, long_rule("", "not true", "", "and", 100000),
	    7 + 13 * 333 + 4, msg);
}

/* Parentheses and nots nest RULE_EXPR_DEPTH_MAX deep at the most, each
 * level a frame of the parser's recursion: deeper is an error at the
 * level past it, however deep the file goes. */
static void
test_rule_error_too_deep(void **state)
{
	struct rules_fixture *fx = *state;

	assert_int_equal(RULE_EXPR_DEPTH_MAX, 64);
	/* "\twhen ((...(true)...))": the error is at the 65th '(' */
	assert_true(loads_and_holds(fx, long_rule("(", "true", ")", "", 64)));
	fails_at(fx, long_rule("(", "true", ")", "", 65), 7 + 64,
	    "parentheses nested deeper than 64");
	fails_at(fx, long_rule("(", "true", ")", "", 100000), 7 + 64,
	    "parentheses nested deeper than 64");
	/* "not " is 4 bytes: the error is at the 65th not */
	assert_true(loads_and_holds(fx, long_rule("not ", "true", "", "", 64)));
	fails_at(fx, long_rule("not ", "true", "", "", 65), 7 + 4 * 64,
	    "'not' nested deeper than 64");
	fails_at(fx, long_rule("not ", "true", "", "", 100000), 7 + 4 * 64,
	    "'not' nested deeper than 64");
	/* "not (" is 5 bytes and two levels: the 65th is the 33rd not */
	fails_at(fx, long_rule("not (", "true", ")", "", 100000), 7 + 5 * 32,
	    "'not' nested deeper than 64");
}

/* Evaluates the condition of rule name over the fixture's facts: it must
 * fail with a rules error (EC_DATA) whose message is path:where; *holds
 * is false then. */
static void
eval_fails(struct rules_fixture *fx, const char *path, const char *name,
    const char *where)
{
	char want[ERRINFO_MSGLEN];
	bool holds = true;

	errinfo_clear(&fx->ei);
	assert_int_equal(rule_eval(rules_find(fx, name)->when, &fx->f, &holds,
			     &fx->ei),
	    -1);
	assert_false(holds);
	assert_int_equal(fx->ei.code, EC_DATA);
	snprintf(want, sizeof(want), "%s:%s", path, where);
	assert_string_equal(fx->ei.msg, want);
}

#define FIX                                                                \
	"; rewrite the pattern so that it backtracks less (anchor it, or " \
	"use possessive quantifiers such as a++)"

/* A match that needs more than PCRE2's limits allow is an error naming
 * the file, line, column and rule, the fact and the cause: never a quiet
 * "no match", which would make !~ true.  The limits hold with JIT and
 * without ((*NO_JIT)); the error is the limit's, not a time. */
static void
test_rule_regex_limits(void **state)
{
	struct rules_fixture *fx = *state;
	char hostile[64], *run;
	const char *path;

	memset(hostile, 'a', 40);
	strcpy(hostile + 40, "b");
	facts_set_str(&fx->f, F_TARGET_INTERFACE, hostile);
	/* "\twhen target.interface =~ ...": the operator at column 24 */
	path = rules_load_ok(fx,
	    RULE("m", "reachable", "1", "target.interface =~ \"(a+)+$\"",
		"s") RULE("n", "reachable", "1",
		"target.interface !~ \"(a+)+$\"", "s") RULE("nojit",
		"reachable", "1", "target.interface !~ \"(*NO_JIT)(a+)+$\"",
		"s") RULE("deep", "reachable", "1",
		"target.interface =~ \"(*NO_JIT)^(a|b)*$\"", "s") RULE("stack",
		"reachable", "1", "target.interface =~ \"^(a|b)*$\"", "s")
		RULE("spared", "reachable", "1",
		    "false and target.interface =~ \"(a+)+$\"", "s"));
	eval_fails(fx, path, "m",
	    "5:24: rule 'm': '=~' on target.interface (41 bytes) could not be "
	    "evaluated: match limit exceeded" FIX);
	eval_fails(fx, path, "n",
	    "12:24: rule 'n': '!~' on target.interface (41 bytes) could not be "
	    "evaluated: match limit exceeded" FIX);
	eval_fails(fx, path, "nojit",
	    "19:24: rule 'nojit': '!~' on target.interface (41 bytes) could "
	    "not be evaluated: match limit exceeded" FIX);
	/* and does not look right of a false: the verdict rests on false */
	assert_false(rules_eval_ok(fx, rules_find(fx, "spared")->when, &fx->f));
	/* the same patterns on a value they do not backtrack on */
	facts_set_str(&fx->f, F_TARGET_INTERFACE, "aaaa");
	assert_true(rules_eval_ok(fx, rules_find(fx, "m")->when, &fx->f));
	assert_false(rules_eval_ok(fx, rules_find(fx, "nojit")->when, &fx->f));
	assert_true(rules_eval_ok(fx, rules_find(fx, "deep")->when, &fx->f));
	assert_true(rules_eval_ok(fx, rules_find(fx, "stack")->when, &fx->f));
	/* a backtracking point per byte: past the depth limit without JIT,
	 * past the JIT stack with it */
	run = xmalloc(100001);
	memset(run, 'a', 100000);
	run[100000] = '\0';
	facts_set_str(&fx->f, F_TARGET_INTERFACE, run);
	free(run);
	eval_fails(fx, path, "deep",
	    "26:24: rule 'deep': '=~' on target.interface (100000 bytes) "
	    "could not be evaluated: matching depth limit exceeded" FIX);
	errinfo_clear(&fx->ei);
	{
		bool holds = true;

		assert_int_equal(rule_eval(rules_find(fx, "stack")->when,
				     &fx->f, &holds, &fx->ei),
		    -1);
		assert_false(holds);
		assert_int_equal(fx->ei.code, EC_DATA);
		assert_has_text(fx->ei.msg,
		    ":33:24: rule 'stack': '=~' on "
		    "target.interface (100000 bytes) "
		    "could not be evaluated: ");
	}
}

/* The column is that of the template's '{'. */
static void
test_rule_error_template(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\tsummary \"reply from {target.addr}\"": '{' at byte 22 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"reply from {target.addr}\"\n"
	    "end\n",
	    "5:22: template: unknown fact 'target.addr'");
	/* the second line of an explain, "\t        \"second {nope}\"": '{' at
	 * byte 18; {{ and }} before it are braces, not facts */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\texplain \"first {{x}} {flows}\"\n"
	    "\t        \"second {nope}\"\n"
	    "end\n",
	    "7:18: template: unknown fact 'nope'");
	/* a weaken reason, "\tweaken \"{bogus}\" if flows > 0": '{' at
	 * byte 10 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tweaken \"{bogus}\" if flows > 0\n"
	    "end\n",
	    "6:10: template: unknown fact 'bogus'");
	/* "\tnext \"open {flows\"": '{' at byte 13 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "\tnext \"open {flows\"\n"
	    "end\n",
	    "6:13: template: '{' without '}'");
}

static void
test_rule_error_unterminated_string(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\tsummary \"abc": the opening quote is byte 10 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tsummary \"abc\n"
	    "end\n",
	    "5:10: string without its closing '\"'");
	/* in a condition, "\twhen client == \"abc": the quote is byte 17 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen client == \"abc\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "4:17: string without its closing '\"'");
}

static void
test_rule_error_rule_before_end(void **state)
{
	struct rules_fixture *fx = *state;

	rules_load_fails(fx,
	    "rule a\n"
	    "\tcategory reachable\n"
	    "rule b\n"
	    "end\n",
	    "3:1: 'rule' before 'end'");
}

static void
test_rule_error_outside_rule(void **state)
{
	struct rules_fixture *fx = *state;

	/* after the end of a rule (lines 1-6) */
	rules_load_fails(fx,
	    "rule ok\n"
	    "\tcategory reachable\n"
	    "\tcause ok\n"
	    "\twhen true\n"
	    "\tsummary \"s\"\n"
	    "end\n"
	    "\tcause x\n",
	    "7:2: 'cause' outside a rule");
	rules_load_fails(fx, "# nothing open\nend\n",
	    "2:1: 'end' outside a rule");
}

static void
test_rule_error_evidence(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\tevidence req.accept rep.bogus": 'rep.bogus' at byte 22 */
	rules_load_fails(fx,
	    "rule e\n"
	    "\tcategory reachable\n"
	    "\tcause e\n"
	    "\twhen true\n"
	    "\tevidence req.accept rep.bogus\n"
	    "\tsummary \"s\"\n"
	    "end\n",
	    "5:22: evidence: 'rep.bogus' is not req.accept, req.reject, "
	    "rep.accept or rep.reject");
}

/* Rule text up to a case on line 5. */
#define CASE_HEAD                \
	"rule e\n"               \
	"\tcategory reachable\n" \
	"\tcause e\n"            \
	"\twhen true\n"

static void
test_rule_error_case_value(void **state)
{
	struct rules_fixture *fx = *state;

	/* "\tcase fires flows=abc": the value is byte 19 */
	rules_load_fails(fx, CASE_HEAD "\tcase fires flows=abc\nend\n",
	    "5:19: expected a number");
	/* "\tcase quiet target.interface_known=maybe": byte 36 */
	rules_load_fails(fx,
	    CASE_HEAD "\tcase quiet target.interface_known=maybe\nend\n",
	    "5:36: expected true or false");
	/* "\tcase fires target.interface_known=1": byte 36 */
	rules_load_fails(fx,
	    CASE_HEAD "\tcase fires target.interface_known=1\nend\n",
	    "5:36: expected true or false");
	/* "\tcase fires bogus=1": byte 13 */
	rules_load_fails(fx, CASE_HEAD "\tcase fires bogus=1\nend\n",
	    "5:13: unknown fact 'bogus'");
	/* "\tcase maybe flows=1": byte 7 */
	rules_load_fails(fx, CASE_HEAD "\tcase maybe flows=1\nend\n",
	    "5:7: case: 'maybe' is not fires or quiet");
	/* "\tcase fires flows": the end of the line, byte 18 */
	rules_load_fails(fx, CASE_HEAD "\tcase fires flows\nend\n",
	    "5:18: expected '=' after 'flows'");
}

/* {fact} is replaced by the fact's value; {{ and }} are braces. */
static void
test_rule_render(void **state)
{
	struct rules_fixture *fx = *state;
	const struct facts *f = &fx->f;

	facts_set_num(&fx->f, F_FLOWS, 3);
	facts_set_num(&fx->f, F_WINDOW_SECONDS, 2.5);
	facts_set_num(&fx->f, F_REQ_ACCEPT_BYTES, 2.0 / 3.0);
	facts_set_num(&fx->f, F_REQ_ACCEPT_PACKETS, 1e12);
	facts_set_num(&fx->f, F_TARGET_PORT, -1);
	facts_set_num(&fx->f, F_WINDOW_AGE, -0.5);
	facts_set_bool(&fx->f, F_TARGET_INTERFACE_KNOWN, true);
	facts_set_bool(&fx->f, F_DELIVERY_PENDING, false);
	facts_set_str(&fx->f, F_CLIENT, "10.0.0.5");
	facts_set_str(&fx->f, F_CLIENTS_LIST, "");

	/* integers without decimals, the rest with two */
	check_render(f, "{flows}", "3");
	check_render(f, "{flows} flows in {window.seconds}s",
	    "3 flows in 2.50s");
	check_render(f, "{req.accept.bytes}", "0.67");
	check_render(f, "{req.accept.packets}", "1000000000000");
	check_render(f, "{target.port}", "-1");
	check_render(f, "{window.age}", "-0.50");
	check_render(f, "{flows.answered}", "0"); /* never set */
	/* booleans */
	check_render(f, "{target.interface_known}", "true");
	check_render(f, "{delivery.pending}", "false");
	check_render(f, "{gaps.any}", "false"); /* never set */
	/* strings; an empty one shows what to fill in */
	check_render(f, "from {client}.", "from 10.0.0.5.");
	check_render(f, "{clients.list}", "<clients.list>");
	check_render(f, "{target.subnet}", "SUBNET-ID"); /* its fill */
	/* braces */
	check_render(f, "{{flows}} = {flows}", "{flows} = 3");
	check_render(f, "}}{{", "}{");
	check_render(f, "{{{flows}}}", "{3}");
	check_render(f, "", "");
	check_render(f, "no facts", "no facts");
	/* what loading rejects is left as it is */
	check_render(f, "a {nope} b", "a {nope} b");
	check_render(f, "{flows", "{flows");
}

/* A text fact renders whole, however long; an empty one renders as a
 * place to fill in, unless it may be empty. */
static void
test_rule_render_whole(void **state)
{
	struct rules_fixture *fx = *state;
	char long_text[3000];
	char *got;

	memset(long_text, 'a', sizeof(long_text) - 2);
	long_text[sizeof(long_text) - 2] = 'z';
	long_text[sizeof(long_text) - 1] = '\0';
	facts_set_str(&fx->f, F_GAPS_SUMMARY, long_text);
	got = rule_render("<{gaps.summary}>", &fx->f);
	assert_int_equal(strlen(got), strlen(long_text) + 2);
	assert_int_equal(got[strlen(got) - 2], 'z');
	free(got);
	facts_set_str(&fx->f, F_TARGET_SUBNET, "");
	facts_set_str(&fx->f, F_SCANNERS_SUMMARY, "");
	got = rule_render("{target.subnet}|{scanners.summary}|", &fx->f);
	assert_string_equal(got, "SUBNET-ID||");
	free(got);
}

/* In a command line ("$ " on), each value is a shell word: quoted when it
 * holds more than safe characters; the prose before it is left alone. */
static void
test_rule_render_shell_quoted(void **state)
{
	struct rules_fixture *fx = *state;
	const struct facts *f = &fx->f;

	facts_set_str(&fx->f, F_TARGET_INTERFACE,
	    "eni-0a1b;touch${IFS}/tmp/x;#");
	facts_set_str(&fx->f, F_TARGET_SUBNET, "subnet-0a1b2c3d");
	facts_set_str(&fx->f, F_CLIENT, "it's");
	check_render(f,
	    "See {target.interface}: $ aws ec2 describe-network-interfaces "
	    "--network-interface-ids {target.interface}",
	    "See eni-0a1b;touch${IFS}/tmp/x;#: $ aws ec2 "
	    "describe-network-interfaces --network-interface-ids "
	    "'eni-0a1b;touch${IFS}/tmp/x;#'");
	check_render(f, "$ x {target.subnet} {client}",
	    "$ x subnet-0a1b2c3d 'it'\\''s'");
	check_render(f, "a $ b {client} $ c {target.subnet}",
	    "a $ b 'it'\\''s' $ c subnet-0a1b2c3d");
	/* a '$' that starts no command, and a fill, stay as they are */
	check_render(f, "cost$ {client}", "cost$ it's");
	facts_set_str(&fx->f, F_TARGET_SUBNET, "");
	facts_set_str(&fx->f, F_CLIENTS_LIST, "");
	check_render(f, "$ x {target.subnet} {clients.list}",
	    "$ x SUBNET-ID '<clients.list>'");
}

/* A rule named like one loaded before replaces it, in its place. */
static void
test_rule_replace(void **state)
{
	struct rules_fixture *fx = *state;
	const char *second;

	rules_load_ok(fx,
	    RULE("x", "reachable", "10", "true", "first x")
		RULE("y", "instance-fault", "20", "false", "y"));
	second =
	    rules_load_ok(fx, RULE("x", "logging-gap", "30", "true", "new x"));
	assert_int_equal(fx->rs.n, 2);
	assert_string_equal(fx->rs.v[0]->name, "x");
	assert_string_equal(fx->rs.v[0]->file, second);
	assert_int_equal(fx->rs.v[0]->category, CAT_LOGGING_GAP);
	assert_int_equal(fx->rs.v[0]->priority, 30);
	assert_string_equal(fx->rs.v[1]->name, "y");
	assert_int_equal(engine_decide(&fx->rs, &fx->f, &fx->v, &fx->ei), 0);
	fx->decided = true;
	assert_ptr_equal(fx->v.rule, fx->rs.v[0]);
	assert_int_equal(fx->v.category, CAT_LOGGING_GAP);
	assert_string_equal(fx->v.summary, "new x");
	/* also within one file: the later one counts */
	rules_load_ok(fx,
	    RULE("z", "reachable", "1", "true", "z1")
		RULE("z", "reachable", "2", "true", "z2"));
	assert_int_equal(fx->rs.n, 3);
	assert_string_equal(rules_find(fx, "z")->summary, "z2");
}

/* The rules flowdiag ships load, and each of their cases holds. */
static void
test_rule_real_rules(void **state)
{
	struct rules_fixture *fx = *state;
	const char *dir = getenv("FLOWDIAG_RULES");
	size_t i, j;

	if (dir == NULL || dir[0] == '\0') {
		print_message("# FLOWDIAG_RULES is not set: the source tree's "
			      "rules/ are not known, skipped\n");
		skip();
	}
	errinfo_clear(&fx->ei);
	if (rule_load_dir(&fx->rs, dir, &fx->ei) != 0)
		fail_msg("rule_load_dir('%s'): %s", dir, fx->ei.msg);
	assert_true(fx->rs.n > 0);
	for (i = 0; i < fx->rs.n; i++) {
		const struct rule *r = fx->rs.v[i];
		bool fires = false, quiet = false;

		for (j = 0; j < r->ncases; j++) {
			const struct rule_case *c = &r->cases[j];

			if (rules_eval_ok(fx, r->when, &c->facts) != c->fires)
				fail_msg("%s:%d: rule '%s': case %s does not "
					 "hold",
				    r->file, c->line, r->name,
				    c->fires ? "fires" : "quiet");
			fires |= c->fires;
			quiet |= !c->fires;
		}
		/* and there are cases to hold: one of each kind */
		if (!fires || !quiet)
			fail_msg("%s:%d: rule '%s' has no case that %s",
			    r->file, r->line, r->name,
			    !fires ? "fires" : "stays quiet");
	}
}

#define T(name)                                                    \
	cmocka_unit_test_setup_teardown(name, rules_fixture_setup, \
	    rules_fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rule_compare_numbers),
		T(test_rule_compare_strings),
		T(test_rule_regex),
		T(test_rule_precedence),
		T(test_rule_bare_facts),
		T(test_rule_negative_numbers),
		T(test_rule_continuation),
		T(test_rule_many_strings),
		T(test_rule_load_keys),
		T(test_rule_error_unknown_fact),
		T(test_rule_error_unknown_key),
		T(test_rule_error_missing_end),
		T(test_rule_error_missing_parts),
		T(test_rule_error_bad_category),
		T(test_rule_error_type_mismatch),
		T(test_rule_error_bad_regex),
		T(test_rule_error_too_long),
		T(test_rule_error_too_deep),
		T(test_rule_regex_limits),
		T(test_rule_error_template),
		T(test_rule_error_unterminated_string),
		T(test_rule_error_rule_before_end),
		T(test_rule_error_outside_rule),
		T(test_rule_error_evidence),
		T(test_rule_error_case_value),
		T(test_rule_render),
		T(test_rule_render_whole),
		T(test_rule_render_shell_quoted),
		T(test_rule_replace),
		T(test_rule_real_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
