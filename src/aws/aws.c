#include "config.h"

#include "flowdiag/aws/aws.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/aws/http.h"
#include "flowdiag/aws/paging.h"
#include "flowdiag/aws/sigv4.h"
#include "flowdiag/aws/xml.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/redact.h"
#include "flowdiag/util/xmalloc.h"

/* AWS's standard retry mode: backoff ceilings double up to 20 s. */
#define BACKOFF_CAP_MS 20000

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (
	    nanosleep(&ts, &ts) == -1 && errno == EINTR && !cancel_requested())
		;
}

/* Splits url into the Host header (host[:port]) and checks its scheme. */
static int
parse_endpoint(struct aws_client *c, const char *url, struct errinfo *ei)
{
	const char *p, *end;
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else {
		return errinfo_set(ei, EC_USAGE,
		    "endpoint '%s' is not an http:// or https:// URL", url);
	}
	end = p + strcspn(p, "/");
	if (end == p || end > url + n) {
		return errinfo_set(ei, EC_USAGE, "endpoint '%s' has no host",
		    url);
	}
	/* Requests are signed for the path "/": take no other, and no
	 * user:password that would be sent and shown. */
	if (memchr(p, '@', (size_t)(end - p)) != NULL ||
	    strcspn(end, "?#") != strlen(end) || (size_t)(end - url) < n) {
		return errinfo_set(ei, EC_USAGE,
		    "endpoint '%s': give scheme, host and port only", url);
	}
	c->url = xstrndup(url, n);
	c->host = xstrndup(p, (size_t)(end - p));
	return 0;
}

int
aws_client_init(struct aws_client *c, const char *service, const char *target,
    const char *env_name, const struct aws_options *o, struct errinfo *ei)
{
	const char *url = o->endpoint_url, *env;
	char *name, *def = NULL;
	struct rlimit nocore = { 0, 0 };
	int ret;

	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->service = xstrdup(service);
	c->target = xstrdup(target);
	c->attempts = 3;
	c->backoff_ms =
	    (long)env_number("FLOWDIAG_BACKOFF_MS", 0, BACKOFF_CAP_MS, 1000);
	c->timeout_ms =
	    (long)env_number("FLOWDIAG_TIMEOUT_MS", 1, 600000, 60000);
	c->fetch_budget_ms = paging_budget_ms();
	srandom((unsigned int)time(NULL) ^ (unsigned int)getpid());
	/* Secrets live in this process now: no core file may hold them
	 * (a piped core_pattern ignores the limit, hence the flag too). */
	setrlimit(RLIMIT_CORE, &nocore);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (region_resolve(o->region, o->profile, &c->region, ei) == -1)
		return -1;
	xasprintf(&name, "AWS_ENDPOINT_URL_%s", env_name);
	if (url == NULL && (env = getenv(name)) != NULL && *env != '\0')
		url = env;
	free(name);
	if (url == NULL && (env = getenv("AWS_ENDPOINT_URL")) != NULL &&
	    *env != '\0')
		url = env;
	if (url == NULL) {
		xasprintf(&def, "https://%s.%s.amazonaws.com", service,
		    c->region);
		url = def;
	}
	ret = parse_endpoint(c, url, ei);
	free(def);
	if (ret == -1)
		return -1;
	c->creds = xcalloc(1, sizeof(*c->creds));
	return creds_resolve(o->profile, c->creds, ei);
}

void
aws_client_release(struct aws_client *c)
{
	if (c->creds != NULL) {
		creds_release(c->creds);
		free(c->creds);
	}
	free(c->service);
	free(c->target);
	free(c->region);
	free(c->url);
	free(c->host);
	pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof(*c));
}

/* Waits so that requests go no faster than the quota allows, counting
 * them: each takes the next free slot, whichever thread sends it. */
static void
pace(struct aws_client *c)
{
	int64_t slot, now;

	pthread_mutex_lock(&c->lock);
	now = slot = now_ns();
	if (c->per_second > 0 && c->last_ns != 0 &&
	    c->last_ns + (int64_t)(1e9 / c->per_second) > now)
		slot = c->last_ns + (int64_t)(1e9 / c->per_second);
	c->last_ns = slot;
	c->requests++;
	pthread_mutex_unlock(&c->lock);
	if (slot > now)
		sleep_ms((long)((slot - now) / 1000000) + 1);
}

