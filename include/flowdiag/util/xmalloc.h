/*
 * Allocation that cannot fail: running out of memory prints one line and
 * exits with status 71 (EX_OSERR), as tmux and OpenSSH do.
 */
#ifndef FLOWDIAG_XMALLOC_H
#define FLOWDIAG_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Frees the n strings of v, then v; v may be NULL when n is 0. */
void xfree_strings(char **v, size_t n);
int xasprintf(char **ret, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
