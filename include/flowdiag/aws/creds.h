/*
 * creds: AWS credentials and the region, found the way the AWS CLI finds
 * them (botocore's default chain, less the sources that need a call to STS
 * or SSO).
 *
 * creds_resolve() takes the first of these that has credentials:
 *   1. The environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with
 *      AWS_SESSION_TOKEN (or the older AWS_SECURITY_TOKEN) and
 *      AWS_CREDENTIAL_EXPIRATION (ISO 8601).  An empty variable counts as
 *      unset; one key without the other is an error naming the missing
 *      variable.  As in the AWS CLI, an explicit profile (the profile
 *      argument, from --profile) skips this step; AWS_PROFILE does not.
 *      Next, AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE (without an
 *      explicit profile) is refused, as is a profile with role_arn,
 *      web_identity_token_file, sso_session, sso_start_url or
 *      login_session: they need STS or SSO, which flowdiag does not call,
 *      and skipping them would quietly pick up some other identity.
 *   2. The profile in the shared credentials file ($AWS_SHARED_CREDENTIALS_
 *      FILE, else ~/.aws/credentials; sections "[NAME]"): aws_access_key_id,
 *      aws_secret_access_key, aws_session_token (or aws_security_token).
 *   3. The profile's credential_process (in either file; the credentials
 *      file wins): run with /bin/sh -c, standard input and error inherited,
 *      standard output read as JSON: {"Version": 1, "AccessKeyId",
 *      "SecretAccessKey", "SessionToken" (optional), "Expiration"
 *      (optional, ISO 8601)}, within CREDS_PROCESS_TIMEOUT_MS.
 *   4. The profile's keys in the config file ($AWS_CONFIG_FILE, else
 *      ~/.aws/config; sections "[profile NAME]", and "[default]").
 *   5. Container credentials: GET http://169.254.170.2$AWS_CONTAINER_
 *      CREDENTIALS_RELATIVE_URI, else $AWS_CONTAINER_CREDENTIALS_FULL_URI
 *      (https, or http to a loopback address, localhost, 169.254.170.2,
 *      169.254.170.23 or fd00:ec2::23 only), with an Authorization header
 *      read from the file $AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, else
 *      from $AWS_CONTAINER_AUTHORIZATION_TOKEN.  The JSON answer holds
 *      AccessKeyId, SecretAccessKey, Token, Expiration.  Once configured,
 *      a failure here is an error, not a step to the next source.
 *   6. The EC2 instance role, unless AWS_EC2_METADATA_DISABLED is "true":
 *      IMDSv2 (PUT /latest/api/token, then the role name from GET
 *      /latest/meta-data/iam/security-credentials/ and its credentials from
 *      .../ROLE), falling back to IMDSv1 when the token PUT is answered 403,
 *      404 or 405, as botocore does.  The endpoint is $AWS_EC2_METADATA_
 *      SERVICE_ENDPOINT, else http://[fd00:ec2::254] when $AWS_EC2_METADATA_
 *      SERVICE_ENDPOINT_MODE is "IPv6", else http://169.254.169.254.  No
 *      answer to the token PUT (off EC2: within CREDS_HTTP_CONNECT_MS, or
 *      CREDS_HTTP_TOTAL_MS at most), another refusal of it, or no role
 *      ends the step quietly; a role whose credentials cannot be fetched
 *      is an error.
 * The profile is the profile argument, else $AWS_PROFILE, else "default".
 * A profile named by either that is in neither file is an error naming it
 * and both files; the implicit "default" may be missing.  The files are
 * read only when the chain gets to step 2.
 *
 * The shared files are read as the AWS CLI reads them, as ini.h says; a
 * missing file is an empty one.
 *
 * HTTP goes through http_do() (no proxy, no redirects, http and https
 * only, no --debug trace, answers in a wiping buffer), and no answer may
 * exceed CREDS_MAX_RESPONSE bytes.
 *
 * Secrets (the secret key, the session token, the container authorization
 * token) never reach an error message: messages name the variable, file,
 * profile or key that is wrong, and never quote a value or a process's or
 * endpoint's output.  The secret key and session token of every set of
 * credentials are registered with redact_add() while it lives, so that no
 * message or trace shows a piece of them whatever a server echoes.
 *
 * Error codes: EC_CREDENTIALS when no credentials are found, when they are
 * incomplete or malformed, for an unknown or unsupported profile, and when
 * credential_process fails; EC_EXPIRED for credentials whose expiration
 * has passed (by when_now()); EC_NET (EC_TLS) when a configured container
 * endpoint, or the credentials of a role IMDS named, cannot be fetched, and
 * EC_SERVICE when the answer is an HTTP error, too large or not the JSON
 * above; EC_DATA for a shared file that cannot be parsed, errinfo_errno()
 * codes for one that cannot be read; EC_USAGE from region_resolve().
 */
