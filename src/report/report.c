#include "config.h"

#include "flowdiag/report/report.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/report/config.h"
#include "flowdiag/report/output.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/term.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"

/* Columns left free at the right of a wrapped line: a line that fills the
 * last column makes some terminals add a blank line. */
#define MARGIN 2
/* Clients listed per outcome. */
#define CLIENTS_SHOWN 10
/* Between words that stay on one line: no escaped text holds it. */
#define GLUE '\037'

/* Where wrapped lines end: the front end's width less the margin. */
static size_t width = TERM_WIDTH_DEFAULT - MARGIN;

void
report_set_width(size_t cols)
{
	if (cols < TERM_WIDTH_MIN)
		cols = TERM_WIDTH_MIN;
	width = cols - MARGIN;
}

/* The columns the n bytes at p take: UTF-8 continuation bytes take
 * none. */
static size_t
columns(const char *p, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xc0) != 0x80;
	return c;
}

/* Prints shown, text already escaped, filled to width after first (which
 * takes col columns), each further line after prefix.  It breaks at
 * blanks only: a word longer than the line (an id, an address, a path)
 * keeps a line to itself, whole; GLUE holds two words together and shows
 * as a blank. */
static void
fill(FILE *fp, const char *first, size_t col, const char *prefix,
    const char *shown)
{
	size_t len, cols, plen = columns(prefix, strlen(prefix));
	const char *p = shown, *w;
	bool fresh = true;

	escape_puts(fp, first != NULL ? first : prefix);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (w = p; *w != '\0' && *w != ' '; w++)
			;
		len = (size_t)(w - p);
		cols = columns(p, len);
		if (!fresh && col + 1 + cols > width) {
			escape_printf(fp, "\n%s", prefix);
			col = plen;
		} else if (!fresh) {
			fputc(' ', fp);
			col++;
		}
		while (p < w) {
			len = strcspn(p, "\037 ");
			escape_write(fp, p, len);
			p += len;
			if (*p == GLUE) {
				fputc(' ', fp);
				p++;
			}
		}
		col += cols;
		fresh = false;
	}
	fputc('\n', fp);
}

/* Prints text wrapped, every line after prefix (the first after first,
 * when given). */
static void
wrap(FILE *fp, const char *first, const char *prefix, const char *text)
{
	report_wrap_at(fp, first,
	    first != NULL ? strlen(first) : strlen(prefix), prefix, text);
}

void
report_wrap_at(FILE *fp, const char *first, size_t col, const char *prefix,
    const char *text)
{
	char *shown = escape_text(text), *p;

	/* What came from outside breaks where it likes. */
	for (p = shown; (p = strchr(p, GLUE)) != NULL; p++)
		*p = ' ';
	fill(fp, first, col, prefix, shown);
	free(shown);
}

static const char *
colour_of(enum category c)
{
	switch (c) {
	case CAT_REACHABLE:
		return "\033[1;32m";
	case CAT_NETWORK_PATH_BLOCK:
		return "\033[1;31m";
	case CAT_INSTANCE_FAULT:
		return "\033[1;35m";
	default:
		return "\033[1;33m";
	}
}

/* The record classes a verdict points to: its rule's, or all. */
static unsigned int
classes_of(const struct verdict *v)
{
	if (v->rule == NULL || v->rule->evidence == 0)
		return (1u << EV_NCLASS) - 1;
	return v->rule->evidence;
}

/* Two lines per record, each wrapped: where it was logged, then what it
 * says, its counts held together. */
