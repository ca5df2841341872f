/*
 * The REPL: flowdiag with no arguments.  On a terminal it reads with GNU
 * readline (completion, history, Ctrl-C back to the prompt) and starts
 * with the guided questions; otherwise it reads plain lines from standard
 * input, so a script can be piped in, and echoes each after its prompt,
 * so the output reads as a transcript.
 */
#ifndef FLOWDIAG_REPL_H
#define FLOWDIAG_REPL_H

#include "flowdiag/repl/cmd.h"
#include "flowdiag/repl/session.h"

/* Runs the REPL until quit or the end of input; returns the exit status:
 * 0, or, when input is not a terminal, the status of the last command
 * that failed. */
int repl_main(void);

/* Asks prompt and reads one answer: 1 with *answer a new string, blanks
 * trimmed ("" when the user just pressed Enter), 0 when the user leaves
 * (Ctrl-C, Ctrl-D, the end of input).  kind and words say what Tab
 * completes. */
int repl_ask(struct session *s, const char *prompt, enum cmd_complete kind,
    const char *const *words, char **answer);

/* Where the history lives: $XDG_STATE_HOME/flowdiag/history, else
 * ~/.local/state/flowdiag/history; a new string, or NULL without a home. */
char *repl_history_path(void);

/* Whether a line looks like it holds a secret (an access key, a secret
 * key or token, a password): such lines are never kept in the history. */
bool repl_secret_line(const char *line);

#endif
