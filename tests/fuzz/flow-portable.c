/*
 * src/record/flow.c built again with its plain paths only (FLOW_PORTABLE,
 * as test_flow_portable builds it) and its functions renamed portable_*,
 * so that one fuzz harness holds the fast paths and the plain ones to the
 * same answers (flow-portable.h).
 */
#include "config.h"

#define FLOW_PORTABLE         1
#define flow_text             portable_flow_text
#define flow_parse_line       portable_flow_parse_line
#define flow_convert          portable_flow_convert
#define flow_record_copy      portable_flow_record_copy
#define flow_record_release   portable_flow_record_release
#define flow_action_name      portable_flow_action_name
#define flow_status_name      portable_flow_status_name
#define flow_protocol_name    portable_flow_protocol_name
#define flow_protocol_lookup  portable_flow_protocol_lookup
#define flow_tcp_flags_string portable_flow_tcp_flags_string

#include "../../src/record/flow.c"
