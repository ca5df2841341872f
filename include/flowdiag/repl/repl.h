/*
 * The REPL: flowdiag with no arguments.  On a terminal it starts with the
 * guided questions, then reads commands (line.h: readline, completion,
 * history); otherwise it reads plain lines from standard input, so a
 * script can be piped in, and echoes each after its prompt, so the output
 * reads as a transcript.
 */
#ifndef FLOWDIAG_REPL_H
#define FLOWDIAG_REPL_H

#include "flowdiag/repl/cmd.h"
#include "flowdiag/repl/session.h"

/* Runs the REPL until quit or the end of input; returns the exit status:
 * 0, or, when input is not a terminal, the status of the last command
 * that failed. */
int repl_main(void);

#endif
