#include "config.h"

#include "flowdiag/aws/creds.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "flowdiag/aws/http.h"
#include "flowdiag/aws/ini.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/redact.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

#include "creds-int.h"

#define CONTAINER_BASE  "http://169.254.170.2"
#define IMDS_BASE       "http://169.254.169.254"
#define IMDS_BASE_IPV6  "http://[fd00:ec2::254]"
#define IMDS_TOKEN_PATH "/latest/api/token"
#define IMDS_ROLE_PATH  "/latest/meta-data/iam/security-credentials/"
#define IMDS_TOKEN_TTL  "21600"
#define NO_CREDENTIALS                                                 \
	"no AWS credentials: set AWS_ACCESS_KEY_ID and "               \
	"AWS_SECRET_ACCESS_KEY, configure a profile (aws configure), " \
	"or run on an instance with a role"
#define EXPORT_HINT                                                          \
	"export its credentials with 'aws configure export-credentials "     \
	"--profile %s --format env' (AWS CLI v2), or point a profile's "     \
	"credential_process at 'aws configure export-credentials --profile " \
	"%s --format process'"

/* A profile as both shared files have it. */
struct profile {
	const char
	    *name;       /* borrowed: the argument, $AWS_PROFILE or "default" */
	int named;       /* named by the argument or $AWS_PROFILE */
	char *cred_path; /* NULL without a home directory */
	char *conf_path;
	struct ini_section cred;
	struct ini_section conf;
};

static void
wipe_free(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* The environment variable name, or NULL when it is unset or empty. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Whether s is short printable ASCII, safe to quote in a message. */
static int
quotable(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < ' ' || *p >= 0x7f || *p == '\'')
			return 0;
	return p - (const unsigned char *)s <= 64;
}

/* Whether s can be a key id, secret key or token: non-empty printable
 * ASCII without spaces, so it cannot break a header. */
static int
cred_value_ok(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return 0;
	return *s != '\0';
}

/* Reads an ISO 8601 time such as "2030-01-01T00:00:00Z" into *t. */
static int
parse_expiration(const char *s, int64_t *t)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	if (s[4] != '-' || when_parse(s, 0, t, NULL) == -1)
		return -1;
	if (*t <= 0)
		*t = 1;
	return 0;
}

/* Checks the borrowed values, then copies them into the empty c with source
 * (which names them in messages; names[] are their keys, access key, secret
 * key, token).  tok may be NULL; expires 0 means never. */
static int
creds_set(struct aws_creds *c, const char *source, const char *const names[3],
    const char *ak, const char *sk, const char *tok, int64_t expires,
    struct errinfo *ei)
{
	const char *vals[3] = { ak, sk, tok };
	char when[32];
	int i;

	for (i = 0; i < 3; i++) {
		if (vals[i] != NULL && !cred_value_ok(vals[i]))
			return errinfo_set(ei, EC_CREDENTIALS,
			    "%s: %s is empty or holds a space or control "
			    "character",
			    source, names[i]);
	}
	if (expires != 0 && expires <= when_now())
		return errinfo_set(ei, EC_EXPIRED,
		    "%s: the credentials expired at %s", source,
		    when_format(expires, when, sizeof(when)));
	c->access_key = xstrdup(ak);
	c->secret_key = xstrdup(sk);
	c->session_token = tok != NULL ? xstrdup(tok) : NULL;
	/* Whatever a server or a trace says, no piece of them is shown. */
	redact_add(sk);
	if (tok != NULL)
		redact_add(tok);
	c->expires = expires;
	c->source = xstrdup(source);
	return 0;
}

/* Step 1: AWS_ACCESS_KEY_ID and friends.  Leaves c empty when neither key
 * is set. */
