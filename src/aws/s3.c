#include "config.h"

#include "flowdiag/aws/s3.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/aws/http.h"
#include "flowdiag/aws/paging.h"
#include "flowdiag/aws/s3-keys.h"
#include "flowdiag/aws/sigv4.h"
#include "flowdiag/aws/xml.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/pool.h"
#include "flowdiag/util/xmalloc.h"

/* The SHA-256 of an empty body: every request here is a GET. */
#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Keys or folders one listing page may hold: S3 gives 1,000. */
#define PAGE_ENTRIES_MAX 10000
/* Accounts, and regions of an account, listed at the most. */
#define ACCOUNTS_MAX 10000
#define REGIONS_MAX  64
/* One GetObject, the whole exchange. */
#define OBJECT_TIMEOUT_MS (15L * 60 * 1000)
/* Pages of one listing at the most: 10 million keys. */
#define PAGES_MAX 10000

/* One bucket and prefix being read. */
struct s3 {
	struct aws_client c;
	const struct s3_options *o;
	const char *url; /* as given, for messages */
	char *bucket;
	char *prefix;
	/* Virtual-hosted (AWS): the bucket is in the host; path-style (an
	 * endpoint of the user's: moto, MinIO) it starts the path. */
	bool vhost;
	char *base; /* scheme and host: requests go to base + path */
	char *host; /* the Host header */
	struct scan *s;
	struct s3_stats *st;
	int64_t lo, hi; /* the batches wanted (s3_stamp_range()) */
	time_t started;
	/* Listing only (s3_list()): the objects go there, not to s, and the
	 * listing stops at lim, full then set. */
	struct s3_listing *listing;
	const struct s3_limits *lim;
	size_t index; /* of the URL in o->urls */
	bool full;
};

/* An S3 error answer, fit to print. */
struct s3_error {
	long status;
	char code[64];
	char msg[ERRINFO_MSGLEN / 2];
	char region[S3_REGION_MAX + 1]; /* where the bucket is, when said */
};

/* Percent-encodes s for a URL: every byte but RFC 3986's unreserved, and
 * '/' too when slash. */
static char *
url_encode(const char *s, bool slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *p = out;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL ||
		    (slash && c == '/'))
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

/* Whether a listed key can be asked for: the signer encodes the path it
 * is given once, as S3 does, but drops empty and dot segments, which S3
 * keeps; and only bytes that need no thought are taken. */