/* Full jitter: a random wait up to a ceiling that doubles each attempt. */
static void
backoff(const struct aws_client *c, unsigned int attempt)
{
	long cap = c->backoff_ms;

	while (attempt-- > 1 && cap < BACKOFF_CAP_MS)
		cap *= 2;
	if (cap > BACKOFF_CAP_MS)
		cap = BACKOFF_CAP_MS;
	if (cap > 0)
		sleep_ms((long)(random() % (cap + 1)));
}

void
aws_pace(struct aws_client *c)
{
	pace(c);
}

void
aws_backoff(const struct aws_client *c, unsigned int attempt)
{
	backoff(c, attempt);
}

/* The short name of an AWS error type, in place: "x.y#ThrottlingException"
 * and "ThrottlingException:" are both ThrottlingException. */
static void
error_name(char *type)
{
	char *hash = strrchr(type, '#');

	if (hash != NULL)
		memmove(type, hash + 1, strlen(hash + 1) + 1);
	type[strcspn(type, ":")] = '\0';
}

/* Error names that say the caller is going too fast. */
static bool
throttling(long status, const char *name)
{
	static const char *const names[] = { "ThrottlingException",
		"Throttling", "ThrottledException", "LimitExceededException",
		"RequestLimitExceeded", "TooManyRequestsException", "SlowDown",
		NULL };
	size_t i;

	if (status == 429)
		return true;
	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(name, names[i]) == 0)
			return true;
	}
	return false;
}

/* Whether an answer is worth another try: throttling, or the server's own
 * failure (5xx and the names AWS gives it). */
static bool
retryable(long status, const char *name)
{
	return status >= 500 || throttling(status, name) ||
	    strcmp(name, "ServiceUnavailableException") == 0 ||
	    strcmp(name, "RequestTimeout") == 0 ||
	    strcmp(name, "InternalFailure") == 0;
}

/* Masks every copy of secret (when set) in s with stars. */
static void
redact(char *s, const char *secret)
{
	size_t n;
	char *p;

	if (secret == NULL || (n = strlen(secret)) < 4)
		return;
	while ((p = strstr(s, secret)) != NULL)
		memset(p, '*', n);
}

/* Makes text from a server fit to print: AWS echoes its canonical request
 * in signature errors, session token included, so only their first line
 * is kept and our secrets are masked anyway; control characters (a
 * forged second line, terminal escapes) become spaces. */
void
aws_clean_text(char *s, size_t size, const struct aws_creds *cr)
{
	char *p;

	s[strcspn(s, "\n")] = '\0';
	if ((p = strstr(s, "The Canonical String")) != NULL)
		*p = '\0';
	if ((p = strstr(s, "Signature=")) != NULL)
		snprintf(p, size - (size_t)(p - s), "Signature=<redacted>");
	redact_text(s);
	if (cr != NULL) {
		redact(s, cr->secret_key);
		redact(s, cr->session_token);
	}
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	if (strlen(s) > 300 && size > 301)
		snprintf(s + 297, size - 297, "...");
}

/* One line for a service error: the cause, and what to do about it. */
static int
service_error(const struct aws_client *c, const char *action, long status,
    const char *name, const char *msg, struct errinfo *ei)
{
	if (strstr(name, "ResourceNotFound") != NULL) {
		return errinfo_set(ei, EC_NOT_FOUND,
		    "%s %s: not found in %s: %s", c->service, action, c->region,
		    msg);
	}
	if (strstr(name, "AccessDenied") != NULL ||
	    strcmp(name, "UnauthorizedOperation") == 0) {
		return errinfo_set(ei, EC_DENIED,
		    "access denied to %s:%s: allow it in the IAM policy of "
		    "credentials from %s (%s)",
		    c->service, action, c->creds->source, msg);
	}
	if (strstr(name, "ExpiredToken") != NULL ||
	    strstr(name, "TokenRefreshRequired") != NULL) {
		return errinfo_set(ei, EC_EXPIRED,
		    "the credentials from %s have expired: get fresh ones "
		    "(aws sso login, aws sts get-session-token) (%s)",
		    c->creds->source, msg);
	}
	if (strstr(name, "Signature") != NULL ||
	    strcmp(name, "UnrecognizedClientException") == 0 ||
	    strcmp(name, "InvalidClientTokenId") == 0 ||
	    strcmp(name, "AuthFailure") == 0) {
		return errinfo_set(ei, EC_SIGNATURE,
		    "AWS refused the credentials from %s: check the access "
		    "key and that this machine's clock is right (date -u) "
		    "(%s: %s)",
		    c->creds->source, name, msg);
	}
	/* Followed, a redirect would carry the signature elsewhere. */
	if (status >= 300 && status < 400) {
		return errinfo_set(ei, EC_SERVICE,
		    "%s %s: %s answered with a redirect (HTTP %ld), which is "
		    "not followed: check --endpoint-url and --region",
		    c->service, action, c->url, status);
	}
	if (throttling(status, name)) {
		return errinfo_set(ei, EC_THROTTLED,
		    "%s %s still failing after %u attempts: try a shorter "
		    "window, or again in a minute (%s: %s)",
		    c->service, action, c->attempts, name, msg);
	}
	if (retryable(status, name)) {
		return errinfo_set(ei, EC_SERVICE,
		    "%s %s: server error: HTTP %ld after %u attempts "
		    "(retries exhausted): try again later (%s: %s)",
		    c->service, action, status, c->attempts, name, msg);
	}
	return errinfo_set(ei, EC_SERVICE, "%s %s failed: HTTP %ld %s: %s",
	    c->service, action, status, name, msg);
}

