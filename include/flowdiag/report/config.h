/*
 * The configuration's part of a report: for the flows the verdict speaks
 * of, each layer they cross with its decision and the entry that made it
 * (text, JSON), and for teach, the target's own entries in the order AWS
 * reads them.
 */
#ifndef FLOWDIAG_REPORT_CONFIG_H
#define FLOWDIAG_REPORT_CONFIG_H

#include <stdio.h>

#include <jansson.h>

#include "flowdiag/engine/engine.h"

/* The "Configuration" section: nothing without a configuration. */
void report_config_text(FILE *fp, const struct diagnosis *d);

/* The config object of the JSON report, or JSON null without one; a new
 * reference. */
json_t *report_config_json(const struct diagnosis *d);

/* How the target's network ACL and security groups judge the verdict's
 * flow, entry by entry: rule-number order, the first match, stateful
 * against stateless, with the user's own entries. */
void report_config_teach(FILE *fp, const struct diagnosis *d);

#endif