static void
record_line(FILE *fp, const struct flow_record *r, enum target_side side)
{
	char src[ADDR_STRLEN], dst[ADDR_STRLEN], when[32], proto[16], fl[32];
	char *where, *iface, *line;

	/* An event id or a file name from outside stays on its line. */
	if (r->line == 0 && r->event_off != FLOW_NOTEXT) {
		where = escape_line_text(r->text + r->event_off);
		xasprintf(&line, "event%c%s", GLUE, where);
	} else {
		where = escape_line_text(output_short_name(r->origin));
		xasprintf(&line, "%s:%" PRIu64, where, r->line);
	}
	free(where);
	where = line;
	iface = escape_line_text(
	    flow_has(r, FF_INTERFACE_ID) ? flow_text(r, FF_INTERFACE_ID) : "-");
	xasprintf(&line, "%s on%c%s at%c%s", where, GLUE, iface, GLUE,
	    when_format(r->start, when, sizeof(when)));
	fill(fp, "  ", 2, "    ", line);
	free(line);
	free(where);
	free(iface);
	xasprintf(&line,
	    "%s %s:%u ->%c%s:%u %s%s%s, %" PRIu64 "%c%s,%c%" PRIu64 "%c%s:%c%s",
	    side == TARGET_REQUEST ? "request" : "reply",
	    addr_format(&r->srcaddr, src, sizeof(src)), r->srcport, GLUE,
	    addr_format(&r->dstaddr, dst, sizeof(dst)), r->dstport,
	    flow_protocol_name(r->protocol, proto, sizeof(proto)),
	    flow_has(r, FF_TCP_FLAGS) ? "\037" : "",
	    flow_has(r, FF_TCP_FLAGS)
		? flow_tcp_flags_string(r->tcp_flags, fl, sizeof(fl))
		: "",
	    r->packets, GLUE, plural(r->packets, "packet", "packets"), GLUE,
	    r->bytes, GLUE, plural(r->bytes, "byte", "bytes"), GLUE,
	    flow_action_name(r->action));
	fill(fp, "      ", 6, "        ", line);
	free(line);
}

/* Interfaces placed, listed at most. */
#define INTERFACES_SHOWN 6

/* Whose interface logged the records, and how that is known. */
static void
interfaces_text(FILE *fp, const struct evidence *ev)
{
	char a[ADDR_STRLEN], line[512];
	size_t i;

	for (i = 0; i < ev->nifs && i < INTERFACES_SHOWN; i++) {
		const struct ev_interface *e = &ev->ifs[i];

		if (e->role == ROLE_TARGET)
			snprintf(line, sizeof(line), "%s is the target's: %s",
			    e->id, e->how);
		else if (e->role == ROLE_CLIENT && e->owner.family != 0)
			snprintf(line, sizeof(line),
			    "%s is %s's, not the "
			    "target's: %s",
			    e->id, addr_format(&e->owner, a, sizeof(a)),
			    e->how);
		else if (e->role == ROLE_CLIENT)
			snprintf(line, sizeof(line),
			    "%s is not the target's: "
			    "%s",
			    e->id, e->how);
		else
			snprintf(line, sizeof(line),
			    "%s may be the target's "
			    "or a client's: %s",
			    e->id, e->how);
		wrap(fp, "  ", "    ", line);
	}
	if (ev->nifs > INTERFACES_SHOWN)
		escape_printf(fp, "  and %zu more %s\n",
		    ev->nifs - INTERFACES_SHOWN,
		    plural(ev->nifs - INTERFACES_SHOWN, "interface",
			"interfaces"));
}

static void
evidence_text(FILE *fp, const struct diagnosis *d, int flags)
{
	const struct ev_group *g = &d->shown;
	const struct scan *s = d->ev->scan;
	unsigned int want = classes_of(&d->verdict);
	size_t n = 0, k;
	char line[256];
	int c;

	escape_printf(fp, "\nEvidence\n");
	for (c = 0; c < EV_NCLASS; c++) {
		if (!(want & (1u << c)))
			continue;
		for (k = 0; k < g->nshown[c]; k++, n++) {
			const struct scan_match *m =
			    &s->matches[g->shown[c][k]];

			record_line(fp, &m->rec, m->side);
		}
	}
	if (n == 0)
		escape_printf(fp, "  no record concerns the target\n");
	interfaces_text(fp, d->ev);
	snprintf(line, sizeof(line),
	    "(%" PRIu64 " of %" PRIu64 " %s %s the target; %s lists them)",
	    s->matched, scan_total_units(s),
	    plural(scan_total_units(s), "record", "records"),
	    plural(s->matched, "concerns", "concern"),
	    flags & REPORT_REPL ? "records" : "--records");
	wrap(fp, "  ", "   ", line);
	if (s->query.engine != NULL) {
		escape_printf(fp,
		    "  (%s query %s: %" PRIu64 " %s, %.1f MB scanned in "
		    "%.1f s)\n",
		    s->query.engine, s->query.id, s->query.rows,
		    plural(s->query.rows, "row", "rows"),
		    (double)s->query.scanned / 1e6, s->query.seconds);
	}
	for (k = 0; k < s->nfiles; k++) {
		if (s->files[k]->partial) {
			escape_printf(fp,
			    "  (%s is partial: the query returned its row "
			    "maximum)\n",
			    s->files[k]->name);
		}
	}
}

