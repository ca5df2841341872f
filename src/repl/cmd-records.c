#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flowdiag/repl/pager.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/report/output.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/xmalloc.h"

/* The table's widest: a row wider would wrap on most terminals (check
 * --records gives it whole). */
#define TABLE_MAX 120

/* One condition on a record; a record is listed when all hold. */
struct condition {
	enum { ON_ACTION, ON_SIDE, ON_CLIENT, ON_FIELD } on;
	enum flow_action action;
	enum target_side side;
	struct addr client;
	int field;
	const char *value;
};

static int
parse_condition(const char *word, struct condition *c, struct errinfo *ei)
{
	const char *eq = strchr(word, '=');

	memset(c, 0, sizeof(*c));
	if (strcasecmp(word, "ACCEPT") == 0 ||
	    strcasecmp(word, "REJECT") == 0) {
		c->on = ON_ACTION;
		c->action = toupper((unsigned char)word[0]) == 'A'
		    ? FLOW_ACCEPT
		    : FLOW_REJECT;
		return 0;
	}
	if (strcmp(word, "request") == 0 || strcmp(word, "requests") == 0 ||
	    strcmp(word, "in") == 0) {
		c->on = ON_SIDE;
		c->side = TARGET_REQUEST;
		return 0;
	}
	if (strcmp(word, "reply") == 0 || strcmp(word, "replies") == 0 ||
	    strcmp(word, "out") == 0) {
		c->on = ON_SIDE;
		c->side = TARGET_REPLY;
		return 0;
	}
	if (eq == NULL || eq == word) {
		return errinfo_set(ei, EC_USAGE,
		    "records: '%s' is not ACCEPT, REJECT, request, reply or "
		    "FIELD=VALUE",
		    word);
	}
	c->value = eq + 1;
	if (strncmp(word, "client=", 7) == 0) {
		c->on = ON_CLIENT;
		if (addr_parse(c->value, strlen(c->value), &c->client) == -1)
			return errinfo_set(ei, EC_USAGE,
			    "records: client '%s' is not an address", c->value);
		return 0;
	}
	c->on = ON_FIELD;
	if ((c->field = flow_field_lookup(word, (size_t)(eq - word))) < 0) {
		return errinfo_set(ei, EC_USAGE,
		    "records: no field '%.*s' (srcaddr, dstport, "
		    "interface-id, tcp-flags, flow-direction, ...)",
		    (int)(eq - word), word);
	}
	return 0;
}

static bool
holds(const struct condition *c, const struct scan_match *m)
{
	const struct flow_record *r = &m->rec;
	const char *text;

	switch (c->on) {
	case ON_ACTION:
		return r->action == c->action;
	case ON_SIDE:
		return m->side == c->side;
	case ON_CLIENT:
		return addr_equal(m->side == TARGET_REQUEST ? &r->srcaddr
							    : &r->dstaddr,
		    &c->client);
	case ON_FIELD:
		text = flow_text(r, (enum flow_field)c->field);
		return text != NULL && strcasecmp(text, c->value) == 0;
	}
	return false;
}

static int
cmd_records_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct scan *sc;
	struct condition *cs;
	size_t *idx, i, n = 0;
	int k, ret = -1;
	FILE *fp;

	if (session_diagnosis(s, ei) == NULL)
		return -1;
	sc = &s->run->scan;
	cs = xcalloc((size_t)argc, sizeof(*cs));
	idx = xcalloc(sc->nmatches + 1, sizeof(*idx));
	for (k = 1; k < argc; k++) {
		if (parse_condition(argv[k], &cs[k - 1], ei) == -1)
			goto out;
	}
	for (i = 0; i < sc->nmatches; i++) {
		for (k = 1; k < argc && holds(&cs[k - 1], &sc->matches[i]); k++)
			;
		if (k == argc)
			idx[n++] = i;
	}
	if (n == 0) {
		escape_printf(s->out,
		    "No record of the %zu kept matches that.\n", sc->nmatches);
		ret = 0;
		goto out;
	}
	/* The table, a line above it, and the counts below. */
	fp = pager_open(s, n + 4);
	output_records_table(fp, sc, idx, n, TABLE_MAX);
	escape_printf(fp, "(%zu of %zu %s of the target)\n", n, sc->nmatches,
	    plural(sc->nmatches, "record", "records"));
	if (sc->matched > sc->nmatches) {
		escape_printf(fp,
		    "(%" PRIu64 " concern the target: only the first %zu "
		    "are kept; check --keep keeps more)\n",
		    sc->matched, sc->nmatches);
	}
	pager_close(s, fp);
	ret = 0;
out:
	free(cs);
	free(idx);
	return ret;
}

static enum cmd_complete
cmd_records_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	static const char *const filters[] = { "ACCEPT", "REJECT", "request",
		"reply", "client=", "srcaddr=", "dstaddr=", "srcport=",
		"dstport=", "interface-id=", "tcp-flags=", "flow-direction=",
		"log-status=", NULL };

	(void)s;
	(void)argc;
	(void)argv;
	*words = filters;
	return CMD_COMPLETE_WORDS;
}

const struct cmd_entry cmd_records_entry = {
	.name = "records",
	.alias = NULL,
	.usage = "[filter...]",
	.summary = "the target's records as a table, filtered",
	.help = "Lists the records that concern the target, paged at a "
		"terminal.  Filters narrow them, all of them holding: "
		"ACCEPT or REJECT; request (client to target) or reply; "
		"client=ADDRESS; any field of the format as FIELD=VALUE, "
		"compared as written in the record, e.g. dstport=80, "
		"interface-id=eni-0a1b2c3d4e5f60001, flow-direction=ingress.",
	.min_args = 0,
	.max_args = -1,
	.exec = cmd_records_exec,
	.complete = cmd_records_complete,
};
