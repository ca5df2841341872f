#include "config.h"

#include "flowdiag/util/redact.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* One registered secret, with an index of its REDACT_RUN-character pieces
 * so that any text is scanned in one pass. */
struct secret {
	char *s;
	size_t len;
	unsigned int refs;
	uint32_t *slots; /* piece start + 1 in s, 0: empty */
	size_t mask;     /* slots - 1, a power of two less one */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct secret *secrets;
static size_t nsecrets;

/* The hash of the REDACT_RUN bytes at p. */
static size_t
piece_hash(const char *p)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	a = a * UINT64_C(0x9e3779b97f4a7c15) ^ b * UINT64_C(0xc2b2ae3d27d4eb4f);
	return (size_t)(a ^ (a >> 29) ^ (a >> 47));
}

static void
index_pieces(struct secret *e)
{
	size_t n = e->len - REDACT_RUN + 1, size = 16, i, h;

	while (size < 2 * n)
		size *= 2;
	e->slots = xcalloc(size, sizeof(*e->slots));
	e->mask = size - 1;
	for (i = 0; i < n; i++) {
		for (h = piece_hash(e->s + i) & e->mask; e->slots[h] != 0;
		     h = (h + 1) & e->mask)
			;
		e->slots[h] = (uint32_t)i + 1;
	}
}

/* Whether the REDACT_RUN bytes at p are a piece of e. */
static bool
is_piece(const struct secret *e, const char *p)
{
	size_t h;

	for (h = piece_hash(p) & e->mask; e->slots[h] != 0;
	     h = (h + 1) & e->mask) {
		if (memcmp(e->s + e->slots[h] - 1, p, REDACT_RUN) == 0)
			return true;
	}
	return false;
}

void
redact_add(const char *secret)
{
	size_t len = strlen(secret), i;
	struct secret *e;

	if (len < 4 || len > UINT32_MAX / 2)
		return;
	pthread_mutex_lock(&lock);
	for (i = 0; i < nsecrets; i++) {
		if (secrets[i].len == len &&
		    memcmp(secrets[i].s, secret, len) == 0) {
			secrets[i].refs++;
			goto out;
		}
	}
	secrets = xreallocarray(secrets, nsecrets + 1, sizeof(*secrets));
	e = &secrets[nsecrets++];
	memset(e, 0, sizeof(*e));
	e->s = xstrdup(secret);
	e->len = len;
	e->refs = 1;
	if (len >= REDACT_RUN)
		index_pieces(e);
out:
	pthread_mutex_unlock(&lock);
}

void
redact_remove(const char *secret)
{
	size_t len = strlen(secret), i;
	struct secret *e;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nsecrets; i++) {
		e = &secrets[i];
		if (e->len != len || memcmp(e->s, secret, len) != 0)
			continue;
		if (--e->refs > 0)
			break;
		explicit_bzero(e->s, e->len);
		free(e->s);
		if (e->slots != NULL)
			explicit_bzero(e->slots,
			    (e->mask + 1) * sizeof(*e->slots));
		free(e->slots);
		secrets[i] = secrets[--nsecrets];
		if (nsecrets == 0) {
			free(secrets);
			secrets = NULL;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
}

/* Masks the pieces of e in s[0..len): a byte goes once every window that
 * holds it has been looked at, so the windows see the text as it was. */
static void
mask_pieces(const struct secret *e, char *s, size_t len)
{
	size_t i, until = 0;

	for (i = 0; i < len; i++) {
		if (i + REDACT_RUN <= len && is_piece(e, s + i))
			until = i + REDACT_RUN;
		if (i < until)
			s[i] = '*';
	}
}

/* Masks each whole copy of the short secret e in s[0..len). */
static void
mask_whole(const struct secret *e, char *s, size_t len)
{
	char *p = s, *end = s + len;

	while ((p = memmem(p, (size_t)(end - p), e->s, e->len)) != NULL) {
		memset(p, '*', e->len);
		p += e->len;
	}
}

void
redact_mem(char *s, size_t len)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nsecrets; i++) {
		if (secrets[i].slots != NULL)
			mask_pieces(&secrets[i], s, len);
		else
			mask_whole(&secrets[i], s, len);
	}
	pthread_mutex_unlock(&lock);
}

void
redact_text(char *s)
{
	redact_mem(s, strlen(s));
}
