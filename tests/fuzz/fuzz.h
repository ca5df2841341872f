/*
 * What the fuzz harnesses share: a check that aborts with a message, so
 * that libFuzzer saves the input, and the comparison of two records.
 */
#ifndef FLOWDIAG_FUZZ_H
#define FLOWDIAG_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/flow.h"

#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, \
			    #cond);                                        \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text of field f of r, as flow_text() would give it ("-" absent,
 * NULL not in the format), read from r's members alone. */
static inline const char *
fuzz_text(const struct flow_record *r, enum flow_field f)
{
	return r->off[f] == FLOW_NOTEXT ? NULL : r->text + r->off[f];
}

static inline int
fuzz_same_addr(const struct addr *a, const struct addr *b)
{
	return a->family == b->family && (a->family == 0 || addr_equal(a, b));
}

/* Aborts unless a and b hold the same values and texts for the fields
 * in has; what names the two parses. */
static inline void
fuzz_same_record(const struct flow_record *a, const struct flow_record *b,
    uint64_t has, const char *what)
{
	const char *ta, *tb;
	int f;

	FUZZ_CHECK((a->present & has) == (b->present & has),
	    "%s: present %llx vs %llx", what, (unsigned long long)a->present,
	    (unsigned long long)b->present);
	FUZZ_CHECK(a->packets == b->packets && a->bytes == b->bytes &&
		a->start == b->start && a->end == b->end &&
		a->srcport == b->srcport && a->dstport == b->dstport &&
		a->version == b->version && a->protocol == b->protocol &&
		a->tcp_flags == b->tcp_flags &&
		a->traffic_path == b->traffic_path && a->action == b->action &&
		a->log_status == b->log_status &&
		a->direction == b->direction && a->type == b->type,
	    "%s: numbers differ", what);
	FUZZ_CHECK(memcmp(a->packets_lost, b->packets_lost,
		       sizeof(a->packets_lost)) == 0,
	    "%s: packets lost differ", what);
	FUZZ_CHECK(fuzz_same_addr(&a->srcaddr, &b->srcaddr) &&
		fuzz_same_addr(&a->dstaddr, &b->dstaddr) &&
		fuzz_same_addr(&a->pkt_srcaddr, &b->pkt_srcaddr) &&
		fuzz_same_addr(&a->pkt_dstaddr, &b->pkt_dstaddr),
	    "%s: addresses differ", what);
	for (f = 0; f < FLOW_NFIELDS; f++) {
		if ((has & FLOW_BIT(f)) == 0)
			continue;
		ta = fuzz_text(a, f);
		tb = fuzz_text(b, f);
		FUZZ_CHECK(ta != NULL && tb != NULL && strcmp(ta, tb) == 0,
		    "%s: field %s: '%s' vs '%s'", what,
		    flow_field_info(f)->name, ta != NULL ? ta : "(none)",
		    tb != NULL ? tb : "(none)");
	}
}

#endif
