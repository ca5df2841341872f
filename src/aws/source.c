#include "config.h"

#include "flowdiag/aws/source.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/cwl.h"
#include "flowdiag/aws/ec2-config.h"
#include "flowdiag/aws/ec2.h"
#include "flowdiag/aws/http.h"
#include "flowdiag/aws/insights.h"
#include "flowdiag/aws/s3-keys.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/plural.h"
#include "flowdiag/util/pool.h"
#include "flowdiag/util/xmalloc.h"

/*
 * --engine auto takes Logs Insights for a window longer than this, or for
 * more log groups than AUTO_GROUPS.  FilterLogEvents reads every event of
 * every stream in the window, page by page, at no more than five requests
 * a second for the account however many slices go side by side: its cost
 * grows with the window and the groups.  Insights scans in parallel on
 * the service side and returns only the aggregates the evidence needs,
 * but it is billed by the bytes it scans, takes some seconds to start,
 * and folds records into rows; for a short window over a few groups
 * FilterLogEvents is cheaper, as quick, and exact, record by record.
 */
#define AUTO_WINDOW (6 * 3600)
#define AUTO_GROUPS 3

const char *const source_engine_names[] = {
	[ENGINE_AUTO] = "auto",
	[ENGINE_FILTER] = "filter",
	[ENGINE_INSIGHTS] = "insights",
	[ENGINE_ATHENA] = "athena",
	NULL,
};

int
source_engine_parse(const char *name, const char *word, enum source_engine *e,
    struct errinfo *ei)
{
	int i;

	for (i = 0; source_engine_names[i] != NULL; i++) {
		if (strcmp(source_engine_names[i], word) == 0) {
			*e = (enum source_engine)i;
			return 0;
		}
	}
	return errinfo_set(ei, EC_USAGE,
	    "%s is filter, insights, athena or auto", name);
}

void
ec2_view_release(struct ec2_view *v)
{
	free(v->formats);
	free(v->has_format);
	xfree_strings(v->interfaces, v->ninterfaces);
	free(v->no_flow_log);
	free(v->delivery_error);
	memset(v, 0, sizeof(*v));
}

static void
warn(const char *what, const char *then)
{
	notice(NOTICE_WARNING, "%s: %s", what, then);
}

/* Takes the format of each log group from the flow logs that deliver to
 * it, warning about those it cannot have; -1 when EC2 cannot be asked. */
static int
group_formats(struct aws_client *c, const struct source_options *o,
    struct ec2_view *v, struct errinfo *ei)
{
	static const char dflt[] = "assuming the default format (give "
				   "--log-format)";
	struct ec2_flow_logs fl = { 0 };
	const struct ec2_flow_log *f;
	struct errinfo e;
	char what[ERRINFO_MSGLEN + 128];
	size_t i, j;

	for (i = 0; i < o->ngroups; i++) {
		if (ec2_describe_flow_logs(c, "log-group-name", &o->groups[i],
			1, &fl, ei) == -1) {
			ec2_flow_logs_release(&fl);
			return -1;
		}
		for (j = 0, f = NULL; j < fl.n && f == NULL; j++) {
			if (fl.v[j].format != NULL && fl.v[j].format[0] != '\0')
				f = &fl.v[j];
		}
		if (f == NULL) {
			snprintf(what, sizeof(what),
			    "no flow log delivers to log group '%s' in %s, "
			    "EC2 says",
			    o->groups[i], c->region);
			warn(what, dflt);
		} else if (flow_format_parse(f->format, &v->formats[i], &e) ==
		    -1) {
			snprintf(what, sizeof(what),
			    "cannot read the format of flow log %s: %s", f->id,
			    e.msg);
			warn(what, dflt);
		} else {
			v->has_format[i] = true;
			for (j = 0; j < fl.n; j++) {
				if (fl.v[j].format == NULL ||
				    strcmp(fl.v[j].format, f->format) == 0)
					continue;
				snprintf(what, sizeof(what),
				    "flow logs %s and %s deliver to log group "
				    "'%s' in different formats",
				    f->id, fl.v[j].id, o->groups[i]);
				warn(what,
				    "reading it in the first one's (give "
				    "--log-format)");
				break;
			}
			if (o->debug) {
				notice(NOTICE_DEBUG,
				    "log group '%s': the "
				    "format of %s: %s",
				    o->groups[i], f->id, f->format);
			}
		}
		ec2_flow_logs_release(&fl);
	}
	return 0;
}

static bool
is_group(const struct source_options *o, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < o->ngroups; i++) {
		if (strcmp(o->groups[i], name) == 0)
			return true;
	}
	return false;
}

