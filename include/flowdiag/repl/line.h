/*
 * The REPL's lines: read with GNU readline on a terminal (completion of
 * commands, settings, paths, log groups and topics; history; Ctrl-C
 * abandons the line), plain lines otherwise.  The only file that includes
 * readline.
 */
#ifndef FLOWDIAG_REPL_LINE_H
#define FLOWDIAG_REPL_LINE_H

#include <stdbool.h>

#include "flowdiag/repl/cmd.h"
#include "flowdiag/repl/session.h"

/* Sets the terminal up for s: readline, its completion, the history,
 * Ctrl-C abandoning a line; for an interactive session only. */
void line_open(struct session *s);

/* Saves the history and gives the terminal back. */
void line_close(void);

/* The next line (a new string), or NULL at the end of input or, with
 * *interrupted set, after a Ctrl-C.  A plain line is echoed after its
 * prompt, for the transcript. */
char *line_read(struct session *s, const char *prompt, bool *interrupted);

/* Asks prompt and reads one answer: 1 with *answer a new string, blanks
 * trimmed ("" when the user just pressed Enter), 0 when the user leaves
 * (Ctrl-C, Ctrl-D, the end of input).  kind and words say what Tab
 * completes. */
int line_ask(struct session *s, const char *prompt, enum cmd_complete kind,
    const char *const *words, char **answer);

/* Trims blanks at both ends of line, in place; returns it. */
char *line_trim(char *line);

/* Keeps line in the history, and in its file at once, unless it is blank,
 * the same as the last one, or looks like it holds a secret. */
void line_keep(const char *line);

/* Where the history lives: $XDG_STATE_HOME/flowdiag/history, else
 * ~/.local/state/flowdiag/history; a new string, or NULL without a home. */
char *line_history_path(void);

/* Whether a line looks like it holds a secret (an access key, a secret
 * key, a password, a session token: a run of 100 or more base64
 * characters that is random, or the marks STS tokens start with): such
 * lines are never kept in the history, nor in its file. */
bool line_secret(const char *line);

#endif