static void
paragraphs(FILE *fp, const char *title, char *const *v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	escape_printf(fp, "\n%s\n", title);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', fp);
		wrap(fp, NULL, "  ", v[i]);
	}
}

void
report_clients_text(FILE *fp, const struct diagnosis *d)
{
	const struct evidence *ev = d->ev;
	bool *done = xcalloc(ev->nclients + 1, sizeof(*done)), differ = false;
	const struct verdict *first = NULL;
	char a[ADDR_STRLEN], line[1024], *text;
	size_t i, j, shown, n, scanners = 0;

	for (i = 0; i < ev->nclients; i++) {
		if (ev->clients[i].scanner)
			scanners++;
		else if (first == NULL)
			first = &d->clients[i];
		else if (!verdict_same(&d->clients[i], first))
			differ = true;
	}
	if (differ) {
		escape_printf(fp, "\nClients\n");
		for (i = 0; i < ev->nclients; i++) {
			if (done[i] || ev->clients[i].scanner)
				continue;
			line[0] = '\0';
			for (j = i, shown = 0, n = 0; j < ev->nclients; j++) {
				if (done[j] || ev->clients[j].scanner ||
				    !verdict_same(&d->clients[j],
					&d->clients[i]))
					continue;
				done[j] = true;
				n++;
				if (shown++ < CLIENTS_SHOWN) {
					size_t len = strlen(line);

					snprintf(line + len, sizeof(line) - len,
					    "%s%s", len ? ", " : "",
					    addr_format(&ev->clients[j].client,
						a, sizeof(a)));
				}
			}
			xasprintf(&text, "%s (%s): %s%s",
			    category_name(d->clients[i].category),
			    d->clients[i].cause, line,
			    n > CLIENTS_SHOWN ? " and more" : "");
			wrap(fp, "  ", "    ", text);
			free(text);
		}
	}
	if (scanners > 0) {
		size_t len;

		snprintf(line, sizeof(line),
		    "%zu internet scanner%s set apart (a burst of rejected "
		    "packets each, three at most): they decide nothing: ",
		    scanners, scanners == 1 ? "" : "s");
		for (i = 0, shown = 0; i < ev->nclients; i++) {
			if (!ev->clients[i].scanner || shown++ >= CLIENTS_SHOWN)
				continue;
			len = strlen(line);
			snprintf(line + len, sizeof(line) - len, "%s%s",
			    shown > 1 ? ", " : "",
			    addr_format(&ev->clients[i].client, a, sizeof(a)));
		}
		if (scanners > CLIENTS_SHOWN) {
			len = strlen(line);
			snprintf(line + len, sizeof(line) - len,
			    " and %zu more (--json lists them all)",
			    scanners - CLIENTS_SHOWN);
		}
		if (!differ)
			escape_printf(fp, "\nClients\n");
		wrap(fp, "  ", "    ", line);
	}
	free(done);
}

/* A next step's "$ command"s: the one at p (the first in the step when p
 * is its start), its length up to the next " $ " in *len, and in *next
 * where the one after it starts (NULL at the last).  The text output and
 * the JSON split a step the same way. */
static const char *
step_command(const char *p, bool first, size_t *len, const char **next)
{
	const char *cmd = first ? strstr(p, "$ ") : p, *after;

	if (cmd == NULL)
		return NULL;
	after = strstr(cmd + 2, " $ ");
	*len = after != NULL ? (size_t)(after - cmd) : strlen(cmd);
	*next = after != NULL ? after + 1 : NULL;
	return cmd;
}

