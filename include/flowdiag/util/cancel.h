/*
 * Ctrl-C as a request to stop the work in hand rather than the program:
 * while armed, SIGINT only sets a flag that the long loops (reading files,
 * paging through CloudWatch, waiting for a query, an HTTP transfer) look
 * at, so that each stops cleanly with EC_INTERRUPTED and its resources
 * released.  The REPL goes back to its prompt; flowdiag check exits 130.
 */
#ifndef FLOWDIAG_CANCEL_H
#define FLOWDIAG_CANCEL_H

#include <stdbool.h>

/* Installs the handler (no SA_RESTART, so that a sleep or a wait ends
 * at once) and clears the flag; calls nest, the outermost one counts and
 * the others keep a Ctrl-C that came already. */
void cancel_arm(void);

/* Restores the handler cancel_arm() found. */
void cancel_disarm(void);

/* Whether Ctrl-C came since the flag was last cleared. */
bool cancel_requested(void);

/* Forgets a Ctrl-C: the REPL's prompt after it was seen, or a query that
 * must be stopped with a request of its own. */
void cancel_clear(void);

#endif
