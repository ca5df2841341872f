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