static int
from_env(struct aws_creds *c, struct errinfo *ei)
{
	const char *names[3] = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN" };
	const char *ak = env(names[0]), *sk = env(names[1]), *tok, *exp;
	int64_t expires = 0;

	if (ak == NULL && sk == NULL)
		return 0;
	if (ak == NULL || sk == NULL)
		return errinfo_set(ei, EC_CREDENTIALS,
		    "%s is set but %s is not: set both, or neither",
		    ak != NULL ? names[0] : names[1],
		    ak != NULL ? names[1] : names[0]);
	if ((tok = env("AWS_SESSION_TOKEN")) == NULL &&
	    (tok = env("AWS_SECURITY_TOKEN")) != NULL)
		names[2] = "AWS_SECURITY_TOKEN";
	if ((exp = env("AWS_CREDENTIAL_EXPIRATION")) != NULL &&
	    parse_expiration(exp, &expires) == -1)
		return errinfo_set(ei, EC_CREDENTIALS,
		    "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
	return creds_set(c, "environment", names, ak, sk, tok, expires, ei);
}

/* The home directory, or NULL. */
static const char *
home_dir(void)
{
	const char *h = env("HOME");
	struct passwd *pw;

	if (h == NULL && (pw = getpwuid(getuid())) != NULL)
		h = pw->pw_dir;
	return h;
}

/* The path of a shared file: $var ("~/" expanded), else ~/.aws/base; a new
 * string, or NULL without a home directory. */
static char *
shared_path(const char *var, const char *base)
{
	const char *v = env(var), *home = home_dir();
	char *p = NULL;

	if (v != NULL && !(v[0] == '~' && (v[1] == '/' || v[1] == '\0')))
		return xstrdup(v);
	if (home == NULL)
		return NULL;
	if (v != NULL)
		xasprintf(&p, "%s%s", home, v + 1);
	else
		xasprintf(&p, "%s/.aws/%s", home, base);
	return p;
}

static void
profile_release(struct profile *p)
{
	free(p->cred_path);
	free(p->conf_path);
	ini_release(&p->cred);
	ini_release(&p->conf);
	memset(p, 0, sizeof(*p));
}

/* Chooses the profile (name, else $AWS_PROFILE, else "default") and reads
 * it from both shared files into *p, which the caller releases.  A named
 * profile that neither file has is an error. */
static int
profile_load(const char *name, struct profile *p, struct errinfo *ei)
{
	memset(p, 0, sizeof(*p));
	p->named = 1;
	if ((p->name = name) == NULL &&
	    (p->name = env("AWS_PROFILE")) == NULL) {
		p->name = "default";
		p->named = 0;
	}
	p->cred_path =
	    shared_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	p->conf_path = shared_path("AWS_CONFIG_FILE", "config");
	if (p->cred_path != NULL &&
	    ini_read(p->cred_path, "AWS_SHARED_CREDENTIALS_FILE", false,
		p->name, &p->cred, ei) == -1)
		return -1;
	if (p->conf_path != NULL &&
	    ini_read(p->conf_path, "AWS_CONFIG_FILE", true, p->name, &p->conf,
		ei) == -1)
		return -1;
	if (p->named && !p->cred.found && !p->conf.found)
		return errinfo_set(ei, EC_CREDENTIALS,
		    "profile '%s' not found in '%s' or '%s'", p->name,
		    p->cred_path != NULL ? p->cred_path : "~/.aws/credentials",
		    p->conf_path != NULL ? p->conf_path : "~/.aws/config");
	return 0;
}

/* The value of key in the profile, the credentials file winning. */
static const char *
profile_get(const struct profile *p, const char *key)
{
	const char *v = ini_get(&p->cred, key);

	return v != NULL ? v : ini_get(&p->conf, key);
}

/* Static keys from one file's section of the profile; c stays empty when
 * the section has neither key. */
static int
from_section(const struct profile *p, int config, struct aws_creds *c,
    struct errinfo *ei)
{
	static const char *const names[3] = { "aws_access_key_id",
		"aws_secret_access_key", "aws_session_token" };
	const struct ini_section *s = config ? &p->conf : &p->cred;
	const char *ak = ini_get(s, names[0]);
	const char *sk = ini_get(s, names[1]);
	const char *tok = ini_get(s, names[2]);
	char *source = NULL;
	int ret;

	if (ak == NULL && sk == NULL)
		return 0;
	xasprintf(&source, "%s (profile '%s')",
	    config ? "config file" : "shared credentials file", p->name);
	if (ak == NULL || sk == NULL)
		ret = errinfo_set(ei, EC_CREDENTIALS,
		    "profile '%s' in '%s' has %s but no %s", p->name,
		    config ? p->conf_path : p->cred_path,
		    ak != NULL ? names[0] : names[1],
		    ak != NULL ? names[1] : names[0]);
	else {
		if (tok == NULL)
			tok = ini_get(s, "aws_security_token");
		ret = creds_set(c, source, names, ak, sk, tok, 0, ei);
	}
	free(source);
	return ret;
}

/* Steps 2 to 4, after refusing the profiles that need STS or SSO. */
static int
from_profile(const struct profile *p, struct aws_creds *c, struct errinfo *ei)
{
	static const char *const unsupported[] = { "role_arn",
		"web_identity_token_file", "sso_session", "sso_start_url",
		"login_session" };
	const char *cmd;
	size_t i;

	for (i = 0; i < sizeof(unsupported) / sizeof(*unsupported); i++) {
		if (profile_get(p, unsupported[i]) != NULL)
			return errinfo_set(ei, EC_CREDENTIALS,
			    "profile '%s' uses %s, which needs STS or SSO; "
			    "flowdiag cannot use it: " EXPORT_HINT,
			    p->name, unsupported[i], p->name, p->name);
	}
	if (from_section(p, 0, c, ei) == -1)
		return -1;
	if (c->access_key != NULL)
		return 0;
	if ((cmd = profile_get(p, "credential_process")) != NULL)
		return creds_from_process(p->name, cmd,
		    CREDS_PROCESS_TIMEOUT_MS, c, ei);
	return from_section(p, 1, c, ei);
}

/* Reads credentials from the JSON text (process output, or an endpoint's
 * answer: noun) into c.  token_key names the session token member;
 * version says whether "Version": 1 is required.  Never quotes text. */
int
creds_from_json(const char *text, size_t len, const char *token_key,
    int version, const char *source, const char *noun, enum errcode code,
    struct aws_creds *c, struct errinfo *ei)
{
	const char *names[3] = { "AccessKeyId", "SecretAccessKey", token_key };
	const char *vals[3] = { NULL, NULL, NULL }, *exp = NULL;
	json_error_t jerr;
	json_t *root = NULL, *v;
	int64_t expires = 0;
	int i, ret = -1;

	if ((root = json_loadb(text, len, 0, &jerr)) == NULL ||
	    !json_is_object(root)) {
		errinfo_set(ei, code, "%s: the %s is not a JSON object", source,
		    noun);
		goto out;
	}
	if (version) {
		v = json_object_get(root, "Version");
		if (!json_is_integer(v) || json_integer_value(v) != 1) {
			if (json_is_integer(v))
				errinfo_set(ei, code,
				    "%s: Version %lld is not supported, only 1",
				    source, (long long)json_integer_value(v));
			else
				errinfo_set(ei, code,
				    "%s: the %s lacks \"Version\": 1", source,
				    noun);
			goto out;
		}
	}
	for (i = 0; i < 3; i++) {
		v = json_object_get(root, names[i]);
		if ((vals[i] = json_string_value(v)) == NULL &&
		    (i < 2 || (v != NULL && !json_is_null(v)))) {
			errinfo_set(ei, code, "%s: %s is %s in the %s", source,
			    names[i], v == NULL ? "missing" : "not a string",
			    noun);
			goto out;
		}
		if (i == 2 && vals[i] != NULL && *vals[i] == '\0')
			vals[i] = NULL;
	}
	v = json_object_get(root, "Expiration");
	if (v != NULL && !json_is_null(v) &&
	    ((exp = json_string_value(v)) == NULL ||
		parse_expiration(exp, &expires) == -1)) {
		errinfo_set(ei, code,
		    "%s: Expiration is not an ISO 8601 time in the %s", source,
		    noun);
		goto out;
	}
	if (creds_set(c, source, names, vals[0], vals[1], vals[2], expires,
		ei) == -1)
		goto out;
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/* Milliseconds on the monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "60 s" or "250 ms", for messages. */
static const char *
duration(int ms, char *buf, size_t size)
{
	if (ms % 1000 == 0)
		snprintf(buf, size, "%d s", ms / 1000);
	else
		snprintf(buf, size, "%d ms", ms);
	return buf;
}

/* Starts /bin/sh -c command with its standard output on a new pipe, whose
 * read end (non-blocking) goes to *fd; SIGPIPE is back to its default in
 * the child, which leads a session of its own, so that its children can
 * be killed with it (kill(-pid)), and can still read the terminal it
 * inherits as standard input. */
static int
spawn_sh(const char *command, pid_t *pid, int *fd, const char *source,
    struct errinfo *ei)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)command, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	int fds[2], err;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return errinfo_errno(ei, errno, "%s: cannot make a pipe",
		    source);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	if ((err = posix_spawn_file_actions_adddup2(&fa, fds[1], 1)) == 0 &&
	    (err = posix_spawnattr_setsigmask(&attr, &none)) == 0 &&
	    (err = posix_spawnattr_setsigdefault(&attr, &dfl)) == 0 &&
	    (err = posix_spawnattr_setflags(&attr,
		 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
		     POSIX_SPAWN_SETSID)) == 0)
		err = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[1]);
	if (err != 0) {
		close(fds[0]);
		return errinfo_errno(ei, err, "%s: cannot run /bin/sh", source);
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	*fd = fds[0];
	return 0;
}

