/*
 * Default-format record lines, every way flow.c can read them: at each
 * vector level this CPU has (the AVX-512 parse of short lines, the SSE2
 * cutter, the word-at-a-time one), the plain build (FLOW_PORTABLE), and
 * the general field-by-field conversion, reached by a fifteenth field
 * that takes the line off the default format's fast paths.  All must
 * take or refuse the line alike, with the same values and words.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/simd.h"

#include "flow-portable.h"
#include "fuzz.h"

/* What the general path's fifteenth field adds to the line. */
static const char extra[] = " vpc-0fuzz";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_format def, wide;
	struct flow_record ref, r;
	struct errinfo ei_ref, ei;
	char *line, *scratch, *longer, *ref_scratch;
	const char *names[] = { "scalar", "sse2", "avx2", "avx512" };
	int level, best = simd_best(), ret_ref, ret;

	if (size > FLOW_LINE_MAX - sizeof(extra))
		return -1;
	/* flow_parse_line() drops a trailing CR and LF: so does the line the
	 * fifteenth field follows. */
	while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	line = malloc(size + 1);
	scratch = malloc(size + sizeof(extra) + 1);
	longer = malloc(size + sizeof(extra));
	memcpy(line, data, size);
	line[size] = '\0';
	flow_format_default(&def);
	wide = def;
	wide.field[wide.n++] = FF_VPC_ID;
	wide.has |= FLOW_BIT(FF_VPC_ID);

	/* The plain build is the reference. */
	ref_scratch = malloc(size + 1);
	errinfo_clear(&ei_ref);
	ret_ref = portable_flow_parse_line(&def, line, size, ref_scratch, &ref,
	    &ei_ref);

	for (level = SIMD_SCALAR; level <= best; level++) {
		simd_cap(level);
		errinfo_clear(&ei);
		ret = flow_parse_line(&def, line, size, scratch, &r, &ei);
		FUZZ_CHECK(ret == ret_ref, "%s: %d, plain %d (%s | %s)",
		    names[level], ret, ret_ref, ei.msg, ei_ref.msg);
		if (ret == 0)
			fuzz_same_record(&r, &ref, def.has, names[level]);
		else
			FUZZ_CHECK(strcmp(ei.msg, ei_ref.msg) == 0,
			    "%s: '%s', plain '%s'", names[level], ei.msg,
			    ei_ref.msg);

		/* The general path, with a field more. */
		memcpy(longer, line, size);
		memcpy(longer + size, extra, sizeof(extra) - 1);
		errinfo_clear(&ei);
		ret = flow_parse_line(&wide, longer, size + sizeof(extra) - 1,
		    scratch, &r, &ei);
		FUZZ_CHECK(ret == ret_ref, "%s general: %d, plain %d (%s | %s)",
		    names[level], ret, ret_ref, ei.msg, ei_ref.msg);
		if (ret == 0) {
			fuzz_same_record(&r, &ref, def.has, "general");
			FUZZ_CHECK(strcmp(fuzz_text(&r, FF_VPC_ID),
				       extra + 1) == 0,
			    "general: vpc-id '%s'", fuzz_text(&r, FF_VPC_ID));
		} else if (strncmp(ei.msg, "expected ", 9) != 0) {
			FUZZ_CHECK(strcmp(ei.msg, ei_ref.msg) == 0,
			    "%s general: '%s', plain '%s'", names[level],
			    ei.msg, ei_ref.msg);
		}
	}
	simd_cap(SIMD_AVX512);
	free(ref_scratch);
	free(line);
	free(scratch);
	free(longer);
	return 0;
}
