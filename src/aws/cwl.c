#include "config.h"

#include "flowdiag/aws/cwl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/paging.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/near.h"
#include "flowdiag/util/xmalloc.h"

/* Pages read at the most: a day of a busy group is far fewer. */
#define PAGES_MAX 100000
/* DescribeLogGroups pages read at the most (50 groups a page). */
#define GROUP_PAGES_MAX 20

char *
cwl_filter_pattern(const char *needle)
{
	char *p;

	/* Terms of ? are ORed; a quoted term matches as a substring. */
	if (needle[0] == '\0')
		return xstrdup("");
	xasprintf(&p, "?\"%s\" ?\"NODATA\" ?\"SKIPDATA\"", needle);
	return p;
}

/*
 * Near names.  A name is near the one asked for when they share a run of
 * four characters or more, ignoring case, at least half as long as the
 * one asked for; the nearer, the longer the run, then the closer the
 * lengths.
 */

/* A name kept, and how near it is: the larger run, then the smaller
 * difference of lengths, then the earlier in the listing. */
struct kept {
	char *name;
	size_t run;
	size_t diff;
	size_t order;
};

static bool
nearer(const struct kept *x, const struct kept *y)
{
	if (x->run != y->run)
		return x->run > y->run;
	if (x->diff != y->diff)
		return x->diff < y->diff;
	return x->order < y->order;
}

static int
by_nearness(const void *x, const void *y)
{
	return nearer(x, y) ? -1 : nearer(y, x) ? 1 : 0;
}

/* The names kept, at most CWL_GROUPS_KEPT: a heap whose root is the
 * least near, which a nearer name replaces once the heap is full. */
struct keep {
	const char *want; /* NULL: keep the first names listed */
	size_t want_len;
	struct near a;
	struct kept *v;
	size_t n;
	size_t seen;
};

static void
sift_down(struct keep *k, size_t i)
{
	struct kept t;
	size_t c;

	for (; (c = 2 * i + 1) < k->n; i = c) {
		if (c + 1 < k->n && nearer(&k->v[c], &k->v[c + 1]))
			c++;
		if (!nearer(&k->v[i], &k->v[c]))
			break;
		t = k->v[i];
		k->v[i] = k->v[c];
		k->v[c] = t;
	}
}

static void
sift_up(struct keep *k, size_t i)
{
	struct kept t;

	for (; i > 0 && nearer(&k->v[(i - 1) / 2], &k->v[i]); i = (i - 1) / 2) {
		t = k->v[i];
		k->v[i] = k->v[(i - 1) / 2];
		k->v[(i - 1) / 2] = t;
	}
}

/* Offers a listed name: kept when it is a log group's name, near enough
 * (when want is set) and among the CWL_GROUPS_KEPT nearest so far. */
static void
offer(struct keep *k, const char *name)
{
	struct kept e = { NULL, 0, 0, k->seen++ };
	size_t len = strlen(name);

	if (len == 0 || len > CWL_GROUP_NAME_MAX)
		return;
	if (k->want != NULL) {
		e.run = near_run(&k->a, name);
		if (e.run < 4 || e.run < k->want_len / 2)
			return;
		e.diff =
		    len > k->want_len ? len - k->want_len : k->want_len - len;
	}
	if (k->n == CWL_GROUPS_KEPT) {
		if (!nearer(&e, &k->v[0]))
			return;
		free(k->v[0].name);
		e.name = xstrdup(name);
		k->v[0] = e;
		sift_down(k, 0);
		return;
	}
	e.name = xstrdup(name);
	k->v[k->n++] = e;
	sift_up(k, k->n - 1);
}

