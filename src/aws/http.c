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

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct http_response *resp = arg;

	if (!buf_append(&resp->body, p, size * n))
		return 0; /* makes curl fail with CURLE_WRITE_ERROR */
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

	if (!debug)
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

/* The error for a failed transfer: what went wrong and what to do. */
static int
transfer_error(const struct libcurl *cu, const struct http_request *req,
    CURLcode rc, const char *detail, struct http_response *resp,
    struct errinfo *ei)
{
	const char *what = detail[0] != '\0' ? detail : cu->easy_strerror(rc);

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
		resp->transient = true;
		return errinfo_set(ei, EC_NET,
		    "cannot connect to %s: check the network, proxy and "
		    "--endpoint-url (%s)",
		    req->url, what);
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		resp->transient = true;
		return errinfo_set(ei, EC_NET, "no answer from %s: %s",
		    req->url, what);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return errinfo_set(ei, EC_TLS,
		    "TLS failure talking to %s: %s (a proxy that intercepts "
		    "TLS needs its CA in AWS_CA_BUNDLE)",
		    req->url, what);
	case CURLE_WRITE_ERROR:
		return errinfo_set(ei, EC_NET,
		    "the answer from %s is larger than %d bytes", req->url,
		    HTTP_BODY_MAX);
	default:
		return errinfo_set(ei, EC_NET, "request to %s failed: %s",
		    req->url, what);
	}
}

int
http_do(const struct http_request *req, struct http_response *resp,
    struct errinfo *ei)
{
	char errbuf[CURL_ERROR_SIZE] = "", *line;
	struct curl_slist *headers = NULL;
	const char *ca = getenv("AWS_CA_BUNDLE");
	const struct libcurl *cu;
	CURL *curl;
	CURLcode rc;
	size_t i;
	int ret = -1;

	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body, HTTP_BODY_MAX);
	if ((cu = libcurl(ei)) == NULL)
		return -1;
	if ((curl = cu->easy_init()) == NULL)
		return errinfo_set(ei, EC_INTERNAL, "cannot start libcurl");
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
	cu->easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	cu->easy_setopt(curl, CURLOPT_WRITEDATA, resp);
	cu->easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_cancel);
	cu->easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	cu->easy_setopt(curl, CURLOPT_TIMEOUT_MS,
	    req->timeout_ms > 0 ? req->timeout_ms : 60000L);
	cu->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 10000L);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	cu->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (libcurl_http_only(cu, curl) == -1) {
		errinfo_set(ei, EC_UNAVAILABLE,
		    "libcurl cannot be limited to HTTP and HTTPS");
		goto out;
	}
	cu->easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	if (ca != NULL && *ca != '\0')
		cu->easy_setopt(curl, CURLOPT_CAINFO, ca);
	if (req->body != NULL || strcmp(req->method, "GET") != 0) {
		cu->easy_setopt(curl, CURLOPT_POSTFIELDS,
		    req->body != NULL ? req->body : "");
		cu->easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
	}
	if ((rc = cu->easy_perform(curl)) != CURLE_OK) {
		transfer_error(cu, req, rc, errbuf, resp, ei);
		goto out;
	}
	cu->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (debug) {
		notice(NOTICE_DEBUG, "  -> HTTP %ld, %zu bytes", resp->status,
		    resp->body.len);
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
