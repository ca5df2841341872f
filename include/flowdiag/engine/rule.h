/*
 * Rules: the knowledge that turns facts into a verdict, kept as data in
 * rules/ and written in a small language (flowdiag-rules(5)):
 *
 *	# Requests arrive but the replies are dropped on the way out.
 *	rule reply-rejected
 *		category   network-path-block
 *		cause      reply-rejected
 *		priority   80
 *		confidence high
 *		when       flows.reply_rejected > 0 and rep.reject.at_client == 0
 *		summary    "replies from {target.address} are rejected"
 *		explain    "..."
 *		next       "aws ec2 describe-network-acls ..."
 *		case fires flows.reply_rejected=1
 *		case quiet flows.reply_rejected=0
 *	end
 *
 * Loading checks everything it can: unknown keys and facts, types, regular
 * expressions and templates are errors that name file:line:column.  So
 * are conditions past the limits below, which are far above any real
 * rule and keep a hostile rules file from exhausting the stack: they are
 * documented in flowdiag-rules(5), EXPRESSIONS.
 *
 * Evaluating a condition can fail: a regular expression that backtracks
 * past the match limits on a value the records control.  Such a failure
 * is an error naming the rule and its file:line:column, never a false
 * (which would make a !~ true): a verdict never rests on a condition
 * that could not be evaluated.
 */
#ifndef FLOWDIAG_RULE_H
#define FLOWDIAG_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/verdict.h"
#include "flowdiag/util/errinfo.h"

/* Parentheses and nots nested in one condition: each level is a frame of
 * the parser's recursion. */
#define RULE_EXPR_DEPTH_MAX 64
/* Terms and operators in one condition ("a and b" is three): a bound on
 * the tree the parser builds and on evaluation's recursion. */
#define RULE_EXPR_NODES_MAX 1000
/* PCRE2's limits for one =~ or !~: backtracking steps (match limit, JIT
 * or not), nested backtracking points (depth limit, without JIT) and
 * their memory in KiB (heap limit).  A match that needs more fails. */
#define RULE_MATCH_LIMIT       1000000
#define RULE_MATCH_DEPTH_LIMIT 10000
#define RULE_MATCH_HEAP_LIMIT  8192

struct expr;

/* A template that counts only when its condition holds: a weaken (it
 * lowers the confidence a level and says why) or a note (a line of the
 * explanation). */
struct rule_weaken {
	char *reason; /* a template */
	struct expr *when;
};

struct rule_case {
	bool fires;
	int line;
	struct facts facts;
};

struct rule {
	char *name;
	char *file;
	int line;
	enum category category;
	char *cause;
	int priority;
	enum confidence confidence;
	struct expr *when;
	struct rule_weaken *weaken;
	size_t nweaken;
	struct rule_weaken *note;
	size_t nnote;
	char *summary; /* templates, from here on */
	char **explain;
	size_t nexplain;
	char **cannot; /* what the records cannot tell */
	size_t ncannot;
	char **teach;
	size_t nteach;
	char **next;
	size_t nnext;
	char *analyzer;        /* Reachability Analyzer explanation codes */
	unsigned int evidence; /* 1 << enum ev_class to show; 0: all */
	struct rule_case *cases;
	size_t ncases;
};

struct rule_set {
	struct rule **v;
	size_t n;
	/* The weakens and notes of the files' "defaults" blocks, which count
	 * for every rule; NULL when there are none */
	struct rule *defaults;
};

void rule_set_init(struct rule_set *rs);
void rule_set_release(struct rule_set *rs);

/* Adds the rules of one file; a rule named like one already loaded
 * replaces it (so a user's rules override the installed ones). */
int rule_load_file(struct rule_set *rs, const char *path, struct errinfo *ei);

/* Adds every *.rules file in dir, in name order. */
int rule_load_dir(struct rule_set *rs, const char *dir, struct errinfo *ei);

/* Loads the rules flowdiag uses: dir if not NULL, else $FLOWDIAG_RULES,
 * else the installed ones; then $XDG_CONFIG_HOME/flowdiag/rules (or
 * ~/.config/flowdiag/rules) when it exists. */
int rule_load_default(struct rule_set *rs, const char *dir, struct errinfo *ei);

/* Evaluates condition e over facts f into *holds.  Fails when a regular
 * expression could not be matched (a limit above, or PCRE2's own error):
 * ei names the rule's file:line:column, the rule, the fact and the cause
 * (EC_DATA, the exit status of a rules error).  and/or evaluate their
 * right side only when it decides the value, so a failure there counts
 * only when it would. */
int rule_eval(const struct expr *e, const struct facts *f, bool *holds,
    struct errinfo *ei);

/* Expands {fact} in template t; returns a new string.  From a "$ " that
 * starts t or follows a space on, t is a command line: each value put in
 * it is a shell word, single-quoted when it holds more than letters,
 * digits and _@%+=:,./- (escape_shell()). */
char *rule_render(const char *t, const struct facts *f);

#endif
