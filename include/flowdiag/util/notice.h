/*
 * What the core has to say while it works, handed to whoever owns the
 * terminal: warnings, progress and debug traces.  The core never prints;
 * a front end sets the sink, and without one nothing is said.
 */
#ifndef FLOWDIAG_UTIL_NOTICE_H
#define FLOWDIAG_UTIL_NOTICE_H

enum notice_kind {
	NOTICE_WARNING,
	NOTICE_INFO, /* a choice made for the user, and how to make another */
	NOTICE_DEBUG,
	NOTICE_PROGRESS,     /* a line that the next one replaces */
	NOTICE_PROGRESS_END, /* the progress line is done: text is "" */
};

/* Takes a notice; text is borrowed for the call.  Called from any thread,
 * the fetches of log groups side by side among them. */
typedef void notice_fn(void *arg, enum notice_kind kind, const char *text);

/* Sets the sink, for the whole process; NULL says nothing. */
void notice_set(notice_fn *fn, void *arg);

/* Formats a notice, masks the pieces of registered secrets in it
 * (redact.h) and hands it to the sink. */
void notice(enum notice_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
