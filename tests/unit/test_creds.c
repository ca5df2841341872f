#include "config.h"

#include <malloc.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

#include "helpers.h"

/*
 * Each case runs in a scratch directory that holds the shared files
 * (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point there, HOME too),
 * with every variable the chain reads unset and IMDS disabled, so no case
 * touches the network or the real ~/.aws.
 */

#define SECRET   "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN    "FwoGZXIvYXdzEXAMPLESESSIONTOKEN/+=="
#define PSECRET  "processSECRETprocessSECRETprocessSECRET0"
#define PTOKEN   "processTOKENprocessTOKEN"
#define NO_CREDS "no AWS credentials: set AWS_ACCESS_KEY_ID and "
#define Y2099    INT64_C(4070908800) /* 2099-01-01T00:00:00Z */

static const char *const vars[] = { "AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
	"AWS_CREDENTIAL_EXPIRATION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_DISABLED",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_ROLE_ARN",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "HOME", "FLOWDIAG_NOW" };
#define NVARS (sizeof(vars) / sizeof(*vars))

struct fixture {
	char dir[64];
	char *saved[NVARS];
};

/* What creds.c hands to free(): __wrap_free() checks the watched buffers
 * for zeros before they go, and counts the blocks that still hold the
 * sought text (test_creds is linked with -Wl,--wrap=free). */
static const char *watched[2];
static size_t watched_len[2];
static int watched_state[2]; /* 0 not freed, 1 freed wiped, 2 not wiped */
static const char *sought;
static int found;

void __real_free(void *p);
void __wrap_free(void *p);

void
__wrap_free(void *p)
{
	size_t i, j;

	for (i = 0; i < 2; i++) {
		if (p == NULL || p != watched[i])
			continue;
		watched_state[i] = 1;
		for (j = 0; j < watched_len[i]; j++)
			if (watched[i][j] != '\0')
				watched_state[i] = 2;
		watched[i] = NULL;
	}
	if (p != NULL && sought != NULL &&
	    memmem(p, malloc_usable_size(p), sought, strlen(sought)) != NULL)
		found++;
	__real_free(p);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char path[128];
	size_t i;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_creds.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	for (i = 0; i < NVARS; i++) {
		const char *v = getenv(vars[i]);

		f->saved[i] = v != NULL ? xstrdup(v) : NULL;
		unsetenv(vars[i]);
	}
	setenv("HOME", f->dir, 1);
	snprintf(path, sizeof(path), "%s/credentials", f->dir);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	snprintf(path, sizeof(path), "%s/config", f->dir);
	setenv("AWS_CONFIG_FILE", path, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < NVARS; i++) {
		if (f->saved[i] != NULL)
			setenv(vars[i], f->saved[i], 1);
		else
			unsetenv(vars[i]);
		free(f->saved[i]);
	}
	remove_tree(f->dir);
	free(f);
	return 0;
}

/* Writes text to the file name in the scratch directory; returns its
 * path (static storage). */
static const char *
put(struct fixture *f, const char *name, const char *text, mode_t mode)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* Writes an executable shell script that runs body. */
static const char *
script(struct fixture *f, const char *name, const char *body)
{
	char *text = NULL;
	const char *path;

	xasprintf(&text, "#!/bin/sh\n%s\n", body);
	path = put(f, name, text, 0755);
	free(text);
	return path;
}

/* Resolves for profile, which must succeed from source with access key
 * ak and secret key sk; token says whether a session token is expected. */
static void
expect_creds(const char *profile, const char *source, const char *ak,
    const char *sk, int token)
{
	struct aws_creds c;
	struct errinfo ei;

	errinfo_clear(&ei);
	if (creds_resolve(profile, &c, &ei) != 0)
		fail_msg("creds_resolve(%s) failed: %s",
		    profile != NULL ? profile : "NULL", ei.msg);
	assert_string_equal(c.source, source);
	assert_string_equal(c.access_key, ak);
	assert_string_equal(c.secret_key, sk);
	if (token)
		assert_non_null(c.session_token);
	else
		assert_null(c.session_token);
	creds_release(&c);
}

/* The error ei holds has code and says want, and quotes no secret. */
static void
check_error(const struct errinfo *ei, enum errcode code, const char *want)
{
	if (strstr(ei->msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", ei->msg, want);
	assert_int_equal(ei->code, code);
	assert_null(strstr(ei->msg, SECRET));
	assert_null(strstr(ei->msg, TOKEN));
	assert_null(strstr(ei->msg, PSECRET));
	assert_null(strstr(ei->msg, PTOKEN));
}

/* Resolving for profile must fail with code and a message holding want. */
static void
expect_error(const char *profile, enum errcode code, const char *want)
{
	struct aws_creds c;
	struct errinfo ei;

	errinfo_clear(&ei);
	if (creds_resolve(profile, &c, &ei) == 0)
		fail_msg("creds_resolve(%s) found %s, expected '%s'",
		    profile != NULL ? profile : "NULL", c.source, want);
	check_error(&ei, code, want);
	assert_null(c.access_key);
	assert_null(c.secret_key);
	assert_null(c.source);
	creds_release(&c);
}

static void
expect_region(const char *flag, const char *profile, const char *want)
{
	struct errinfo ei;
	char *region = NULL;

	errinfo_clear(&ei);
	if (region_resolve(flag, profile, &region, &ei) != 0)
		fail_msg("region_resolve failed: %s", ei.msg);
	assert_string_equal(region, want);
	free(region);
}

static void
expect_region_error(const char *flag, const char *profile, const char *want)
{
	struct errinfo ei;
	char *region = NULL;

	errinfo_clear(&ei);
	assert_int_equal(region_resolve(flag, profile, &region, &ei), -1);
	assert_null(region);
	if (strstr(ei.msg, want) == NULL)
		fail_msg("message '%s' lacks '%s'", ei.msg, want);
}

static void
test_creds_env(void **state)
{
	struct aws_creds c;
	struct errinfo ei;

	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	expect_creds(NULL, "environment", "AKIDENV", SECRET, 0);
	setenv("AWS_SESSION_TOKEN", TOKEN, 1);
	assert_int_equal(creds_resolve(NULL, &c, &ei), 0);
	assert_string_equal(c.session_token, TOKEN);
	assert_int_equal(c.expires, 0);
	creds_release(&c);
	/* the older name of the token */
	unsetenv("AWS_SESSION_TOKEN");
	setenv("AWS_SECURITY_TOKEN", TOKEN, 1);
	expect_creds(NULL, "environment", "AKIDENV", SECRET, 1);
}

static void
test_creds_env_expiration(void **state)
{
	struct aws_creds c;
	struct errinfo ei;

	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	setenv("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z", 1);
	assert_int_equal(creds_resolve(NULL, &c, &ei), 0);
	assert_int_equal(c.expires, Y2099);
	creds_release(&c);
	setenv("AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00+00:00", 1);
	expect_error(NULL, EC_EXPIRED,
	    "environment: the credentials expired "
	    "at 2020-01-01T00:00:00Z");
	setenv("FLOWDIAG_NOW", "1500000000", 1);
	expect_creds(NULL, "environment", "AKIDENV", SECRET, 0);
	setenv("AWS_CREDENTIAL_EXPIRATION", "tomorrow", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
}

static void
test_creds_env_partial(void **state)
{
	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
	/* empty is unset */
	setenv("AWS_ACCESS_KEY_ID", "", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
	/* a value that would break a header */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET "\r\nX-Evil: 1", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "environment: AWS_SECRET_ACCESS_KEY is empty or holds a space");
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	setenv("AWS_SESSION_TOKEN", TOKEN " x", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "environment: AWS_SESSION_TOKEN is empty or holds a space");
}

static void
test_creds_credentials_file(void **state)
{
	(void)state;
	put(*state, "credentials",
	    "[default]\naws_access_key_id = AKIDDEFAULT\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "aws_session_token = " TOKEN "\n",
	    0600);
	expect_creds(NULL, "shared credentials file (profile 'default')",
	    "AKIDDEFAULT", SECRET, 0);
	expect_creds("dev", "shared credentials file (profile 'dev')",
	    "AKIDDEV", SECRET, 1);
}

static void
test_creds_config_file(void **state)
{
	(void)state;
	put(*state, "config",
	    "[default]\naws_access_key_id = AKIDCONFDEFAULT\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[profile dev]\naws_access_key_id = AKIDCONFDEV\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[ops]\naws_access_key_id = AKIDNOTAPROFILE\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	put(*state, "credentials",
	    "[profile ops]\naws_access_key_id = AKIDNOTAPROFILE\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	expect_creds(NULL, "config file (profile 'default')", "AKIDCONFDEFAULT",
	    SECRET, 0);
	expect_creds("dev", "config file (profile 'dev')", "AKIDCONFDEV",
	    SECRET, 0);
	/* "[ops]" in the config file and "[profile ops]" in the credentials
	 * file are not profile ops */
	expect_error("ops", EC_CREDENTIALS, "profile 'ops' not found");
}

static void
test_creds_aws_profile(void **state)
{
	(void)state;
	put(*state, "credentials",
	    "[default]\naws_access_key_id = AKIDDEFAULT\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[prod]\naws_access_key_id = AKIDPROD\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	setenv("AWS_PROFILE", "dev", 1);
	expect_creds(NULL, "shared credentials file (profile 'dev')", "AKIDDEV",
	    SECRET, 0);
	/* --profile wins over AWS_PROFILE */
	expect_creds("prod", "shared credentials file (profile 'prod')",
	    "AKIDPROD", SECRET, 0);
}

static void
test_creds_env_precedence(void **state)
{
	(void)state;
	put(*state, "credentials",
	    "[default]\naws_access_key_id = AKIDDEFAULT\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	expect_creds(NULL, "environment", "AKIDENV", SECRET, 0);
	/* AWS_PROFILE does not beat the environment ... */
	setenv("AWS_PROFILE", "dev", 1);
	expect_creds(NULL, "environment", "AKIDENV", SECRET, 0);
	/* ... but --profile does, as in the AWS CLI */
	expect_creds("dev", "shared credentials file (profile 'dev')",
	    "AKIDDEV", SECRET, 0);
}

static void
test_creds_missing_profile(void **state)
{
	struct fixture *f = *state;
	char want[256];

	put(f, "credentials",
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	snprintf(want, sizeof(want),
	    "profile 'nope' not found in '%s/credentials' or '%s/config'",
	    f->dir, f->dir);
	expect_error("nope", EC_CREDENTIALS, want);
	setenv("AWS_PROFILE", "nope", 1);
	expect_error(NULL, EC_CREDENTIALS, want);
	/* the implicit default profile may be missing: nothing is found */
	unsetenv("AWS_PROFILE");
	expect_error(NULL, EC_CREDENTIALS,
	    NO_CREDS "AWS_SECRET_ACCESS_KEY, configure a profile (aws "
		     "configure), or run on an instance with a role");
	/* a profile with no keys at all is no credentials, not an error */
	put(f, "config", "[profile bare]\nregion = eu-west-1\n", 0600);
	expect_error("bare", EC_CREDENTIALS, NO_CREDS);
	/* the default paths under HOME */
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	unsetenv("AWS_CONFIG_FILE");
	snprintf(want, sizeof(want),
	    "profile 'dev' not found in '%s/.aws/credentials' or "
	    "'%s/.aws/config'",
	    f->dir, f->dir);
	expect_error("dev", EC_CREDENTIALS, want);
	/* ~ in the variables */
	setenv("AWS_SHARED_CREDENTIALS_FILE", "~/credentials", 1);
	expect_creds("dev", "shared credentials file (profile 'dev')",
	    "AKIDDEV", SECRET, 0);
}

static void
test_creds_ini_syntax(void **state)
{
	(void)state;
	put(*state, "credentials",
	    "\xef\xbb\xbf# a comment\r\n"
	    "; another\r\n"
	    "\r\n"
	    "[default]\r\n"
	    "aws_access_key_id=AKIDDEFAULT\r\n"
	    "aws_secret_access_key=" SECRET "\r\n"
	    "[ dev ]   # trailing comment\r\n"
	    "   # an indented comment\r\n"
	    "AWS_Access_Key_Id \t= AKIDDEV  \r\n"
	    "aws_secret_access_key   :   " SECRET "\r\n"
	    "s3 =\r\n"
	    "    aws_access_key_id = AKIDNESTED\r\n"
	    "\r\n"
	    "    max_concurrent_requests = 10\r\n"
	    "aws_session_token\t=\t" TOKEN "\r\n"
	    "[other]\r\n"
	    "aws_access_key_id = AKIDOTHER\r\n"
	    "aws_secret_access_key = " SECRET "\r\n",
	    0600);
	expect_creds(NULL, "shared credentials file (profile 'default')",
	    "AKIDDEFAULT", SECRET, 0);
	expect_creds("dev", "shared credentials file (profile 'dev')",
	    "AKIDDEV", SECRET, 1);
	expect_creds("other", "shared credentials file (profile 'other')",
	    "AKIDOTHER", SECRET, 0);
}

static void
test_creds_ini_errors(void **state)
{
	struct fixture *f = *state;
	char want[256];

	put(f, "credentials",
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "aws_secret_access_key " SECRET "\n",
	    0600);
	snprintf(want, sizeof(want), "%s/credentials:3: expected 'key = value'",
	    f->dir);
	expect_error("dev", EC_DATA, want);
	put(f, "credentials", "aws_access_key_id = AKIDDEV\n", 0600);
	snprintf(want, sizeof(want), "%s/credentials:1: expected '[section]'",
	    f->dir);
	expect_error(NULL, EC_DATA, want);
	put(f, "credentials", "[dev\n", 0600);
	snprintf(want, sizeof(want),
	    "%s/credentials:1: section name lacks its ']'", f->dir);
	expect_error(NULL, EC_DATA, want);
	put(f, "credentials", "[dev]\n = " SECRET "\n", 0600);
	snprintf(want, sizeof(want), "%s/credentials:2: expected 'key = value'",
	    f->dir);
	expect_error(NULL, EC_DATA, want);
	/* an unreadable file is an error, a missing one is not */
	put(f, "credentials", "[dev]\n", 0000);
	if (access(f->dir, W_OK) == 0 && geteuid() != 0)
		expect_error("dev", EC_PERM, "cannot open");
}

static void
test_creds_partial_profile(void **state)
{
	(void)state;
	put(*state, "credentials",
	    "[dev]\naws_access_key_id = AKIDDEV\n"
	    "[ops]\naws_secret_access_key = " SECRET "\n"
	    "[empty]\naws_access_key_id = AKIDEMPTY\n"
	    "aws_secret_access_key =\n",
	    0600);
	expect_error("dev", EC_CREDENTIALS,
	    "has aws_access_key_id but no aws_secret_access_key");
	expect_error("ops", EC_CREDENTIALS,
	    "has aws_secret_access_key but no aws_access_key_id");
	expect_error("empty", EC_CREDENTIALS,
	    "has aws_access_key_id but no aws_secret_access_key");
}

static void
test_creds_file_precedence(void **state)
{
	struct fixture *f = *state;
	char *text = NULL;

	script(f, "proc.sh",
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
	    "\"SecretAccessKey\": \"" PSECRET "\"}'");
	xasprintf(&text,
	    "[profile both]\naws_access_key_id = AKIDCONF\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "credential_process = %s/proc.sh\n"
	    "[profile conf]\naws_access_key_id = AKIDCONF\n"
	    "aws_secret_access_key = " SECRET "\n"
	    "credential_process = %s/proc.sh\n",
	    f->dir, f->dir);
	put(f, "config", text, 0600);
	free(text);
	put(f, "credentials",
	    "[both]\naws_access_key_id = AKIDCRED\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	/* credentials file, then credential_process, then config file */
	expect_creds("both", "shared credentials file (profile 'both')",
	    "AKIDCRED", SECRET, 0);
	expect_creds("conf", "credential_process (profile 'conf')", "AKIDPROC",
	    PSECRET, 0);
}

static void
test_creds_process(void **state)
{
	struct fixture *f = *state;
	struct aws_creds c;
	struct errinfo ei;
	char *text = NULL;

	script(f, "ok.sh",
	    "[ \"$1\" = arg ] || exit 3\n"
	    "cat <<'EOF'\n"
	    "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\",\n"
	    " \"SecretAccessKey\": \"" PSECRET "\",\n"
	    " \"SessionToken\": \"" PTOKEN "\",\n"
	    " \"Expiration\": \"2099-01-01T00:00:00.000Z\"}\n"
	    "EOF");
	xasprintf(&text,
	    "[profile proc]\r\ncredential_process = %s/ok.sh arg\r\n", f->dir);
	put(f, "config", text, 0600);
	free(text);
	errinfo_clear(&ei);
	assert_int_equal(creds_resolve("proc", &c, &ei), 0);
	assert_string_equal(c.source, "credential_process (profile 'proc')");
	assert_string_equal(c.access_key, "ASIAPROC");
	assert_string_equal(c.secret_key, PSECRET);
	assert_string_equal(c.session_token, PTOKEN);
	assert_int_equal(c.expires, Y2099);
	creds_release(&c);
	/* the line goes to /bin/sh as it is: quotes, variables, pipes */
	assert_int_equal(creds_from_process("x",
			     "X=arg; cat \"$HOME/ok.sh\" | sh -s \"$X\"",
			     CREDS_PROCESS_TIMEOUT_MS, &c, &ei),
	    0);
	assert_string_equal(c.access_key, "ASIAPROC");
	creds_release(&c);
}

/* creds_from_process() of the script body must fail with want (and
 * EC_CREDENTIALS, or EC_EXPIRED when want says "expired"). */
static void
expect_process_error(struct fixture *f, const char *body, const char *want)
{
	struct aws_creds c;
	struct errinfo ei;
	char *cmd = NULL;

	xasprintf(&cmd, "%s", script(f, "bad.sh", body));
	errinfo_clear(&ei);
	if (creds_from_process("bad", cmd, 5000, &c, &ei) == 0)
		fail_msg("'%s' gave credentials", body);
	check_error(&ei,
	    strstr(want, "expired") != NULL ? EC_EXPIRED : EC_CREDENTIALS,
	    want);
	assert_null(c.access_key);
	free(cmd);
}

static void
test_creds_process_errors(void **state)
{
	struct fixture *f = *state;
	struct aws_creds c;
	struct errinfo ei;
	char *text = NULL;

	expect_process_error(f,
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
	    "\"SecretAccessKey\": \"" PSECRET "\"}'\n"
	    "echo 'oops' >&2\nexit 1",
	    "credential_process (profile 'bad'): exited with status 1");
	expect_process_error(f, "echo 'junk " PSECRET " " PTOKEN "'",
	    "credential_process (profile 'bad'): the output is not a JSON "
	    "object");
	expect_process_error(f, "echo '[\"" PSECRET "\"]'",
	    "the output is not a JSON object");
	expect_process_error(f, ":", "the output is not a JSON object");
	expect_process_error(f,
	    "echo '{\"Version\": 2, \"AccessKeyId\": \"A\", "
	    "\"SecretAccessKey\": \"" PSECRET "\"}'",
	    "Version 2 is not supported, only 1");
	expect_process_error(f,
	    "echo '{\"Version\": \"" PSECRET "\", \"AccessKeyId\": \"A\"}'",
	    "the output lacks \"Version\": 1");
	expect_process_error(f,
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'",
	    "SecretAccessKey is missing in the output");
	expect_process_error(f,
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
	    "\"SecretAccessKey\": 7}'",
	    "SecretAccessKey is not a string in the output");
	expect_process_error(f,
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
	    "\"SecretAccessKey\": \"" PSECRET "\", \"Expiration\": \"soon\"}'",
	    "Expiration is not an ISO 8601 time in the output");
	expect_process_error(f,
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
	    "\"SecretAccessKey\": \"" PSECRET "\", "
	    "\"Expiration\": \"2001-01-01T00:00:00Z\"}'",
	    "the credentials expired at 2001-01-01T00:00:00Z");
	errinfo_clear(&ei);
	assert_int_equal(creds_from_process("bad", "kill -9 $$", 5000, &c, &ei),
	    -1);
	check_error(&ei, EC_CREDENTIALS,
	    "credential_process (profile 'bad'): killed by signal 9");
	expect_process_error(f, "head -c 70000 /dev/zero | tr '\\0' x",
	    "printed more than 65536 bytes");
	/* through the chain, with the status of a missing command */
	xasprintf(&text, "[profile p]\ncredential_process = %s/none.sh\n",
	    f->dir);
	put(f, "config", text, 0600);
	free(text);
	expect_error("p", EC_CREDENTIALS,
	    "credential_process (profile 'p'): exited with status 127 "
	    "(command not found?)");
}

static void
test_creds_process_timeout(void **state)
{
	struct timespec t0, t1;
	struct aws_creds c;
	struct errinfo ei;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(creds_from_process("slow", "exec sleep 10", 300, &c,
			     &ei),
	    -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	check_error(&ei, EC_CREDENTIALS,
	    "credential_process (profile 'slow'): did not finish within "
	    "300 ms");
	took = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(took >= 0.29 && took < 3.0);
	/* closing its output is not finishing */
	assert_int_equal(creds_from_process("slow", "exec >&-; exec sleep 10",
			     1000, &c, &ei),
	    -1);
	check_error(&ei, EC_CREDENTIALS, "did not finish within 1 s");
}

static void
test_creds_unsupported(void **state)
{
	(void)state;
	put(*state, "config",
	    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
	    "source_profile = default\n"
	    "[profile sso]\nsso_session = corp\nsso_account_id = 1\n",
	    0600);
	put(*state, "credentials",
	    "[role]\naws_access_key_id = AKIDROLE\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	expect_error("role", EC_CREDENTIALS,
	    "profile 'role' uses role_arn, which needs STS or SSO");
	expect_error("sso", EC_CREDENTIALS,
	    "aws configure export-credentials --profile sso");
	setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r", 1);
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE needs STS");
}

static void
test_creds_container_refused(void **state)
{
	(void)state;
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/c", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_CONTAINER_CREDENTIALS_FULL_URI: host 'example.com' is not "
	    "allowed over http");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/c", 1);
	expect_error(NULL, EC_CREDENTIALS, "host '10.0.0.1' is not allowed");
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "file:///etc/passwd", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL");
	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/creds", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI does not start with '/'");
	/* a token that would break the header, before any request */
	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds", 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN "\r\nX: y", 1);
	expect_error(NULL, EC_CREDENTIALS,
	    "AWS_CONTAINER_AUTHORIZATION_TOKEN holds a line break");
	/* the profile comes first */
	put(*state, "credentials",
	    "[default]\naws_access_key_id = AKIDDEFAULT\n"
	    "aws_secret_access_key = " SECRET "\n",
	    0600);
	expect_creds(NULL, "shared credentials file (profile 'default')",
	    "AKIDDEFAULT", SECRET, 0);
}

static void
test_region_order(void **state)
{
	(void)state;
	put(*state, "config",
	    "[default]\nregion = eu-central-1\n"
	    "[profile dev]\nregion = ap-southeast-2\n"
	    "[profile noregion]\noutput = json\n",
	    0600);
	expect_region(NULL, NULL, "eu-central-1");
	expect_region(NULL, "dev", "ap-southeast-2");
	setenv("AWS_PROFILE", "dev", 1);
	expect_region(NULL, NULL, "ap-southeast-2");
	setenv("AWS_DEFAULT_REGION", "us-west-1", 1);
	expect_region(NULL, "dev", "us-west-1");
	setenv("AWS_REGION", "us-west-2", 1);
	expect_region(NULL, "dev", "us-west-2");
	expect_region("eu-west-1", "dev", "eu-west-1");
	/* empty variables are unset */
	setenv("AWS_REGION", "", 1);
	setenv("AWS_DEFAULT_REGION", "", 1);
	expect_region(NULL, NULL, "ap-southeast-2");
	/* the credentials file's region wins, as in botocore */
	put(*state, "credentials", "[dev]\nregion = sa-east-1\n", 0600);
	expect_region(NULL, NULL, "sa-east-1");
	expect_region_error(NULL, "noregion",
	    "no AWS region: pass --region, set AWS_REGION, or set one for "
	    "profile 'noregion' (aws configure set region REGION --profile "
	    "noregion)");
	expect_region_error(NULL, "nope", "profile 'nope' not found");
}

static void
test_region_none(void **state)
{
	(void)state;
	expect_region_error(NULL, NULL,
	    "no AWS region: pass --region, set AWS_REGION, or set one for "
	    "profile 'default' (aws configure set region REGION)");
}

static void
test_region_invalid(void **state)
{
	(void)state;
	expect_region_error("us-east-1.evil.example", NULL,
	    "--region: 'us-east-1.evil.example' is not a region name");
	expect_region_error("", NULL, "--region: '' is not a region name");
	setenv("AWS_REGION", "eu-west-1/x", 1);
	expect_region_error(NULL, NULL,
	    "AWS_REGION: 'eu-west-1/x' is not a region name");
	unsetenv("AWS_REGION");
	put(*state, "config", "[default]\nregion = -bad\n", 0600);
	expect_region_error(NULL, NULL,
	    "region of profile 'default': '-bad' is not a region name");
}

static void
test_creds_release_wipes(void **state)
{
	struct aws_creds c;
	struct errinfo ei;

	(void)state;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	setenv("AWS_SESSION_TOKEN", TOKEN, 1);
	assert_int_equal(creds_resolve(NULL, &c, &ei), 0);
	watched[0] = c.secret_key;
	watched_len[0] = strlen(SECRET);
	watched[1] = c.session_token;
	watched_len[1] = strlen(TOKEN);
	watched_state[0] = watched_state[1] = 0;
	creds_release(&c);
	assert_int_equal(watched_state[0], 1);
	assert_int_equal(watched_state[1], 1);
	assert_null(c.access_key);
	assert_null(c.secret_key);
	assert_null(c.session_token);
	assert_null(c.source);
	assert_int_equal(c.expires, 0);
	/* releasing again, or NULL, is harmless */
	creds_release(&c);
	creds_release(NULL);
}

static void
test_creds_process_output_wiped(void **state)
{
	struct fixture *f = *state;
	struct aws_creds c;
	struct errinfo ei;
	char *cmd = NULL;

	/* Output larger than a buffer's first 4 KB: it grows, and each block
	 * it leaves held the secret. */
	xasprintf(&cmd, "%s",
	    script(f, "big.sh",
		"printf '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", "
		"\"SecretAccessKey\": \"" PSECRET "\", \"Pad\": \"'\n"
		"head -c 20000 /dev/zero | tr '\\0' x\n"
		"printf '\"}'"));
	found = 0;
	sought = PSECRET;
	errinfo_clear(&ei);
	if (creds_from_process("big", cmd, 5000, &c, &ei) != 0)
		fail_msg("creds_from_process: %s", ei.msg);
	creds_release(&c);
	sought = NULL;
	assert_int_equal(found, 0);
	free(cmd);
}

/* Whether a process whose command line is "sleep MARKER" is left, looked
 * for over up to two seconds, as a SIGKILL takes a moment. */
static bool
sleep_left(const char *marker)
{
	char *cmd = NULL;
	int i;
	bool left = true;

	/* [p]: the pattern does not match the shell that runs pgrep */
	xasprintf(&cmd, "pgrep -f 'slee[p] %s' >/dev/null", marker);
	for (i = 0; i < 40 && (left = system(cmd) == 0); i++)
		usleep(50 * 1000);
	free(cmd);
	return left;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A child left in the background holding standard output does not stall
 * the fetch, and goes with it; a process that hangs goes on timeout with
 * its children. */
static void
test_creds_process_group(void **state)
{
	struct fixture *f = *state;
	struct timespec t0;
	struct aws_creds c;
	struct errinfo ei;
	char *body = NULL, *cmd = NULL, bg[32], fg[32];

	/* markers no other run shares: sleep takes fractions of seconds */
	snprintf(bg, sizeof(bg), "1000.%d1", (int)getpid());
	snprintf(fg, sizeof(fg), "1000.%d2", (int)getpid());
	xasprintf(&body,
	    "sleep %s &\n"
	    "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", "
	    "\"SecretAccessKey\": \"" PSECRET "\"}'",
	    bg);
	xasprintf(&cmd, "%s", script(f, "bg.sh", body));
	errinfo_clear(&ei);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (creds_from_process("bg", cmd, 20000, &c, &ei) != 0)
		fail_msg("creds_from_process: %s", ei.msg);
	/* The stall this guards against is the 20 s timeout; a loaded
	 * machine under ASan may take a few seconds to start a shell. */
	if (seconds_since(&t0) > 10.0)
		fail_msg("a background child held the fetch %.1f s",
		    seconds_since(&t0));
	assert_string_equal(c.access_key, "ASIAPROC");
	creds_release(&c);
	if (sleep_left(bg))
		fail_msg("'sleep %s', started in the background, survived", bg);
	free(body);
	free(cmd);

	xasprintf(&body, "sleep %s &\nsleep %s", bg, fg);
	xasprintf(&cmd, "%s", script(f, "hang.sh", body));
	assert_int_equal(creds_from_process("hang", cmd, 300, &c, &ei), -1);
	check_error(&ei, EC_CREDENTIALS,
	    "credential_process (profile 'hang'): did not finish within "
	    "300 ms");
	if (sleep_left(bg) || sleep_left(fg))
		fail_msg("the children of a process that timed out survived");

	/* Ctrl-C never reaches it, in a session of its own: the wait
	 * stops at once, as interrupted, and its group goes. */
	cancel_arm();
	raise(SIGINT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(creds_from_process("hang", cmd, 20000, &c, &ei), -1);
	cancel_disarm();
	cancel_clear();
	check_error(&ei, EC_INTERRUPTED,
	    "credential_process (profile 'hang'): interrupted");
	if (seconds_since(&t0) > 10.0)
		fail_msg("Ctrl-C left the fetch waiting %.1f s",
		    seconds_since(&t0));
	if (sleep_left(bg) || sleep_left(fg))
		fail_msg("the children of an interrupted process survived");
	free(body);
	free(cmd);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_creds_env),
		T(test_creds_env_expiration),
		T(test_creds_env_partial),
		T(test_creds_credentials_file),
		T(test_creds_config_file),
		T(test_creds_aws_profile),
		T(test_creds_env_precedence),
		T(test_creds_missing_profile),
		T(test_creds_ini_syntax),
		T(test_creds_ini_errors),
		T(test_creds_partial_profile),
		T(test_creds_file_precedence),
		T(test_creds_process),
		T(test_creds_process_errors),
		T(test_creds_process_timeout),
		T(test_creds_process_group),
		T(test_creds_unsupported),
		T(test_creds_container_refused),
		T(test_region_order),
		T(test_region_none),
		T(test_region_invalid),
		T(test_creds_release_wipes),
		T(test_creds_process_output_wiped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