/* Weighs the flow logs that cover the target's interfaces: those that
 * deliver to the log groups read give the traffic type, the creation
 * time and any delivery error; with none, says why in no_flow_log. */
static void
weigh_flow_logs(const struct source_options *o, const struct ec2_interface *is,
    size_t nis, const struct ec2_flow_logs *fl, struct ec2_view *v)
{
	char other[256] = "", groups[256] = "";
	bool acc = false, rej = false;
	size_t i, n = 0, len;

	for (i = 0; i < fl->n; i++) {
		const struct ec2_flow_log *f = &fl->v[i];
		const char *tt = f->traffic_type != NULL ? f->traffic_type : "";

		if (o->debug) {
			notice(NOTICE_DEBUG,
			    "%s on %s: %s to %s, created "
			    "%lld, %s, %lds",
			    f->id, f->resource ? f->resource : "?", tt,
			    f->group != NULL     ? f->group
				: f->destination ? f->destination
						 : "?",
			    (long long)f->created, f->status ? f->status : "?",
			    f->aggregation);
		}
		if (!is_group(o, f->group)) {
			len = strlen(other);
			snprintf(other + len, sizeof(other) - len, "%s%s to %s",
			    len ? ", " : "", f->id,
			    f->group != NULL     ? f->group
				: f->destination ? f->destination
						 : "elsewhere");
			continue;
		}
		n++;
		acc |= strcmp(tt, "ALL") == 0 || strcmp(tt, "ACCEPT") == 0;
		rej |= strcmp(tt, "ALL") == 0 || strcmp(tt, "REJECT") == 0;
		if (f->created != 0 &&
		    (v->created == 0 || f->created < v->created))
			v->created = f->created;
		if (f->status != NULL && strcmp(f->status, "SUCCESS") != 0 &&
		    v->delivery_error == NULL) {
			xasprintf(&v->delivery_error, "%s: %s", f->id,
			    f->error != NULL ? f->error : f->status);
		}
	}
	v->traffic_type = acc && rej ? "ALL"
	    : acc                    ? "ACCEPT"
	    : rej                    ? "REJECT"
				     : NULL;
	if (n > 0)
		return;
	for (i = 0; i < o->ngroups; i++) {
		len = strlen(groups);
		snprintf(groups + len, sizeof(groups) - len, "%s'%s'",
		    i ? ", " : "", o->groups[i]);
	}
	xasprintf(&v->no_flow_log,
	    "no flow log on %s, its subnet %s or its VPC %s%s delivers to "
	    "log group %s, EC2 says%s%s%s",
	    is[0].id, is[0].subnet ? is[0].subnet : "?",
	    is[0].vpc ? is[0].vpc : "?",
	    nis > 1 ? " (nor on the other interfaces with the address)" : "",
	    groups, other[0] ? " (other flow logs cover it: " : "", other,
	    other[0] ? ")" : "");
}

/* Finds the target's interfaces and the flow logs that cover them. */
static int
coverage(struct aws_client *c, const struct source_options *o,
    const struct target *t, struct ec2_view *v, struct errinfo *ei)
{
	struct ec2_interface *is = NULL;
	struct ec2_flow_logs fl = { 0 };
	const char **values = NULL;
	size_t i, n = 0, nv = 0;
	int ret = -1;

	if (ec2_find_interfaces(c, &t->addr, &is, &n, ei) == -1)
		goto out;
	if (n == 0) {
		if (o->debug) {
			notice(NOTICE_DEBUG,
			    "no network interface in %s has "
			    "the target's address",
			    c->region);
		}
		ret = 0;
		goto out;
	}
	values = xcalloc(3 * n, sizeof(*values));
	v->interfaces = xcalloc(n, sizeof(*v->interfaces));
	for (i = 0; i < n; i++) {
		v->interfaces[v->ninterfaces++] = xstrdup(is[i].id);
		values[nv++] = is[i].id;
		if (is[i].subnet != NULL)
			values[nv++] = is[i].subnet;
		if (is[i].vpc != NULL)
			values[nv++] = is[i].vpc;
	}
	if (ec2_describe_flow_logs(c, "resource-id", values, nv, &fl, ei) == -1)
		goto out;
	weigh_flow_logs(o, is, n, &fl, v);
	v->covered = true;
	ret = 0;
out:
	ec2_flow_logs_release(&fl);
	ec2_interfaces_free(is, n);
	free(values);
	return ret;
}

