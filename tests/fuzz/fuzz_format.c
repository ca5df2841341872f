/*
 * Log formats, as --log-format and EC2's LogFormat give them, and the
 * header line of S3 objects: a format taken is written back as
 * "${a} ${b} ..." and read again to the same fields; JSON keys are
 * looked up in their spellings.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/format.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

/* Writes fmt out and reads it back. */
static void
round_trip(const struct flow_format *fmt, const char *what)
{
	char text[FLOW_NFIELDS * 40];
	struct flow_format again;
	struct errinfo ei;

	flow_format_string(fmt, text, sizeof(text));
	FUZZ_CHECK(flow_format_parse(text, &again, &ei) == 0,
	    "%s: '%s' not read back: %s", what, text, ei.msg);
	FUZZ_CHECK(flow_format_equal(fmt, &again), "%s: '%s' read back other",
	    what, text);
	FUZZ_CHECK(again.has == fmt->has, "%s: has differs", what);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_format fmt;
	struct errinfo ei;
	char *spec = malloc(size + 1);
	unsigned int i;

	memcpy(spec, data, size);
	spec[size] = '\0';
	if (flow_format_parse(spec, &fmt, &ei) == 0) {
		FUZZ_CHECK(fmt.n > 0 && fmt.n <= FLOW_NFIELDS, "n %u", fmt.n);
		round_trip(&fmt, "log format");
	}
	if (flow_format_from_header(spec, size, &fmt, &ei) == 0) {
		FUZZ_CHECK(fmt.n > 0 && fmt.n <= FLOW_NFIELDS, "n %u", fmt.n);
		for (i = 0; i < fmt.n; i++)
			FUZZ_CHECK(fmt.field[i] < FLOW_NFIELDS, "field %u", i);
		round_trip(&fmt, "header");
	}
	(void)flow_field_lookup_key(spec);
	(void)flow_field_lookup(spec, strlen(spec));
	free(spec);
	return 0;
}
