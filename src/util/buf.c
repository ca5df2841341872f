#include "config.h"

#include "flowdiag/util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->wipe = false;
}

void
buf_init_secret(struct buf *b, size_t max)
{
	buf_init(b, max);
	b->wipe = true;
}

void
buf_release(struct buf *b)
{
	bool wipe = b->wipe;

	if (wipe && b->data != NULL)
		explicit_bzero(b->data, b->cap);
	free(b->data);
	buf_init(b, b->max);
	b->wipe = wipe;
}

void
buf_reset(struct buf *b)
{
	if (b->data == NULL)
		return;
	if (b->wipe)
		explicit_bzero(b->data, b->len);
	b->len = 0;
	b->data[0] = '\0';
}

/* Gives b room for want bytes, doubling from 4 KB.  realloc() would free
 * the old block as it is, so a secret buffer is moved by hand. */
static void
grow(struct buf *b, size_t want)
{
	size_t cap = b->cap == 0 ? 4096 : b->cap;
	char *p;

	while (cap < want)
		cap *= 2;
	if (!b->wipe) {
		b->data = xreallocarray(b->data, cap, 1);
	} else {
		p = xmalloc(cap);
		if (b->data != NULL) {
			memcpy(p, b->data, b->len + 1);
			explicit_bzero(b->data, b->cap);
			free(b->data);
		}
		b->data = p;
	}
	b->cap = cap;
}

bool
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return false;
	if (b->len + n + 1 > b->cap)
		grow(b, b->len + n + 1);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p = small;
	bool ok;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n >= sizeof(small)) {
		p = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	ok = buf_append(b, p, (size_t)n);
	if (b->wipe)
		explicit_bzero(p, p == small ? sizeof(small) : (size_t)n + 1);
	if (p != small)
		free(p);
	return ok;
}
