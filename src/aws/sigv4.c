#include "config.h"

#include "flowdiag/aws/sigv4.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/sha256.h"
#include "flowdiag/util/xmalloc.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SHA256_HEXLEN   64
#define TOKEN_HEADER    "x-amz-security-token"

/* A growing string, always NUL-terminated once anything is added. */
struct sb {
	char *p;
	size_t len;
	size_t cap;
};

/* One header of the canonical list: lowercased name, trimmed value, and
 * its place in the request, which orders repeated names. */
struct canon_header {
	char *name;
	char *value;
	size_t order;
};

/* One query parameter, both halves encoded. */
struct canon_param {
	char *name;
	char *value;
};

static void
sb_addn(struct sb *b, const char *s, size_t n)
{
	size_t cap;

	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 64 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void
sb_addc(struct sb *b, char c)
{
	sb_addn(b, &c, 1);
}

/* Hands over the string built so far ("" when nothing was added). */
static char *
sb_take(struct sb *b)
{
	char *p = b->p != NULL ? b->p : xstrdup("");

	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

static void
hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static int
is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/* RFC 7230 tchar. */
static int
is_tchar(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
is_token(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!is_tchar((unsigned char)*s))
			return 0;
	return 1;
}

/* True when s has a control character other than tab. */
static int
has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

/* Region and service names: letters, digits, '-', '_', '.'. */
static int
is_scope_part(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!is_unreserved((unsigned char)*s) || *s == '~')
			return 0;
	return 1;
}

/* Appends n bytes of s, each byte outside the RFC 3986 unreserved set (and
 * '/' when keep_slash) as %XX with upper-case hex. */
static void
uri_encode(struct sb *b, const char *s, size_t n, int keep_slash)
{
	static const char digits[] = "0123456789ABCDEF";
	char esc[3];
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (is_unreserved(c) || (keep_slash && c == '/')) {
			sb_addc(b, (char)c);
			continue;
		}
		esc[0] = '%';
		esc[1] = digits[c >> 4];
		esc[2] = digits[c & 0xf];
		sb_addn(b, esc, 3);
	}
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes n bytes of s and encodes the result again: one half of a
 * canonical query parameter, returned as a new string.  A '%' without two
 * hex digits after it stands for itself. */
static char *
query_part(const char *s, size_t n)
{
	struct sb raw = { 0 }, out = { 0 };
	size_t i;
	int hi, lo;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%' && i + 2 < n &&
		    (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)s[i + 2])) >= 0) {
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		sb_addc(&raw, c);
	}
	uri_encode(&out, raw.p != NULL ? raw.p : "", raw.len, 0);
	free(raw.p);
	return sb_take(&out);
}

static int
param_cmp(const void *a, const void *b)
{
	const struct canon_param *x = a, *y = b;
	int d;

	if ((d = strcmp(x->name, y->name)) != 0)
		return d;
	return strcmp(x->value, y->value);
}

/* Appends the canonical query string of the wire query q (may be NULL). */
static void
canonical_query(struct sb *b, const char *q)
{
	struct canon_param *params = NULL;
	const char *p, *end, *eq;
	size_t n = 0, cap = 0, i;

	for (p = q; p != NULL && *p != '\0'; p = *end == '&' ? end + 1 : end) {
		end = p + strcspn(p, "&");
		if (end == p)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			params = xreallocarray(params, cap, sizeof(*params));
		}
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL)
			eq = end;
		params[n].name = query_part(p, (size_t)(eq - p));
		params[n].value = eq == end
		    ? xstrdup("")
		    : query_part(eq + 1, (size_t)(end - eq - 1));
		n++;
	}
	if (n > 1)
		qsort(params, n, sizeof(*params), param_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_addc(b, '&');
		sb_add(b, params[i].name);
		sb_addc(b, '=');
		sb_add(b, params[i].value);
		free(params[i].name);
		free(params[i].value);
	}
	free(params);
}

/* Appends the canonical URI of the wire path (NULL or "" is "/"): dot and
 * empty segments removed as botocore's remove_dot_segments() does, each
 * segment URI-encoded. */
