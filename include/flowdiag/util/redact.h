/*
 * redact: the secrets this process holds (secret keys, session tokens),
 * kept out of everything it says.  Any run of REDACT_RUN or more
 * characters that is a piece of a registered secret is masked with '*',
 * so a whole token, a prefix that a buffer cut, or a part a server quoted
 * all go.  errinfo_set(), errinfo_errno() and notice() mask what they
 * format; code that prints other outside text calls redact_text().
 */
#ifndef FLOWDIAG_UTIL_REDACT_H
#define FLOWDIAG_UTIL_REDACT_H

#include <stddef.h>

/* The shortest piece of a secret that is masked. */
#define REDACT_RUN 16

/* Registers secret (copied: the copy is wiped when it goes), counting
 * repeats; one shorter than REDACT_RUN is masked only whole, and one
 * shorter than 4 characters not at all.  Thread-safe. */
void redact_add(const char *secret);

/* Drops one registration of secret; unknown ones are ignored. */
void redact_remove(const char *secret);

/* Masks, in s[0..len), every run of at least REDACT_RUN characters found
 * in a registered secret, and every whole copy of a shorter one. */
void redact_mem(char *s, size_t len);

/* redact_mem() of the string s. */
void redact_text(char *s);

#endif
