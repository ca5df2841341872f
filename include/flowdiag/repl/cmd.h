/*
 * The REPL's commands, from one table, cmd_table, which help, completion,
 * the man page check and the tests all read.  Each command lives in its
 * own cmd-<name>.c and exports its entry.
 */
#ifndef FLOWDIAG_CMD_H
#define FLOWDIAG_CMD_H

#include "flowdiag/util/errinfo.h"

struct session;

/* What the word being typed can be, for completion. */
enum cmd_complete {
	CMD_COMPLETE_NONE,
	CMD_COMPLETE_WORDS,    /* one of a list of words */
	CMD_COMPLETE_FILES,    /* a path */
	CMD_COMPLETE_GROUPS,   /* a CloudWatch log group */
	CMD_COMPLETE_COMMANDS, /* a command's name */
};

struct cmd_entry {
	const char *name;
	const char *alias; /* or NULL */
	const char *usage; /* the arguments: "[topic]" */
	const char *summary;
	const char *help; /* a paragraph for "help NAME" */
	int min_args;
	int max_args; /* -1: no limit */
	/* Runs the command with argv[0] its name; 0, or -1 with ei, which
	 * the REPL prints before it goes on. */
	int (*exec)(struct session *s, int argc, char **argv,
	    struct errinfo *ei);
	/* What the word after argv[1..argc) can be (argv[0] is the name);
	 * for CMD_COMPLETE_WORDS, *words is a NULL-terminated list.  NULL:
	 * the command takes nothing that completes. */
	enum cmd_complete (*complete)(const struct session *s, int argc,
	    char **argv, const char *const **words);
};

/* Every REPL command, sorted by name, then NULL. */
extern const struct cmd_entry *const cmd_table[];

/* The command named name: an alias, the exact name, or a unique prefix of
 * one; NULL with ei ("ambiguous" or "unknown") otherwise. */
const struct cmd_entry *cmd_find(const char *name, struct errinfo *ei);

/* Splits line into words as a shell would: blanks separate, '' and ""
 * quote, \ escapes; a "#" starting a word begins a comment.  *argv is a
 * new NULL-terminated array (free with cmd_free_argv()); an unclosed
 * quote is an error. */
int cmd_split(const char *line, int *argc, char ***argv, struct errinfo *ei);
void cmd_free_argv(int argc, char **argv);

/* Runs one line of input: finds the command and checks its number of
 * arguments.  An empty line does nothing. */
int cmd_execute(struct session *s, const char *line, struct errinfo *ei);

#endif
