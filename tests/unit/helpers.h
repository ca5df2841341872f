/*
 * What several unit tests share, written once: assertions, fixtures and
 * the files they write.
 *
 * The assertions and the helpers that write or load fail the running
 * cmocka test (fail_msg() or an assert_*()) when they do not hold; they
 * return only on success.  Linked into the tests from
 * tests/unit/libhelpers.a.
 */
#ifndef FLOWDIAG_TEST_HELPERS_H
#define FLOWDIAG_TEST_HELPERS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/rule.h"
#include "flowdiag/engine/verdict.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"

/* Paths a tmpdir hands out. */
#define TMPDIR_PATHS 64

/* A directory of its own under $TMPDIR (or /tmp), and the paths inside it
 * that tmpdir_path() handed out. */
struct tmpdir {
	char dir[PATH_MAX];
	char *paths[TMPDIR_PATHS];
	size_t npaths;
};

/* Makes the directory $TMPDIR/name.XXXXXX (/tmp when TMPDIR is unset or
 * empty); returns 0, or -1 with nothing made.  For a setup function. */
int tmpdir_make(struct tmpdir *td, const char *name);

/* Removes the directory and all below it and frees the paths; returns 0,
 * or -1 when something could not be removed.  For a teardown function. */
int tmpdir_remove(struct tmpdir *td);

/* Removes path and all below it, as rm -rf does; returns 0, or -1 when
 * something could not be removed. */
int remove_tree(const char *path);

/* The path of name inside the directory, owned by td (at most
 * TMPDIR_PATHS of them). */
const char *tmpdir_path(struct tmpdir *td, const char *name);

/* Writes data[0..len) to the file name, replacing it; returns its path,
 * owned by td. */
const char *tmpdir_write(struct tmpdir *td, const char *name, const void *data,
    size_t len);

/* Writes the string text to the file name, as tmpdir_write(). */
const char *tmpdir_write_text(struct tmpdir *td, const char *name,
    const char *text);

/* msg holds part: "error 'MSG' does not say 'PART'" when not. */
void assert_has_text(const char *msg, const char *part);

/* ret is -1 and ei an EC_DATA error whose message holds part: how a parse
 * refuses its input. */
void assert_refused(int ret, const struct errinfo *ei, const char *part);

/* a holds the address written want, compared both in binary and as
 * text. */
void assert_addr(const struct addr *a, const char *want);

/* Field f of r is present with the text want. */
void assert_text(const struct flow_record *r, enum flow_field f,
    const char *want);

/* A record parsed in a format, with the buffer it was parsed into: the
 * state of the tests of flow.c and jsonrec.c. */
struct parse_ctx {
	struct flow_format fmt;
	struct flow_record r;
	struct errinfo ei;
	char *scratch; /* exactly len + 1 bytes, for the last parse */
};

/* A cmocka setup: *state becomes a new parse_ctx in the default format. */
int parse_ctx_setup(void **state);

/* A cmocka teardown: frees the parse_ctx in *state. */
int parse_ctx_teardown(void **state);

/* Replaces c's scratch buffer with one of exactly len + 1 bytes, none of
 * them what a parse wrote before, so that the sanitizers see any overrun,
 * and clears c->ei; returns the buffer, owned by c. */
char *parse_ctx_scratch(struct parse_ctx *c, size_t len);

/* The state of the tests of rule.c and engine.c: a directory for rule
 * files, the rule set they load into, the facts the rules are evaluated
 * over and the verdict last decided. */
struct rules_fixture {
	struct tmpdir td;
	struct rule_set rs;
	struct facts f;
	struct verdict v;
	bool decided; /* v holds a verdict to release */
	struct errinfo ei;
};

/* A cmocka setup: *state becomes a new rules_fixture with a directory of
 * its own, test_rules.XXXXXX, no rules and no facts. */
int rules_fixture_setup(void **state);

/* A cmocka teardown: releases and frees the rules_fixture in *state and
 * removes its directory. */
int rules_fixture_teardown(void **state);

/* Writes text to a new file of its own in fx's directory, tNN.rules (NN
 * the number of paths handed out); returns its path, owned by fx. */
const char *rules_write(struct rules_fixture *fx, const char *text);

/* Loads text, written by rules_write(), into fx's rule set; it must load.
 * Returns its path, owned by fx. */
const char *rules_load_ok(struct rules_fixture *fx, const char *text);

/* Loads text, written by rules_write(), into a rule set of its own; it
 * must fail with EC_DATA and the message "PATH:where". */
void rules_load_fails(struct rules_fixture *fx, const char *text,
    const char *where);

/* Whether condition e holds over facts f; the test fails when it cannot
 * be evaluated, with rule_eval()'s error. */
bool rules_eval_ok(struct rules_fixture *fx, const struct expr *e,
    const struct facts *f);

/* The rule named name in fx's rule set; the test fails when there is
 * none. */
const struct rule *rules_find(const struct rules_fixture *fx, const char *name);

/* The text of a rule: its name (its cause too), category, priority,
 * condition and summary, as rules_load_ok() takes it. */
#define RULE(name, cat, prio, cond, summary) \
	"rule " name "\n"                    \
	"\tcategory " cat "\n"               \
	"\tcause " name "\n"                 \
	"\tpriority " prio "\n"              \
	"\twhen " cond "\n"                  \
	"\tsummary \"" summary "\"\n"        \
	"end\n"

/* xorshift64: advances *x, which must not be 0, and returns it; the same
 * numbers on every machine. */
uint64_t xorshift64(uint64_t *x);

#endif
