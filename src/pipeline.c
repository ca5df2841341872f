#include "config.h"

#include "flowdiag/pipeline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/athena.h"
#include "flowdiag/aws/s3.h"
#include "flowdiag/aws/source.h"
#include "flowdiag/engine/engine.h"
#include "flowdiag/util/buf.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/env.h"
#include "flowdiag/util/notice.h"
#include "flowdiag/util/when.h"
#include "flowdiag/util/xmalloc.h"
#include "flowdiag/vpc/json.h"

void
pipeline_window(struct target *t, const struct pipeline_options *o)
{
	int64_t now = when_now();

	if (o->ngroups == 0 && o->ns3 == 0 && o->engine != ENGINE_ATHENA)
		return;
	if (t->from == INT64_MIN)
		t->from = (t->to == INT64_MAX ? now : t->to) -
		    PIPELINE_DEFAULT_WINDOW;
	if (t->to == INT64_MAX)
		t->to = now;
}

/* Files that hold nothing, empty or none of them a flow log, are an
 * input error, not a verdict: a logging gap would send the user to look
 * for a flow log when the file was the wrong one.  A flow log document
 * with no record in it (an empty CloudWatch answer) is an answer. */
static int
no_records(const struct scan *s, const struct pipeline_options *o,
    struct errinfo *ei)
{
	const struct scan_file *skipped = NULL;
	size_t i, nskipped = 0;

	for (i = 0; i < s->nfiles; i++) {
		if (s->files[i]->skipped) {
			if (nskipped++ == 0)
				skipped = s->files[i];
		} else if (s->files[i]->units > 0 ||
		    s->files[i]->kind != SCAN_EMPTY)
			return 0;
	}
	if (skipped != NULL)
		return errinfo_set(ei, EC_NOINPUT,
		    "no flow log in the input: %zu file%s skipped, the first "
		    "because %s",
		    nskipped, nskipped == 1 ? "" : "s", skipped->problem);
	if (o->nfiles == 1)
		return errinfo_set(ei, EC_DATA,
		    "'%s' holds no flow log record: it is empty", o->files[0]);
	return errinfo_set(ei, EC_DATA,
	    "the %zu inputs hold no flow log record: they are empty",
	    o->nfiles);
}

/* The S3 part of the options, with the account EC2 gave p. */
static void
s3_options_of(const struct pipeline *p, const struct pipeline_options *o,
    struct s3_options *so)
{
	memset(so, 0, sizeof(*so));
	so->urls = o->s3;
	so->nurls = o->ns3;
	so->account = o->account;
	if (p->s3_guessed) {
		so->account = p->s3_account;
		so->region = p->s3_region;
		so->guessed = true;
	}
	so->aws = o->aws;
	so->delay = PIPELINE_DELIVERY_DELAY;
	so->debug = o->debug;
	so->progress = o->progress;
}

/* Interfaces read again at most: each is a pass over the input. */
#define CENSUS_MAX 4

/* The log groups' part of the options. */
static void
source_options_of(const struct pipeline_options *o, struct source_options *so)
{
	memset(so, 0, sizeof(*so));
	so->groups = o->groups;
	so->ngroups = o->ngroups;
	so->aws = o->aws;
	so->engine = o->engine;
	so->format_given = o->format != NULL;
	so->no_coverage = o->records_only;
	so->debug = o->debug;
	so->progress = o->progress;
}

/* Reads interface f's records again, from the files and the log groups,
 * counting the addresses they name.  Standard input cannot be read again;
 * a source that fails now leaves the interface untold. */
static void
census_one(struct pipeline *p, const struct pipeline_options *o,
    const struct iface *f)
{
	struct scan_options so = { 0 };
	struct source_options src;
	struct s3_options s3;
	struct ev_census *e;
	struct errinfo ei;
	struct scan cs;
	const char **files;
	size_t i, n = 0;

	so.target = &p->target;
	so.format = p->scan.opt.format;
	so.census = f->id;
	so.progress = o->progress;
	scan_init(&cs, &so);
	files = xcalloc(o->nfiles + 1, sizeof(*files));
	for (i = 0; i < o->nfiles; i++) {
		if (strcmp(o->files[i], "-") != 0)
			files[n++] = o->files[i];
	}
	if (n > 0)
		(void)scan_paths(&cs, files, n, &ei);
	free(files);
	if (o->ngroups > 0) {
		source_options_of(o, &src);
		source_census(&cs, &src, &p->target, p->ec2, &p->format);
	}
	if (o->ns3 > 0 && !p->s3_athena) {
		s3_options_of(p, o, &s3);
		s3.progress = false;
		s3.again = true;
		(void)s3_fetch(&cs, &s3, &p->target, NULL, &ei);
	}
	p->census =
	    xreallocarray(p->census, p->ncensus + 1, sizeof(*p->census));
	e = &p->census[p->ncensus++];
	e->id = xstrdup(f->id);
	e->records = cs.census.records;
	memset(&e->owner, 0, sizeof(e->owner));
	if (iface_census_owner(&cs.census) != NULL)
		e->owner = *iface_census_owner(&cs.census);
	scan_release(&cs);
}