/* What differs between the protocols: how a request is framed, and
 * where an error answer keeps its name and message. */
struct protocol {
	const char *content_type;
	bool target; /* an X-Amz-Target header names the action */
	/* The error's name and message, whole: new strings, "" when
	 * missing. */
	void (*error)(const struct buf *body, char **name, char **msg);
};

/* JSON: {"__type": "x.y#Name", "message": "..."}. */
static void
json_error(const struct buf *body, char **name, char **msg)
{
	json_t *doc = json_loadb(body->data != NULL ? body->data : "",
	    body->len, 0, NULL);
	const char *type = json_string_value(json_object_get(doc, "__type"));
	const char *m = json_string_value(json_object_get(doc, "message"));

	if (m == NULL)
		m = json_string_value(json_object_get(doc, "Message"));
	*name = xstrdup(type != NULL ? type : "");
	*msg = xstrdup(m != NULL ? m : "");
	json_decref(doc);
}

/* Query: <Response><Errors><Error><Code>Name</Code><Message>...; other
 * Query services answer <ErrorResponse><Error>... */
static void
query_error(const struct buf *body, char **name, char **msg)
{
	struct xml_elem root, err;
	char *code = NULL, *m = NULL;

	if (xml_root(body->data != NULL ? body->data : "", body->len, &root) ==
		0 &&
	    xml_find(&root, "Error", &err)) {
		code = xml_child_text(&err, "Code");
		m = xml_child_text(&err, "Message");
	}
	*name = code != NULL ? code : xstrdup("");
	*msg = m != NULL ? m : xstrdup("");
}

static const struct protocol json_protocol = {
	"application/x-amz-json-1.1",
	true,
	json_error,
};

static const struct protocol query_protocol = {
	"application/x-www-form-urlencoded; charset=utf-8",
	false,
	query_error,
};

/* Signs and sends one attempt. */
static int
send_once(struct aws_client *c, const char *action, const struct protocol *pr,
    const char *body, struct http_response *resp, struct errinfo *ei)
{
	char target[128], what[128];
	struct sigv4_header sh[2];
	struct sigv4_request sr = { 0 };
	struct sigv4_credentials sc;
	struct sigv4_signature sig;
	struct http_header hh[5];
	struct http_request hr = { 0 };
	const char *ca;
	size_t n = 0, nsh = 0;
	int ret;

	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body, HTTP_BODY_MAX);
	snprintf(target, sizeof(target), "%s.%s", c->target, action);
	sh[nsh].name = "Content-Type";
	sh[nsh++].value = pr->content_type;
	if (pr->target) {
		sh[nsh].name = "X-Amz-Target";
		sh[nsh++].value = target;
	}
	sr.method = "POST";
	sr.host = c->host;
	sr.path = "/";
	sr.headers = sh;
	sr.nheaders = nsh;
	sr.body = body;
	sr.body_len = strlen(body);
	sc.access_key = c->creds->access_key;
	sc.secret_key = c->creds->secret_key;
	sc.session_token = c->creds->session_token;
	if (sigv4_sign(&sr, &sc, c->region, c->service, time(NULL), &sig, ei) ==
	    -1)
		return -1;
	for (n = 0; n < nsh; n++)
		hh[n] = (struct http_header){ sh[n].name, sh[n].value };
	hh[n++] = (struct http_header){ "X-Amz-Date", sig.amz_date };
	hh[n++] = (struct http_header){ "Authorization", sig.authorization };
	if (sig.security_token != NULL) {
		hh[n++] = (struct http_header){ "X-Amz-Security-Token",
			sig.security_token };
	}
	hr.method = "POST";
	hr.url = c->url;
	hr.timeout_ms = c->timeout_ms;
	snprintf(what, sizeof(what), "%s %s", c->service, action);
	hr.service = what;
	hr.flags = HTTP_CANCEL | HTTP_COMPRESS;
	/* The AWS CLI's variable for the CAs of the services' endpoints. */
	if ((ca = getenv("AWS_CA_BUNDLE")) != NULL && *ca != '\0')
		hr.ca_file = ca;
	hr.headers = hh;
	hr.nheaders = n;
	hr.body = body;
	hr.body_len = strlen(body);
	pace(c);
	ret = http_do(&hr, resp, ei);
	sigv4_signature_release(&sig);
	return ret;
}

