/*
 * A growable byte buffer with a ceiling: what comes from the network or a
 * file grows only through it, so a huge or endless answer is an error, not
 * an exhausted machine.
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
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);

/* Appends p[0..n); false, appending nothing, when that would pass max. */
bool buf_append(struct buf *b, const void *p, size_t n);

#endif
