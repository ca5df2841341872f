#include "config.h"

#include "flowdiag/util/near.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

static int
add_state(struct near *nr, int len, int link)
{
	struct near_state *st = &nr->v[nr->n];

	st->len = len;
	st->link = link;
	memset(st->next, 0xff, sizeof(st->next));
	return nr->n++;
}

/* The suffix automaton, one byte at a time (Blumer et al.): a new state
 * for the whole string so far, transitions to it from the suffixes that
 * lacked one, and a clone where a suffix's state held longer strings. */
void
near_init(struct near *nr, const char *want, size_t len)
{
	int cur, p, q, clone;
	unsigned char c;
	size_t i;

	if (len > NEAR_MAX)
		len = NEAR_MAX;
	nr->v = xcalloc(2 * len + 2, sizeof(*nr->v));
	nr->n = 0;
	nr->last = add_state(nr, 0, -1);
	for (i = 0; i < len; i++) {
		c = (unsigned char)tolower((unsigned char)want[i]);
		cur = add_state(nr, nr->v[nr->last].len + 1, 0);
		for (p = nr->last; p != -1 && nr->v[p].next[c] == -1;
		     p = nr->v[p].link)
			nr->v[p].next[c] = (int16_t)cur;
		if (p != -1) {
			q = nr->v[p].next[c];
			if (nr->v[p].len + 1 == nr->v[q].len) {
				nr->v[cur].link = q;
			} else {
				clone = add_state(nr, nr->v[p].len + 1,
				    nr->v[q].link);
				memcpy(nr->v[clone].next, nr->v[q].next,
				    sizeof(nr->v[q].next));
				for (; p != -1 && nr->v[p].next[c] == q;
				     p = nr->v[p].link)
					nr->v[p].next[c] = (int16_t)clone;
				nr->v[q].link = clone;
				nr->v[cur].link = clone;
			}
		}
		nr->last = cur;
	}
}

size_t
near_run(const struct near *nr, const char *s)
{
	size_t best = 0, l = 0;
	unsigned char c;
	int v = 0;

	for (; *s != '\0'; s++) {
		c = (unsigned char)tolower((unsigned char)*s);
		while (v != 0 && nr->v[v].next[c] == -1) {
			v = nr->v[v].link;
			l = (size_t)nr->v[v].len;
		}
		if (nr->v[v].next[c] != -1) {
			v = nr->v[v].next[c];
			l++;
		}
		if (l > best)
			best = l;
	}
	return best;
}

void
near_release(struct near *nr)
{
	free(nr->v);
	nr->v = NULL;
	nr->n = 0;
}

/* The edit distance of a and b, ignoring ASCII case, a swap of two
 * neighbours counting as one edit (optimal string alignment). */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned char d[NEAR_NAME_MAX + 1][NEAR_NAME_MAX + 1];
	size_t i, j, cost, v;

	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned char)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned char)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			v = (size_t)d[i - 1][j] + 1;
			if ((size_t)d[i][j - 1] + 1 < v)
				v = (size_t)d[i][j - 1] + 1;
			if ((size_t)d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
				tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
				tolower((unsigned char)b[j - 1]) &&
			    (size_t)d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = (unsigned char)v;
		}
	}
	return d[la][lb];
}

const char *
near_name(const char *s, const char *const *names)
{
	const char *best = NULL;
	size_t ls = strlen(s), lb = (size_t)-1, d;

	if (ls == 0 || ls > NEAR_NAME_MAX)
		return NULL;
	for (; *names != NULL; names++) {
		if (strlen(*names) > NEAR_NAME_MAX)
			continue;
		d = distance(s, ls, *names, strlen(*names));
		if (d < lb) {
			lb = d;
			best = *names;
		}
	}
	/* A third of the word may be wrong, at least one letter of it. */
	return best != NULL && lb <= (ls + 2) / 3 ? best : NULL;
}
