#include "config.h"

#include "flowdiag/input/scan.h"
#include "scan-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/util/xmalloc.h"

void
scan_init(struct scan *s, const struct scan_options *opt)
{
	memset(s, 0, sizeof(*s));
	s->opt = *opt;
	if (s->opt.keep == 0)
		s->opt.keep = SCAN_KEEP_DEFAULT;
	if (opt->format != NULL)
		s->format = *opt->format;
	else
		flow_format_default(&s->format);
	if (opt->census != NULL)
		snprintf(s->needle, sizeof(s->needle), "%s", opt->census);
	/* Without a needle (the address ::) every line is a candidate. */
	else if (target_needle(opt->target, s->needle, sizeof(s->needle))[0] ==
	    '\0')
		s->opt.examine_all = true;
	iface_table_init(&s->ifaces);
	s->fields = ~(uint64_t)0;
	s->format_fields = ~(uint64_t)0;
	s->first = INT64_MAX;
	s->last = INT64_MIN;
	s->scratch_size = JSON_UNIT_MAX + 1;
	s->scratch = xmalloc(s->scratch_size);
}

void
scan_set_format(struct scan *s, const struct flow_format *fmt)
{
	s->format = *fmt;
}

void
scan_release(struct scan *s)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < s->nfiles; i++) {
		for (j = 0; j < s->files[i]->nshown; j++)
			free(s->files[i]->shown[j].why);
		free(s->files[i]->problem);
		free(s->files[i]->name);
		free(s->files[i]);
	}
	free(s->files);
	for (i = 0; i < s->nmatches; i++)
		flow_record_release(&s->matches[i].rec);
	free(s->matches);
	iface_table_release(&s->ifaces);
	free(s->query.engine);
	free(s->query.id);
	free(s->scratch);
	memset(s, 0, sizeof(*s));
}

struct scan_file *
scan_add_file(struct scan *s, const char *name, enum scan_kind kind)
{
	struct scan_file *sf = xcalloc(1, sizeof(*sf));

	sf->name = xstrdup(strcmp(name, "-") == 0 ? "(stdin)" : name);
	sf->kind = kind;
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	s->files[s->nfiles++] = sf;
	return sf;
}

/* Moves the malformed lines shown of from into sf, base lines down. */
static void
merge_shown(struct scan_file *sf, struct scan_file *from, uint64_t base)
{
	unsigned int i;

	for (i = 0; i < from->nshown; i++) {
		if (sf->nshown < SCAN_SHOWN) {
			sf->shown[sf->nshown] = from->shown[i];
			sf->shown[sf->nshown++].line += base;
		} else
			free(from->shown[i].why);
	}
	from->nshown = 0;
}

void
scan_absorb(struct scan *s, struct scan *w, bool continued, uint64_t base)
{
	struct scan_file *sf, *from;
	size_t i, kept = 0;

	for (i = 0; i < w->nfiles; i++) {
		from = w->files[i];
		if (i > 0 || !continued || s->nfiles == 0) {
			s->files = xreallocarray(s->files, s->nfiles + 1,
			    sizeof(*s->files));
			s->files[s->nfiles++] = from;
			continue;
		}
		w->files[kept++] = from; /* released with w */
		sf = s->files[s->nfiles - 1];
		sf->units += from->units;
		sf->examined += from->examined;
		sf->matched += from->matched;
		sf->malformed += from->malformed;
		sf->malformed_target += from->malformed_target;
		sf->partial |= from->partial;
		merge_shown(sf, from, base);
		if (sf->problem == NULL) {
			sf->problem = from->problem;
			from->problem = NULL;
		}
	}
	w->nfiles = kept;
	sf = s->nfiles > 0 ? s->files[s->nfiles - 1] : NULL;
	for (i = 0; i < w->nmatches; i++) {
		struct scan_match *m = &w->matches[i];

		if (s->nmatches == s->opt.keep) {
			flow_record_release(&m->rec);
			continue;
		}
		if (s->nmatches == s->capmatches) {
			s->capmatches =
			    s->capmatches == 0 ? 64 : s->capmatches * 2;
			if (s->capmatches > s->opt.keep)
				s->capmatches = s->opt.keep;
			s->matches = xreallocarray(s->matches, s->capmatches,
			    sizeof(*s->matches));
		}
		/* Records name the file they were read from: the one that
		 * stays. */
		if (continued && sf != NULL)
			m->rec.origin = sf->name;
		if (m->rec.line > 0)
			m->rec.line += base;
		s->matches[s->nmatches++] = *m;
	}
	w->nmatches = 0;
	s->matched += w->matched;
	s->outside += w->outside;
	s->fields &= w->fields;
	s->format_fields &= w->format_fields;
	if (w->first < s->first)
		s->first = w->first;
	if (w->last > s->last)
		s->last = w->last;
	iface_table_merge(&s->ifaces, &w->ifaces);
	iface_census_merge(&s->census, &w->census);
	for (i = 0; i < SCAN_PORTS; i++) {
		if (w->ports[i].records > 0)
			count_port(s, w->ports[i].port, w->ports[i].protocol,
			    w->ports[i].records);
	}
	s->other_requests += w->other_requests;
	for (i = 0; i < w->nothers; i++)
		name_other(s, &w->others[i]);
}

uint64_t
scan_total_units(const struct scan *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		n += s->files[i]->units;
	return n;
}

uint64_t
scan_total_malformed(const struct scan *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		n += s->files[i]->malformed;
	return n;
}

uint64_t
scan_total_malformed_target(const struct scan *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		n += s->files[i]->malformed_target;
	return n;
}

const struct scan_file *
scan_damaged(const struct scan *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		if (s->files[i]->problem != NULL && !s->files[i]->skipped)
			return s->files[i];
	}
	return NULL;
}

const char *
scan_kind_name(enum scan_kind k)
{
	switch (k) {
	case SCAN_EMPTY:
		return "empty";
	case SCAN_TEXT:
		return "text";
	case SCAN_S3_TEXT:
		return "s3-text";
	case SCAN_JSON_EVENTS:
		return "json-events";
	case SCAN_JSON_FIELDS:
		return "json-fields";
	}
	return "?";
}