/* A next step: its words wrapped, then each "$ command" in it on a line
 * of its own, unwrapped, so that it can be copied whole. */
static void
step(FILE *fp, const char *num, const char *text)
{
	const char *cmd, *next;
	size_t len;
	char *words;

	cmd = step_command(text, true, &len, &next);
	if (cmd == text)
		escape_puts(fp, num);
	else {
		words = xstrndup(text,
		    cmd != NULL ? (size_t)(cmd - text) : strlen(text));
		wrap(fp, num, "     ", words);
		free(words);
	}
	for (; cmd != NULL; cmd = step_command(next, false, &len, &next)) {
		escape_printf(fp, "%s%.*s\n", cmd == text ? "" : "       ",
		    (int)len, cmd);
		if (next == NULL)
			break;
	}
}

/* A next step as {"text", "commands"}: its words, and each command
 * without its "$ ", so that a script can run it as it is. */
static json_t *
step_json(const char *text)
{
	json_t *o = json_object(), *a = json_array();
	const char *cmd, *next;
	size_t len, n;
	char *s;

	cmd = step_command(text, true, &len, &next);
	n = cmd != NULL ? (size_t)(cmd - text) : strlen(text);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	s = xstrndup(text, n);
	json_object_set_new(o, "text", output_json_text(s));
	free(s);
	for (; cmd != NULL; cmd = step_command(next, false, &len, &next)) {
		for (n = len; n > 2 && cmd[n - 1] == ' '; n--)
			;
		s = xstrndup(cmd + 2, n - 2);
		json_array_append_new(a, output_json_text(s));
		free(s);
		if (next == NULL)
			break;
	}
	json_object_set_new(o, "commands", a);
	return o;
}

static void
gaps_text(FILE *fp, const struct evidence *ev)
{
	size_t i;

	escape_printf(fp, "\nGaps\n");
	if (ev->ngaps == 0)
		escape_printf(fp,
		    "  none: the target's interface is logged across the "
		    "window\n");
	for (i = 0; i < ev->ngaps; i++)
		wrap(fp, "  - ", "    ", ev->gaps[i].detail);
}

void
report_verdict_text(FILE *fp, const struct diagnosis *d, int flags)
{
	const struct verdict *v = &d->verdict;
	const char *name = category_name(v->category);
	char head[1024];

	/* The colour codes are ours: the only bytes written raw. */
	if (flags & REPORT_COLOUR)
		escape_raw(fp, colour_of(v->category));
	escape_puts(fp, name);
	if (flags & REPORT_COLOUR)
		escape_raw(fp, "\033[0m");
	report_wrap_at(fp, ": ", strlen(name) + 2, "  ", v->summary);
	snprintf(head, sizeof(head), "cause %s, confidence %s", v->cause,
	    confidence_name(v->confidence));
	if (v->rule != NULL) {
		size_t len = strlen(head);

		snprintf(head + len, sizeof(head) - len, ", rule %s (%s:%d)",
		    v->rule->name, v->rule->file, v->rule->line);
	}
	wrap(fp, NULL, "  ", head);
}

void
report_evidence_text(FILE *fp, const struct diagnosis *d, int flags)
{
	evidence_text(fp, d, flags);
}

void
report_why_text(FILE *fp, const struct diagnosis *d)
{
	const struct verdict *v = &d->verdict;

	paragraphs(fp, "Why", v->explain, v->nexplain);
	paragraphs(fp, "Confidence lowered", v->weakened, v->nweakened);
	paragraphs(fp, "What the records cannot tell", v->cannot, v->ncannot);
	report_clients_text(fp, d);
	report_config_text(fp, d);
	gaps_text(fp, d->ev);
}

