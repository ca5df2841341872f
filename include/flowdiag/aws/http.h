/*
 * One HTTP request over libcurl: TLS always verified, HTTP and HTTPS only,
 * redirects never followed, the answer held in a bounded buffer.  A
 * --debug trace shows requests with their secrets redacted.  Only this
 * file and libcurl.c, which loads the library, know libcurl.
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

/* What a request asks beyond a plain exchange. */
enum http_flags {
	HTTP_CANCEL = 1 << 0,   /* Ctrl-C (cancel_requested()) ends it */
	HTTP_COMPRESS = 1 << 1, /* accepts a compressed answer */
	HTTP_NO_PROXY = 1 << 2, /* ignores the proxy variables (http_proxy) */
	HTTP_QUIET = 1 << 3,    /* left out of the --debug trace */
	HTTP_SECRET = 1 << 4,   /* the answer holds secrets: a wiping buf */
};

struct http_request {
	const char *method; /* "GET", "POST", "PUT" */
	const char *url;
	const struct http_header *headers;
	size_t nheaders;
	const void *body; /* NULL: none is sent */
	size_t body_len;
	long timeout_ms;         /* the whole exchange; 0: 60 s */
	long connect_timeout_ms; /* 0: 10 s */
	size_t max_answer;       /* bytes; 0: HTTP_BODY_MAX */
	const char *user_agent;  /* NULL: no User-Agent header */
	const char *ca_file;     /* PEM CAs to trust; NULL: the system's */
	/* Names the requester in errors, which then read "SOURCE: cause" in
	 * libcurl's words, an answer too large being EC_SERVICE; NULL: errors
	 * name the URL and what to check. */
	const char *source;
	/* Names the service and action in errors of an answer that cannot
	 * be taken ("logs FilterLogEvents"); NULL: the URL does. */
	const char *service;
	enum http_flags flags;
	/* A response header whose value http_response.header keeps (the
	 * first 127 bytes, trimmed), or NULL: S3 names a bucket's region in
	 * x-amz-bucket-region. */
	const char *keep_header;
	/* When set, the body of a 2xx answer goes to sink(sink_arg, p, n),
	 * which returns 0, or -1 to end the transfer (an error as an answer
	 * too large), instead of the bounded buffer: an object of any size;
	 * an error answer still lands in the buffer. */
	int (*sink)(void *arg, const void *p, size_t n);
	void *sink_arg;
};

struct http_response {
	long status;             /* 0 when no answer came */
	bool transient;          /* a failure worth retrying: timeout, reset */
	struct buf body;         /* initialised by http_do() */
	char header[128];        /* the request's keep_header, or "" */
	unsigned long long sunk; /* bytes handed to the sink */
};

/* Sends req and fills resp (which the caller releases with
 * http_response_release(), on failure too, and before using it again).
 * Returns 0 when any HTTP answer came, whatever its status; -1 with ei
 * naming the cause (DNS, connection, TLS, timeout, an answer too large)
 * when none did.  Response headers larger than libcurl takes are
 * EC_SERVICE. */
int http_do(const struct http_request *req, struct http_response *resp,
    struct errinfo *ei);

void http_response_release(struct http_response *resp);

/* Loads libcurl, as the first http_do() would: for a caller that hides
 * the failures of its requests but not a library that is missing.  -1
 * with ei set (EC_UNAVAILABLE) when it cannot be loaded. */
int http_load(struct errinfo *ei);

/* Splits url as libcurl reads it: *scheme and *host become new strings
 * (free() them); *scheme is NULL when url is not a URL, *host when it
 * names none.  -1 with ei set only when libcurl cannot be loaded
 * (EC_UNAVAILABLE) or memory runs out (EC_INTERNAL). */
int http_url_split(const char *url, char **scheme, char **host,
    struct errinfo *ei);

/* Turns the trace on stderr on or off. */
void http_set_debug(bool on);

#endif
