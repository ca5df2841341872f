#include "config.h"

#include "flowdiag/util/notice.h"

#include <stdarg.h>
#include <stdio.h>

#include "flowdiag/util/redact.h"

/* The longest notice: a progress line or a trace of a request's header;
 * longer ones are cut. */
#define NOTICE_MAX 2048

static notice_fn *sink;
static void *sink_arg;

void
notice_set(notice_fn *fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

void
notice(enum notice_kind kind, const char *fmt, ...)
{
	char text[NOTICE_MAX];
	va_list ap;

	if (sink == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	redact_text(text);
	sink(sink_arg, kind, text);
}
