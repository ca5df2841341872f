#include "config.h"

#include "flowdiag/aws/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flowdiag/aws/libcurl.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/xmalloc.h"

static bool debug;

void
http_set_debug(bool on)
{
	debug = on;
}

/* What the callbacks of one transfer share. */
struct transfer {
	const struct libcurl *cu;
	CURL *curl;
	const struct http_request *req;
	struct http_response *resp;
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *x = arg;
	struct http_response *resp = x->resp;
	long status = 0;

	if (x->req->sink != NULL) {
		x->cu->easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300) {
			if (x->req->sink(x->req->sink_arg, p, size * n) == -1)
				return 0;
			resp->sunk += size * n;
			return size * n;
		}
	}
	if (!buf_append(&resp->body, p, size * n))
		return 0; /* makes curl fail with CURLE_WRITE_ERROR */
	return size * n;
}

/* Keeps the value of the header the request asks for; a later answer's
 * (after a 100 Continue) replaces an earlier one's. */
static size_t
header_line(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *x = arg;
	size_t len = size * n, name = strlen(x->req->keep_header), v;

	if (len > name && p[name] == ':' &&
	    strncasecmp(p, x->req->keep_header, name) == 0) {
		p += name + 1;
		len -= name + 1;
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 &&
		    (p[len - 1] == '\r' || p[len - 1] == '\n' ||
			p[len - 1] == ' '))
			len--;
		v = len < sizeof(x->resp->header) - 1
		    ? len
		    : sizeof(x->resp->header) - 1;
		memcpy(x->resp->header, p, v);
		x->resp->header[v] = '\0';
	}
	return size * n;
}

/* Ends a transfer when Ctrl-C asks to stop. */
static int
check_cancel(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	(void)arg;
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return cancel_requested();
}

/* Whether a header carries a secret and must not be traced. */
static bool
secret_header(const char *name)
{
	return strcasecmp(name, "Authorization") == 0 ||
	    strcasecmp(name, "X-Amz-Security-Token") == 0 ||
	    strcasecmp(name, "X-aws-ec2-metadata-token") == 0;
}

static void
trace(const struct http_request *req)
{
	size_t i;

	if (!debug || (req->flags & HTTP_QUIET))
		return;
	notice(NOTICE_DEBUG, "%s %s", req->method, req->url);
	for (i = 0; i < req->nheaders; i++) {
		notice(NOTICE_DEBUG, "  %s: %s", req->headers[i].name,
		    secret_header(req->headers[i].name)
			? "<redacted>"
			: req->headers[i].value);
	}
	notice(NOTICE_DEBUG, "  (%zu bytes of body)", req->body_len);
}

/* Whether a failure is worth another try: the network may do better. */
static bool
transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

/* Whether a failure is TLS's. */
static bool
tls_failure(CURLcode rc)
{
	return rc == CURLE_PEER_FAILED_VERIFICATION ||
	    rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CACERT_BADFILE ||
	    rc == CURLE_SSL_CERTPROBLEM;
}

/* Whether libcurl gave up on headers larger than it takes (100 KB a
 * header): 7.x says "out of memory", 8.6 and later CURLE_TOO_LARGE (100),
 * which older headers do not name. */
static bool
headers_too_large(CURLcode rc)
{
	return rc == CURLE_OUT_OF_MEMORY || (int)rc == 100;
}

/* The error for a failed transfer of a request with a source: it and
 * libcurl's words. */
static int
source_error(const struct http_request *req, CURLcode rc, const char *what,
    size_t max, struct errinfo *ei)
{
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		return errinfo_set(ei, EC_INTERRUPTED,
		    "interrupted: request to %s abandoned", req->source);
	if (rc == CURLE_WRITE_ERROR)
		return errinfo_set(ei, EC_SERVICE,
		    "%s: the answer is larger than %zu bytes", req->source,
		    max);
	if (headers_too_large(rc))
		return errinfo_set(ei, EC_SERVICE,
		    "%s: the server's response headers are too large",
		    req->source);
	return errinfo_set(ei, tls_failure(rc) ? EC_TLS : EC_NET, "%s: %s",
	    req->source, what);
}

/* The error for a failed transfer: what went wrong and what to do. */
static int
transfer_error(const struct libcurl *cu, const struct http_request *req,
    CURLcode rc, const char *detail, size_t max, struct errinfo *ei)
{
	const char *what = detail[0] != '\0' ? detail : cu->easy_strerror(rc);

	if (req->source != NULL)
		return source_error(req, rc, what, max, ei);
	if (headers_too_large(rc))
		return errinfo_set(ei, EC_SERVICE,
		    "%s: the server's response headers are too large (more "
		    "than libcurl takes): is %s the service's endpoint?",
		    req->service != NULL ? req->service : req->url, req->url);
	if (tls_failure(rc))
		return errinfo_set(ei, EC_TLS,
		    "TLS failure talking to %s: %s (a proxy that intercepts "
		    "TLS needs its CA in AWS_CA_BUNDLE)",
		    req->url, what);
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		return errinfo_set(ei, EC_INTERRUPTED,
		    "interrupted: request to %s abandoned", req->url);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return errinfo_set(ei, EC_NET,
		    "cannot resolve the host of %s: check the region, "
		    "--endpoint-url and DNS (%s)",
		    req->url, what);
	case CURLE_COULDNT_CONNECT:
		return errinfo_set(ei, EC_NET,
		    "cannot connect to %s: check the network, proxy and "
		    "--endpoint-url (%s)",
		    req->url, what);
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return errinfo_set(ei, EC_NET, "no answer from %s: %s",
		    req->url, what);
	case CURLE_WRITE_ERROR:
		return errinfo_set(ei, EC_NET,
		    "the answer from %s is larger than %zu bytes", req->url,
		    max);
	default:
		return errinfo_set(ei, EC_NET, "request to %s failed: %s",
		    req->url, what);
	}
}