void
report_next_text(FILE *fp, const struct diagnosis *d)
{
	const struct verdict *v = &d->verdict;
	char num[32];
	size_t i;

	if (v->nnext > 0) {
		escape_printf(fp, "\nNext steps\n");
		for (i = 0; i < v->nnext; i++) {
			snprintf(num, sizeof(num), "  %zu. ", i + 1);
			step(fp, num, v->next[i]);
		}
	}
	if (v->rule != NULL && v->rule->analyzer != NULL) {
		char *codes;

		xasprintf(&codes,
		    "Reachability Analyzer explanation codes to "
		    "cross-check: %s",
		    v->rule->analyzer);
		fputc('\n', fp);
		report_wrap_at(fp, "", 0, "  ", codes);
		free(codes);
	}
}

void
report_learn_text(FILE *fp, const struct diagnosis *d)
{
	paragraphs(fp, "Learn", d->verdict.teach, d->verdict.nteach);
}

void
report_text(FILE *fp, const struct diagnosis *d, int flags)
{
	report_verdict_text(fp, d, flags);
	report_evidence_text(fp, d, flags);
	report_why_text(fp, d);
	report_next_text(fp, d);
	if (flags & REPORT_EXPLAIN)
		report_learn_text(fp, d);
}

void
report_wrap(FILE *fp, const char *prefix, const char *text)
{
	wrap(fp, NULL, prefix, text);
}

static json_t *
strings_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, output_json_text(v[i]));
	return a;
}

/* The rule's Reachability Analyzer codes, one string each. */
static json_t *
analyzer_json(const char *codes)
{
	json_t *a = json_array();
	const char *p = codes, *w;
	char *code;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		for (w = p; *w != '\0' && *w != ' ' && *w != '\t'; w++)
			;
		if (w > p) {
			code = xstrndup(p, (size_t)(w - p));
			json_array_append_new(a, output_json_text(code));
			free(code);
		}
		p = w;
	}
	return a;
}

static json_t *
facts_json(const struct facts *f)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		json_t *v;

		/* The window's age is the clock's, not the input's: kept, two
		 * runs on the same records would differ.  The verdict it
		 * leads to (logs not delivered yet) says what it meant. */
		if (i == F_WINDOW_AGE)
			continue;

		switch (fact_def(i)->type) {
		case FACT_STR:
			v = output_json_text(facts_str(f, i));
			break;
		case FACT_BOOL:
			v = json_boolean(facts_num(f, i) != 0);
			break;
		default:
			v = json_real(facts_num(f, i));
			/* Only what a json_int_t holds may be converted:
			 * window.age is INT64_MAX when there is no window. */
			if (facts_num(f, i) > -9e15 && facts_num(f, i) < 9e15 &&
			    facts_num(f, i) ==
				(double)(json_int_t)facts_num(f, i)) {
				json_decref(v);
				v = json_integer((json_int_t)facts_num(f, i));
			}
			break;
		}
		json_object_set_new(o, fact_def(i)->name, v);
	}
	return o;
}

static json_t *
verdict_json(const struct verdict *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "category",
	    output_json_text(category_name(v->category)));
	json_object_set_new(o, "cause", output_json_text(v->cause));
	json_object_set_new(o, "confidence",
	    output_json_text(confidence_name(v->confidence)));
	json_object_set_new(o, "summary",
	    v->summary != NULL ? output_json_text(v->summary) : json_null());
	json_object_set_new(o, "exit_status",
	    json_integer(category_exit_status(v->category)));
	return o;
}

static json_t *
iso_time(int64_t t)
{
	char buf[32];

	return output_json_text(when_format(t, buf, sizeof(buf)));
}

