/*
 * JSON records: CloudWatch events ({"message": "2 123456789012 ...",
 * "eventId": ...}) and objects with a key per field, as --input json
 * reads them a line at a time.  The input's first byte picks the format
 * an event's message is read with: the default one, or version 5's.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/jsonrec.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

static const char v5[] =
    "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} "
    "${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    "${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} "
    "${start} ${end} ${action} ${tcp-flags} ${log-status} "
    "${flow-direction} ${traffic-path}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_format fmt;
	struct flow_record r;
	struct errinfo ei;
	char *text, *scratch;
	int kind, f;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		FUZZ_CHECK(flow_format_parse(v5, &fmt, &ei) == 0, "%s", ei.msg);
	else
		flow_format_default(&fmt);
	data++;
	size--;
	/* Exactly size bytes, so that ASan sees a read past them. */
	text = malloc(size != 0 ? size : 1);
	scratch = malloc(size + 1);
	memcpy(text, data, size);
	kind = jsonrec_parse(text, size, &fmt, scratch, &r, &ei);
	FUZZ_CHECK(kind >= -1 && kind <= JSONREC_FIELDS, "kind %d", kind);
	if (kind == JSONREC_EVENT || kind == JSONREC_FIELDS) {
		FUZZ_CHECK(r.text_len <= size + 1, "text_len %u of %zu",
		    r.text_len, size);
		for (f = 0; f < FLOW_NFIELDS; f++) {
			if (r.off[f] != FLOW_NOTEXT)
				FUZZ_CHECK(r.off[f] < r.text_len &&
					memchr(r.text + r.off[f], '\0',
					    r.text_len - r.off[f]) != NULL,
				    "field %d", f);
		}
	}
	free(text);
	free(scratch);
	return 0;
}
