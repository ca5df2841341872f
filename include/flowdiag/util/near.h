/*
 * How near a string is to another: the longest run of characters they
 * share, ignoring ASCII case, read in time linear in the string with a
 * suffix automaton of the other one, built once.  "Did you mean" weighs
 * every log group name an endpoint lists with it: 20 pages of 16 MB of
 * names from a hostile one.
 */
#ifndef FLOWDIAG_NEAR_H
#define FLOWDIAG_NEAR_H

#include <stddef.h>
#include <stdint.h>

/* The longest string near_init() takes: states, at most twice as many,
 * are numbered in an int16_t. */
#define NEAR_MAX 1024

/* A state of the automaton: the strings that end in it. */
struct near_state {
	int len;           /* the longest of them */
	int link;          /* the state of its longest other suffix; -1: none */
	int16_t next[256]; /* by the next byte; -1: none */
};

struct near {
	struct near_state *v;
	int n;
	int last;
};

/* Builds the automaton of want[0..len), len at most NEAR_MAX (more is
 * cut); release it with near_release(). */
void near_init(struct near *nr, const char *want, size_t len);

/* The length of the longest run of s that want holds too, ignoring case. */
size_t near_run(const struct near *nr, const char *s);

void near_release(struct near *nr);

/* The longest name near_name() weighs. */
#define NEAR_NAME_MAX 64

/* The name of the NULL-terminated names nearest to s, a typing slip away
 * (an edit for every three letters, a swap of two counting as one), for
 * "did you mean"; NULL when none is that near. */
const char *near_name(const char *s, const char *const *names);

#endif