/* Whether pid has exited, leaving it a zombie: its process group stays
 * reserved until it is reaped. */
static bool
exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) ==
	    0 &&
	    si.si_pid == pid;
}

/* Reads what is in the pipe fd now into out: 0 when all is read (or its
 * end came), -1 on error. */
static int
drain(int fd, struct buf *out, bool *eof, const char *source,
    struct errinfo *ei)
{
	char chunk[4096];
	ssize_t n;
	int ret = -1;

	while (!*eof) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			errinfo_errno(ei, errno, "%s: cannot read its output",
			    source);
			goto out;
		}
		if (n == 0)
			*eof = true;
		else if (!buf_append(out, chunk, (size_t)n)) {
			errinfo_set(ei, EC_CREDENTIALS,
			    "%s: printed more than %d bytes", source,
			    CREDS_MAX_RESPONSE);
			goto out;
		}
	}
	ret = 0;
out:
	explicit_bzero(chunk, sizeof(chunk));
	return ret;
}

/* Reads the output of pid from fd into out until pid exits, then what it
 * left in the pipe: a child of its own that still holds the pipe open
 * (a background "sleep &") does not keep us waiting.  Returns 0 once pid
 * has exited (not reaped), 1 on timeout, -1 on error. */
static int
collect_output(pid_t pid, int fd, int64_t deadline, struct buf *out,
    const char *source, struct errinfo *ei)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	bool eof = false;
	int64_t left;

	for (;;) {
		if (drain(fd, out, &eof, source, ei) == -1)
			return -1;
		if (exited(pid))
			return drain(fd, out, &eof, source, ei);
		if ((left = deadline - now_ms()) <= 0)
			return 1;
		/* In a session of its own, it never sees the terminal's
		 * Ctrl-C: the caller's kill of its group stops it. */
		if (cancel_requested())
			return errinfo_set(ei, EC_INTERRUPTED,
			    "%s: interrupted", source);
		/* Its exit is no event on the pipe: look again soon. */
		pfd.fd = eof ? -1 : fd;
		if (poll(&pfd, 1, left > 20 ? 20 : (int)left) == -1 &&
		    errno != EINTR)
			return errinfo_errno(ei, errno,
			    "%s: cannot read its output", source);
	}
}

