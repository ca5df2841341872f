/*
 * flow_parse_line() of flow.c's plain build (flow-portable.c), renamed so
 * that it links beside the library's.
 */
#ifndef FLOWDIAG_FUZZ_FLOW_PORTABLE_H
#define FLOWDIAG_FUZZ_FLOW_PORTABLE_H

#include <stddef.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/util/errinfo.h"

int portable_flow_parse_line(const struct flow_format *fmt, const char *line,
    size_t len, char *scratch, struct flow_record *r, struct errinfo *ei);

#endif
