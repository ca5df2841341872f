#include "config.h"

#include "flowdiag/aws/athena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "flowdiag/aws/http.h"
#include "flowdiag/aws/paging.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/xmalloc.h"

/* Polling GetQueryExecution: the first wait and its ceiling.  A query
 * takes seconds to start; one that runs long is polled every few
 * seconds, which keeps well under the API's rate. */
#define POLL_FIRST_MS 500
#define POLL_MAX_MS   5000
/* Athena stops a DML query after 30 minutes by default; flowdiag waits
 * a little longer before it stops the query itself
 * ($FLOWDIAG_QUERY_WAIT_S for tests). */
#define POLL_TIMEOUT_S 2000
/* Rows a GetQueryResults page holds at the most: the API's maximum. */
#define PAGE_ROWS 1000
/* The most a line made from a row may hold. */
#define LINE_MAX (64 * 1024)

/* The catalog of tables the console and Glue make. */
#define CATALOG "AwsDataCatalog"

/* Sleeps ms, or less when a signal comes. */
static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (!cancel_requested())
		nanosleep(&ts, NULL);
}

/* Whether id looks like a QueryExecutionId (a UUID): it reaches the
 * messages and the report. */
static bool
id_valid(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefABCDEF-");

	return n > 0 && n < 129 && id[n] == '\0';
}