/* Kills pid's process group, its own children and theirs, and reaps pid:
 * none of them outlives the fetch. */
static void
kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
}

int
creds_from_process(const char *profile, const char *command, int timeout_ms,
    struct aws_creds *c, struct errinfo *ei)
{
	struct buf out;
	char *source = NULL, buf[32];
	int64_t deadline = now_ms() + timeout_ms;
	pid_t pid = -1;
	int fd = -1, status = 0, r, ret = -1;

	memset(c, 0, sizeof(*c));
	buf_init_secret(&out, CREDS_MAX_RESPONSE);
	xasprintf(&source, "credential_process (profile '%s')", profile);
	if (spawn_sh(command, &pid, &fd, source, ei) == -1)
		goto out;
	if ((r = collect_output(pid, fd, deadline, &out, source, ei)) == 1)
		errinfo_set(ei, EC_CREDENTIALS, "%s: did not finish within %s",
		    source, duration(timeout_ms, buf, sizeof(buf)));
	if (r != 0)
		goto out;
	/* It has exited: what it left running goes, then it is reaped. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	pid = -1;
	if (WIFSIGNALED(status)) {
		errinfo_set(ei, EC_CREDENTIALS, "%s: killed by signal %d",
		    source, WTERMSIG(status));
		goto out;
	}
	if (WEXITSTATUS(status) != 0) {
		errinfo_set(ei, EC_CREDENTIALS, "%s: exited with status %d%s",
		    source, WEXITSTATUS(status),
		    WEXITSTATUS(status) == 127 ? " (command not found?)" : "");
		goto out;
	}
	if (creds_from_json(out.data != NULL ? out.data : "", out.len,
		"SessionToken", 1, source, "output", EC_CREDENTIALS, c,
		ei) == -1)
		goto out;
	ret = 0;
out:
	if (fd != -1)
		close(fd);
	if (pid > 0)
		kill_group(pid);
	buf_release(&out);
	free(source);
	return ret;
}

/* Sends method, without a body, to a credential endpoint, in resp (which
 * the caller releases, and which is released first).  Not a proxy's to
 * see; quiet under --debug; no AWS_CA_BUNDLE and no compression, as
 * botocore's metadata fetchers; not ended by Ctrl-C, which the next request
 * sees: the chain cannot tell an interruption from IMDS's silence.
 * Returns as http_do(), its errors naming source. */
static int
endpoint_request(const char *method, const char *url,
    const struct http_header *headers, size_t nheaders, const char *source,
    struct http_response *resp, struct errinfo *ei)
{
	struct http_request req = {
		.method = method,
		.url = url,
		.headers = headers,
		.nheaders = nheaders,
		.timeout_ms = CREDS_HTTP_TOTAL_MS,
		.connect_timeout_ms = CREDS_HTTP_CONNECT_MS,
		.max_answer = CREDS_MAX_RESPONSE,
		.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION,
		.source = source,
		.flags = HTTP_NO_PROXY | HTTP_QUIET | HTTP_SECRET,
	};

