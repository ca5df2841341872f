/*
 * The resource ids a record names (interface, subnet, VPC, instance,
 * account, transit gateway) checked against the forms AWS writes, before
 * any becomes a fact: an id goes into the report and into the commands a
 * user is told to run, so a record that bends one (a ';', a '$(', an
 * escape) is malformed input, not evidence.
 */
#ifndef FLOWDIAG_RECORD_IDS_H
#define FLOWDIAG_RECORD_IDS_H

#include <stdbool.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/util/errinfo.h"

/* Whether s is a valid value of field f; true for a field of no fixed
 * form. */
bool ids_valid(enum flow_field f, const char *s);

/* 0 when s is a valid value of field f, else -1 with ei naming the field,
 * the value and its form (EC_DATA). */
int ids_check_field(enum flow_field f, const char *s, struct errinfo *ei);

/* 0 when every id field r holds has its form, else -1 with ei naming the
 * first that does not (EC_DATA). */
int ids_check(const struct flow_record *r, struct errinfo *ei);

#endif
