/*
 * One HTTP request over libcurl, TLS always verified, the answer held in a
 * bounded buffer.  A --debug trace shows requests with their secrets
 * redacted.
 */
#ifndef FLOWDIAG_HTTP_H
#define FLOWDIAG_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

/* The largest answer taken: a CloudWatch page is at most 1 MB of events. */
#define HTTP_BODY_MAX (16 * 1024 * 1024)

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	const char *method; /* "GET", "POST", "PUT" */
	const char *url;
	const struct http_header *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	long timeout_ms;         /* the whole exchange; 0: 60 s */
	long connect_timeout_ms; /* 0: 10 s */
};

struct http_response {
	long status;     /* 0 when no answer came */
	bool transient;  /* a failure worth retrying: timeout, reset */
	struct buf body; /* initialised by http_do() */
};

/* Sends req and fills resp (which the caller releases with
 * http_response_release(), on failure too).  Returns 0 when any HTTP
 * answer came, whatever its status; -1 with ei naming the cause (DNS,
 * connection, TLS, timeout, an answer too large) when none did. */
int http_do(const struct http_request *req, struct http_response *resp,
    struct errinfo *ei);

void http_response_release(struct http_response *resp);

/* Turns the trace on stderr on or off. */
void http_set_debug(bool on);

#endif