static void
canonical_uri(struct sb *b, const char *path)
{
	const char **seg = NULL;
	size_t *seglen = NULL;
	size_t n = 0, max = 1, len, i;
	const char *p, *end;

	if (path == NULL || *path == '\0') {
		sb_addc(b, '/');
		return;
	}
	for (p = path; *p != '\0'; p++)
		if (*p == '/')
			max++;
	seg = xreallocarray(NULL, max, sizeof(*seg));
	seglen = xreallocarray(NULL, max, sizeof(*seglen));
	for (p = path; *p != '\0'; p = *end == '/' ? end + 1 : end) {
		end = p + strcspn(p, "/");
		len = (size_t)(end - p);
		if (len == 0 || (len == 1 && p[0] == '.'))
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n > 0)
				n--;
			continue;
		}
		seg[n] = p;
		seglen[n] = len;
		n++;
	}
	sb_addc(b, '/');
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_addc(b, '/');
		uri_encode(b, seg[i], seglen[i], 0);
	}
	if (n > 0 && path[strlen(path) - 1] == '/')
		sb_addc(b, '/');
	free(seg);
	free(seglen);
}

/* A header value trimmed, with each run of spaces and tabs one space. */
static char *
trim_value(const char *v)
{
	struct sb b = { 0 };
	int space = 0;

	for (; *v != '\0'; v++) {
		if (*v == ' ' || *v == '\t') {
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			sb_addc(&b, ' ');
		space = 0;
		sb_addc(&b, *v);
	}
	return sb_take(&b);
}

static char *
lowercase(const char *s)
{
	char *p, *l = xstrdup(s);

	for (p = l; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return l;
}

static int
header_cmp(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;
	int d;

	if ((d = strcmp(x->name, y->name)) != 0)
		return d;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
add_header(struct canon_header *h, size_t *n, const char *lname,
    const char *value)
{
	h[*n].name = xstrdup(lname);
	h[*n].value = trim_value(value);
	h[*n].order = *n;
	(*n)++;
}

/* Checks the caller's headers and appends the canonical headers block (one
 * "name:value\n" per name) to b and the signed header list to signed_hdrs. */
static int
canonical_headers(const struct sigv4_request *req, const char *amz_date,
    const char *token, struct sb *b, struct sb *signed_hdrs, struct errinfo *ei)
{
	static const char *const reserved[] = { "host", "x-amz-date",
		TOKEN_HEADER, "authorization" };
	struct canon_header *h;
	size_t n = 0, i, j;
	char *lname = NULL;
	int ret = -1;

	h = xcalloc(req->nheaders + 3, sizeof(*h));
	add_header(h, &n, "host", req->host);
	add_header(h, &n, "x-amz-date", amz_date);
	if (token != NULL)
		add_header(h, &n, TOKEN_HEADER, token);
	for (i = 0; i < req->nheaders; i++) {
		const struct sigv4_header *rh = &req->headers[i];

		if (rh->name == NULL || !is_token(rh->name)) {
			errinfo_set(ei, EC_USAGE,
			    "header name '%s' is not a token",
			    rh->name != NULL ? rh->name : "");
			goto out;
		}
		free(lname);
		lname = lowercase(rh->name);
		for (j = 0; j < sizeof(reserved) / sizeof(reserved[0]); j++) {
			if (strcmp(lname, reserved[j]) == 0) {
				errinfo_set(ei, EC_USAGE,
				    "header '%s' is set by the signer", lname);
				goto out;
			}
		}
		if (rh->value == NULL || has_ctl(rh->value)) {
			errinfo_set(ei, EC_USAGE,
			    "header '%s': value is missing or holds a control "
			    "character",
			    lname);
			goto out;
		}
		add_header(h, &n, lname, rh->value);
	}
	qsort(h, n, sizeof(*h), header_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(h[i].name, h[i - 1].name) == 0) {
			sb_addc(b, ',');
			sb_add(b, h[i].value);
			continue;
		}
		if (i > 0) {
			sb_addc(b, '\n');
			sb_addc(signed_hdrs, ';');
		}
		sb_add(b, h[i].name);
		sb_addc(b, ':');
		sb_add(b, h[i].value);
		sb_add(signed_hdrs, h[i].name);
	}
	sb_addc(b, '\n');
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
	free(lname);
	return ret;
}

/* Checks what the canonical request cannot express or what would break
 * the headers sent. */
static int
check_input(const struct sigv4_request *req,
    const struct sigv4_credentials *cred, const char *region,
    const char *service, struct errinfo *ei)
{
	const char *p;

	if (req->method == NULL || !is_token(req->method))
		return errinfo_set(ei, EC_USAGE, "method '%s' is not a token",
		    req->method != NULL ? req->method : "");
	if (req->host == NULL || *req->host == '\0' || has_ctl(req->host) ||
	    strpbrk(req->host, " \t/") != NULL)
		return errinfo_set(ei, EC_USAGE, "host '%s' is not valid",
		    req->host != NULL ? req->host : "");
	if (req->path != NULL && *req->path != '\0' && *req->path != '/')
		return errinfo_set(ei, EC_USAGE,
		    "path '%s' does not start with '/'", req->path);
	if (req->body == NULL && req->body_len > 0)
		return errinfo_set(ei, EC_USAGE, "body of %zu bytes is missing",
		    req->body_len);
	if (!is_scope_part(region))
		return errinfo_set(ei, EC_USAGE, "region '%s' is not valid",
		    region != NULL ? region : "");
	if (!is_scope_part(service))
		return errinfo_set(ei, EC_USAGE, "service '%s' is not valid",
		    service != NULL ? service : "");
	if (cred->access_key == NULL || *cred->access_key == '\0')
		return errinfo_set(ei, EC_USAGE, "access key is missing");
	for (p = cred->access_key; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '/' || *p == ',')
			return errinfo_set(ei, EC_USAGE,
			    "access key holds a character not allowed in it");
	if (cred->secret_key == NULL || *cred->secret_key == '\0')
		return errinfo_set(ei, EC_USAGE, "secret key is missing");
	if (strlen(cred->secret_key) > INT_MAX - 4)
		return errinfo_set(ei, EC_USAGE, "secret key is too long");
	if (cred->session_token != NULL &&
	    (*cred->session_token == '\0' || has_ctl(cred->session_token)))
		return errinfo_set(ei, EC_USAGE,
		    "session token is empty or holds a control character");
	return 0;
}

/* Wipes p[0..n) and frees p: it held a secret, or what was signed. */
static void
clear_free(void *p, size_t n)
{
	explicit_bzero(p, n);
	free(p);
}

/* out = HMAC-SHA256(key, msg). */
static void
hmac(const void *key, size_t keylen, const char *msg, unsigned char *out)
{
	hmac_sha256(key, keylen, msg, strlen(msg), out);
}

static void
sha256_hex(const void *data, size_t len, char *hex)
{
	unsigned char md[SHA256_LEN];

	sha256(data != NULL ? data : "", len, md);
	hex_encode(md, SHA256_LEN, hex);
}

/* The hex signature of sts under the key derived from secret for the
 * scope date/region/service: kDate = HMAC("AWS4" secret, date), then
 * region, service and "aws4_request".  Every key is wiped. */
static void
sign_string(const char *secret, const char *date, const char *region,
    const char *service, const char *sts, char *hex)
{
	unsigned char k1[SHA256_LEN], k2[SHA256_LEN], sig[SHA256_LEN];
	size_t len = strlen(secret) + 4;
	char *ksecret;

	ksecret = xmalloc(len + 1);
	memcpy(ksecret, "AWS4", 4);
	memcpy(ksecret + 4, secret, len - 4 + 1);
	hmac(ksecret, len, date, k1);
	hmac(k1, SHA256_LEN, region, k2);
	hmac(k2, SHA256_LEN, service, k1);
	hmac(k1, SHA256_LEN, "aws4_request", k2);
	hmac(k2, SHA256_LEN, sts, sig);
	hex_encode(sig, SHA256_LEN, hex);
	clear_free(ksecret, len + 1);
	explicit_bzero(k1, sizeof(k1));
	explicit_bzero(k2, sizeof(k2));
	explicit_bzero(sig, sizeof(sig));
}

int
sigv4_sign(const struct sigv4_request *req,
    const struct sigv4_credentials *cred, const char *region,
    const char *service, time_t now, struct sigv4_signature *sig,
    struct errinfo *ei)
{
	struct sb creq = { 0 }, hdrs = { 0 }, signed_hdrs = { 0 };
	struct sb sts = { 0 }, authz = { 0 };
	char hash[SHA256_HEXLEN + 1], sighex[SHA256_HEXLEN + 1];
	char date[9];
	struct tm tm;
	int ret = -1;

	memset(sig, 0, sizeof(*sig));
	if (check_input(req, cred, region, service, ei) == -1)
		goto out;
	if (now < 0 || gmtime_r(&now, &tm) == NULL ||
	    strftime(sig->amz_date, sizeof(sig->amz_date), "%Y%m%dT%H%M%SZ",
		&tm) != SIGV4_DATELEN) {
		errinfo_set(ei, EC_USAGE, "time %lld is out of range",
		    (long long)now);
		goto out;
	}
	memcpy(date, sig->amz_date, 8);
	date[8] = '\0';
	if (canonical_headers(req, sig->amz_date, cred->session_token, &hdrs,
		&signed_hdrs, ei) == -1)
		goto out;
	sha256_hex(req->body, req->body_len, hash);

	sb_add(&creq, req->method);
	sb_addc(&creq, '\n');
	canonical_uri(&creq, req->path);
	sb_addc(&creq, '\n');
	canonical_query(&creq, req->query);
	sb_addc(&creq, '\n');
	sb_add(&creq, hdrs.p);
	sb_addc(&creq, '\n');
	sb_add(&creq, signed_hdrs.p);
	sb_addc(&creq, '\n');
	sb_add(&creq, hash);

	sha256_hex(creq.p, creq.len, hash);
	sb_add(&sts, SIGV4_ALGORITHM "\n");
	sb_add(&sts, sig->amz_date);
	sb_addc(&sts, '\n');
	sb_add(&sts, date);
	sb_addc(&sts, '/');
	sb_add(&sts, region);
	sb_addc(&sts, '/');
	sb_add(&sts, service);
	sb_add(&sts, "/aws4_request\n");
	sb_add(&sts, hash);

	sign_string(cred->secret_key, date, region, service, sts.p, sighex);
	sb_add(&authz, SIGV4_ALGORITHM " Credential=");
	sb_add(&authz, cred->access_key);
	sb_addc(&authz, '/');
	sb_add(&authz, date);
	sb_addc(&authz, '/');
	sb_add(&authz, region);
	sb_addc(&authz, '/');
	sb_add(&authz, service);
	sb_add(&authz, "/aws4_request, SignedHeaders=");
	sb_add(&authz, signed_hdrs.p);
	sb_add(&authz, ", Signature=");
	sb_add(&authz, sighex);

	sig->authorization = sb_take(&authz);
	sig->canonical_request = sb_take(&creq);
	sig->string_to_sign = sb_take(&sts);
	if (cred->session_token != NULL)
		sig->security_token = xstrdup(cred->session_token);
	ret = 0;
out:
	if (ret == -1)
		sigv4_signature_release(sig);
	explicit_bzero(sighex, sizeof(sighex));
	if (creq.p != NULL)
		clear_free(creq.p, creq.cap);
	if (hdrs.p != NULL)
		clear_free(hdrs.p, hdrs.cap);
	free(signed_hdrs.p);
	free(sts.p);
	free(authz.p);
	return ret;
}

static void
clear_free_string(char *s)
{
	if (s != NULL)
		clear_free(s, strlen(s));
}

void
sigv4_signature_release(struct sigv4_signature *sig)
{
	if (sig == NULL)
		return;
	free(sig->authorization);
	clear_free_string(sig->security_token);
	clear_free_string(sig->canonical_request);
	free(sig->string_to_sign);
	memset(sig, 0, sizeof(*sig));
}

char *
sigv4_signature_trace(const struct sigv4_signature *sig)
{
	struct sb b = { 0 };
	const char *p, *line, *end;

	sb_add(&b, "canonical request:\n");
	for (p = sig->canonical_request; p != NULL && *p != '\0'; p = end) {
		line = p;
		end = line + strcspn(line, "\n");
		if (*end == '\n')
			end++;
		if (strncmp(line, TOKEN_HEADER ":", strlen(TOKEN_HEADER) + 1) ==
		    0) {
			sb_add(&b, TOKEN_HEADER ":<redacted>\n");
			continue;
		}
		sb_addn(&b, line, (size_t)(end - line));
	}
	sb_add(&b, "\nstring to sign:\n");
	if (sig->string_to_sign != NULL)
		sb_add(&b, sig->string_to_sign);
	sb_addc(&b, '\n');
	return sb_take(&b);
}
