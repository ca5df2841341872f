/*
 * GetQueryResults answers: each row of "results" made a record line, as
 * insights_fetch() does, which must then parse in the row format (or be
 * refused with a reason), whatever the row held.  The input's first byte
 * picks the query's format: the default one or version 5's.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

#include "../../src/aws/insights-int.h"
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
	struct flow_format fmt, rows;
	struct flow_record r;
	struct errinfo ei;
	json_error_t jerr;
	json_t *doc, *row;
	struct buf line;
	char *scratch;
	size_t i;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		FUZZ_CHECK(flow_format_parse(v5, &fmt, &ei) == 0, "%s", ei.msg);
	else
		flow_format_default(&fmt);
	if ((doc = json_loadb((const char *)data + 1, size - 1, 0, &jerr)) ==
	    NULL)
		return 0;
	insights_row_format(&fmt, &rows);
	buf_init(&line, 65536);
	json_array_foreach (json_object_get(doc, "results"), i, row) {
		insights_row_line(row, &fmt, &line);
		scratch = malloc(line.len + 1);
		if (flow_parse_line(&rows, line.data != NULL ? line.data : "",
			line.len, scratch, &r, &ei) == -1)
			FUZZ_CHECK(ei.msg[0] != '\0',
			    "refused without a reason");
		free(scratch);
	}
	buf_release(&line);
	json_decref(doc);
	return 0;
}