	http_response_release(resp);
	return http_do(&req, resp, ei);
}

/* Whether the http:// host of a full container URI is one the AWS CLI
 * allows: a loopback address, localhost, or an ECS or EKS agent address. */
static int
container_host_ok(const char *host)
{
	static const char *const agents[] = { "169.254.170.2", "169.254.170.23",
		"fd00:ec2::23" };
	unsigned char a[16], b[16];
	char name[64];
	size_t len = strlen(host), i;

	if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
		host++;
		len -= 2;
	}
	if (len >= sizeof(name))
		return 0;
	memcpy(name, host, len);
	name[len] = '\0';
	if (strcasecmp(name, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, name, a) == 1)
		return a[0] == 127 || strcmp(name, agents[0]) == 0 ||
		    strcmp(name, agents[1]) == 0;
	if (inet_pton(AF_INET6, name, a) != 1)
		return 0;
	for (i = 0; i < 15 && a[i] == 0; i++)
		;
	if (i == 15 && a[15] == 1)
		return 1;
	return inet_pton(AF_INET6, agents[2], b) == 1 && memcmp(a, b, 16) == 0;
}

/* Checks $AWS_CONTAINER_CREDENTIALS_FULL_URI: https anywhere, http only to
 * the hosts container_host_ok() allows. */
