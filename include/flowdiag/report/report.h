/*
 * The verdict as people and scripts read it: text with the evidence, the
 * reasoning and the next steps, or one JSON document.
 */
#ifndef FLOWDIAG_REPORT_H
#define FLOWDIAG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "flowdiag/engine/engine.h"

enum report_flags {
	REPORT_COLOUR = 1 << 0,  /* ANSI colour on the verdict line */
	REPORT_EXPLAIN = 1 << 1, /* add the teaching notes */
	REPORT_REPL = 1 << 2,    /* point to the REPL's commands */
};

/* Lays text out for cols columns (80 until told, at least 40): paragraphs
 * and evidence fill to two columns short of it and break between words
 * only.  The front end measures its terminal (util/term.h); this layer
 * never asks. */
void report_set_width(size_t cols);

/* The whole report, as flowdiag check prints it: the verdict, then each
 * of the sections below in turn. */
void report_text(FILE *fp, const struct diagnosis *d, int flags);

/* The verdict and summary, then its cause, confidence and rule. */
void report_verdict_text(FILE *fp, const struct diagnosis *d, int flags);
/* The records that show the verdict, with where each was read. */
void report_evidence_text(FILE *fp, const struct diagnosis *d, int flags);
/* The reasoning: why, what lowered the confidence, what the records
 * cannot tell, how the clients differ, the gaps in the logging. */
void report_why_text(FILE *fp, const struct diagnosis *d);
/* The clients grouped by outcome when they differ, and the scanners set
 * apart; nothing when there is neither (report_why_text() includes it). */
void report_clients_text(FILE *fp, const struct diagnosis *d);
/* The numbered next steps and the Reachability Analyzer codes. */
void report_next_text(FILE *fp, const struct diagnosis *d);
/* The verdict's teaching notes. */
void report_learn_text(FILE *fp, const struct diagnosis *d);

/* Prints text as a paragraph wrapped to the width, each line after
 * prefix. */
void report_wrap(FILE *fp, const char *prefix, const char *text);

/* Prints text wrapped to the width after first, which takes col
 * columns, each further line after prefix.  The text is escaped before it
 * is cut, so that the widths are those of what shows. */
void report_wrap_at(FILE *fp, const char *first, size_t col, const char *prefix,
    const char *text);

/* The whole diagnosis as a JSON object; returns a new reference. */
json_t *report_json(const struct diagnosis *d);

#endif
