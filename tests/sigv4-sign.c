/*
 * sigv4-sign: signs the requests described on standard input, one JSON
 * object a line, and prints one JSON object a line with what sigv4_sign()
 * made of each, for tests/cli/sigv4-botocore.sh.
 *
 * In:  {"method": "POST", "host": "logs.us-east-1.amazonaws.com",
 *       "path": "/", "query": "a=1" or null,
 *       "headers": [["Content-Type", "application/x-amz-json-1.1"], ...],
 *       "body_hex": "7b7d", "access_key": "AKID", "secret_key": "...",
 *       "session_token": "..." or null, "region": "us-east-1",
 *       "service": "logs", "time": 1440938160}
 * Out: {"authorization": "...", "amz_date": "...", "security_token": ...,
 *       "canonical_request": "...", "string_to_sign": "..."}
 *      or {"error": "..."} when the signer refuses the request.
 * Exits 65 on input it cannot read.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include <jansson.h>

#include "flowdiag/aws/sigv4.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

/* The string member key of o, or NULL when it is null or missing. */
static const char *
member(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the hex string s into a new buffer of *len bytes. */
static unsigned char *
unhex(const char *s, size_t *len, struct errinfo *ei)
{
	size_t n = strlen(s), i;
	unsigned char *p;
	int hi, lo;

	if (n % 2 != 0) {
		errinfo_set(ei, EC_DATA, "body_hex has an odd length");
		return NULL;
	}
	p = xmalloc(n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		if ((hi = hex_digit(s[2 * i])) < 0 ||
		    (lo = hex_digit(s[2 * i + 1])) < 0) {
			free(p);
			errinfo_set(ei, EC_DATA, "body_hex is not hex");
			return NULL;
		}
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	*len = n / 2;
	return p;
}

/* Signs the request that o describes and returns the result object, a new
 * reference; NULL on input that is not a request. */
static json_t *
sign_one(json_t *o, struct errinfo *ei)
{
	struct sigv4_request req = { 0 };
	struct sigv4_credentials cred = { 0 };
	struct sigv4_header *h = NULL;
	struct sigv4_signature sig;
	struct errinfo sei;
	unsigned char *body = NULL;
	json_t *headers, *pair, *out = NULL;
	const char *hex;
	size_t i;

	headers = json_object_get(o, "headers");
	if (!json_is_object(o) ||
	    (headers != NULL && !json_is_array(headers)) ||
	    !json_is_integer(json_object_get(o, "time"))) {
		errinfo_set(ei, EC_DATA, "not a request object");
		goto out;
	}
	req.method = member(o, "method");
	req.host = member(o, "host");
	req.path = member(o, "path");
	req.query = member(o, "query");
	req.nheaders = json_array_size(headers);
	h = xcalloc(req.nheaders, sizeof(*h));
	json_array_foreach (headers, i, pair) {
		h[i].name = json_string_value(json_array_get(pair, 0));
		h[i].value = json_string_value(json_array_get(pair, 1));
	}
	req.headers = h;
	if ((hex = member(o, "body_hex")) != NULL) {
		if ((body = unhex(hex, &req.body_len, ei)) == NULL)
			goto out;
		req.body = body;
	}
	cred.access_key = member(o, "access_key");
	cred.secret_key = member(o, "secret_key");
	cred.session_token = member(o, "session_token");

	if (sigv4_sign(&req, &cred, member(o, "region"), member(o, "service"),
		(time_t)json_integer_value(json_object_get(o, "time")), &sig,
		&sei) == -1) {
		out = json_pack("{s:s}", "error", sei.msg);
		goto out;
	}
	out = json_pack("{s:s, s:s, s:s?, s:s, s:s}", "authorization",
	    sig.authorization, "amz_date", sig.amz_date, "security_token",
	    sig.security_token, "canonical_request", sig.canonical_request,
	    "string_to_sign", sig.string_to_sign);
	sigv4_signature_release(&sig);
	if (out == NULL)
		errinfo_set(ei, EC_DATA, "result is not UTF-8");
out:
	free(body);
	free(h);
	return out;
}

int
main(void)
{
	struct errinfo ei;
	json_error_t jerr;
	json_t *in = NULL, *out = NULL;
	char *line = NULL, *text = NULL;
	size_t size = 0;
	long lineno = 0;
	int ret = EX_DATAERR;

	while (getline(&line, &size, stdin) != -1) {
		lineno++;
		if ((in = json_loads(line, 0, &jerr)) == NULL) {
			fprintf(stderr, "sigv4-sign: line %ld: %s\n", lineno,
			    jerr.text);
			goto out;
		}
		if ((out = sign_one(in, &ei)) == NULL) {
			fprintf(stderr, "sigv4-sign: line %ld: %s\n", lineno,
			    ei.msg);
			goto out;
		}
		if ((text = json_dumps(out, JSON_COMPACT)) == NULL)
			goto out;
		puts(text);
		free(text);
		text = NULL;
		json_decref(in);
		json_decref(out);
		in = out = NULL;
	}
	ret = fflush(stdout) == 0 ? 0 : EX_IOERR;
out:
	json_decref(in);
	json_decref(out);
	free(line);
	return ret;
}