static int
container_url_ok(const char *url, struct errinfo *ei)
{
	static const char var[] = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
	char *scheme = NULL, *host = NULL;
	int ret = -1;

	if (http_url_split(url, &scheme, &host, ei) == -1)
		goto out;
	if (scheme == NULL) {
		errinfo_set(ei, EC_CREDENTIALS, "%s is not a URL", var);
		goto out;
	}
	if ((strcasecmp(scheme, "https") != 0 &&
		strcasecmp(scheme, "http") != 0) ||
	    host == NULL) {
		errinfo_set(ei, EC_CREDENTIALS, "%s is not an http(s) URL",
		    var);
		goto out;
	}
	if (strcasecmp(scheme, "http") == 0 && !container_host_ok(host)) {
		errinfo_set(ei, EC_CREDENTIALS,
		    "%s: host '%s' is not allowed over http: use https, or a "
		    "loopback address, localhost, 169.254.170.2, "
		    "169.254.170.23 or fd00:ec2::23",
		    var, quotable(host) ? host : "?");
		goto out;
	}
	ret = 0;
out:
	free(scheme);
	free(host);
	return ret;
}

/* The container Authorization value into *auth (a new string to wipe, or
 * NULL for none): the file $AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names
 * (trailing line ends dropped), else $AWS_CONTAINER_AUTHORIZATION_TOKEN. */
static int
container_auth(char **auth, struct errinfo *ei)
{
	const char *file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *var = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
	const char *tok = env(var);
	struct buf b;
	char chunk[512];
	const unsigned char *p;
	ssize_t n;
	int fd = -1, ret = -1;
	bool absent;

	*auth = NULL;
	buf_init_secret(&b, CREDS_MAX_RESPONSE);
	if (file != NULL) {
		var = "the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names";
		if ((fd = ini_open_regular(file,
			 "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
			 CREDS_MAX_RESPONSE, &absent, ei)) == -1)
			goto out;
		while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				errinfo_errno(ei, errno, "cannot read '%s'",
				    file);
				goto out;
			}
			if (!buf_append(&b, chunk, (size_t)n)) {
				errinfo_set(ei, EC_CREDENTIALS,
				    "'%s' is larger than %d bytes", file,
				    CREDS_MAX_RESPONSE);
				goto out;
			}
		}
		while (b.len > 0 &&
		    (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
			b.data[--b.len] = '\0';
		if (b.len > 0 && strlen(b.data) != b.len) {
			errinfo_set(ei, EC_CREDENTIALS, "%s holds a NUL byte",
			    var);
			goto out;
		}
		tok = b.len > 0 ? b.data : NULL;
	}
	if (tok == NULL) {
		ret = 0;
		goto out;
	}
	for (p = (const unsigned char *)tok; *p != '\0'; p++) {
		if ((*p < ' ' && *p != '\t') || *p == 0x7f) {
			errinfo_set(ei, EC_CREDENTIALS,
			    "%s holds a line break or control character", var);
			goto out;
		}
	}
	*auth = xstrdup(tok);
	ret = 0;
out:
	if (fd != -1)
		close(fd);
	explicit_bzero(chunk, sizeof(chunk));
	buf_release(&b);
	return ret;
}

/* GETs url and reads the credentials of its JSON answer (AccessKeyId,
 * SecretAccessKey, Token, Expiration), as the container and instance
 * metadata endpoints give them; source names them in errors. */
static int
fetch_creds(const char *url, const struct http_header *headers, size_t nheaders,
    const char *source, struct aws_creds *c, struct errinfo *ei)
{
	struct http_response r = { 0 };
	int ret = -1;

	if (endpoint_request("GET", url, headers, nheaders, source, &r, ei) ==
	    -1)
		goto out;
	if (r.status != 200) {
		errinfo_set(ei, EC_SERVICE, "%s: HTTP status %ld", source,
		    r.status);
		goto out;
	}
	if (creds_from_json(r.body.data != NULL ? r.body.data : "", r.body.len,
		"Token", 0, source, "answer", EC_SERVICE, c, ei) == -1)
		goto out;
	ret = 0;
out:
	http_response_release(&r);
	return ret;
}

