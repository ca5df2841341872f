/*
 * A client for AWS services that speak JSON (CloudWatch Logs): it finds
 * the endpoint, signs each request with Signature Version 4, paces and
 * retries in AWS's standard mode, and turns service errors into one line
 * naming the cause and the fix.
 */
#ifndef FLOWDIAG_AWS_H
#define FLOWDIAG_AWS_H

#include <stdint.h>

#include <jansson.h>

#include "flowdiag/errinfo.h"

struct aws_creds;

struct aws_options {
	const char *region;       /* --region, or NULL */
	const char *profile;      /* --profile, or NULL */
	const char *endpoint_url; /* --endpoint-url, or NULL */
};

struct aws_client {
	char *service; /* signing name: "logs" */
	char *target;  /* JSON target prefix: "Logs_20140328" */
	char *region;
	char *url;  /* endpoint, without a trailing '/' */
	char *host; /* Host header, with a port when not the default */
	struct aws_creds *creds;
	double per_second;     /* most requests a second; 0: unpaced */
	int64_t last_ns;       /* when the last request went */
	unsigned int attempts; /* tries per request: 3 */
	long backoff_ms;       /* first backoff ceiling: 1000 */
	uint64_t requests;     /* sent, retries included */
};

/* Sets up a client for service ("logs") whose endpoint variable is
 * env_name ("CLOUDWATCH_LOGS", for AWS_ENDPOINT_URL_CLOUDWATCH_LOGS). */
int aws_client_init(struct aws_client *c, const char *service,
    const char *target, const char *env_name, const struct aws_options *o,
    struct errinfo *ei);
void aws_client_release(struct aws_client *c);

/* Calls action ("FilterLogEvents") with the JSON object req (borrowed);
 * on success *resp is a new reference to the answer. */
int aws_json_call(struct aws_client *c, const char *action, json_t *req,
    json_t **resp, struct errinfo *ei);

#endif
