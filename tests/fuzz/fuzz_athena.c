/*
 * GetQueryResults answers of an Athena query: the first row names the
 * columns, and each row after it is made a record line, as athena_fetch()
 * does, which must then parse in the row format (or be refused with a
 * reason), whatever the rows held.  The input's first byte picks the
 * table: the version 2 columns or versions 2 to 5.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "flowdiag/aws/athena.h"
#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct athena_layout l = { 0 };
	struct flow_format out;
	struct flow_record r;
	struct errinfo ei;
	json_error_t jerr;
	json_t *doc, *rows, *row;
	struct buf line;
	int col[FLOW_NFIELDS];
	char *scratch;
	size_t i;
	int f;

	if (size < 1)
		return 0;
	for (f = 0; f <= (data[0] & 1 ? FF_TRAFFIC_PATH : FF_LOG_STATUS); f++)
		l.has |= FLOW_BIT(f);
	if ((doc = json_loadb((const char *)data + 1, size - 1, 0, &jerr)) ==
	    NULL)
		return 0;
	athena_row_format(&l, &out);
	rows = json_object_get(json_object_get(doc, "ResultSet"), "Rows");
	if (athena_map_columns(json_array_get(rows, 0), &out, col, &ei) == -1) {
		FUZZ_CHECK(ei.msg[0] != '\0',
		    "header refused without a reason");
		json_decref(doc);
		return 0;
	}
	buf_init(&line, 65536);
	json_array_foreach (rows, i, row) {
		if (i == 0)
			continue;
		athena_row_line(row, &out, col, &line);
		scratch = malloc(line.len + 1);
		if (flow_parse_line(&out, line.data != NULL ? line.data : "",
			line.len, scratch, &r, &ei) == -1)
			FUZZ_CHECK(ei.msg[0] != '\0',
			    "refused without a reason");
		free(scratch);
	}
	buf_release(&line);
	json_decref(doc);
	return 0;
}
