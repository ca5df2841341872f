/*
 * The output stage: what a scan found, as text for people or JSON for
 * scripts.
 */
#ifndef FLOWDIAG_OUTPUT_H
#define FLOWDIAG_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "flowdiag/input/scan.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/errinfo.h"

/* The version of every JSON document flowdiag prints, its
 * "schema_version": raised when a key changes meaning or goes, so that a
 * script can refuse a shape it does not know (schema/ describes it). */
#define OUTPUT_SCHEMA_VERSION 1

/* A path to show: a long one (an S3 export's) as its file name alone. */
const char *output_short_name(const char *path);

/* The kept matching records as an aligned table. */
void output_records_text(FILE *fp, const struct scan *s);

/* The n kept records at indices idx[] (NULL: the first n) as a table,
 * at most max columns wide (0: as wide as it takes).  Too wide, a column
 * with one value on every row is said once above the table instead, the
 * widest first; still too wide, each row stops at max, the cell it
 * crosses ending with '>' and the columns after it left out. */
void output_records_table(FILE *fp, const struct scan *s, const size_t *idx,
    size_t n, size_t max);

/* s as a JSON string, each invalid UTF-8 byte as U+FFFD, where jansson
 * would refuse it and drop the key; returns a new reference.  Every
 * string of the JSON output is made with it. */
json_t *output_json_text(const char *s);

/* One record as a JSON object with a key per field of its format;
 * returns a new reference. */
json_t *output_record_json(const struct flow_record *r, enum target_side side);

/* The kept matching records as a JSON object: "schema_version",
 * "exit_status" (the status the process returns: 65 when damage ended a
 * file early, as verdict.exit_status in a report) and the "records"
 * array. */
json_t *output_records_json(const struct scan *s, int exit_status);

/* The target and window as JSON; returns a new reference. */
json_t *output_target_json(const struct target *t);

/* What was read: files, units, matches and malformed lines, as JSON. */
json_t *output_input_json(const struct scan *s);

/* A short account of the scan for people. */
void output_summary_text(FILE *fp, const struct scan *s);

/* Warnings about the input (malformed lines, skipped files, records not
 * kept) to fp, usually stderr. */
void output_warnings(FILE *fp, const struct scan *s);

/* An error as a JSON object ({"schema_version", "error": {"code",
 * "status", "message"}}), printed on stdout after --json so that a
 * pipeline sees it; returns a new reference. */
json_t *output_error_json(const struct errinfo *ei);

/* Writes a JSON value with a final newline; -1 with ei on a write error. */
int output_json(FILE *fp, json_t *v, struct errinfo *ei);

#endif