int
cwl_list_groups(struct aws_client *c, const char *prefix, const char *want,
    char ***names, size_t *n, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *v;
	struct keep k = { 0 };
	struct paging guard;
	const char *name, *token;
	size_t i, pages;
	int ret = -1;

	*names = NULL;
	*n = 0;
	paging_init(&guard, "logs DescribeLogGroups", c->fetch_budget_ms);
	k.v = xcalloc(CWL_GROUPS_KEPT, sizeof(*k.v));
	if (want != NULL) {
		k.want = want;
		k.want_len = strlen(want);
		if (k.want_len > CWL_GROUP_NAME_MAX)
			k.want_len = CWL_GROUP_NAME_MAX;
		near_init(&k.a, want, k.want_len);
	}
	if (prefix[0] != '\0') {
		json_object_set_new(req, "logGroupNamePrefix",
		    json_string(prefix));
	}
	for (pages = 0; pages < GROUP_PAGES_MAX; pages++) {
		if (aws_json_call(c, "DescribeLogGroups", req, &resp, ei) == -1)
			goto out;
		json_array_foreach (json_object_get(resp, "logGroups"), i, v) {
			name = json_string_value(
			    json_object_get(v, "logGroupName"));
			if (name != NULL)
				offer(&k, name);
		}
		token = json_string_value(json_object_get(resp, "nextToken"));
		/* Without a name to be near, later names are no better. */
		if (token == NULL || (want == NULL && k.n == CWL_GROUPS_KEPT))
			break;
		if (paging_next(&guard, token, ei) == -1)
			goto out;
		json_object_set_new(req, "nextToken", json_string(token));
		json_decref(resp);
		resp = NULL;
	}
	/* Nearest first; without want, in the order listed. */
	qsort(k.v, k.n, sizeof(*k.v), by_nearness);
	if (k.n > 0) {
		*names = xcalloc(k.n + 1, sizeof(**names));
		for (i = 0; i < k.n; i++) {
			(*names)[i] = k.v[i].name;
			k.v[i].name = NULL;
		}
		*n = k.n;
	}
	ret = 0;
out:
	for (i = 0; i < k.n; i++)
		free(k.v[i].name);
	free(k.v);
	near_release(&k.a);
	paging_release(&guard);
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* Adds "did you mean ..." from the region's log groups to a not-found
 * error, nearest first; leaves ei as it is when that cannot be had. */
static void
suggest(struct aws_client *c, const char *group, struct errinfo *ei)
{
	struct errinfo ignored;
	char names[256] = "", **v = NULL;
	size_t i, n = 0, len;

	if (cwl_list_groups(c, "", group, &v, &n, &ignored) == 0) {
		for (i = 0; i < n; i++) {
			len = strlen(names);
			if (len + strlen(v[i]) + 8 < sizeof(names)) {
				snprintf(names + len, sizeof(names) - len,
				    "%s'%s'", len ? ", " : "", v[i]);
			}
		}
	}
	xfree_strings(v, n);
	errinfo_set(ei, EC_NOT_FOUND,
	    "log group '%s' not found in %s%s%s%s: check --log-group and "
	    "--region",
	    group, c->region, names[0] ? " (did you mean " : "", names,
	    names[0] ? "?)" : "");
}

/*
 * A FilterLogEvents answer is read one event at a time: jansson decodes
 * each event, the key before it and the values beside it, never the whole
 * answer.  Four fetches at once held four answers of 10,000 events as
 * trees, 67 MiB against moto; an answer's text is a fraction of its tree.
 */
static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Decodes the JSON value at p, which ends before end; *next is the byte
 * after it.  A bare scalar is cut at the first delimiter first, for with
 * JSON_DISABLE_EOF_CHECK jansson may read a byte past it. */
static json_t *
value_at(const char *p, const char *end, const char **next, json_error_t *jerr)
{
	static const char delimiters[] = ",}] \t\r\n";
	const char *e = p;
	json_t *v;

	if (p < end && (*p == '{' || *p == '[' || *p == '"')) {
		v = json_loadb(p, (size_t)(end - p),
		    JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, jerr);
		*next = v != NULL ? p + jerr->position : p;
		return v;
	}
	while (
	    e < end && memchr(delimiters, *e, sizeof(delimiters) - 1) == NULL)
		e++;
	v = json_loadb(p, (size_t)(e - p), JSON_DECODE_ANY, jerr);
	*next = e;
	return v;
}

/* Reads the array of events at *p, moving *p past it. */
static int
read_events(const char **p, const char *end, cwl_event_fn *event, void *arg,
    json_error_t *jerr)
{
	const char *q = skip_blanks(*p, end);
	json_t *ev, *msg;

	if (q == end || *q != '[')
		return -1;
	for (q = skip_blanks(q + 1, end); q < end && *q != ']';) {
		if ((ev = value_at(q, end, &q, jerr)) == NULL)
			return -1;
		msg = json_object_get(ev, "message");
		if (json_is_string(msg)) {
			event(arg, json_string_value(msg),
			    json_string_length(msg),
			    json_string_value(json_object_get(ev, "eventId")));
		}
		json_decref(ev);
		q = skip_blanks(q, end);
		/* A comma before the next event, none before the end. */
		if (q < end && *q == ',') {
			q = skip_blanks(q + 1, end);
			if (q < end && *q == ']')
				return -1;
		} else if (q == end || *q != ']')
			return -1;
	}
	if (q == end)
		return -1;
	*p = q + 1;
	return 0;
}

int
cwl_read_answer(const char *p, size_t n, cwl_event_fn *event, void *arg,
    char **token, struct errinfo *ei)
{
	const char *start = p, *end = p + n;
	json_error_t jerr;
	json_t *key = NULL, *v;
	const char *name;

	*token = NULL;
	jerr.text[0] = '\0';
	/* No JSON text holds a NUL byte, and jansson, handed a value with
	 * one, may end the value there and take it. */
	if ((p = memchr(start, '\0', n)) != NULL)
		goto bad;
	p = skip_blanks(start, end);
	if (p == end || *p != '{')
		goto bad;
	p = skip_blanks(p + 1, end);
	while (p < end && *p != '}') {
		key = value_at(p, end, &p, &jerr);
		if ((name = json_string_value(key)) == NULL)
			goto bad;
		p = skip_blanks(p, end);
		if (p == end || *p != ':')
			goto bad;
		p = skip_blanks(p + 1, end);
		if (strcmp(name, "events") == 0) {
			if (read_events(&p, end, event, arg, &jerr) == -1)
				goto bad;
		} else {
			if ((v = value_at(p, end, &p, &jerr)) == NULL)
				goto bad;
			if (strcmp(name, "nextToken") == 0 &&
			    json_is_string(v)) {
				free(*token);
				*token = xstrdup(json_string_value(v));
			}
			json_decref(v);
		}
		json_decref(key);
		key = NULL;
		p = skip_blanks(p, end);
		if (p < end && *p == ',') {
			p = skip_blanks(p + 1, end);
			if (p < end && *p == '}')
				goto bad;
		} else if (p == end || *p != '}')
			goto bad;
	}
	if (p < end && skip_blanks(p + 1, end) == end)
		return 0;
bad:
	json_decref(key);
	free(*token);
	*token = NULL;
	return errinfo_set(ei, EC_SERVICE,
	    "logs FilterLogEvents: the answer is not a JSON object of "
	    "events (at byte %zu%s%s)",
	    (size_t)(p - start), jerr.text[0] != '\0' ? ": " : "", jerr.text);
}

/* Hands an event of an answer to the records stage. */
struct page {
	struct scan *s;
	struct scan_file *sf;
	struct cwl_stats *st;
};

static void
take_event(void *arg, const char *message, size_t len, const char *id)
{
	struct page *pg = arg;

	pg->st->events++;
	pg->st->bytes += len;
	scan_message(pg->s, pg->sf, message, len, id);
}

int
cwl_fetch(struct aws_client *c, const char *group, int64_t from, int64_t to,
    struct scan *s, struct cwl_stats *st, struct errinfo *ei)
{
	json_t *req = json_object();
	struct page pg = { s, NULL, st };
	struct buf answer;
	struct paging guard;
	size_t pages = 0;
	char *pattern, *name, *token = NULL;
	uint64_t limit;
	int ret = -1;

	xasprintf(&name, "logs:%s", group);
	pg.sf = scan_add_file(s, name, SCAN_JSON_EVENTS);
	free(name);
	xasprintf(&name, "logs FilterLogEvents of log group '%s'", group);
	paging_init(&guard, name, c->fetch_budget_ms);
	pattern = cwl_filter_pattern(s->needle);
	json_object_set_new(req, "logGroupName", json_string(group));
	json_object_set_new(req, "startTime", json_integer(from * 1000));
	json_object_set_new(req, "endTime", json_integer(to * 1000 + 999));
	if (pattern[0] != '\0')
		json_object_set_new(req, "filterPattern", json_string(pattern));
	/* The events a page holds: the service's default, or fewer for
	 * tests. */
	if ((limit = env_number("FLOWDIAG_PAGE_LIMIT", 1, 10000, 0)) != 0) {
		json_object_set_new(req, "limit",
		    json_integer((json_int_t)limit));
	}
	buf_init(&answer, 0);
	for (;;) {
		if (cancel_requested() ||
		    (st->stop != NULL && atomic_load(st->stop))) {
			errinfo_set(ei, EC_INTERRUPTED,
			    "interrupted while reading log group '%s'", group);
			goto out;
		}
		if (pages == PAGES_MAX) {
			errinfo_set(ei, EC_SERVICE,
			    "logs FilterLogEvents: more "
			    "than %d pages for '%s': narrow --from/--to",
			    PAGES_MAX, group);
			goto out;
		}
		buf_release(&answer);
		if (aws_json_call_text(c, "FilterLogEvents", req, &answer,
			ei) == -1) {
			/* Near names once: not again for every slice. */
			if (ei->code == EC_NOT_FOUND &&
			    (st->stop == NULL || !atomic_load(st->stop)))
				suggest(c, group, ei);
			goto out;
		}
		free(token);
		if (cwl_read_answer(answer.data != NULL ? answer.data : "",
			answer.len, take_event, &pg, &token, ei) == -1)
			goto out;
		st->pages++;
		pages++;
		/* No token is the end; one seen before would loop. */
		if (token == NULL ||
		    (st->max_events > 0 && st->events >= st->max_events))
			break;
		if (paging_next(&guard, token, ei) == -1)
			goto out;
		json_object_set_new(req, "nextToken", json_string(token));
	}
	ret = 0;
out:
	paging_release(&guard);
	free(name);
	buf_release(&answer);
	free(token);
	json_decref(req);
	free(pattern);
	return ret;
}
