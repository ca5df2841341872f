/*
 * Text from outside (records, file names, server answers, rules) made
 * safe to show: every text flowdiag writes for people goes through the
 * writers here, which turn control characters into visible escapes, and
 * every JSON string through escape_utf8(), so that no byte from outside
 * can drive a terminal and no key is lost to a byte jansson refuses.
 *
 * For text: C0 controls but the newline, and DEL, become "\x1b"; the C1
 * controls U+0080..U+009F become "\u009b"; a byte that does not start a
 * valid UTF-8 sequence (overlong, surrogate, past U+10FFFF, truncated or
 * a stray continuation) becomes U+FFFD, one per byte.  A backslash stays
 * as it is, so escaping escaped text changes nothing: a value escaped to
 * measure its width may pass through the writers again.
 */
#ifndef FLOWDIAG_UTIL_ESCAPE_H
#define FLOWDIAG_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether the n bytes at s show as they are: printable ASCII, newlines and
 * valid UTF-8 of no C1 control. */
bool escape_clean(const char *s, size_t n);

/* s escaped for a terminal; returns a new string, free with free(). */
char *escape_text(const char *s);

/* s escaped as one line: its newlines escaped too ("\x0a"), so that a
 * value from outside cannot start a line of its own; returns a new
 * string, free with free(). */
char *escape_line_text(const char *s);

/* s with each invalid UTF-8 byte replaced by U+FFFD and nothing else
 * changed; returns a new string, free with free(). */
char *escape_utf8(const char *s);

/* s as one word for a POSIX shell: as it is when it holds only letters,
 * digits and _@%+=:,./- (and is not empty), else in single quotes, each
 * ' written '\''; returns a new string, free with free(). */
char *escape_shell(const char *s);

/* The writers of text for people: n bytes, a string, a format, each
 * escaped as above after formatting.  Errors show in ferror(fp). */
void escape_write(FILE *fp, const char *s, size_t n);
void escape_puts(FILE *fp, const char *s);
void escape_printf(FILE *fp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes one line: the format's text escaped, newlines included, then a
 * newline.  For messages (errors, warnings, malformed lines), which are
 * one line each, so a value they quote cannot forge another line. */
void escape_line(FILE *fp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes s as it is: for flowdiag's own control sequences alone (colour,
 * a carriage return), never for text from outside. */
void escape_raw(FILE *fp, const char *s);

#endif
