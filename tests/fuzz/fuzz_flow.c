/*
 * Record lines of any format: the input's first line is a log format
 * ("${version} ${vpc-id} ...", as --log-format takes it) or an S3 header
 * line ("version vpc-id ..."), each further line a record of it.  Each
 * record is parsed at every vector level this CPU has and by the plain
 * build (FLOW_PORTABLE): all must take or refuse it alike, with the same
 * values and words.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/simd.h"

#include "flow-portable.h"
#include "fuzz.h"

static void
parse_all(const struct flow_format *fmt, const char *line, size_t len)
{
	const char *names[] = { "scalar", "sse2", "avx2", "avx512" };
	struct flow_record ref, r;
	struct errinfo ei_ref, ei;
	char *scratch = malloc(len + 1), *ref_scratch = malloc(len + 1);
	int level, best = simd_best(), ret_ref, ret;

	errinfo_clear(&ei_ref);
	ret_ref = portable_flow_parse_line(fmt, line, len, ref_scratch, &ref,
	    &ei_ref);
	for (level = SIMD_SCALAR; level <= best; level++) {
		simd_cap(level);
		errinfo_clear(&ei);
		ret = flow_parse_line(fmt, line, len, scratch, &r, &ei);
		FUZZ_CHECK(ret == ret_ref, "%s: %d, plain %d (%s | %s)",
		    names[level], ret, ret_ref, ei.msg, ei_ref.msg);
		if (ret == 0)
			fuzz_same_record(&r, &ref, fmt->has, names[level]);
		else
			FUZZ_CHECK(strcmp(ei.msg, ei_ref.msg) == 0,
			    "%s: '%s', plain '%s'", names[level], ei.msg,
			    ei_ref.msg);
	}
	simd_cap(SIMD_AVX512);
	free(scratch);
	free(ref_scratch);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct flow_format fmt;
	struct errinfo ei;
	char *spec;
	size_t n;

	if ((nl = memchr(p, '\n', size)) == NULL)
		nl = end;
	n = (size_t)(nl - p);
	spec = malloc(n + 1);
	memcpy(spec, p, n);
	spec[n] = '\0';
	if (flow_format_parse(spec, &fmt, &ei) == -1 &&
	    flow_format_from_header(spec, n, &fmt, &ei) == -1) {
		free(spec);
		return 0;
	}
	free(spec);
	for (p = nl < end ? nl + 1 : end; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		parse_all(&fmt, p, (size_t)(nl - p));
		if (nl == end)
			break;
	}
	return 0;
}