/* Reads again each interface whose records with the target cannot tell
 * whose it is (evidence_needs_census()), counting the addresses of all
 * its records. */
static void
census(struct pipeline *p, const struct pipeline_options *o,
    const struct evidence_options *eo)
{
	const struct iface_table *t = &p->scan.ifaces;
	size_t i;

	if (evidence_target_told(&p->scan, eo))
		return;
	for (i = 0; i < t->nslots && p->ncensus < CENSUS_MAX; i++) {
		const struct iface *f = t->slots[i];

		if (f != NULL && evidence_needs_census(&p->scan, f, eo))
			census_one(p, o, f);
	}
}

/* Clients whose interfaces EC2 is asked for at the most. */
#define CONFIG_CLIENTS_MAX 256

/* Reads the configuration that governs the target's flows, from the files
 * given and from EC2 (asked for with "ec2", or by itself with log groups),
 * and holds each client's flow against it.  A file that cannot be read is
 * an error: the user named it.  What EC2 will not say is a warning and a
 * line of the report; the verdict goes on without that part. */
static int
configure(struct pipeline *p, const struct pipeline_options *o,
    struct errinfo *ei)
{
	struct source_options src;
	struct addr *clients;
	struct buf source;
	struct errinfo e;
	/* Log groups ask EC2 by themselves, once it has answered their
	 * questions of the flow logs: when it did not (denied, out of
	 * reach), that was said once, and asking again would only say it
	 * again.  --config ec2 asks whatever happened. */
	bool api =
	    o->ngroups > 0 && !o->no_ec2 && o->nconfigs == 0 && p->ec2->covered;
	size_t i, n = 0;
	int ret = -1;

	for (i = 0; i < o->nconfigs; i++)
		api |= strcmp(o->configs[i], "ec2") == 0;
	if (o->nconfigs == 0 && !api)
		return 0;
	p->configured = true;
	buf_init(&source, 64 * 1024);
	for (i = 0; i < o->nconfigs; i++) {
		if (strcmp(o->configs[i], "ec2") == 0)
			continue;
		if (vpc_load_path(&p->config, o->configs[i], ei) == -1)
			goto out;
		if (source.len > 0)
			buf_append(&source, ", ", 2);
		buf_append(&source, o->configs[i], strlen(o->configs[i]));
	}
	if (api) {
		clients = xcalloc(CONFIG_CLIENTS_MAX, sizeof(*clients));
		for (i = 0; i < p->ev.nclients && n < CONFIG_CLIENTS_MAX; i++) {
			if (!p->ev.clients[i].scanner)
				clients[n++] = p->ev.clients[i].client;
		}
		source_options_of(o, &src);
		if (source_read_config(&src, &p->target, clients, n, &p->config,
			&e) == -1) {
			free(clients);
			if (e.code == EC_INTERRUPTED) {
				*ei = e;
				goto out;
			}
			vpc_missing(&p->config, "%s", e.msg);
		}
		free(clients);
		if (source.len > 0)
			buf_append(&source, ", ", 2);
		buf_append(&source, "api", 3);
	}
	buf_append(&source, "", 1);
	evidence_judge_config(&p->ev, &p->config, source.data);
	ret = 0;
out:
	buf_release(&source);
	return ret;
}

/* Builds the evidence from the scan and lets the rules decide. */
static int
diagnose(struct pipeline *p, const struct pipeline_options *o,
    struct errinfo *ei)
{
	struct evidence_options eo = { 0 };
	const struct ec2_view *v = p->ec2;