/* The name and message of an error answer, fit to print: the secrets are
 * masked over the whole text, before any of it is cut. */
static void
error_text(const struct aws_client *c, const struct protocol *pr,
    const struct buf *body, char *name, size_t nsize, char *msg, size_t msize)
{
	char *n = NULL, *m = NULL;

	pr->error(body, &n, &m);
	redact_text(n);
	redact_text(m);
	error_name(n);
	snprintf(name, nsize, "%s", n);
	snprintf(msg, msize, "%s", m);
	aws_clean_text(name, nsize, c->creds);
	aws_clean_text(msg, msize, c->creds);
	free(n);
	free(m);
}

/* Sends body in protocol pr, retrying what is worth it; 0 when the
 * answer *hr (which the caller releases, on failure too) is a 200, else
 * -1 with ei naming the cause. */
static int
call(struct aws_client *c, const char *action, const struct protocol *pr,
    const char *body, struct http_response *hr, struct errinfo *ei)
{
	char name[128], msg[ERRINFO_MSGLEN / 2];
	unsigned int attempt;

	for (attempt = 1;; attempt++) {
		if (send_once(c, action, pr, body, hr, ei) == -1) {
			if (hr->transient && attempt < c->attempts) {
				http_response_release(hr);
				backoff(c, attempt);
				continue;
			}
			return -1;
		}
		if (hr->status == 200)
			return 0;
		error_text(c, pr, &hr->body, name, sizeof(name), msg,
		    sizeof(msg));
		if (retryable(hr->status, name) && attempt < c->attempts) {
			http_response_release(hr);
			backoff(c, attempt);
			continue;
		}
		return service_error(c, action, hr->status,
		    name[0] != '\0' ? name : "error",
		    msg[0] != '\0' ? msg : "no message", ei);
	}
}

int
aws_json_call_text(struct aws_client *c, const char *action, json_t *req,
    struct buf *answer, struct errinfo *ei)
{
	struct http_response hr;
	char *body;
	int ret = -1;

	buf_init(answer, HTTP_BODY_MAX);
	body = json_dumps(req, JSON_COMPACT);
	if (call(c, action, &json_protocol, body, &hr, ei) == 0) {
		*answer = hr.body;
		buf_init(&hr.body, HTTP_BODY_MAX);
		ret = 0;
	}
	http_response_release(&hr);
	free(body);
	return ret;
}

int
aws_json_call(struct aws_client *c, const char *action, json_t *req,
    json_t **resp, struct errinfo *ei)
{
	struct buf answer;
	json_error_t jerr;
	json_t *doc;

	*resp = NULL;
	if (aws_json_call_text(c, action, req, &answer, ei) == -1)
		return -1;
	doc = json_loadb(answer.data != NULL ? answer.data : "", answer.len, 0,
	    &jerr);
	buf_release(&answer);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return errinfo_set(ei, EC_SERVICE,
		    "%s %s: the answer is not a JSON object: %s", c->service,
		    action, jerr.text);
	}
	*resp = doc;
	return 0;
}

int
aws_query_call(struct aws_client *c, const char *action, const char *params,
    struct buf *xml, struct errinfo *ei)
{
	struct http_response hr;
	struct xml_elem root;
	char *body;
	int ret = -1;

	buf_init(xml, HTTP_BODY_MAX);
	xasprintf(&body, "Action=%s&Version=%s%s%s", action, c->target,
	    params[0] != '\0' ? "&" : "", params);
	if (call(c, action, &query_protocol, body, &hr, ei) == -1)
		goto out;
	if (hr.body.data == NULL ||
	    xml_root(hr.body.data, hr.body.len, &root) == -1) {
		errinfo_set(ei, EC_SERVICE, "%s %s: the answer is not XML",
		    c->service, action);
		goto out;
	}
	*xml = hr.body;
	buf_init(&hr.body, HTTP_BODY_MAX);
	ret = 0;
out:
	http_response_release(&hr);
	free(body);
	return ret;
}