#ifndef FLOWDIAG_CREDS_H
#define FLOWDIAG_CREDS_H

#include <stdint.h>

#include "flowdiag/util/errinfo.h"

#define CREDS_PROCESS_TIMEOUT_MS 60000 /* credential_process run time */
#define CREDS_HTTP_CONNECT_MS    1000  /* container and IMDS connect */
#define CREDS_HTTP_TOTAL_MS      2000  /* container and IMDS request */
#define CREDS_MAX_RESPONSE       65536 /* process or HTTP output, bytes */

/* A set of credentials; creds_resolve() fills it, creds_release() wipes and
 * frees it.  Every string is owned by the struct. */
struct aws_creds {
	char *access_key;    /* "AKIA..." or "ASIA...": not a secret */
	char *secret_key;    /* secret: never print or log it */
	char *session_token; /* secret, or NULL for long-term keys */
	int64_t expires;     /* Unix seconds; 0: the keys do not expire */
	/* Where they came from, for messages; never holds a secret:
	 * "environment", "shared credentials file (profile 'dev')",
	 * "credential_process (profile 'dev')", "config file (profile 'dev')",
	 * "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)",
	 * "EC2 instance role 'NAME'". */
	char *source;
};

/* Finds credentials along the chain above for profile (the --profile
 * value, or NULL).  On success fills *c, which the caller releases with
 * creds_release(); on failure returns -1 with *c empty (safe to release)
 * and ei filled.  Nothing at all: EC_CREDENTIALS with "no AWS credentials:
 * set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile (aws
 * configure), or run on an instance with a role". */
int creds_resolve(const char *profile, struct aws_creds *c, struct errinfo *ei);

/* Runs command (a credential_process line) with /bin/sh -c and reads the
 * credentials it prints, as step 3 does; profile only names the source in
 * messages.  The process leads a session of its own: once it exits, or
 * when it has not exited within timeout_ms, its whole process group is
 * killed (SIGKILL), so that no child it left behind survives, nor keeps
 * the read waiting by holding its standard output.  The terminal's Ctrl-C
 * never reaches it: cancel.h's flag stops the wait and kills the group,
 * as a timeout does.  A non-zero exit, a signal, a timeout, more than
 * CREDS_MAX_RESPONSE bytes, output that is not the JSON above or a Version
 * other than 1 is an EC_CREDENTIALS error that never quotes the output.
 * Fills *c as creds_resolve() does. */
int creds_from_process(const char *profile, const char *command, int timeout_ms,
    struct aws_creds *c, struct errinfo *ei);

/* Finds the region: flag (the --region value, or NULL), else $AWS_REGION,
 * else $AWS_DEFAULT_REGION, else the region key of profile (chosen as for
 * creds_resolve(), an empty value being unset) in the config file, or the
 * credentials file, which wins, as in botocore.  A region must be a DNS
 * label ("eu-west-1").  On success *region is a new string; free() it.
 * None found: an EC_USAGE error naming --region, AWS_REGION and the
 * profile's region setting; an invalid one: EC_USAGE naming where it came
 * from.  When the profile is consulted, an unknown named one is the
 * error creds_resolve() gives. */
int region_resolve(const char *flag, const char *profile, char **region,
    struct errinfo *ei);

/* Overwrites the secret key and session token with zeros, frees every
 * string and empties *c.  c may be NULL, or empty, or released before. */
void creds_release(struct aws_creds *c);

#endif
