#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/repl/pager.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/xmalloc.h"

/* Rows drawn at most when the step is chosen for the window. */
#define ROWS_WANTED 60
/* Rows drawn at most whatever the step. */
#define ROWS_MAX 10000
/* Width of a bar at the busiest row. */
#define BAR 12
/* Rows in a row with no record and the same to say of the logging (or
 * nothing: quiet) that are folded into one line, at least. */
#define FOLD 3

struct row {
	uint64_t n[2][2]; /* [reply][rejected] */
	const char *logging;
};

/* Steps a window is drawn in, in seconds. */
static const int64_t steps[] = { 60, 120, 300, 600, 900, 1800, 3600, 7200,
	10800, 21600, 43200, 86400, 0 };

static int
parse_step(const char *v, int64_t *step, struct errinfo *ei)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (n > 0 && errno == 0 && (*end == 'm' || *end == 'h') &&
	    end[1] == '\0' && n <= 24 * 60) {
		*step = n * (*end == 'h' ? 3600 : 60);
		return 0;
	}
	return errinfo_set(ei, EC_USAGE,
	    "timeline: a step is minutes or hours, e.g. 1m, 5m, 1h");
}

/* What the target's interfaces' logging says of a row, in a word short
 * enough for an 80-column line, and in full under the rows (key()).
 * Traffic, and the idle stretches between records, say nothing: those
 * rows fold with the other quiet ones. */
static const struct logging_word {
	const char *word;
	const char *means;
} logging_words[] = {
	[LOGGED_SKIPDATA] = { "SKIPDATA",
	    "records were skipped (a capacity limit or an internal error "
	    "at AWS): no record there proves nothing" },
	[LOGGED_NODATA] = { "NODATA",
	    "the interface was logged and had no traffic at all" },
	[LOGGED_NOT_YET] = { "not logged yet?",
	    "before the interface's first record: its flow log may have "
	    "begun later, so no record there proves nothing" },
	[LOGGED_NO_MORE] = { "stopped? pending?",
	    "after the interface's last record: the flow log stopped, or "
	    "its records are still on their way (about 5 minutes to "
	    "CloudWatch Logs, 10 to S3)" },
};

static const char *
logging(const struct evidence *ev, int64_t from, int64_t to, bool *said)
{
	enum ev_logging l = evidence_logging(ev, from, to);

	if ((size_t)l >= sizeof(logging_words) / sizeof(logging_words[0]) ||
	    logging_words[l].word == NULL)
		return "";
	said[l] = true;
	return logging_words[l].word;
}

/* The words the rows used, each with what it means. */
static void
key(FILE *fp, const bool *said)
{
	char first[32];
	size_t i, n = sizeof(logging_words) / sizeof(logging_words[0]);

	for (i = 0; i < n; i++) {
		if (!said[i] || logging_words[i].word == NULL)
			continue;
		snprintf(first, sizeof(first), "  %-17s  ",
		    logging_words[i].word);
		report_wrap_at(fp, first, strlen(first),
		    "                     ", logging_words[i].means);
	}
}

/* The marks for n records at per records a mark: one for any part. */
static size_t
marks(uint64_t n, uint64_t per)
{
	return (size_t)((n + per - 1) / per);
}

/* One side's cell into buf: its bar, then its counts accepted/rejected;
 * blank when it has no record. */
static void
bar(char *buf, size_t size, const uint64_t n[2], uint64_t per)
{
	char cell[BAR + 1], counts[48] = "";
	size_t a = marks(n[0], per), r = marks(n[1], per);

	memset(cell, '+', a);
	memset(cell + a, 'x', r);
	cell[a + r] = '\0';
	if (n[0] + n[1] > 0)
		snprintf(counts, sizeof(counts), "%" PRIu64 "/%" PRIu64, n[0],
		    n[1]);
	snprintf(buf, size, "  %-*s %-7s", BAR, cell, counts);
}

/* A length of time in the largest unit that holds it whole: "1 minute",
 * "30 minutes", "2 hours", "1 day". */
static void
duration(char *buf, size_t size, int64_t seconds)
{
	static const struct {
		int64_t s;
		const char *one, *many;
	} units[] = { { 86400, "day", "days" }, { 3600, "hour", "hours" },
		{ 60, "minute", "minutes" } };
	size_t i;

	for (i = 0; i < 2 && seconds % units[i].s != 0; i++)
		;
	snprintf(buf, size, "%" PRId64 " %s", seconds / units[i].s,
	    plural((uint64_t)(seconds / units[i].s), units[i].one,
		units[i].many));
}

/* Whether row r has no record and says of the logging what row q says:
 * a run of such rows folds into one line. */
static bool
like(const struct row *r, const struct row *q)
{
	return r->n[0][0] + r->n[0][1] + r->n[1][0] + r->n[1][1] == 0 &&
	    strcmp(r->logging, q->logging) == 0;
}

static void
label(char *buf, size_t size, int64_t t, int64_t *day)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (t / 86400 != *day)
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
	else
		strftime(buf, size, "%H:%M", &tm);
	*day = t / 86400;
}

/* The scale: records a mark stands for, so that the busiest side of the
 * busiest row fills BAR marks at most. */
