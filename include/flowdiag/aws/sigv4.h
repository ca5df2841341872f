/*
 * sigv4: AWS Signature Version 4 signing of one HTTP request, in the
 * Authorization header form that CloudWatch Logs and EC2 take.  Hashes and
 * HMACs come from sha256.c.
 *
 * The canonical request follows the SigV4 rules for services other than S3:
 *   - path: the path as it goes on the wire (already percent-encoded by the
 *     caller), with "." and ".." segments and empty segments removed, then
 *     each segment URI-encoded once more (RFC 3986 unreserved characters
 *     kept), so "/a%20b" signs as "/a%2520b": the "encode twice" rule.
 *     "/a/b/.." becomes "/a", not "/a/", and a trailing '/' is kept
 *     otherwise, as botocore does; NULL or "" is "/".
 *   - query: the query as it goes on the wire; each parameter is split at
 *     its first '=', percent-decoded ("%zz" stays literal, '+' is a plus,
 *     not a space), encoded again with RFC 3986 rules, and the parameters
 *     sorted by encoded name, then encoded value; a name without a value
 *     keeps its '=' ("a=&b=1"); empty parameters ("a=1&&b") are dropped.
 *   - headers: host, x-amz-date, x-amz-security-token (with a session
 *     token) and the caller's headers, names lowercased and sorted, values
 *     trimmed with runs of spaces and tabs made one space, repeated names
 *     joined with ',' in the order given; all of them are signed.
 *   - payload: the hex SHA-256 of the body.
 * No x-amz-content-sha256 header is added (only S3 needs it).
 */
#ifndef FLOWDIAG_SIGV4_H
#define FLOWDIAG_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "flowdiag/util/errinfo.h"

/* "20150830T123600Z" */
#define SIGV4_DATELEN 16

/* One header to sign and send.  The name is an RFC 7230 token in any case;
 * the value holds no control character but tab (no CR or LF).  Host,
 * X-Amz-Date, X-Amz-Security-Token and Authorization belong to the signer
 * and are refused here. */
struct sigv4_header {
	const char *name;
	const char *value;
};

/* The request to sign; every member is borrowed. */
struct sigv4_request {
	const char *method; /* "POST" */
	const char
	    *host; /* Host header value: "logs.us-east-1.amazonaws.com" */
	const char *path;  /* wire form, starts with '/'; NULL means "/" */
	const char *query; /* wire form, after the '?'; NULL for none */
	const struct sigv4_header *headers;
	size_t nheaders;
	const void *body; /* may be NULL when body_len is 0 */
	size_t body_len;
};

struct sigv4_credentials {
	const char *access_key;
	const char *secret_key;
	const char *session_token; /* NULL for long-term keys */
};

/* The result: send X-Amz-Date, X-Amz-Security-Token when not NULL, and
 * Authorization with these values, next to the request's own headers.
 * Owned by the struct; release with sigv4_signature_release(). */
struct sigv4_signature {
	char amz_date[SIGV4_DATELEN + 1];
	char *authorization;
	char *security_token;
	/* What was signed, for tests.  The canonical request holds the session
	 * token: trace with sigv4_signature_trace(), never print it.  Neither
	 * holds the secret key. */
	char *canonical_request;
	char *string_to_sign;
};

/* Signs req for region ("us-east-1") and service ("logs", "ec2") at time
 * now (Unix seconds) and fills sig, which need not be initialised.  The
 * derived keys are wiped before return.  Fails with EC_USAGE for a request,
 * credential, region or service that cannot be signed (the message names
 * the part, never a secret), EC_INTERNAL when libcrypto fails; sig is then
 * empty. */
int sigv4_sign(const struct sigv4_request *req,
    const struct sigv4_credentials *cred, const char *region,
    const char *service, time_t now, struct sigv4_signature *sig,
    struct errinfo *ei);

/* Wipes and frees what sig holds and empties it; sig may be empty. */
void sigv4_signature_release(struct sigv4_signature *sig);

/* The canonical request and string to sign as text for a --debug trace,
 * with the session token replaced by "<redacted>"; returns a new string,
 * free with free(). */
char *sigv4_signature_trace(const struct sigv4_signature *sig);

#endif