json_t *
report_json(const struct diagnosis *d)
{
	const struct evidence *ev = d->ev;
	const struct verdict *v = &d->verdict;
	json_t *root = json_object(), *o, *a, *rule = json_null();
	char buf[ADDR_STRLEN];
	unsigned int want = classes_of(v);
	size_t i, k;
	int c;

	json_object_set_new(root, "schema_version",
	    json_integer(OUTPUT_SCHEMA_VERSION));
	json_object_set_new(root, "target",
	    output_target_json(ev->scan->opt.target));
	o = json_object();
	json_object_set_new(o, "from", iso_time(ev->from));
	json_object_set_new(o, "to", iso_time(ev->to));
	json_object_set_new(root, "window", o);
	json_object_set_new(root, "verdict", verdict_json(v));
	if (v->rule != NULL) {
		rule = json_object();
		json_object_set_new(rule, "name",
		    output_json_text(v->rule->name));
		json_object_set_new(rule, "file",
		    output_json_text(v->rule->file));
		json_object_set_new(rule, "line", json_integer(v->rule->line));
		json_object_set_new(rule, "analyzer",
		    analyzer_json(v->rule->analyzer));
	}
	json_object_set_new(root, "rule", rule);

	o = json_object();
	json_object_set_new(o, "facts", facts_json(&d->facts));
	a = json_array();
	for (c = 0; c < EV_NCLASS; c++) {
		if (!(want & (1u << c)))
			continue;
		for (k = 0; k < d->shown.nshown[c]; k++) {
			const struct scan_match *m =
			    &ev->scan->matches[d->shown.shown[c][k]];

			json_array_append_new(a,
			    output_record_json(&m->rec, m->side));
		}
	}
	json_object_set_new(o, "records", a);
	a = json_array();
	for (i = 0; i < ev->ninterfaces; i++)
		json_array_append_new(a, output_json_text(ev->interfaces[i]));
	json_object_set_new(o, "interfaces", a);
	a = json_array();
	for (i = 0; i < ev->nifs; i++) {
		const struct ev_interface *e = &ev->ifs[i];
		json_t *pl = json_object();

		json_object_set_new(pl, "interface", output_json_text(e->id));
		json_object_set_new(pl, "role",
		    output_json_text(ev_role_name(e->role)));
		json_object_set_new(pl, "owner",
		    e->owner.family != 0
			? output_json_text(
			      addr_format(&e->owner, buf, sizeof(buf)))
			: json_null());
		json_object_set_new(pl, "how", output_json_text(e->how));
		json_object_set_new(pl, "records",
		    json_integer((json_int_t)e->records));
		json_array_append_new(a, pl);
	}
	json_object_set_new(o, "logged_by", a);
	a = json_array();
	for (i = 0; i < ev->nclients; i++) {
		json_t *cl = verdict_json(&d->clients[i]);

		json_object_set_new(cl, "client",
		    output_json_text(
			addr_format(&ev->clients[i].client, buf, sizeof(buf))));
		json_object_set_new(cl, "scanner",
		    json_boolean(ev->clients[i].scanner));
		json_object_del(cl, "exit_status");
		json_array_append_new(a, cl);
	}
	json_object_set_new(o, "clients", a);
	json_object_set_new(root, "evidence", o);

	a = json_array();
	for (i = 0; i < ev->ngaps; i++) {
		const struct gap *g = &ev->gaps[i];

		o = json_object();
		json_object_set_new(o, "kind",
		    output_json_text(gap_kind_name(g->kind)));
		json_object_set_new(o, "interface",
		    g->interface != NULL ? output_json_text(g->interface)
					 : json_null());
		json_object_set_new(o, "from", iso_time(g->from));
		json_object_set_new(o, "to", iso_time(g->to));
		json_object_set_new(o, "seconds", json_integer(g->seconds));
		json_object_set_new(o, "stretches",
		    json_integer((json_int_t)g->stretches));
		json_object_set_new(o, "detail", output_json_text(g->detail));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "gaps", a);
	json_object_set_new(root, "config", report_config_json(d));
	json_object_set_new(root, "input", output_input_json(ev->scan));
	json_object_set_new(root, "explanation",
	    strings_json(v->explain, v->nexplain));
	json_object_set_new(root, "confidence_lowered",
	    strings_json(v->weakened, v->nweakened));
	json_object_set_new(root, "cannot_tell",
	    strings_json(v->cannot, v->ncannot));
	json_object_set_new(root, "teaching",
	    strings_json(v->teach, v->nteach));
	a = json_array();
	for (i = 0; i < v->nnext; i++)
		json_array_append_new(a, step_json(v->next[i]));
	json_object_set_new(root, "next_steps", a);
	return root;
}
