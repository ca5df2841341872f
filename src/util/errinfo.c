#include "config.h"

#include "flowdiag/util/errinfo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "flowdiag/util/redact.h"

int
errinfo_set(struct errinfo *ei, enum errcode code, const char *fmt, ...)
{
	va_list ap;

	if (ei == NULL)
		return -1;
	ei->code = code;
	va_start(ap, fmt);
	vsnprintf(ei->msg, sizeof(ei->msg), fmt, ap);
	va_end(ap);
	redact_text(ei->msg);
	return -1;
}

int
errinfo_errno(struct errinfo *ei, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;
	enum errcode code;

	if (ei == NULL)
		return -1;
	switch (errnum) {
	case ENOENT:
	case ENOTDIR:
		code = EC_NOINPUT;
		break;
	case EACCES:
	case EPERM:
		code = EC_PERM;
		break;
	default:
		code = EC_IO;
		break;
	}
	ei->code = code;
	va_start(ap, fmt);
	vsnprintf(ei->msg, sizeof(ei->msg), fmt, ap);
	va_end(ap);
	len = strlen(ei->msg);
	snprintf(ei->msg + len, sizeof(ei->msg) - len, ": %s",
	    strerror(errnum));
	redact_text(ei->msg);
	return -1;
}

void
errinfo_clear(struct errinfo *ei)
{
	ei->code = EC_OK;
	ei->msg[0] = '\0';
}

const char *
errinfo_code_name(enum errcode code)
{
	switch (code) {
	case EC_OK:
		return "ok";
	case EC_USAGE:
		return "usage";
	case EC_DATA:
		return "data";
	case EC_NOINPUT:
		return "no_input";
	case EC_UNAVAILABLE:
		return "unavailable";
	case EC_IO:
		return "io";
	case EC_PERM:
		return "permission";
	case EC_CREDENTIALS:
		return "credentials";
	case EC_EXPIRED:
		return "expired";
	case EC_DENIED:
		return "denied";
	case EC_NOT_FOUND:
		return "not_found";
	case EC_SIGNATURE:
		return "signature";
	case EC_NET:
		return "network";
	case EC_TLS:
		return "tls";
	case EC_THROTTLED:
		return "throttled";
	case EC_QUERY:
		return "query";
	case EC_SERVICE:
		return "service";
	case EC_INTERRUPTED:
		return "interrupted";
	case EC_INTERNAL:
		break;
	}
	return "internal";
}

int
errinfo_exit_status(enum errcode code)
{
	switch (code) {
	case EC_OK:
		return 0;
	case EC_USAGE:
		return EX_USAGE;
	case EC_DATA:
		return EX_DATAERR;
	case EC_NOINPUT:
		return EX_NOINPUT;
	case EC_UNAVAILABLE:
		return EX_UNAVAILABLE;
	case EC_IO:
		return EX_IOERR;
	case EC_PERM:
		return EX_NOPERM;
	case EC_CREDENTIALS:
		return 20;
	case EC_EXPIRED:
		return 21;
	case EC_DENIED:
		return 22;
	case EC_NOT_FOUND:
		return 23;
	case EC_SIGNATURE:
		return 24;
	case EC_NET:
		return 25;
	case EC_TLS:
		return 26;
	case EC_THROTTLED:
		return 27;
	case EC_QUERY:
		return 28;
	case EC_SERVICE:
		return EX_UNAVAILABLE;
	case EC_INTERRUPTED:
		return 128 + 2; /* SIGINT, as a shell reports it */
	case EC_INTERNAL:
		break;
	}
	return EX_SOFTWARE;
}