/* An error before the transfer, prefixed with the source when there is
 * one. */
static int
setup_error(const struct http_request *req, enum errcode code, const char *what,
    struct errinfo *ei)
{
	if (req->source != NULL)
		return errinfo_set(ei, code, "%s: %s", req->source, what);
	return errinfo_set(ei, code, "%s", what);
}

int
http_do(const struct http_request *req, struct http_response *resp,
    struct errinfo *ei)
{
	char errbuf[CURL_ERROR_SIZE] = "", *line;
	struct curl_slist *headers = NULL;
	size_t max = req->max_answer > 0 ? req->max_answer : HTTP_BODY_MAX;
	const struct libcurl *cu;
	struct transfer x;
	CURL *curl;
	CURLcode rc;
	size_t i;
	int ret = -1;

	memset(resp, 0, sizeof(*resp));
	if (req->flags & HTTP_SECRET)
		buf_init_secret(&resp->body, max);
	else
		buf_init(&resp->body, max);
	if ((cu = libcurl(ei)) == NULL)
		return -1;
	if ((curl = cu->easy_init()) == NULL)
		return setup_error(req, EC_INTERNAL, "cannot start libcurl",
		    ei);
	trace(req);
	for (i = 0; i < req->nheaders; i++) {
		xasprintf(&line, "%s: %s", req->headers[i].name,
		    req->headers[i].value);
		headers = cu->slist_append(headers, line);
		explicit_bzero(line, strlen(line));
		free(line);
	}
	/* Without it curl sends "Expect: 100-continue" and waits. */
	headers = cu->slist_append(headers, "Expect:");
	cu->easy_setopt(curl, CURLOPT_URL, req->url);
	cu->easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
	cu->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	cu->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	x.cu = cu;
	x.curl = curl;
	x.req = req;
	x.resp = resp;
	cu->easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	cu->easy_setopt(curl, CURLOPT_WRITEDATA, &x);
	if (req->keep_header != NULL) {
		cu->easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_line);
		cu->easy_setopt(curl, CURLOPT_HEADERDATA, &x);
	}
	if (req->flags & HTTP_CANCEL) {
		cu->easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_cancel);
		cu->easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	}
	cu->easy_setopt(curl, CURLOPT_TIMEOUT_MS,
	    req->timeout_ms > 0 ? req->timeout_ms : 60000L);
	cu->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 10000L);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	/* libcurl's default, said aloud: a redirect would carry the
	 * signature or a token to wherever it points. */
	cu->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	if (libcurl_http_only(cu, curl) == -1) {
		setup_error(req, EC_UNAVAILABLE,
		    "libcurl cannot be limited to HTTP and HTTPS", ei);
		goto out;
	}
	if (req->flags & HTTP_NO_PROXY)
		cu->easy_setopt(curl, CURLOPT_NOPROXY, "*");
	if (req->flags & HTTP_COMPRESS)
		cu->easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	if (req->user_agent != NULL)
		cu->easy_setopt(curl, CURLOPT_USERAGENT, req->user_agent);
	if (req->ca_file != NULL)
		cu->easy_setopt(curl, CURLOPT_CAINFO, req->ca_file);
	if (req->body != NULL) {
		cu->easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
		cu->easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
	}
	if ((rc = cu->easy_perform(curl)) != CURLE_OK) {
		resp->transient = transient(rc);
		transfer_error(cu, req, rc, errbuf, max, ei);
		goto out;
	}
	cu->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (debug && !(req->flags & HTTP_QUIET)) {
		notice(NOTICE_DEBUG, "  -> HTTP %ld, %llu bytes", resp->status,
		    (unsigned long long)resp->body.len + resp->sunk);
	}
	ret = 0;
out:
	/* The copies curl made hold the signature and the session token. */
	for (struct curl_slist *h = headers; h != NULL; h = h->next)
		explicit_bzero(h->data, strlen(h->data));
	cu->slist_free_all(headers);
	cu->easy_cleanup(curl);
	return ret;
}

void
http_response_release(struct http_response *resp)
{
	buf_release(&resp->body);
}

int
http_load(struct errinfo *ei)
{
	return libcurl(ei) != NULL ? 0 : -1;
}

int
http_url_split(const char *url, char **scheme, char **host, struct errinfo *ei)
{
	const struct libcurl *cu;
	CURLU *u;
	char *p = NULL;

	*scheme = *host = NULL;
	if ((cu = libcurl(ei)) == NULL)
		return -1;
	if ((u = cu->url()) == NULL)
		return errinfo_set(ei, EC_INTERNAL, "out of memory");
	if (cu->url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    cu->url_get(u, CURLUPART_SCHEME, &p, 0) == CURLUE_OK) {
		*scheme = xstrdup(p);
		cu->free(p);
		p = NULL;
		if (cu->url_get(u, CURLUPART_HOST, &p, 0) == CURLUE_OK)
			*host = xstrdup(p);
		cu->free(p);
	}
	cu->url_cleanup(u);
	return 0;
}