static bool
key_signable(const char *key)
{
	const char *p, *seg = key;
	size_t n;

	for (p = key;; p++) {
		if (*p == '/' || *p == '\0') {
			n = (size_t)(p - seg);
			if (n == 0 || (n == 1 && seg[0] == '.') ||
			    (n == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			seg = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') ||
			       (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') ||
			       strchr("-._=!*'()", *p) != NULL))
			return false;
	}
}

/* Where the bucket's requests go. */
static void
endpoint(struct s3 *x)
{
	char def[128];

	snprintf(def, sizeof(def), "https://s3.%s.amazonaws.com", x->c.region);
	/* A bucket with a dot cannot be a host name under AWS's wildcard
	 * certificate: path-style for it, as the AWS CLI does. */
	x->vhost = strcmp(x->c.url, def) == 0 && strchr(x->bucket, '.') == NULL;
	if (x->vhost) {
		xasprintf(&x->host, "%s.s3.%s.amazonaws.com", x->bucket,
		    x->c.region);
		xasprintf(&x->base, "https://%s", x->host);
	} else {
		x->host = xstrdup(x->c.host);
		x->base = xstrdup(x->c.url);
	}
}

/* Keeps the region an error names: it goes into a command line, so a
 * region name or nothing. */
static void
region_of(struct s3_error *e, const char *r)
{
	size_t n = r != NULL ? strlen(r) : 0;

	if (n == 0 || n > S3_REGION_MAX ||
	    strspn(r, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return;
	memcpy(e->region, r, n + 1);
}

/* The error of an answer that is not a 200: S3's XML, <Error><Code>,
 * <Message>, <Region>, and the x-amz-bucket-region header. */
static void
error_of(const struct s3 *x, const struct http_response *hr, struct s3_error *e)
{
	struct xml_elem root;
	char *code = NULL, *msg = NULL, *region = NULL;

	memset(e, 0, sizeof(*e));
	e->status = hr->status;
	if (hr->body.data != NULL &&
	    xml_root(hr->body.data, hr->body.len, &root) == 0 &&
	    xml_is(&root, "Error")) {
		code = xml_child_text(&root, "Code");
		msg = xml_child_text(&root, "Message");
		region = xml_child_text(&root, "Region");
	}
	snprintf(e->code, sizeof(e->code), "%s", code != NULL ? code : "");
	snprintf(e->msg, sizeof(e->msg), "%s", msg != NULL ? msg : "");
	aws_clean_text(e->code, sizeof(e->code), x->c.creds);
	aws_clean_text(e->msg, sizeof(e->msg), x->c.creds);
	region_of(e, hr->header[0] != '\0' ? hr->header : region);
	free(code);
	free(msg);
	free(region);
}

/* Whether an answer is worth another try: S3's SlowDown and its own
 * failures. */
static bool
retryable(const struct s3_error *e)
{
	return e->status >= 500 || e->status == 429 ||
	    strcmp(e->code, "SlowDown") == 0 ||
	    strcmp(e->code, "RequestTimeout") == 0 ||
	    strcmp(e->code, "InternalError") == 0;
}

/* One line for an S3 error: the cause and what to do.  action is the IAM
 * action ("s3:ListBucket"), resource its ARN's tail ("BUCKET", or
 * "BUCKET/KEY"). */
static int
s3_error(const struct s3 *x, const char *action, const char *resource,
    const struct s3_error *e, struct errinfo *ei)
{
	const char *code = e->code[0] != '\0' ? e->code : "error";
	const char *msg = e->msg[0] != '\0' ? e->msg : "no message";
	/* The API call, where the IAM action is not what the user reads. */
	const char *api = strcmp(action, "s3:ListBucket") == 0 ? "ListObjectsV2"
							       : "GetObject";

	if (strcmp(e->code, "NoSuchBucket") == 0)
		return errinfo_set(ei, EC_NOT_FOUND,
		    "s3://%s: no such bucket: check the name given to --s3 "
		    "(%s: %s)",
		    x->bucket, code, msg);
	if (strcmp(e->code, "AccessDenied") == 0 ||
	    strcmp(e->code, "AllAccessDisabled") == 0 ||
	    (e->status == 403 && e->code[0] == '\0'))
		return errinfo_set(ei, EC_DENIED,
		    "access denied to %s on arn:aws:s3:::%s: allow it in the "
		    "IAM policy of credentials from %s, and in the bucket "
		    "policy (%s: %s)",
		    action, resource, x->c.creds->source, code, msg);
	if (strcmp(e->code, "ExpiredToken") == 0 ||
	    strcmp(e->code, "TokenRefreshRequired") == 0)
		return errinfo_set(ei, EC_EXPIRED,
		    "the credentials from %s have expired: get fresh ones "
		    "(aws sso login, aws sts get-session-token) (%s)",
		    x->c.creds->source, msg);
	if (strcmp(e->code, "PermanentRedirect") == 0 ||
	    strcmp(e->code, "AuthorizationHeaderMalformed") == 0 ||
	    strcmp(e->code, "IllegalLocationConstraintException") == 0 ||
	    (e->region[0] != '\0' && strcmp(e->region, x->c.region) != 0 &&
		(e->status == 301 || e->status == 400))) {
		if (e->region[0] != '\0' && strcmp(e->region, x->c.region) != 0)
			return errinfo_set(ei, EC_USAGE,
			    "s3://%s is in %s, not %s: give --region %s (%s)",
			    x->bucket, e->region, x->c.region, e->region, code);
		return errinfo_set(ei, EC_USAGE,
		    "s3://%s is not in %s: give --region the bucket's "
		    "region (aws s3api get-bucket-location --bucket %s) "
		    "(%s: %s)",
		    x->bucket, x->c.region, x->bucket, code, msg);
	}
	if (strcmp(e->code, "SignatureDoesNotMatch") == 0 ||
	    strcmp(e->code, "InvalidAccessKeyId") == 0 ||
	    strcmp(e->code, "RequestTimeTooSkewed") == 0 ||
	    strcmp(e->code, "InvalidToken") == 0)
		return errinfo_set(ei, EC_SIGNATURE,
		    "AWS refused the credentials from %s: check the access "
		    "key and that this machine's clock is right (date -u) "
		    "(%s: %s)",
		    x->c.creds->source, code, msg);
	if (e->status >= 300 && e->status < 400)
		return errinfo_set(ei, EC_SERVICE,
		    "s3 %s: %s answered with a redirect (HTTP %ld), which is "
		    "not followed: check --endpoint-url and --region",
		    api, x->base, e->status);
	if (e->status == 429 || strcmp(e->code, "SlowDown") == 0)
		return errinfo_set(ei, EC_THROTTLED,
		    "s3 %s still failing after %u attempts: try a shorter "
		    "window, or again in a minute (%s: %s)",
		    api, x->c.attempts, code, msg);
	if (retryable(e))
		return errinfo_set(ei, EC_SERVICE,
		    "s3 %s: server error: HTTP %ld after %u attempts "
		    "(retries exhausted): try again later (%s: %s)",
		    api, e->status, x->c.attempts, code, msg);
	return errinfo_set(ei, EC_SERVICE, "s3 %s failed: HTTP %ld %s: %s", api,
	    e->status, code, msg);
}

/* Where an object's body goes: a descriptor, its write error kept, and
 * no more than the size the listing gave, so that the copies on disk add
 * up to what the window was weighed at. */
struct sink {
	int fd;
	int err;
	uint64_t max;     /* the listed size */
	uint64_t written; /* of this attempt */
	bool over;        /* the body went past max */
};

static int
sink_write(void *arg, const void *p, size_t n)
{
	struct sink *sk = arg;
	const char *c = p;
	ssize_t w;

	if (n > sk->max - sk->written) {
		sk->over = true;
		return -1;
	}
	sk->written += n;
	while (n > 0) {
		if ((w = write(sk->fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			sk->err = errno;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Signs and sends one GET of key ("" for the bucket) with query (or
 * NULL); the body goes to sk when given. */
static int
send_once(struct s3 *x, const char *key, const char *query, struct sink *sk,
    struct http_response *hr, struct errinfo *ei)
{
	struct sigv4_header sh[1] = { { "x-amz-content-sha256",
	    EMPTY_SHA256 } };
	struct sigv4_request sr = { 0 };
	struct sigv4_credentials sc;
	struct sigv4_signature sig;
	struct http_header hh[4];
	struct http_request req = { 0 };
	char *path, *url, *enc;
	const char *ca;
	size_t n = 0;
	int ret;

	memset(hr, 0, sizeof(*hr));
	buf_init(&hr->body, HTTP_BODY_MAX);
	if (x->vhost)
		xasprintf(&path, "/%s", key);
	else
		xasprintf(&path, "/%s%s%s", x->bucket,
		    key[0] != '\0' ? "/" : "", key);
	enc = url_encode(path, true);
	xasprintf(&url, "%s%s%s%s", x->base, enc, query != NULL ? "?" : "",
	    query != NULL ? query : "");
	sr.method = "GET";
	sr.host = x->host;
	/* The key as it is: the signer encodes it once, as S3 does. */
	sr.path = path;
	sr.query = query;
	sr.headers = sh;
	sr.nheaders = 1;
	sc.access_key = x->c.creds->access_key;
	sc.secret_key = x->c.creds->secret_key;
	sc.session_token = x->c.creds->session_token;
	if (sigv4_sign(&sr, &sc, x->c.region, "s3", time(NULL), &sig, ei) ==
	    -1) {
		ret = -1;
		goto out;
	}
	hh[n++] = (struct http_header){ "x-amz-content-sha256", EMPTY_SHA256 };
	hh[n++] = (struct http_header){ "X-Amz-Date", sig.amz_date };
	hh[n++] = (struct http_header){ "Authorization", sig.authorization };
	if (sig.security_token != NULL)
		hh[n++] = (struct http_header){ "X-Amz-Security-Token",
			sig.security_token };
	req.method = "GET";
	req.url = url;
	req.headers = hh;
	req.nheaders = n;
	req.timeout_ms = x->c.timeout_ms;
	req.service = sk != NULL ? "s3 GetObject" : "s3 ListObjectsV2";
	req.flags = HTTP_CANCEL;
	req.keep_header = "x-amz-bucket-region";
	if (sk != NULL) {
		req.sink = sink_write;
		req.sink_arg = sk;
		/* A flow log object is at most some tens of MB: a quarter of
		 * an hour is slow enough for any link that is not broken. */
		req.timeout_ms = OBJECT_TIMEOUT_MS;
	}
	if ((ca = getenv("AWS_CA_BUNDLE")) != NULL && *ca != '\0')
		req.ca_file = ca;
	aws_pace(&x->c);
	ret = http_do(&req, hr, ei);
	sigv4_signature_release(&sig);
out:
	free(path);
	free(enc);
	free(url);
	return ret;
}

/* GETs key (or the bucket, key ""), retrying what is worth it in AWS's
 * standard mode; 0 for a 200, else -1 with ei set, and e, when not NULL,
 * holding S3's error (its status 0 when none came). */
static int
get(struct s3 *x, const char *action, const char *key, const char *query,
    struct sink *sk, struct http_response *hr, struct s3_error *e,
    struct errinfo *ei)
{
	struct s3_error err;
	char resource[1200];
	unsigned int attempt;

	if (e == NULL)
		e = &err;
	memset(e, 0, sizeof(*e));
	for (attempt = 1;; attempt++) {
		if (sk != NULL &&
		    (ftruncate(sk->fd, 0) == -1 ||
			lseek(sk->fd, 0, SEEK_SET) == -1))
			return errinfo_errno(ei, errno,
			    "cannot write the copy of s3://%s/%s", x->bucket,
			    key);
		if (sk != NULL)
			sk->written = 0;
		if (send_once(x, key, query, sk, hr, ei) == -1) {
			if (sk != NULL && sk->err != 0)
				return errinfo_errno(ei, sk->err,
				    "cannot write the copy of s3://%s/%s in "
				    "$TMPDIR",
				    x->bucket, key);
			if (sk != NULL && sk->over) {
				return errinfo_set(ei, EC_SERVICE,
				    "s3 GetObject of s3://%s/%s sent more "
				    "than the %" PRIu64 " bytes its listing "
				    "gave: the object changed since it was "
				    "listed; run again",
				    x->bucket, key, sk->max);
			}
			if (hr->transient && attempt < x->c.attempts) {
				http_response_release(hr);
				aws_backoff(&x->c, attempt);
				continue;
			}
			return -1;
		}
		if (hr->status == 200)
			return 0;
		error_of(x, hr, e);
		if (retryable(e) && attempt < x->c.attempts) {
			http_response_release(hr);
			aws_backoff(&x->c, attempt);
			continue;
		}
		snprintf(resource, sizeof(resource), "%s%s%s", x->bucket,
		    key[0] != '\0' ? "/" : "", key);
		return s3_error(x, action, resource, e, ei);
	}
}

/* One page of a listing. */
struct page {
	char **keys;
	uint64_t *sizes;
	size_t nkeys;
	char **dirs; /* common prefixes, the listed prefix cut off */
	size_t ndirs;
};

static void
page_release(struct page *pg)
{
	size_t i;

	for (i = 0; i < pg->nkeys; i++)
		free(pg->keys[i]);
	for (i = 0; i < pg->ndirs; i++)
		free(pg->dirs[i]);
	free(pg->keys);
	free(pg->sizes);
	free(pg->dirs);
	memset(pg, 0, sizeof(*pg));
}

/* Reads a ListBucketResult into pg; *token becomes the next page's
 * continuation token, or NULL after the last. */
static int
parse_page(const struct s3 *x, const char *prefix, const struct buf *body,
    struct page *pg, char **token, struct errinfo *ei)
{
	struct xml_elem root, e;
	size_t pos = 0, plen = strlen(prefix);
	char *text, *size, *truncated;

	*token = NULL;
	if (body->data == NULL ||
	    xml_root(body->data, body->len, &root) == -1 ||
	    !xml_is(&root, "ListBucketResult"))
		return errinfo_set(ei, EC_SERVICE,
		    "s3 ListObjectsV2 of s3://%s/%s: the answer is not a "
		    "ListBucketResult",
		    x->bucket, prefix);
	while (xml_next(&root, &pos, &e)) {
		if (pg->nkeys + pg->ndirs >= PAGE_ENTRIES_MAX)
			return errinfo_set(ei, EC_SERVICE,
			    "s3 ListObjectsV2 of s3://%s/%s: a page of more "
			    "than %d entries",
			    x->bucket, prefix, PAGE_ENTRIES_MAX);
		if (xml_is(&e, "Contents")) {
			if ((text = xml_child_text(&e, "Key")) == NULL)
				continue;
			size = xml_child_text(&e, "Size");
			pg->keys = xreallocarray(pg->keys, pg->nkeys + 1,
			    sizeof(*pg->keys));
			pg->sizes = xreallocarray(pg->sizes, pg->nkeys + 1,
			    sizeof(*pg->sizes));
			pg->keys[pg->nkeys] = text;
			pg->sizes[pg->nkeys++] =
			    size != NULL ? strtoull(size, NULL, 10) : 0;
			free(size);
		} else if (xml_is(&e, "CommonPrefixes")) {
			if ((text = xml_child_text(&e, "Prefix")) == NULL)
				continue;
			/* Only what lies under the prefix asked for. */
			if (strncmp(text, prefix, plen) != 0) {
				free(text);
				continue;
			}
			memmove(text, text + plen, strlen(text + plen) + 1);
			pg->dirs = xreallocarray(pg->dirs, pg->ndirs + 1,
			    sizeof(*pg->dirs));
			pg->dirs[pg->ndirs++] = text;
		}
	}
	truncated = xml_child_text(&root, "IsTruncated");
	if (truncated != NULL && strcmp(truncated, "true") == 0) {
		*token = xml_child_text(&root, "NextContinuationToken");
		if (*token == NULL || **token == '\0') {
			free(*token);
			*token = NULL;
			free(truncated);
			return errinfo_set(ei, EC_SERVICE,
			    "s3 ListObjectsV2 of s3://%s/%s: a truncated page "
			    "without a continuation token",
			    x->bucket, prefix);
		}
	}
	free(truncated);
	return 0;
}

/* Lists prefix one level deep (delimiter '/'), calling fn with each page;
 * fn returns 0 or -1 with ei set. */
static int
list(struct s3 *x, const char *prefix,
    int (*fn)(struct s3 *, const char *, struct page *, void *,
	struct errinfo *),
    void *arg, struct errinfo *ei)
{
	struct http_response hr;
	struct paging guard;
	struct page pg = { 0 };
	char *token = NULL, *query = NULL, *eprefix = url_encode(prefix, false),
	     *etoken;
	char what[] = "s3 ListObjectsV2";
	uint64_t pages = 0;
	int ret = -1;

	paging_init(&guard, what, x->c.fetch_budget_ms);
	for (;;) {
		free(query);
		if (token != NULL) {
			etoken = url_encode(token, false);
			xasprintf(&query,
			    "continuation-token=%s&delimiter=%%2F&list-type=2&"
			    "prefix=%s",
			    etoken, eprefix);
			free(etoken);
		} else
			xasprintf(&query,
			    "delimiter=%%2F&list-type=2&prefix=%s", eprefix);
		if (cancel_requested()) {
			errinfo_set(ei, EC_INTERRUPTED,
			    "interrupted while listing s3://%s/%s", x->bucket,
			    prefix);
			goto out;
		}
		if (get(x, "s3:ListBucket", "", query, NULL, &hr, NULL, ei) ==
		    -1) {
			http_response_release(&hr);
			goto out;
		}
		free(token);
		token = NULL;
		ret = parse_page(x, prefix, &hr.body, &pg, &token, ei);
		http_response_release(&hr);
		if (ret == 0)
			ret = fn(x, prefix, &pg, arg, ei);
		page_release(&pg);
		if (ret == -1)
			goto out;
		ret = -1;
		if (token == NULL || x->full)
			break;
		if (++pages >= PAGES_MAX) {
			errinfo_set(ei, EC_SERVICE,
			    "s3 ListObjectsV2 of s3://%s/%s: more than %d "
			    "pages",
			    x->bucket, prefix, PAGES_MAX);
			goto out;
		}
		if (paging_next(&guard, token, ei) == -1)
			goto out;
	}
	ret = 0;
out:
	paging_release(&guard);
	free(token);
	free(query);
	free(eprefix);
	return ret;
}

/* Folders of a listing, kept across its pages. */
struct dirs {
	char **v;
	size_t n;
	size_t max;
	const char *what; /* "accounts", in the error past max */
};

static void
dirs_release(struct dirs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
}

static int
keep_dirs(struct s3 *x, const char *prefix, struct page *pg, void *arg,
    struct errinfo *ei)
{
	struct dirs *d = arg;
	size_t i;

	x->st->listed += pg->nkeys;
	/* A listing that expects no folders passes over any. */
	if (d->max == 0)
		return 0;
	for (i = 0; i < pg->ndirs; i++) {
		if (d->n == d->max)
			return errinfo_set(ei, EC_DATA,
			    "s3://%s/%s: more than %zu %s%s", x->bucket, prefix,
			    d->max, d->what,
			    strcmp(d->what, "accounts") == 0
				? ": give the one wanted (--account)"
				: "");
		d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
		d->v[d->n++] = pg->dirs[i];
		pg->dirs[i] = NULL;
	}
	return 0;
}

/* An object being read: a copy in an unlinked file, scanned into w. */
struct object {
	char *key;
	char *name; /* s3://BUCKET/KEY */
	uint64_t size;
	struct scan w;
	bool ready;   /* w is set up */
	bool missing; /* deleted since it was listed */
	char *missing_why;
	int ret;
	struct errinfo ei;
};

struct batch {
	struct s3 *x;
	struct object *v;
	size_t n;
	struct errinfo ei;
};

/* An unlinked file for an object's copy, in $TMPDIR. */
static int
tmp_fd(struct errinfo *ei)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) != -1)
		return fd;
#endif
	xasprintf(&path, "%s/flowdiag-s3-XXXXXX", dir);
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1)
		errinfo_errno(ei, errno,
		    "cannot make a file in '%s' for the "
		    "objects read from S3 (TMPDIR)",
		    dir);
	else
		unlink(path);
	free(path);
	return fd;
}

/* Reads object i: a copy, then the scan of it. */
static int
object_work(void *arg, size_t i)
{
	struct batch *b = arg;
	struct object *ob = &b->v[i];
	struct http_response hr;
	struct s3_error e;
	struct sink sk = { -1, 0, ob->size, 0, false };

	scan_init(&ob->w, &b->x->s->opt);
	scan_set_format(&ob->w, &b->x->s->format);
	ob->ready = true;
	ob->ret = -1;
	if ((sk.fd = tmp_fd(&ob->ei)) == -1)
		return -1;
	if (get(b->x, "s3:GetObject", ob->key, NULL, &sk, &hr, &e, &ob->ei) ==
	    -1) {
		http_response_release(&hr);
		/* Gone since it was listed (a lifecycle rule): told, not
		 * fatal. */
		if (strcmp(e.code, "NoSuchKey") == 0) {
			ob->missing = true;
			xasprintf(&ob->missing_why,
			    "'%s' was deleted after it was listed (NoSuchKey)",
			    ob->name);
			close(sk.fd);
			ob->ret = 0;
			return 0;
		}
		close(sk.fd);
		return -1;
	}
	http_response_release(&hr);
	if (lseek(sk.fd, 0, SEEK_SET) == -1) {
		errinfo_errno(&ob->ei, errno, "cannot read the copy of '%s'",
		    ob->name);
		close(sk.fd);
		return -1;
	}
	ob->ret = scan_fd(&ob->w, sk.fd, ob->name, &ob->ei);
	/* The parse buffer is not needed past the reading. */
	free(ob->w.scratch);
	ob->w.scratch = NULL;
	return ob->ret;
}

static void
progress(struct s3 *x)
{
	if (!x->o->progress)
		return;
	notice(NOTICE_PROGRESS,
	    "s3: %" PRIu64 " %s listed, %" PRIu64 " read, %.1f MB, %llds",
	    x->st->listed, plural(x->st->listed, "object", "objects"),
	    x->st->read, (double)x->st->bytes / 1e6,
	    (long long)(time(NULL) - x->started));
}

/* Takes object i's result, in key order. */
static void
object_done(void *arg, size_t i)
{
	struct batch *b = arg;
	struct object *ob = &b->v[i];
	struct scan_file *sf;

	if (b->ei.code == EC_OK) {
		if (ob->ret == -1)
			b->ei = ob->ei;
		else if (ob->missing) {
			sf = scan_add_file(b->x->s, ob->name, SCAN_EMPTY);
			sf->skipped = true;
			sf->problem = ob->missing_why;
			ob->missing_why = NULL;
		} else {
			scan_absorb(b->x->s, &ob->w, false, 0);
			b->x->st->read++;
			b->x->st->bytes += ob->size;
			progress(b->x);
		}
	}
	if (ob->ready)
		scan_release(&ob->w);
	free(ob->missing_why);
	free(ob->key);
	free(ob->name);
}

/* Keeps an object of the window in the listing, which is full past its
 * limits. */
static void
keep_object(struct s3 *x, const char *key, uint64_t size)
{
	struct s3_listing *l = x->listing;
	uint64_t max = x->lim->objects;

	if (max == 0 || max > S3_LIST_MAX)
		max = S3_LIST_MAX;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].url = x->index;
	l->v[l->n].key = xstrdup(key);
	l->v[l->n++].size = size;
	l->bytes += size;
	if (l->n > max || (x->lim->bytes > 0 && l->bytes > x->lim->bytes))
		x->full = true;
}

/* Whether objects and bytes are past lim's limits (0: none). */
static bool
past(const struct s3_limits *lim, uint64_t objects, uint64_t bytes)
{
	return (lim->objects > 0 && objects > lim->objects) ||
	    (lim->bytes > 0 && bytes > lim->bytes);
}

void
s3_limits_passed(const struct s3_limits *lim, uint64_t objects, uint64_t bytes,
    char *buf, size_t size)
{
	if ((lim->objects > 0 && objects > lim->objects) || lim->bytes == 0 ||
	    bytes <= lim->bytes)
		snprintf(buf, size, "more than %" PRIu64 " %s", lim->objects,
		    plural(lim->objects, "object", "objects"));
	else if (lim->bytes >= 1000000000)
		snprintf(buf, size, "more than %.1f GB of objects",
		    (double)lim->bytes / 1e9);
	else if (lim->bytes >= 1000000)
		snprintf(buf, size, "more than %.1f MB of objects",
		    (double)lim->bytes / 1e6);
	else
		snprintf(buf, size, "more than %" PRIu64 " bytes of objects",
		    lim->bytes);
}

/* Says once, when the window's objects go past o->hint, that Athena
 * would read them sooner; they are read here all the same.  objects and
 * bytes are the counts before the page just taken. */
static void
hint(struct s3 *x, uint64_t objects, uint64_t bytes)
{
	const struct s3_limits *h = x->o->hint;
	char what[96];

	if (h == NULL || x->o->again || past(h, objects, bytes) ||
	    !past(h, x->st->wanted, x->st->wanted_bytes))
		return;
	s3_limits_passed(h, x->st->wanted, x->st->wanted_bytes, what,
	    sizeof(what));
	notice(NOTICE_INFO,
	    "%s in the window: reading them here, which takes a while; "
	    "--athena-table DB.TABLE would have Athena query them instead",
	    what);
}

/* Takes the objects of a page that the window needs: into the listing
 * (s3_list()), or read S3_CONNECTIONS at a time, their results taken in
 * key order. */
static int
take_page(struct s3 *x, const char *prefix, struct page *pg, void *arg,
    struct errinfo *ei)
{
	struct dirs *hours = arg;
	struct batch b = { 0 };
	uint64_t objects = x->st->wanted, bytes = x->st->wanted_bytes;
	const char *name;
	size_t i;

	if (keep_dirs(x, prefix, pg, hours, ei) == -1)
		return -1;
	b.x = x;
	b.v = xcalloc(pg->nkeys + 1, sizeof(*b.v));
	for (i = 0; i < pg->nkeys && !x->full; i++) {
		name = strrchr(pg->keys[i], '/');
		name = name != NULL ? name + 1 : pg->keys[i];
		switch (s3_pick_object(name, x->lo, x->hi)) {
		case S3_OUTSIDE:
			continue;
		case S3_PARQUET:
			x->st->parquet++;
			if (x->lim != NULL && x->lim->parquet)
				x->full = true;
			continue;
		case S3_OTHER:
			x->st->other++;
			continue;
		case S3_READ:
			break;
		}
		if (!key_signable(pg->keys[i])) {
			x->st->other++;
			continue;
		}
		x->st->wanted++;
		x->st->wanted_bytes += pg->sizes[i];
		if (x->listing != NULL) {
			keep_object(x, pg->keys[i], pg->sizes[i]);
			continue;
		}
		b.v[b.n].key = pg->keys[i];
		pg->keys[i] = xstrdup("");
		xasprintf(&b.v[b.n].name, "s3://%s/%s", x->bucket,
		    b.v[b.n].key);
		b.v[b.n++].size = pg->sizes[i];
	}
	hint(x, objects, bytes);
	progress(x);
	if (b.n > 0)
		pool_run(b.n, S3_CONNECTIONS, object_work, object_done, &b);
	free(b.v);
	if (b.ei.code != EC_OK) {
		*ei = b.ei;
		return -1;
	}
	return 0;
}

/* Reads a day's objects of the window, and those of its hour folders
 * that the window needs. */
static int
read_day(struct s3 *x, enum s3_layout layout, const char *account,
    const char *region, int64_t day, struct errinfo *ei)
{
	struct dirs hours = { NULL, 0, 48, "hour folders" };
	struct dirs none = { NULL, 0, 0, "folders" };
	char *prefix = s3_day_prefix(layout, x->prefix, account, region, day);
	char *sub;
	size_t i;
	int h, ret = -1;

	if (list(x, prefix, take_page, &hours, ei) == -1)
		goto out;
	for (i = 0; i < hours.n && !x->full; i++) {
		if ((h = s3_hour_dir(layout, hours.v[i])) == -1 ||
		    !s3_hour_wanted(day + h * 3600, x->lo, x->hi))
			continue;
		xasprintf(&sub, "%s%s", prefix, hours.v[i]);
		ret = list(x, sub, take_page, &none, ei);
		free(sub);
		if (ret == -1)
			goto out;
	}
	ret = 0;
out:
	dirs_release(&hours);
	free(prefix);
	return ret;
}

/* Reads what one account delivers under the prefix in layout: every
 * region's days of the window, or only those of region only (when not
 * NULL). */
static int
read_account(struct s3 *x, enum s3_layout layout, const char *account,
    const char *only, bool *found, struct errinfo *ei)
{
	struct dirs regions = { NULL, 0, REGIONS_MAX, "regions" };
	char *prefix = s3_regions_prefix(layout, x->prefix, account);
	char region[S3_REGION_MAX + 1];
	int64_t day;
	size_t i;
	int ret = -1;

	if (list(x, prefix, keep_dirs, &regions, ei) == -1)
		goto out;
	for (i = 0; i < regions.n && !x->full; i++) {
		if (!s3_region_dir(layout, regions.v[i], region) ||
		    (only != NULL && strcmp(region, only) != 0))
			continue;
		*found = true;
		for (day = s3_day_start(x->lo - S3_BATCH);
		     day <= x->hi + S3_BATCH && !x->full; day += 86400) {
			if (s3_day_wanted(day, x->lo, x->hi) &&
			    read_day(x, layout, account, region, day, ei) == -1)
				goto out;
		}
	}
	ret = 0;
out:
	dirs_release(&regions);
	free(prefix);
	return ret;
}

static int
read_url(struct s3 *x, struct errinfo *ei)
{
	struct dirs accounts = { NULL, 0, ACCOUNTS_MAX, "accounts" };
	char account[S3_ACCOUNT_LEN + 1], *top = NULL;
	const char *given = x->o->account, *region = x->o->region;
	enum s3_layout layout;
	bool found = false;
	size_t i;
	int ret = -1;

	if (given != NULL) {
		/* Both layouts: one listing each, of the account's regions. */
		if (read_account(x, S3_PLAIN, given, region, &found, ei) ==
			-1 ||
		    (!x->full &&
			read_account(x, S3_HIVE, given, region, &found, ei) ==
			    -1))
			goto out;
		if (!found && x->o->guessed) {
			if (x->o->debug)
				notice(NOTICE_DEBUG,
				    "%s: no flow logs of account %s in %s, "
				    "which EC2 gave: listing every account",
				    x->url, given,
				    region != NULL ? region : "any region");
			given = NULL;
		}
	}
	if (given == NULL) {
		xasprintf(&top, "%sAWSLogs/", x->prefix);
		if (list(x, top, keep_dirs, &accounts, ei) == -1)
			goto out;
		for (i = 0; i < accounts.n && !x->full; i++) {
			if (!s3_account_dir(accounts.v[i], account, &layout))
				continue;
			if (read_account(x, layout, account, NULL, &found,
				ei) == -1)
				goto out;
		}
	}
	if (!found) {
		if (given != NULL)
			errinfo_set(ei, EC_NOINPUT,
			    "%s: no flow logs of account %s: neither "
			    "%sAWSLogs/%s/vpcflowlogs/REGION/ nor the "
			    "Hive-compatible "
			    "%sAWSLogs/aws-account-id=%s/aws-service="
			    "vpcflowlogs/ holds a region",
			    x->url, x->o->account, x->prefix, x->o->account,
			    x->prefix, x->o->account);
		else
			errinfo_set(ei, EC_NOINPUT,
			    "%s: no flow logs: no %sAWSLogs/ACCOUNT/vpcflowlogs/"
			    "REGION/ nor the Hive-compatible "
			    "%sAWSLogs/aws-account-id=ACCOUNT/... (give the "
			    "bucket and prefix the flow log delivers to%s)",
			    x->url, x->prefix, x->prefix,
			    /* A path copied from the console goes too far. */
			    strstr(x->prefix, "AWSLogs/") != NULL
				? ", the part before AWSLogs/"
				: "");
		goto out;
	}
	ret = 0;
out:
	dirs_release(&accounts);
	free(top);
	return ret;
}

/* Sets x up for URL i of o, to read t's window (or NULL: listed
 * objects); s3_close() it whatever the result. */
static int
s3_open(struct s3 *x, const struct s3_options *o, size_t i,
    const struct target *t, struct s3_stats *st, struct errinfo *ei)
{
	memset(x, 0, sizeof(*x));
	x->o = o;
	x->url = o->urls[i];
	x->index = i;
	x->st = st;
	x->started = time(NULL);
	if (t != NULL)
		s3_stamp_range(t->from, t->to, o->delay, &x->lo, &x->hi);
	if (s3_url_parse(o->urls[i], &x->bucket, &x->prefix, ei) == -1)
		return -1;
	if (aws_client_init(&x->c, "s3", "", "S3", &o->aws, ei) == -1)
		return -1;
	endpoint(x);
	return 0;
}

static void
s3_close(struct s3 *x)
{
	if (x->o->progress)
		notice(NOTICE_PROGRESS_END, "%s", "");
	aws_client_release(&x->c);
	free(x->bucket);
	free(x->prefix);
	free(x->base);
	free(x->host);
}

/* Reads (s) or lists (l) what each URL holds of t's window. */
static int
each_url(struct scan *s, const struct s3_options *o, const struct target *t,
    struct s3_listing *l, const struct s3_limits *lim, struct s3_stats *st,
    struct errinfo *ei)
{
	struct s3_stats dummy;
	struct s3 x;
	size_t i;
	int ret = 0;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	if (o->account != NULL && !s3_account_valid(o->account))
		return errinfo_set(ei, EC_USAGE,
		    "--account '%s': an AWS account id (12 digits)",
		    o->account);
	http_set_debug(o->debug);
	for (i = 0; i < o->nurls && ret == 0; i++) {
		ret = s3_open(&x, o, i, t, st, ei);
		x.s = s;
		x.listing = l;
		x.lim = lim;
		if (ret == 0)
			ret = read_url(&x, ei);
		if (l != NULL && x.full)
			l->stopped = true;
		s3_close(&x);
		if (l != NULL && l->stopped)
			break;
	}
	if (l != NULL)
		l->parquet = st->parquet;
	/* Passed over, but not in silence: a key of the window's folders
	 * that is not named as Flow Logs names its objects, or that could
	 * not be signed as S3 reads it. */
	if (ret == 0 && st->other > 0 && !o->again)
		notice(NOTICE_WARNING,
		    "%" PRIu64 " %s in the window's folders passed over: not "
		    "named as flow logs are (ACCOUNT_vpcflowlogs_REGION_"
		    "FLOWLOGID_YYYYMMDDTHHmmZ_HASH.log.gz), or a key with "
		    "bytes S3 signs otherwise",
		    st->other, plural(st->other, "object", "objects"));
	return ret;
}

int
s3_fetch(struct scan *s, const struct s3_options *o, const struct target *t,
    struct s3_stats *st, struct errinfo *ei)
{
	struct s3_stats mine;

	if (st == NULL)
		st = &mine;
	if (each_url(s, o, t, NULL, NULL, st, ei) == -1)
		return -1;
	if (st->parquet > 0 && !o->again)
		notice(NOTICE_WARNING,
		    "%" PRIu64 " Parquet object%s of the window not read: "
		    "flowdiag reads Parquet flow logs through Athena "
		    "(--engine athena), not from S3 directly",
		    st->parquet, st->parquet == 1 ? "" : "s");
	return 0;
}

int
s3_list(const struct s3_options *o, const struct target *t,
    const struct s3_limits *lim, struct s3_listing *l, struct s3_stats *st,
    struct errinfo *ei)
{
	return each_url(NULL, o, t, l, lim, st, ei);
}

/* Objects of a listing handed to the pool at a time: a page's worth. */
#define READ_CHUNK 1000

int
s3_read(struct scan *s, const struct s3_options *o, const struct s3_listing *l,
    struct s3_stats *st, struct errinfo *ei)
{
	struct s3_stats dummy = { 0 };
	struct batch b = { 0 };
	struct object *ob;
	struct s3 x;
	size_t i = 0, end;
	int ret = 0;

	if (st == NULL)
		st = &dummy;
	http_set_debug(o->debug);
	b.v = xcalloc(READ_CHUNK, sizeof(*b.v));
	while (i < l->n && ret == 0) {
		for (end = i; end < l->n && l->v[end].url == l->v[i].url; end++)
			;
		ret = s3_open(&x, o, l->v[i].url, NULL, st, ei);
		x.s = s;
		b.x = &x;
		while (ret == 0 && i < end) {
			memset(b.v, 0, READ_CHUNK * sizeof(*b.v));
			for (b.n = 0; i < end && b.n < READ_CHUNK; i++) {
				ob = &b.v[b.n++];
				ob->key = xstrdup(l->v[i].key);
				xasprintf(&ob->name, "s3://%s/%s", x.bucket,
				    ob->key);
				ob->size = l->v[i].size;
			}
			progress(&x);
			pool_run(b.n, S3_CONNECTIONS, object_work, object_done,
			    &b);
			if (b.ei.code != EC_OK) {
				*ei = b.ei;
				ret = -1;
			}
		}
		s3_close(&x);
	}
	free(b.v);
	return ret;
}

void
s3_listing_release(struct s3_listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].key);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
