/*
 * Flow log records inside JSON: a CloudWatch event whose "message" is a
 * record line, or an object with one key per field.
 */
#ifndef FLOWDIAG_JSONREC_H
#define FLOWDIAG_JSONREC_H

#include <stddef.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/util/errinfo.h"

enum jsonrec_kind {
	JSONREC_NONE,   /* neither: metadata such as searchedLogStreams */
	JSONREC_EVENT,  /* {"message": "2 123456789012 eni-...", ...} */
	JSONREC_FIELDS, /* {"srcaddr": "10.0.1.5", "dstport": 80, ...} */
};

/* Parses the JSON object text[0..len) into r.  An event's message is read
 * with fmt, and its eventId kept.  scratch holds len + 1 bytes and is
 * borrowed by r.  Returns the kind, or -1 with ei set when the object is
 * not JSON or its record is malformed. */
int jsonrec_parse(const char *text, size_t len, const struct flow_format *fmt,
    char *scratch, struct flow_record *r, struct errinfo *ei);

#endif