/* Step 5: container credentials, when configured. */
static int
from_container(struct aws_creds *c, struct errinfo *ei)
{
	const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	struct http_header h[2] = { { "Accept", "application/json" } };
	char *url = NULL, *auth = NULL, *source = NULL;
	size_t nh = 1;
	int ret = -1;

	if (rel == NULL && full == NULL)
		return 0;
	xasprintf(&source, "container credentials (%s)",
	    rel != NULL ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
			: "AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if (rel != NULL && *rel != '/') {
		errinfo_set(ei, EC_CREDENTIALS,
		    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI does not start "
		    "with '/'");
		goto out;
	}
	if (rel != NULL)
		xasprintf(&url, "%s%s", CONTAINER_BASE, rel);
	else if (container_url_ok(full, ei) == -1)
		goto out;
	else
		url = xstrdup(full);
	if (container_auth(&auth, ei) == -1)
		goto out;
	if (auth != NULL)
		h[nh++] = (struct http_header){ "Authorization", auth };
	if (fetch_creds(url, h, nh, source, c, ei) == -1)
		goto out;
	ret = 0;
out:
	wipe_free(auth);
	free(url);
	free(source);
	return ret;
}

/* Whether s is an IAM role name: 1 to 64 of [A-Za-z0-9+=,.@_-]. */
static int
role_name_ok(const char *s)
{
	size_t n = strspn(s,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	    "+=,.@_-");

	return n > 0 && n <= 64 && s[n] == '\0';
}

/* Step 6: the instance role from IMDS.  Leaves c empty off EC2 or without a
 * role. */
static int
from_imds(struct aws_creds *c, struct errinfo *ei)
{
	const char *base = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *v = env("AWS_EC2_METADATA_DISABLED");
	const struct http_header ttl = { "X-aws-ec2-metadata-token-ttl-seconds",
		IMDS_TOKEN_TTL };
	struct http_header h = { "X-aws-ec2-metadata-token", NULL };
	struct http_response r = { 0 };
	struct errinfo quiet;
	char *url = NULL, *token = NULL, *role = NULL, *source = NULL;
	size_t blen;
	int ret = -1;

	if (v != NULL && strcasecmp(v, "true") == 0)
		return 0;
	if (base == NULL) {
		v = env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
		base = v != NULL && strcasecmp(v, "ipv6") == 0 ? IMDS_BASE_IPV6
							       : IMDS_BASE;
	}
	for (blen = strlen(base); blen > 0 && base[blen - 1] == '/'; blen--)
		;
	xasprintf(&url, "%.*s%s", (int)blen, base, IMDS_TOKEN_PATH);
	/* The failures below are quiet; a missing libcurl is not. */
	if (http_load(ei) == -1)
		goto out;
	if (endpoint_request("PUT", url, &ttl, 1, "IMDS", &r, &quiet) == -1 ||
	    (r.status != 200 && r.status != 403 && r.status != 404 &&
		r.status != 405)) {
		ret = 0; /* not on EC2, or IMDS refuses us: no credentials */
		goto out;
	}
	if (r.status == 200) {
		if (r.body.data == NULL || !cred_value_ok(r.body.data)) {
			ret = 0;
			goto out;
		}
		h.value = token = xstrdup(r.body.data);
	}
	free(url);
	xasprintf(&url, "%.*s%s", (int)blen, base, IMDS_ROLE_PATH);
	if (endpoint_request("GET", url, &h, token != NULL ? 1 : 0, "IMDS", &r,
		&quiet) == -1 ||
	    r.status != 200 || r.body.data == NULL) {
		ret = 0; /* no role */
		goto out;
	}
	role = xstrndup(r.body.data, strcspn(r.body.data, "\r\n"));
	if (*role == '\0') {
		ret = 0;
		goto out;
	}
	if (!role_name_ok(role)) {
		errinfo_set(ei, EC_SERVICE,
		    "EC2 instance metadata: the role name is not valid");
		goto out;
	}
	xasprintf(&source, "EC2 instance role '%s'", role);
	free(url);
	xasprintf(&url, "%.*s%s%s", (int)blen, base, IMDS_ROLE_PATH, role);
	if (fetch_creds(url, &h, token != NULL ? 1 : 0, source, c, ei) == -1)
		goto out;
	ret = 0;
out:
	http_response_release(&r);
	wipe_free(token);
	free(url);
	free(role);
	free(source);
	return ret;
}

