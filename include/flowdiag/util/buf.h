/*
 * A growable byte buffer with a ceiling: what comes from the network or a
 * file grows only through it, so a huge or endless answer is an error, not
 * an exhausted machine.  A buffer made for secrets (buf_init_secret())
 * leaves no copy of its bytes in freed memory.
 */
#ifndef FLOWDIAG_BUF_H
#define FLOWDIAG_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated after every append */
	size_t len;
	size_t cap;
	size_t max; /* the most it may hold */
	/* Holds secrets: the storage a growth leaves is zeroed before it is
	 * freed, and so are the bytes on release and reset. */
	bool wipe;
};

/* Makes b empty, holding at most max bytes; nothing is allocated yet. */
void buf_init(struct buf *b, size_t max);

/* As buf_init(), for a buffer that will hold secrets (keys, tokens, the
 * answers and output that carry them). */
void buf_init_secret(struct buf *b, size_t max);

/* Frees the storage (zeroed first for a secret buffer) and leaves b empty,
 * with the same ceiling and mode, ready for use again. */
void buf_release(struct buf *b);

/* Empties b, keeping its storage; a secret buffer's bytes are zeroed. */
void buf_reset(struct buf *b);

/* Appends p[0..n); false, appending nothing, when that would pass max. */
bool buf_append(struct buf *b, const void *p, size_t n);

/* Appends the formatted text; false, appending nothing, when it would pass
 * max (or the format fails). */
bool buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