/* Asks EC2 for the log groups' formats (without --log-format) and the
 * flow logs that cover the target (unless only records are listed).
 * What cannot be had is a warning; -1 only when no client can be set up
 * (no credentials, a bad endpoint), which would stop the log groups too. */
int
source_consult_ec2(const struct source_options *o, const struct target *t,
    struct ec2_view *v, struct errinfo *ei)
{
	struct aws_options ao = o->aws;
	struct aws_client c;
	struct errinfo e;
	int ret = -1;

	v->formats = xcalloc(o->ngroups, sizeof(*v->formats));
	v->has_format = xcalloc(o->ngroups, sizeof(*v->has_format));
	/* --endpoint-url is CloudWatch Logs': EC2 has its variables. */
	ao.endpoint_url = NULL;
	http_set_debug(o->debug);
	if (aws_client_init(&c, "ec2", EC2_API_VERSION, "EC2", &ao, ei) == -1)
		goto out;
	if (!o->format_given && group_formats(&c, o, v, &e) == -1) {
		/* Ctrl-C stops the run; other failures are a warning. */
		if (e.code == EC_INTERRUPTED) {
			*ei = e;
			goto out;
		}
		warn(e.msg, "assuming the default format (give --log-format)");
		ret = 0;
		goto out;
	}
	if (!o->no_coverage && coverage(&c, o, t, v, &e) == -1) {
		if (e.code == EC_INTERRUPTED) {
			*ei = e;
			goto out;
		}
		warn(e.msg,
		    "going on without EC2's view of the flow logs (or give "
		    "--no-ec2)");
	}
	ret = 0;
out:
	aws_client_release(&c);
	return ret;
}

int
source_target_owner(const struct source_options *o, const struct target *t,
    char *account, char *region, struct errinfo *ei)
{
	struct aws_options ao = o->aws;
	struct ec2_interface *is = NULL;
	struct aws_client c;
	char text[ADDR_STRLEN];
	size_t i, n = 0;
	int ret = -1;

	/* --endpoint-url is S3's: EC2 has its variables. */
	ao.endpoint_url = NULL;
	http_set_debug(o->debug);
	if (aws_client_init(&c, "ec2", EC2_API_VERSION, "EC2", &ao, ei) == -1)
		goto out;
	if (ec2_find_interfaces(&c, &t->addr, &is, &n, ei) == -1)
		goto out;
	addr_format(&t->addr, text, sizeof(text));
	if (n == 0) {
		errinfo_set(ei, EC_NOT_FOUND,
		    "no network interface in %s has the address %s", c.region,
		    text);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (is[i].owner == NULL || !s3_account_valid(is[i].owner) ||
		    strcmp(is[i].owner, is[0].owner) != 0) {
			errinfo_set(ei, EC_NOT_FOUND,
			    "the interfaces with the address %s in %s are not "
			    "all of one account",
			    text, c.region);
			goto out;
		}
	}
	if (strlen(c.region) > S3_REGION_MAX) {
		errinfo_set(ei, EC_USAGE, "region '%s' is too long", c.region);
		goto out;
	}
	memcpy(account, is[0].owner, S3_ACCOUNT_LEN + 1);
	memcpy(region, c.region, strlen(c.region) + 1);
	ret = 0;
out:
	ec2_interfaces_free(is, n);
	aws_client_release(&c);
	return ret;
}

int
source_read_config(const struct source_options *o, const struct target *t,
    const struct addr *clients, size_t n, struct vpc_config *cfg,
    struct errinfo *ei)
{
	struct aws_options ao = o->aws;
	struct aws_client c;
	int ret;

	/* --endpoint-url is CloudWatch Logs': EC2 has its variables. */
	ao.endpoint_url = NULL;
	http_set_debug(o->debug);
	if (aws_client_init(&c, "ec2", EC2_API_VERSION, "EC2", &ao, ei) == -1) {
		aws_client_release(&c);
		return -1;
	}
	ret = ec2_read_config(&c, &t->addr, clients, n, cfg, ei);
	aws_client_release(&c);
	return ret;
}

/* The format of log group i: its flow log's when EC2 gave it, else base. */
const struct flow_format *
source_group_format(const struct ec2_view *v, size_t i,
    const struct flow_format *base)
{
	return v->has_format != NULL && v->has_format[i] ? &v->formats[i]
							 : base;
}

/*
 * FilterLogEvents reads a group's window one page after the other, each
 * request waiting on the service for most of a second, while the quota is
 * five requests a second per account and region.  So the groups, and the
 * slices of each group's window, are fetched side by side, FETCHES at a
 * time, the client spacing the requests to the quota; the slices' records
 * are handed over in order, group by group and slice by slice.
 */