int
creds_resolve(const char *profile, struct aws_creds *c, struct errinfo *ei)
{
	struct profile p = { 0 };
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (profile == NULL && from_env(c, ei) == -1)
		goto out;
	if (c->access_key == NULL && profile == NULL &&
	    env("AWS_ROLE_ARN") != NULL &&
	    env("AWS_WEB_IDENTITY_TOKEN_FILE") != NULL) {
		errinfo_set(ei, EC_CREDENTIALS,
		    "AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE needs STS, "
		    "which flowdiag does not call: export the credentials "
		    "with 'aws configure export-credentials --format env' "
		    "(AWS CLI v2)");
		goto out;
	}
	if (c->access_key == NULL &&
	    (profile_load(profile, &p, ei) == -1 ||
		from_profile(&p, c, ei) == -1))
		goto out;
	if (c->access_key == NULL && from_container(c, ei) == -1)
		goto out;
	if (c->access_key == NULL && from_imds(c, ei) == -1)
		goto out;
	if (c->access_key == NULL) {
		errinfo_set(ei, EC_CREDENTIALS, NO_CREDENTIALS);
		goto out;
	}
	ret = 0;
out:
	if (ret == -1)
		creds_release(c);
	profile_release(&p);
	return ret;
}

/* Whether s is a DNS label, as a region name must be. */
static int
region_ok(const char *s)
{
	size_t n = strspn(s,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

	return n > 0 && n <= 63 && s[n] == '\0' && s[0] != '-' &&
	    s[n - 1] != '-';
}

int
region_resolve(const char *flag, const char *profile, char **region,
    struct errinfo *ei)
{
	struct profile p = { 0 };
	const char *v, *from;
	char *fromp = NULL;
	int ret = -1;

	*region = NULL;
	if ((v = flag) != NULL)
		from = "--region";
	else if ((v = env("AWS_REGION")) != NULL)
		from = "AWS_REGION";
	else if ((v = env("AWS_DEFAULT_REGION")) != NULL)
		from = "AWS_DEFAULT_REGION";
	else {
		if (profile_load(profile, &p, ei) == -1)
			goto out;
		if ((v = profile_get(&p, "region")) == NULL) {
			errinfo_set(ei, EC_USAGE,
			    "no AWS region: pass --region, set AWS_REGION, or "
			    "set one for profile '%s' (aws configure set "
			    "region REGION%s%s)",
			    p.name, p.named ? " --profile " : "",
			    p.named ? p.name : "");
			goto out;
		}
		xasprintf(&fromp, "region of profile '%s'", p.name);
		from = fromp;
	}
	if (!region_ok(v)) {
		if (quotable(v))
			errinfo_set(ei, EC_USAGE,
			    "%s: '%s' is not a region name (us-east-1)", from,
			    v);
		else
			errinfo_set(ei, EC_USAGE,
			    "%s: not a region name (us-east-1)", from);
		goto out;
	}
	*region = xstrdup(v);
	ret = 0;
out:
	free(fromp);
	profile_release(&p);
	return ret;
}

void
creds_release(struct aws_creds *c)
{
	if (c == NULL)
		return;
	if (c->secret_key != NULL)
		redact_remove(c->secret_key);
	if (c->session_token != NULL)
		redact_remove(c->session_token);
	free(c->access_key);
	wipe_free(c->secret_key);
	wipe_free(c->session_token);
	free(c->source);
	memset(c, 0, sizeof(*c));
}