	if (rule_load_default(&p->rules, o->rules, ei) == -1)
		return -1;
	eo.interfaces = o->interfaces;
	eo.ninterfaces = o->ninterfaces;
	eo.traffic_type =
	    o->traffic_type != NULL ? o->traffic_type : v->traffic_type;
	eo.ec2_interfaces = (const char *const *)v->interfaces;
	eo.nec2_interfaces = v->ninterfaces;
	eo.ec2 = v->covered;
	eo.no_flow_log = v->no_flow_log;
	eo.created = v->created;
	eo.delivery_error = v->delivery_error;
	eo.now = when_now();
	eo.delivery_delay = PIPELINE_DELIVERY_DELAY;
	census(p, o, &eo);
	eo.census = p->census;
	eo.ncensus = p->ncensus;
	evidence_build(&p->ev, &p->scan, &eo);
	if (configure(p, o, ei) == -1 ||
	    diagnosis_run(&p->d, &p->rules, &p->ev, ei) == -1) {
		evidence_release(&p->ev);
		return -1;
	}
	p->diagnosed = true;
	return 0;
}

/* Reads the Athena table's records in the window. */
static int
fetch_athena(struct pipeline *p, const struct pipeline_options *o,
    struct errinfo *ei)
{
	struct athena_options ao = { 0 };
	struct athena_stats st = { 0 };

	ao.table = o->athena_table;
	ao.workgroup = o->athena_workgroup;
	ao.output = o->athena_output;
	ao.aws = o->aws;
	ao.debug = o->debug;
	ao.progress = o->progress;
	return athena_fetch(&ao, &p->scan, p->target.from, p->target.to, &st,
	    ei);
}

/*
 * --engine auto, given --s3 and --athena-table, lists the window's
 * objects first, and has Athena query the table instead when they are
 * more than AUTO_OBJECTS or AUTO_BYTES (or Parquet, which only Athena
 * reads).  Reading here costs a GetObject round trip an object, four in
 * flight, and every byte carried to this machine: some tens of seconds
 * for 2,000 objects of a few hundred kB, minutes for gigabytes over a
 * link outside AWS, growing with the window and the accounts.  Athena
 * takes some seconds to start whatever the size, scans in parallel, and
 * bills $5 a terabyte scanned (a cent for 2 GB): below these a reading
 * here is as quick, free, and exact record by record; above them Athena
 * wins by more the bigger the window.  2,000 objects is a week of one
 * flow log's 5-minute batches, or a day of seven.  Without a table the
 * objects are read here whatever their number, with a line saying past
 * the same limits that a table would be quicker.
 */
#define AUTO_OBJECTS 2000
#define AUTO_BYTES   (2ULL * 1000 * 1000 * 1000)

/* The limits past which --engine auto has Athena read the S3 window. */
static void
auto_limits(struct s3_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	/* Tests lower them. */
	lim->objects =
	    env_number("FLOWDIAG_ATHENA_OBJECTS", 1, S3_LIST_MAX, AUTO_OBJECTS);
	lim->bytes =
	    env_number("FLOWDIAG_ATHENA_BYTES", 0, UINT64_MAX, AUTO_BYTES);
}

/* Reads the S3 window's objects here (--engine filter, or auto without a
 * table or within the limits), or leaves them to the Athena table
 * (--engine athena, or auto past the limits or with Parquet), setting
 * p->s3_athena. */
static int
fetch_s3(struct pipeline *p, const struct pipeline_options *o,
    struct s3_options *s3, struct errinfo *ei)
{
	struct s3_listing l = { 0 };
	struct s3_limits lim;
	struct s3_stats st = { 0 };
	char what[96];
	int ret = -1;

	if (o->engine == ENGINE_ATHENA) {
		p->s3_athena = true;
		return 0;
	}
	if (o->engine == ENGINE_FILTER)
		return s3_fetch(&p->scan, s3, &p->target, NULL, ei);
	auto_limits(&lim);
	if (o->athena_table == NULL) {
		s3->hint = &lim;
		return s3_fetch(&p->scan, s3, &p->target, NULL, ei);
	}
	lim.parquet = true;
	if (s3_list(s3, &p->target, &lim, &l, &st, ei) == -1)
		goto out;
	if (!l.stopped) {
		if (o->debug) {
			notice(NOTICE_DEBUG,
			    "%zu objects, %" PRIu64 " bytes in the window, "
			    "within %" PRIu64 " objects and %" PRIu64
			    " bytes: reading them here",
			    l.n, l.bytes, lim.objects, lim.bytes);
		}
		ret = s3_read(&p->scan, s3, &l, &st, ei);
		goto out;
	}
	if (l.parquet > 0) {
		notice(NOTICE_INFO,
		    "Parquet objects in the window, which flowdiag reads only "
		    "through Athena: querying Athena table %s instead",
		    o->athena_table);
	} else {
		s3_limits_passed(&lim, l.n, l.bytes, what, sizeof(what));
		notice(NOTICE_INFO,
		    "%s in the window: querying Athena table %s instead "
		    "(--engine filter reads them here)",
		    what, o->athena_table);
	}
	p->s3_athena = true;
	ret = 0;
out:
	s3_listing_release(&l);
	return ret;
}