#define FETCHES 4
/* A slice of a window is no shorter than this, in seconds. */
#define SLICE_MIN 600

struct fetch {
	const char *group;
	const struct flow_format *fmt;
	int64_t from;
	int64_t to;
	bool continued; /* the group's earlier slices came before */
	bool stopped;   /* by another slice's failure */
	struct scan w;
	struct cwl_stats st;
	int ret;
	struct errinfo ei;
};

struct fetches {
	struct aws_client *c;
	struct scan *s;
	struct fetch *v;
	size_t n;
	bool progress;
	atomic_bool stop;
	uint64_t pages;
	uint64_t events;
	size_t done;
	uint64_t base; /* events of the group's slices handed over */
	struct errinfo ei;
};

static int
fetch_work(void *arg, size_t i)
{
	struct fetches *fs = arg;
	struct fetch *f = &fs->v[i];

	scan_init(&f->w, &fs->s->opt);
	scan_set_format(&f->w, f->fmt);
	f->st.stop = &fs->stop;
	f->ret =
	    cwl_fetch(fs->c, f->group, f->from, f->to, &f->w, &f->st, &f->ei);
	/* A failed slice stops the others at their next page; a slice so
	 * stopped did not fail of its own, and says nothing. */
	if (f->ret == -1 && f->ei.code == EC_INTERRUPTED &&
	    !cancel_requested() && atomic_load(&fs->stop)) {
		f->stopped = true;
		return 0;
	}
	if (f->ret == -1)
		atomic_store(&fs->stop, true);
	return f->ret;
}

static void
fetch_done(void *arg, size_t i)
{
	struct fetches *fs = arg;
	struct fetch *f = &fs->v[i];
	uint64_t units;

	if (fs->ei.code == EC_OK && !f->stopped) {
		/* Events are numbered through the group, slice after slice. */
		if (!f->continued)
			fs->base = 0;
		units = f->w.nfiles > 0 ? f->w.files[0]->units : 0;
		if (f->ret == 0)
			scan_absorb(fs->s, &f->w, f->continued, fs->base);
		else
			fs->ei = f->ei;
		fs->base += units;
	}
	scan_release(&f->w);
	fs->pages += f->st.pages;
	fs->events += f->st.events;
	fs->done++;
	if (fs->progress) {
		notice(NOTICE_PROGRESS,
		    "log groups: %zu of %zu %s, %" PRIu64 " %s, %" PRIu64 " %s",
		    fs->done, fs->n, plural(fs->n, "slice", "slices"),
		    fs->pages, plural(fs->pages, "page", "pages"), fs->events,
		    plural(fs->events, "event", "events"));
	}
}

/* FilterLogEvents requests in flight at once: FETCHES, or
 * $FLOWDIAG_FETCHES (1 fetches one slice after the other). */
static unsigned int
fetches_at_once(void)
{
	return (
	    unsigned int)env_number("FLOWDIAG_FETCHES", 1, POOL_MAX, FETCHES);
}

/* Reads the log groups with FilterLogEvents, in slices side by side. */
static int
fetch_filter(struct aws_client *c, struct scan *s,
    const struct source_options *o, const struct target *t,
    const struct ec2_view *v, const struct flow_format *base,
    struct errinfo *ei)
{
	struct fetches fs = { 0 };
	unsigned int at_once = fetches_at_once();
	int64_t span = t->to - t->from + 1, slices, k;
	size_t i;

	slices =
	    ((int64_t)at_once + (int64_t)o->ngroups - 1) / (int64_t)o->ngroups;
	if (slices > span / SLICE_MIN)
		slices = span / SLICE_MIN;
	if (slices < 1)
		slices = 1;
	fs.c = c;
	fs.s = s;
	fs.progress = o->progress;
	fs.v = xcalloc(o->ngroups * (size_t)slices, sizeof(*fs.v));
	atomic_init(&fs.stop, false);
	for (i = 0; i < o->ngroups; i++) {
		for (k = 0; k < slices; k++) {
			struct fetch *f = &fs.v[fs.n++];

			f->group = o->groups[i];
			f->fmt = source_group_format(v, i, base);
			f->from = t->from + span * k / slices;
			f->to = t->from + span * (k + 1) / slices - 1;
			f->continued = k > 0;
		}
	}
	c->per_second = CWL_PER_SECOND;
	pool_run(fs.n, at_once, fetch_work, fetch_done, &fs);
	if (fs.progress && fs.n > 0)
		notice(NOTICE_PROGRESS_END, "%s", "");
	free(fs.v);
	if (o->debug) {
		notice(NOTICE_DEBUG,
		    "%" PRIu64 " requests, %" PRIu64 " pages, %" PRIu64
		    " events, %lld slices of %llds, %u "
		    "at once",
		    c->requests, fs.pages, fs.events, (long long)fs.n,
		    (long long)(span / slices), at_once);
	}
	if (fs.ei.code != EC_OK) {
		*ei = fs.ei;
		return -1;
	}
	return 0;
}