static uint64_t
per_mark(const struct row *rows, size_t n)
{
	uint64_t max = 1;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < 2; j++) {
			if (rows[i].n[j][0] + rows[i].n[j][1] > max)
				max = rows[i].n[j][0] + rows[i].n[j][1];
		}
	}
	/* Each count rounds up on its own: a side with both kinds may take
	 * a mark more than its total. */
	return (max + BAR - 2) / (BAR - 1);
}

static void
draw(FILE *fp, const struct row *rows, size_t n, int64_t from, int64_t step,
    uint64_t per)
{
	int64_t day = INT64_MIN;
	char when[32], line[256], quiet[48];
	size_t i, j, len;

	escape_printf(fp, "%-16s  %-20s  %-20s  %s\n", "TIME (UTC)",
	    "REQUESTS acc/rej", "REPLIES acc/rej", "LOGGING");
	for (i = 0; i < n;) {
		for (j = i; j < n && like(&rows[j], &rows[i]); j++)
			;
		label(when, sizeof(when), from + (int64_t)i * step, &day);
		if (j - i >= FOLD) {
			duration(quiet, sizeof(quiet), (int64_t)(j - i) * step);
			if (rows[i].logging[0] == '\0') {
				escape_printf(fp, "%-16s  ... quiet for %s\n",
				    when, quiet);
			} else {
				escape_printf(fp, "%-16s  ... %s: %s\n", when,
				    quiet, rows[i].logging);
			}
			i = j;
			continue;
		}
		len = (size_t)snprintf(line, sizeof(line), "%-16s", when);
		bar(line + len, sizeof(line) - len, rows[i].n[0], per);
		len = strlen(line);
		bar(line + len, sizeof(line) - len, rows[i].n[1], per);
		len = strlen(line);
		snprintf(line + len, sizeof(line) - len, "  %s",
		    rows[i].logging);
		/* A quiet side leaves no blanks at the end of its line. */
		for (len = strlen(line); len > 0 && line[len - 1] == ' '; len--)
			;
		line[len] = '\0';
		escape_printf(fp, "%s\n", line);
		i++;
	}
}

static int
cmd_timeline_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;
	const struct evidence *ev;
	const struct scan *sc;
	struct row *rows;
	int64_t from, to, step = 0, b;
	uint64_t per;
	char tgt[ADDR_STRLEN + 32], every[48];
	bool said[LOGGED_NO_MORE + 1] = { false };
	size_t n, i;
	FILE *fp;

	if ((d = session_diagnosis(s, ei)) == NULL)
		return -1;
	if (argc == 2 && parse_step(argv[1], &step, ei) == -1)
		return -1;
	ev = d->ev;
	sc = ev->scan;
	from = ev->from - ev->from % 60;
	to = ev->to + 1;
	for (i = 0; step == 0; i++) {
		if (steps[i] == 0 || (to - from) / steps[i] < ROWS_WANTED)
			step = steps[i] != 0 ? steps[i] : 86400;
	}
	from -= from % step;
	n = (size_t)((to - from + step - 1) / step);
	if (n > ROWS_MAX) {
		return errinfo_set(ei, EC_USAGE,
		    "timeline: %zu rows at that step: take a longer one", n);
	}
	rows = xcalloc(n, sizeof(*rows));
	for (i = 0; i < sc->nmatches; i++) {
		const struct scan_match *m = &sc->matches[i];

		if (!flow_has(&m->rec, FF_START))
			continue;
		b = (m->rec.start - from) / step;
		if (b < 0 || (size_t)b >= n)
			continue;
		rows[b]
		    .n[m->side == TARGET_REPLY][m->rec.action == FLOW_REJECT]++;
	}
	for (i = 0; i < n; i++)
		rows[i].logging = logging(ev, from + (int64_t)i * step,
		    from + (int64_t)(i + 1) * step, said);
	per = per_mark(rows, n);
	fp = pager_open(s, n + 4);
	duration(every, sizeof(every), step);
	escape_printf(fp, "Timeline of %s: each row is %s\n",
	    target_string(sc->opt.target, tgt, sizeof(tgt)), every);
	escape_printf(fp,
	    "each mark is %s%" PRIu64 " %s: + accepted, x rejected\n",
	    per > 1 ? "up to " : "", per, plural(per, "record", "records"));
	draw(fp, rows, n, from, step, per);
	key(fp, said);
	if (sc->matched > sc->nmatches) {
		escape_printf(fp,
		    "(drawn from the first %zu of %" PRIu64 " records of the "
		    "target: only those are kept)\n",
		    sc->nmatches, sc->matched);
	}
	pager_close(s, fp);
	free(rows);
	return 0;
}

const struct cmd_entry cmd_timeline_entry = {
	.name = "timeline",
	.alias = NULL,
	.usage = "[step]",
	.summary = "requests, replies and gaps minute by minute",
	.help = "Draws the window row by row (a minute each, or a longer "
		"step for a long window; give one as 5m or 1h): the "
		"target's request and reply records, accepted (+) and "
		"rejected (x), and what the logging of its interface says "
		"(SKIPDATA, NODATA, nothing logged yet or any more; the "
		"words are explained under the rows).  A mark is a record, "
		"or more when the busiest row needs it (the legend says); "
		"three rows or more without a record that say the same of "
		"the logging fold into one.",
	.min_args = 0,
	.max_args = 1,
	.exec = cmd_timeline_exec,
};
