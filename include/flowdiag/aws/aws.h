/*
 * A client for AWS services that speak JSON (CloudWatch Logs) or the Query
 * protocol (EC2): it finds the endpoint, signs each request with Signature
 * Version 4, paces and retries in AWS's standard mode, and turns service
 * errors, of either protocol, into one line naming the cause and the fix.
 */
#ifndef FLOWDIAG_AWS_H
#define FLOWDIAG_AWS_H

#include <pthread.h>
#include <stdint.h>

#include <jansson.h>

#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

struct aws_creds;

struct aws_options {
	const char *region;       /* --region, or NULL */
	const char *profile;      /* --profile, or NULL */
	const char *endpoint_url; /* --endpoint-url, or NULL */
};

/* Every call may be made from several threads at once. */
struct aws_client {
	char *service; /* signing name: "logs", "ec2" */
	/* JSON target prefix ("Logs_20140328"), or Query API version
	 * ("2016-11-15") */
	char *target;
	char *region;
	char *url;  /* endpoint, without a trailing '/' */
	char *host; /* Host header, with a port when not the default */
	struct aws_creds *creds;
	/* Threads may share a client: the lock guards the pacing and the
	 * count of requests. */
	pthread_mutex_t lock;
	double per_second;     /* most requests a second; 0: unpaced */
	int64_t last_ns;       /* when the last request went */
	unsigned int attempts; /* tries per request: 3 */
	long backoff_ms;       /* first backoff ceiling: 1000 */
	long timeout_ms;       /* one exchange: 60000 */
	/* a paging fetch, all its pages: paging_budget_ms() */
	long fetch_budget_ms;
	uint64_t requests; /* sent, retries included */
};

/* Sets up a client for service ("logs", "ec2") whose endpoint variable is
 * env_name ("CLOUDWATCH_LOGS", for AWS_ENDPOINT_URL_CLOUDWATCH_LOGS): the
 * endpoint is o->endpoint_url, else that variable, else AWS_ENDPOINT_URL,
 * else https://SERVICE.REGION.amazonaws.com. */
int aws_client_init(struct aws_client *c, const char *service,
    const char *target, const char *env_name, const struct aws_options *o,
    struct errinfo *ei);
void aws_client_release(struct aws_client *c);

/* Makes text that came from a server safe to print on one line: the
 * first line only, control characters made spaces, the credentials' secret
 * and token and any "Signature=" masked, at most 300 characters. */
void aws_clean_text(char *s, size_t size, const struct aws_creds *cr);

/* Calls action ("FilterLogEvents") with the JSON object req (borrowed);
 * on success *resp is a new reference to the answer. */
int aws_json_call(struct aws_client *c, const char *action, json_t *req,
    json_t **resp, struct errinfo *ei);

/* As aws_json_call(), the answer left as text for a caller that reads it
 * piece by piece: *answer is released with buf_release(). */
int aws_json_call_text(struct aws_client *c, const char *action, json_t *req,
    struct buf *answer, struct errinfo *ei);

/* Calls a Query-protocol action ("DescribeFlowLogs") with params, already
 * form-encoded ("Filter.1.Name=resource-id&Filter.1.Value.1=eni-1", or
 * ""); on success *xml holds the answer, a well-formed XML document, which
 * the caller releases with buf_release().  Errors are mapped as for JSON:
 * UnauthorizedOperation is EC_DENIED, AuthFailure EC_SIGNATURE,
 * RequestLimitExceeded is retried, then EC_THROTTLED. */
int aws_query_call(struct aws_client *c, const char *action, const char *params,
    struct buf *xml, struct errinfo *ei);

/* For a service with a protocol of its own (S3): waits for the next
 * request's slot under c's pacing and counts the request; and waits, with
 * full jitter, before the try after attempt (1: the first). */
void aws_pace(struct aws_client *c);
void aws_backoff(const struct aws_client *c, unsigned int attempt);

#endif
