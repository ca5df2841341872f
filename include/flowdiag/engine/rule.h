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
 * expressions and templates are errors that name file:line:column.
 */
#ifndef FLOWDIAG_RULE_H
#define FLOWDIAG_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/engine/facts.h"
#include "flowdiag/engine/verdict.h"
#include "flowdiag/util/errinfo.h"

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

bool rule_eval(const struct expr *e, const struct facts *f);

/* Expands {fact} in template t; returns a new string. */
char *rule_render(const char *t, const struct facts *f);

#endif
