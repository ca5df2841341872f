#include "config.h"

#include "flowdiag/cwl.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/cancel.h"
#include "flowdiag/xmalloc.h"

/* Pages read at the most: a day of a busy group is far fewer. */
#define PAGES_MAX 100000
/* Next tokens remembered, to notice a server cycling through them. */
#define TOKENS_KEPT 64
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

/* Whether a and b share a run of four letters or more, ignoring case: a
 * cheap sign that one was meant for the other. */
static bool
near(const char *a, const char *b)
{
	size_t i, j, k, la = strlen(a), lb = strlen(b);

	for (i = 0; i + 4 <= la; i++) {
		for (j = 0; j + 4 <= lb; j++) {
			for (k = 0; i + k < la && j + k < lb &&
			     tolower((unsigned char)a[i + k]) ==
				 tolower((unsigned char)b[j + k]);
			     k++)
				;
			if (k >= 4 && k >= la / 2)
				return true;
		}
	}
	return false;
}

int
cwl_list_groups(struct aws_client *c, const char *prefix, char ***names,
    size_t *n, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *v;
	const char *name, *token;
	size_t i, pages;
	int ret = -1;

	*names = NULL;
	*n = 0;
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
			if (name == NULL)
				continue;
			*names = xreallocarray(*names, *n + 2, sizeof(**names));
			(*names)[(*n)++] = xstrdup(name);
			(*names)[*n] = NULL;
		}
		token = json_string_value(json_object_get(resp, "nextToken"));
		if (token == NULL)
			break;
		json_object_set_new(req, "nextToken", json_string(token));
		json_decref(resp);
		resp = NULL;
	}
	ret = 0;
out:
	if (ret == -1) {
		xfree_strings(*names, *n);
		*names = NULL;
		*n = 0;
	}
	json_decref(req);
	json_decref(resp);
	return ret;
}

/* Adds "did you mean ..." from the region's log groups to a not-found
 * error; leaves ei as it is when that cannot be had. */
static void
suggest(struct aws_client *c, const char *group, struct errinfo *ei)
{
	struct errinfo ignored;
	char names[256] = "", **v = NULL;
	size_t i, n = 0, len;

	if (cwl_list_groups(c, "", &v, &n, &ignored) == 0) {
		for (i = 0; i < n; i++) {
			len = strlen(names);
			if (near(group, v[i]) &&
			    len + strlen(v[i]) + 8 < sizeof(names)) {
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

/* Whether token was seen among the last TOKENS_KEPT (by hash); notes it
 * if not.  A server that cycles through tokens would page for ever. */
static bool
seen(uint64_t *v, size_t *n, const char *token)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (; *token != '\0'; token++) {
		h ^= (unsigned char)*token;
		h *= 1099511628211ULL;
	}
	for (i = 0; i < *n && i < TOKENS_KEPT; i++) {
		if (v[i] == h)
			return true;
	}
	v[*n % TOKENS_KEPT] = h;
	(*n)++;
	return false;
}

/* One line on a terminal, rewritten after every page. */
static void
progress(const char *group, const struct cwl_stats *st, time_t started)
{
	fprintf(stderr,
	    "\rflowdiag: %s: %" PRIu64 " pages, %" PRIu64
	    " events, %.1f MB, %llds",
	    group, st->pages, st->events, (double)st->bytes / 1e6,
	    (long long)(time(NULL) - started));
	fflush(stderr);
}

int
cwl_fetch(struct aws_client *c, const char *group, int64_t from, int64_t to,
    struct scan *s, struct cwl_stats *st, struct errinfo *ei)
{
	json_t *req = json_object(), *resp = NULL, *ev;
	struct scan_file *sf;
	uint64_t tokens[TOKENS_KEPT];
	size_t ntokens = 0, pages = 0;
	char *pattern, *name;
	const char *token, *msg, *id;
	time_t started = time(NULL);
	size_t i;
	int ret = -1;

	xasprintf(&name, "logs:%s", group);
	sf = scan_add_file(s, name, SCAN_JSON_EVENTS);
	free(name);
	pattern = cwl_filter_pattern(s->needle);
	json_object_set_new(req, "logGroupName", json_string(group));
	json_object_set_new(req, "startTime", json_integer(from * 1000));
	json_object_set_new(req, "endTime", json_integer(to * 1000 + 999));
	if (pattern[0] != '\0')
		json_object_set_new(req, "filterPattern", json_string(pattern));
	if (getenv("FLOWDIAG_PAGE_LIMIT") != NULL) {
		json_object_set_new(req, "limit",
		    json_integer(atoi(getenv("FLOWDIAG_PAGE_LIMIT"))));
	}
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
		if (aws_json_call(c, "FilterLogEvents", req, &resp, ei) == -1) {
			/* Near names once: not again for every slice. */
			if (ei->code == EC_NOT_FOUND &&
			    (st->stop == NULL || !atomic_load(st->stop)))
				suggest(c, group, ei);
			goto out;
		}
		st->pages++;
		pages++;
		json_array_foreach (json_object_get(resp, "events"), i, ev) {
			msg = json_string_value(json_object_get(ev, "message"));
			id = json_string_value(json_object_get(ev, "eventId"));
			if (msg == NULL)
				continue;
			st->events++;
			st->bytes += strlen(msg);
			scan_message(s, sf, msg, strlen(msg), id);
		}
		if (st->progress)
			progress(group, st, started);
		token = json_string_value(json_object_get(resp, "nextToken"));
		/* No token is the end; a token seen before would loop. */
		if (token == NULL || seen(tokens, &ntokens, token))
			break;
		json_object_set_new(req, "nextToken", json_string(token));
		json_decref(resp);
		resp = NULL;
	}
	ret = 0;
out:
	if (st->progress && st->pages > 0)
		fputc('\n', stderr);
	json_decref(resp);
	json_decref(req);
	free(pattern);
	return ret;
}