/* Reads the log groups with Logs Insights: one query for all the groups
 * of a format, so one for them all unless EC2 gave them different ones. */
static int
fetch_insights(struct aws_client *c, struct scan *s,
    const struct source_options *o, const struct target *t,
    const struct ec2_view *v, const struct flow_format *base,
    struct errinfo *ei)
{
	struct insights_stats st = { 0 };
	const struct flow_format *fmt;
	const char **names = xcalloc(o->ngroups, sizeof(*names));
	bool *done = xcalloc(o->ngroups, sizeof(*done));
	size_t i, j, n;
	int ret = -1;

	st.progress = o->progress;
	for (i = 0; i < o->ngroups; i++) {
		if (done[i])
			continue;
		fmt = source_group_format(v, i, base);
		for (j = i, n = 0; j < o->ngroups; j++) {
			if (!done[j] &&
			    flow_format_equal(source_group_format(v, j, base),
				fmt)) {
				done[j] = true;
				names[n++] = o->groups[j];
			}
		}
		if (insights_fetch(c, names, n, t->from, t->to, fmt, s, &st,
			ei) == -1)
			goto out;
	}
	if (st.partial) {
		notice(NOTICE_WARNING,
		    "Insights returned the %d-row maximum: "
		    "results are partial; narrow --from/--to or use --engine "
		    "filter",
		    INSIGHTS_LIMIT);
	}
	if (o->debug) {
		notice(NOTICE_DEBUG,
		    "%" PRIu64 " requests, %" PRIu64 " queries, %" PRIu64
		    " polls, %" PRIu64 " rows",
		    c->requests, st.queries, st.polls, st.rows);
	}
	ret = 0;
out:
	free(names);
	free(done);
	return ret;
}

/* Reads the log groups' records in the window into s, each in its flow
 * log's format when EC2 gave it, else in base, with the engine asked for
 * or the one that suits the window and the number of groups. */
int
source_fetch(struct scan *s, const struct source_options *o,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base, struct errinfo *ei)
{
	struct aws_client c;
	enum source_engine e = o->engine;
	int ret = -1;

	if (e == ENGINE_AUTO) {
		e = t->to - t->from > AUTO_WINDOW || o->ngroups > AUTO_GROUPS
		    ? ENGINE_INSIGHTS
		    : ENGINE_FILTER;
	}
	if (o->debug) {
		notice(NOTICE_DEBUG,
		    "engine %s: a %llds window, %zu log "
		    "group%s",
		    e == ENGINE_INSIGHTS ? "insights" : "filter",
		    (long long)(t->to - t->from), o->ngroups,
		    o->ngroups == 1 ? "" : "s");
	}
	http_set_debug(o->debug);
	if (aws_client_init(&c, "logs", "Logs_20140328", "CLOUDWATCH_LOGS",
		&o->aws, ei) == -1)
		goto out;
	if (e == ENGINE_INSIGHTS)
		ret = fetch_insights(&c, s, o, t, v, base, ei);
	else
		ret = fetch_filter(&c, s, o, t, v, base, ei);
out:
	aws_client_release(&c);
	return ret;
}

/* Events of an interface a census asks a log group for: enough to see
 * which address they all name. */
#define CENSUS_EVENTS 2000

void
source_census(struct scan *cs, const struct source_options *o,
    const struct target *t, const struct ec2_view *v,
    const struct flow_format *base)
{
	struct cwl_stats st = { 0 };
	struct aws_client c;
	struct errinfo ei;
	size_t i;

	if (aws_client_init(&c, "logs", "Logs_20140328", "CLOUDWATCH_LOGS",
		&o->aws, &ei) == -1)
		return;
	c.per_second = CWL_PER_SECOND;
	for (i = 0; i < o->ngroups && !cancel_requested(); i++) {
		scan_set_format(cs, source_group_format(v, i, base));
		st.max_events = CENSUS_EVENTS;
		(void)cwl_fetch(&c, o->groups[i], t->from, t->to, cs, &st, &ei);
	}
	aws_client_release(&c);
}
