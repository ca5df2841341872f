/*
 * errinfo: the one error type.  A fallible function fills it once, where the
 * failure happens, and returns -1 (or NULL); callers pass it up unchanged and
 * only a front end (main, the REPL loop) prints it.
 */
#ifndef FLOWDIAG_ERRINFO_H
#define FLOWDIAG_ERRINFO_H

#define ERRINFO_MSGLEN 512

enum errcode {
	EC_OK = 0,
	EC_USAGE,       /* bad arguments: sysexits 64 */
	EC_DATA,        /* input is not what it claims to be: 65 */
	EC_NOINPUT,     /* input missing or unreadable: 66 */
	EC_UNAVAILABLE, /* a service failed: 69 */
	EC_INTERNAL,    /* a bug: 70 */
	EC_IO,          /* read or write failed: 74 */
	EC_PERM,        /* permission denied: 77 */
	/* AWS failures, each with its own status (flowdiag(1)) */
	EC_CREDENTIALS, /* no credentials found: 20 */
	EC_EXPIRED,     /* the credentials have expired: 21 */
	EC_DENIED,      /* access denied to an action: 22 */
	EC_NOT_FOUND,   /* no such log group: 23 */
	EC_SIGNATURE,   /* invalid signature, unknown key, clock skew: 24 */
	EC_NET,         /* DNS, connection or timeout: 25 */
	EC_TLS,         /* TLS verification: 26 */
	EC_THROTTLED,   /* still throttled after the retries: 27 */
	EC_QUERY,       /* a service's query failed or was cancelled: 28 */
	EC_SERVICE,     /* any other service error: 69 */
	EC_INTERRUPTED, /* stopped by SIGINT: 130 */
};

struct errinfo {
	enum errcode code;
	char msg[ERRINFO_MSGLEN];
};

/* Fills ei (which may be NULL) and returns -1, so a caller can write
 * "return errinfo_set(ei, EC_USAGE, ...)".  The pieces of registered
 * secrets (redact.h) in the message are masked. */
int errinfo_set(struct errinfo *ei, enum errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like errinfo_set() with ": strerror(errnum)" appended and the code chosen
 * from errnum (ENOENT: EC_NOINPUT, EACCES: EC_PERM, else EC_IO). */
int errinfo_errno(struct errinfo *ei, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void errinfo_clear(struct errinfo *ei);

/* The code's name for scripts ("usage", "credentials", ...), as the JSON
 * error object and flowdiag(1) spell it. */
const char *errinfo_code_name(enum errcode code);

/* The process exit status for code, from sysexits(3). */
int errinfo_exit_status(enum errcode code);

#endif
