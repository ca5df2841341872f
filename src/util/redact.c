#include "config.h"

#include "flowdiag/util/redact.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

/* Runs are found from grams of GRAM characters: a run of REDACT_RUN or
 * more holds a whole gram at a multiple of GRAM in the text, so only
 * those are looked up, and a run found is then grown both ways. */
#define GRAM 8

/* One registered secret, with an index of its grams. */
struct secret {
	char *s;
	size_t len;
	unsigned int refs;
	uint32_t *slots; /* gram start + 1 in s, 0: empty */
	size_t mask;     /* slots - 1, a power of two less one */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct secret *secrets;
static size_t nsecrets;
/* nsecrets, read without the lock: a run of local files has no secret,
 * and each of its malformed lines' messages (errinfo_set() calls
 * redact_text()) then costs one load, not a lock the threads contend
 * for.  Secrets are registered before any text that could hold them. */
static atomic_size_t registered;

/* The hash of the GRAM bytes at p. */
static size_t
gram_hash(const char *p)
{
	uint64_t a;

	memcpy(&a, p, GRAM);
	a *= UINT64_C(0x9e3779b97f4a7c15);
	return (size_t)(a ^ (a >> 29) ^ (a >> 47));
}

static void
index_grams(struct secret *e)
{
	size_t n = e->len - GRAM + 1, size = 16, i, h;

	while (size < 2 * n)
		size *= 2;
	e->slots = xcalloc(size, sizeof(*e->slots));
	e->mask = size - 1;
	for (i = 0; i < n; i++) {
		for (h = gram_hash(e->s + i) & e->mask; e->slots[h] != 0;
		     h = (h + 1) & e->mask)
			;
		e->slots[h] = (uint32_t)i + 1;
	}
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
		index_grams(e);
	atomic_store_explicit(&registered, nsecrets, memory_order_release);
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
		atomic_store_explicit(&registered, nsecrets,
		    memory_order_release);
		break;
	}
	pthread_mutex_unlock(&lock);
}

/* The run around the gram at text[i], which is the one at s[pos] of e:
 * its start and end in the text. */
static void
grow_run(const struct secret *e, const char *text, size_t len, size_t i,
    size_t pos, size_t *from, size_t *to)
{
	size_t l = 0, r = GRAM;

	while (l < i && l < pos && text[i - l - 1] == e->s[pos - l - 1])
		l++;
	while (i + r < len && pos + r < e->len && text[i + r] == e->s[pos + r])
		r++;
	*from = i - l;
	*to = i + r;
}

/* Masks the runs of REDACT_RUN or more characters of e in s[0..len).  The
 * text is read as it came: the runs are masked once all are found.  A gram
 * inside a run found already is not looked up again: another run through
 * it could pass that one's end by fewer than REDACT_RUN characters only,
 * or it would hold a gram further on, so no REDACT_RUN of them stay
 * together, and a text of copies of the secret costs no more than any. */
static void
mask_pieces(const struct secret *e, char *s, size_t len)
{
	size_t i, h, pos, from, to, covered = 0, n = 0, cap = 0, k;
	size_t *runs = NULL;

	for (i = 0; i + GRAM <= len; i += GRAM) {
		if (i + GRAM <= covered)
			continue;
		for (h = gram_hash(s + i) & e->mask; e->slots[h] != 0;
		     h = (h + 1) & e->mask) {
			pos = e->slots[h] - 1;
			if (memcmp(e->s + pos, s + i, GRAM) != 0)
				continue;
			grow_run(e, s, len, i, pos, &from, &to);
			if (to - from < REDACT_RUN)
				continue;
			if (n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				runs = xreallocarray(runs, cap, sizeof(*runs));
			}
			runs[n++] = from;
			runs[n++] = to;
			if (to > covered)
				covered = to;
		}
	}
	for (k = 0; k < n; k += 2)
		memset(s + runs[k], '*', runs[k + 1] - runs[k]);
	free(runs);
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

	if (atomic_load_explicit(&registered, memory_order_acquire) == 0)
		return;
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