/* Without --account (and unless --no-ec2, or Athena alone reads), asks
 * EC2 whose the target's address is, so that the S3 listing goes
 * straight to that account's folder of the region asked; when EC2 cannot
 * say, every account's folders are listed, as they would be. */
static int
s3_owner(struct pipeline *p, const struct pipeline_options *o,
    struct errinfo *ei)
{
	struct source_options src;
	struct errinfo e;

	if (o->ns3 == 0 || o->account != NULL || o->no_ec2 ||
	    o->engine == ENGINE_ATHENA)
		return 0;
	source_options_of(o, &src);
	if (source_target_owner(&src, &p->target, p->s3_account, p->s3_region,
		&e) == -1) {
		if (e.code == EC_INTERRUPTED) {
			*ei = e;
			return -1;
		}
		if (o->debug) {
			notice(NOTICE_DEBUG,
			    "%s: listing every account's S3 folders", e.msg);
		}
		return 0;
	}
	p->s3_guessed = true;
	if (o->debug) {
		notice(NOTICE_DEBUG,
		    "EC2: the target's address is account %s's: listing its "
		    "S3 folders of %s",
		    p->s3_account, p->s3_region);
	}
	return 0;
}

char *
pipeline_athena_query(const struct target *t, const struct pipeline_options *o,
    struct errinfo *ei)
{
	struct athena_table at;
	struct athena_layout l;
	struct flow_format fmt;

	if (athena_table_parse(o->athena_table, &at, ei) == -1)
		return NULL;
	if (o->format != NULL && flow_format_parse(o->format, &fmt, ei) == -1)
		return NULL;
	if (o->format == NULL)
		flow_format_default(&fmt);
	athena_layout_assume(&fmt, &l);
	return athena_query(&at, &l, &t->addr, t->from, t->to, ei);
}

int
pipeline_run(struct pipeline *p, const struct target *t,
    const struct pipeline_options *o, struct errinfo *ei)
{
	struct scan_options so = { 0 };
	struct source_options src;
	struct s3_options s3;
	int ret = -1;

	memset(p, 0, sizeof(*p));
	p->target = *t;
	p->ec2 = xcalloc(1, sizeof(*p->ec2));
	rule_set_init(&p->rules);
	if (o->format != NULL &&
	    flow_format_parse(o->format, &p->format, ei) == -1)
		return -1;
	if (o->format == NULL)
		flow_format_default(&p->format);
	cancel_arm();
	source_options_of(o, &src);
	if (o->ngroups > 0 && !o->no_ec2 &&
	    source_consult_ec2(&src, &p->target, p->ec2, ei) == -1)
		goto out;
	so.target = &p->target;
	so.format = o->format != NULL ? &p->format : NULL;
	so.examine_all = o->validate;
	so.keep = o->keep;
	so.progress = o->progress;
	scan_init(&p->scan, &so);
	p->scanned = true;
	if (o->nfiles > 0 &&
	    scan_paths(&p->scan, o->files, o->nfiles, ei) == -1)
		goto out;
	if (o->nfiles > 0 && o->ngroups == 0 && o->ns3 == 0 &&
	    no_records(&p->scan, o, ei) == -1)
		goto out;
	if (o->ngroups > 0 &&
	    source_fetch(&p->scan, &src, &p->target, p->ec2, &p->format, ei) ==
		-1)
		goto out;
	if (s3_owner(p, o, ei) == -1)
		goto out;
	s3_options_of(p, o, &s3);
	if (o->ns3 > 0 && fetch_s3(p, o, &s3, ei) == -1)
		goto out;
	if ((o->engine == ENGINE_ATHENA || p->s3_athena) &&
	    fetch_athena(p, o, ei) == -1)
		goto out;
	if (!o->records_only && diagnose(p, o, ei) == -1)
		goto out;
	ret = 0;
out:
	cancel_disarm();
	return ret;
}

void
pipeline_release(struct pipeline *p)
{
	size_t i;

	if (p->diagnosed) {
		diagnosis_release(&p->d);
		evidence_release(&p->ev);
	}
	rule_set_release(&p->rules);
	if (p->configured)
		vpc_config_release(&p->config);
	for (i = 0; i < p->ncensus; i++)
		free((char *)p->census[i].id);
	free(p->census);
	if (p->scanned)
		scan_release(&p->scan);
	if (p->ec2 != NULL) {
		ec2_view_release(p->ec2);
		free(p->ec2);
	}
	memset(p, 0, sizeof(*p));
}