/* The table's columns and partition keys. */
static int
table_layout(struct aws_client *c, const struct athena_table *t,
    struct athena_layout *l, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *meta;
	int ret = -1;

	json_object_set_new(req, "CatalogName", json_string(CATALOG));
	json_object_set_new(req, "DatabaseName", json_string(t->db));
	json_object_set_new(req, "TableName", json_string(t->name));
	if (aws_json_call(c, "GetTableMetadata", req, &resp, ei) == -1) {
		/* Athena says MetadataException for a missing table or
		 * database, which the client cannot tell from others. */
		if (ei->code == EC_SERVICE &&
		    strstr(ei->msg, "MetadataException") != NULL &&
		    strcasestr(ei->msg, "not found") != NULL) {
			char why[ERRINFO_MSGLEN];

			snprintf(why, sizeof(why), "%s", ei->msg);
			errinfo_set(ei, EC_NOT_FOUND,
			    "no Athena table %s.%s in %s: check "
			    "--athena-table and --region (%s)",
			    t->db, t->name, c->region, why);
		}
		goto out;
	}
	meta = json_object_get(resp, "TableMetadata");
	if (!json_is_object(meta)) {
		errinfo_set(ei, EC_SERVICE,
		    "athena GetTableMetadata: the answer has no TableMetadata");
		goto out;
	}
	ret = athena_layout_read(meta, t, l, ei);
out:
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* The workgroup's query result location, into *out (a new string). */
static int
workgroup_output(struct aws_client *c, const char *wg, char **out,
    struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL;
	const char *loc;
	int ret = -1;

	json_object_set_new(req, "WorkGroup", json_string(wg));
	if (aws_json_call(c, "GetWorkGroup", req, &resp, ei) == -1)
		goto out;
	loc = json_string_value(json_object_get(
	    json_object_get(json_object_get(json_object_get(resp, "WorkGroup"),
				"Configuration"),
		"ResultConfiguration"),
	    "OutputLocation"));
	if (loc == NULL || strncmp(loc, "s3://", 5) != 0) {
		errinfo_set(ei, EC_USAGE,
		    "Athena workgroup '%s' has no query result location: "
		    "pass --athena-output s3://BUCKET/PREFIX/",
		    wg);
		goto out;
	}
	*out = xstrdup(loc);
	ret = 0;
out:
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* A ClientRequestToken: 32 random hex digits, so that a retried
 * StartQueryExecution does not start the query twice.  From the kernel:
 * random() is seeded by the second and the process, which two checks of
 * one REPL within a second share, and Athena would take the second query
 * for the first. */
static void
request_token(char *buf, size_t size)
{
	unsigned char raw[16];
	unsigned int i;

	if (getrandom(raw, sizeof(raw), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(raw)) {
		for (i = 0; i < sizeof(raw); i++)
			raw[i] = (unsigned char)random();
	}
	for (i = 0; i + 1 < size && i < 2 * sizeof(raw); i++)
		buf[i] = "0123456789abcdef"[raw[i / 2] >> (i % 2 ? 0 : 4) & 15];
	buf[i] = '\0';
}

/* Asks Athena to stop query id: whether it took the request, for the
 * message, which must not say "stopped" when it may still be running. */
static bool
stop(struct aws_client *c, const char *id)
{
	struct errinfo ignored;
	json_t *req = json_object(), *resp = NULL;
	bool stopped = false;

	json_object_set_new(req, "QueryExecutionId", json_string(id));
	if (aws_json_call(c, "StopQueryExecution", req, &resp, &ignored) == 0) {
		json_decref(resp);
		stopped = true;
	}
	json_decref(req);
	return stopped;
}

static void
progress(const char *state, const struct athena_stats *st, time_t started)
{
	notice(NOTICE_PROGRESS, "athena: %s, %.1f MB scanned, %llds ", state,
	    (double)st->scanned / 1e6, (long long)(time(NULL) - started));
}

/* Polls the query until it ends; 0 when it SUCCEEDED. */
static int
poll_query(struct aws_client *c, const struct athena_options *o,
    struct athena_stats *st, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *qe, *stats;
	json_int_t bytes, ms;
	const char *state = "QUEUED", *reason;
	char why[512];
	time_t started = time(NULL);
	long wait = POLL_FIRST_MS;
	uint64_t wait_s =
	    env_number("FLOWDIAG_QUERY_WAIT_S", 1, 86400, POLL_TIMEOUT_S);
	int ret = -1;

	json_object_set_new(req, "QueryExecutionId", json_string(st->id));
	for (;;) {
		if (o->progress)
			progress(state, st, started);
		if (cancel_requested())
			goto interrupted;
		if (time(NULL) - started > (time_t)wait_s) {
			errinfo_set(ei, EC_QUERY,
			    "Athena query %s still running after %" PRIu64
			    "s: %s; try a shorter window (--from, --to)",
			    st->id, wait_s,
			    stop(c, st->id) ? "stopped"
					    : "asked to stop, unanswered: see "
					      "the Athena console");
			goto out;
		}
		pause_ms(wait);
		if (cancel_requested())
			goto interrupted;
		wait = wait * 2 > POLL_MAX_MS ? POLL_MAX_MS : wait * 2;
		json_decref(resp);
		resp = NULL;
		if (aws_json_call(c, "GetQueryExecution", req, &resp, ei) ==
		    -1) {
			if (ei->code == EC_INTERRUPTED)
				goto interrupted;
			goto out;
		}
		st->polls++;
		qe = json_object_get(resp, "QueryExecution");
		stats = json_object_get(qe, "Statistics");
		/* The service's figures; a server that gives none (or
		 * nonsense) leaves 0 bytes and the time flowdiag waited. */
		bytes = json_integer_value(
		    json_object_get(stats, "DataScannedInBytes"));
		ms = json_integer_value(
		    json_object_get(stats, "TotalExecutionTimeInMillis"));
		st->scanned = bytes > 0 ? (uint64_t)bytes : 0;
		st->seconds =
		    ms > 0 ? (double)ms / 1e3 : difftime(time(NULL), started);
		state = json_string_value(
		    json_object_get(json_object_get(qe, "Status"), "State"));
		if (state == NULL)
			state = "UNKNOWN";
		if (o->debug)
			notice(NOTICE_DEBUG, "athena: query %s is %s", st->id,
			    state);
		if (strcmp(state, "SUCCEEDED") == 0)
			break;
		if (strcmp(state, "FAILED") == 0 ||
		    strcmp(state, "CANCELLED") == 0) {
			reason = json_string_value(
			    json_object_get(json_object_get(qe, "Status"),
				"StateChangeReason"));
			snprintf(why, sizeof(why), "%s",
			    reason != NULL ? reason : "Athena gave no reason");
			aws_clean_text(why, sizeof(why), c->creds);
			errinfo_set(ei, EC_QUERY, "Athena query %s %s: %s",
			    st->id,
			    state[0] == 'F' ? "failed" : "was cancelled", why);
			goto out;
		}
		if (strcmp(state, "QUEUED") != 0 &&
		    strcmp(state, "RUNNING") != 0) {
			snprintf(why, sizeof(why), "%s", state);
			aws_clean_text(why, sizeof(why), c->creds);
			errinfo_set(ei, EC_SERVICE,
			    "Athena query %s: unknown state '%s'", st->id, why);
			goto out;
		}
	}
	if (o->progress)
		progress(state, st, started);
	ret = 0;
	goto out;
interrupted:
	/* StopQueryExecution must not itself be abandoned: the flag is
	 * cleared for it, and the caller learns of the interrupt from ei. */
	cancel_clear();
	errinfo_set(ei, EC_INTERRUPTED, "interrupted: Athena query %s %s",
	    st->id,
	    stop(c, st->id)
		? "stopped"
		: "asked to stop, unanswered: it may still run (see "
		  "the Athena console)");
out:
	if (o->progress)
		notice(NOTICE_PROGRESS_END, "%s", "");
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* Reads the results, page by page, into s. */
static int
read_results(struct aws_client *c, const struct athena_layout *l,
    struct scan *s, struct scan_file *sf, struct athena_stats *st,
    struct errinfo *ei)
{
	struct flow_format out;
	struct buf line;
	json_t *req = json_object(), *resp = NULL, *rows, *row;
	struct paging guard;
	const char *next;
	int col[FLOW_NFIELDS];
	bool header = true;
	size_t i;
	int ret = -1;

	buf_init(&line, LINE_MAX);
	athena_row_format(l, &out);
	scan_set_format(s, &out);
	json_object_set_new(req, "QueryExecutionId", json_string(st->id));
	json_object_set_new(req, "MaxResults", json_integer(PAGE_ROWS));
	paging_init(&guard, "athena GetQueryResults", c->fetch_budget_ms);
	for (;;) {
		if (cancel_requested()) {
			errinfo_set(ei, EC_INTERRUPTED,
			    "interrupted while reading the results of Athena "
			    "query %s",
			    st->id);
			goto out;
		}
		json_decref(resp);
		resp = NULL;
		if (aws_json_call(c, "GetQueryResults", req, &resp, ei) == -1)
			goto out;
		st->pages++;
		rows =
		    json_object_get(json_object_get(resp, "ResultSet"), "Rows");
		json_array_foreach (rows, i, row) {
			if (header) {
				/* The first row of the first page names the
				 * columns. */
				header = false;
				if (athena_map_columns(row, &out, col, ei) ==
				    -1)
					goto out;
				continue;
			}
			if (st->rows >= st->rows_max) {
				st->partial = true;
				sf->partial = true;
				break;
			}
			athena_row_line(row, &out, col, &line);
			scan_message(s, sf, line.data, line.len, NULL);
			st->rows++;
		}
		next = json_string_value(json_object_get(resp, "NextToken"));
		if (st->partial || next == NULL || next[0] == '\0')
			break;
		/* A token seen before, however many pages ago, is a loop. */
		if (paging_next(&guard, next, ei) == -1)
			goto out;
		json_object_set_new(req, "NextToken", json_string(next));
	}
	ret = 0;
out:
	paging_release(&guard);
	buf_release(&line);
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* Starts the query; its id goes to st->id. */
static int
start_query(struct aws_client *c, const struct athena_options *o,
    const struct athena_table *t, const char *query, const char *output,
    struct athena_stats *st, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *ctx = json_object();
	json_t *rc = json_object();
	const char *id;
	char token[33];
	int ret = -1;

	request_token(token, sizeof(token));
	json_object_set_new(ctx, "Database", json_string(t->db));
	json_object_set_new(ctx, "Catalog", json_string(CATALOG));
	json_object_set_new(rc, "OutputLocation", json_string(output));
	json_object_set_new(req, "QueryString", json_string(query));
	json_object_set_new(req, "ClientRequestToken", json_string(token));
	json_object_set_new(req, "QueryExecutionContext", ctx);
	json_object_set_new(req, "WorkGroup", json_string(o->workgroup));
	json_object_set_new(req, "ResultConfiguration", rc);
	if (aws_json_call(c, "StartQueryExecution", req, &resp, ei) == -1)
		goto out;
	id = json_string_value(json_object_get(resp, "QueryExecutionId"));
	if (id == NULL || !id_valid(id)) {
		errinfo_set(ei, EC_SERVICE,
		    "athena StartQueryExecution: the answer has no "
		    "QueryExecutionId, or not one of hex digits and '-'");
		goto out;
	}
	snprintf(st->id, sizeof(st->id), "%s", id);
	ret = 0;
out:
	json_decref(req);
	json_decref(resp);
	return ret;
}

int
athena_fetch(const struct athena_options *opt, struct scan *s, int64_t from,
    int64_t to, struct athena_stats *st, struct errinfo *ei)
{
	struct athena_options o = *opt;
	struct athena_table t;
	struct athena_layout l;
	struct aws_client c;
	struct scan_file *sf;
	char *query = NULL, *output = NULL, *name = NULL;
	int ret = -1;

	if (o.workgroup == NULL)
		o.workgroup = "primary";
	if (athena_table_parse(o.table, &t, ei) == -1)
		return -1;
	cancel_arm();
	http_set_debug(o.debug);
	if (aws_client_init(&c, "athena", "AmazonAthena", "ATHENA", &o.aws,
		ei) == -1)
		goto out;
	if (table_layout(&c, &t, &l, ei) == -1)
		goto out;
	if (o.output != NULL)
		output = xstrdup(o.output);
	else if (workgroup_output(&c, o.workgroup, &output, ei) == -1)
		goto out;
	if ((query = athena_query(&t, &l, &s->opt.target->addr, from, to,
		 ei)) == NULL)
		goto out;
	if (o.debug)
		notice(NOTICE_DEBUG, "athena query:\n%s", query);
	if (start_query(&c, &o, &t, query, output, st, ei) == -1)
		goto out;
	if (poll_query(&c, &o, st, ei) == -1)
		goto out;
	xasprintf(&name, "athena:%s.%s", t.db, t.name);
	sf = scan_add_file(s, name, SCAN_JSON_EVENTS);
	free(s->query.engine);
	free(s->query.id);
	s->query.engine = xstrdup("athena");
	s->query.id = xstrdup(st->id);
	s->query.scanned = st->scanned;
	s->query.seconds = st->seconds;
	st->rows_max = env_number("FLOWDIAG_ATHENA_ROWS", 1, ATHENA_ROWS_MAX,
	    ATHENA_ROWS_MAX);
	if (read_results(&c, &l, s, sf, st, ei) == -1)
		goto out;
	s->query.rows = st->rows;
	if (st->partial) {
		notice(NOTICE_WARNING,
		    "Athena returned more than %" PRIu64
		    " rows: results are partial; narrow --from/--to",
		    st->rows_max);
	}
	if (o.debug) {
		notice(NOTICE_DEBUG,
		    "athena: %" PRIu64 " requests, %" PRIu64 " polls, %" PRIu64
		    " pages, %" PRIu64 " rows; %" PRIu64
		    " bytes scanned in %.1f s",
		    c.requests, st->polls, st->pages, st->rows, st->scanned,
		    st->seconds);
	}
	ret = 0;
out:
	cancel_disarm();
	aws_client_release(&c);
	free(query);
	free(output);
	free(name);
	return ret;
}
