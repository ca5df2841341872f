/*
 * Unit tests of the evidence stage: small flow logs written at test time
 * into a temporary directory, read with scan_path(), then evidence_build().
 * Every expectation is counted by hand from the records a case writes; the
 * comments say how.
 *
 * The target is 10.0.1.10:80/tcp unless a case says otherwise, on
 * interface eni-7a.  Times are seconds after T0 (2023-11-14T22:13:20Z);
 * "now" is a day later, so no window is inside the delivery delay unless
 * a case says so.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/engine/evidence.h"
#include "flowdiag/engine/facts.h"
#include "flowdiag/input/scan.h"
#include "flowdiag/record/target.h"
#include "flowdiag/util/addr.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/xmalloc.h"

#include "helpers.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define T0    INT64_C(1700000000)
#define DAY   86400
#define DELAY 600

/* Addresses */
#define TGT "10.0.1.10"
#define C1  "10.0.0.1"
#define C2  "10.0.0.2"
#define C3  "10.0.0.3"
#define C4  "10.0.0.4"
#define C5  "10.0.0.5"
#define C6  "10.0.0.6"
#define C7  "10.0.0.7"
#define C8  "10.0.0.8"
#define C9  "10.0.0.9"
#define ACC "ACCEPT"
#define REJ "REJECT"
#define ING "ingress"
#define EGR "egress"

/* One record.  action is ACCEPT or REJECT, or NODATA or SKIPDATA for a
 * status record, which has only eni, start and end.  The v5 fields are
 * written only by write_v5(): flags -1 is "-", psrc/pdst NULL repeat
 * src/dst. */
struct rec {
	const char *eni;
	const char *src;
	const char *dst;
	int sport;
	int dport;
	int proto;
	int pkts;
	int bytes;
	int start; /* seconds after T0 */
	int end;
	const char *action;
	int flags;
	const char *dir;
	const char *psrc;
	const char *pdst;
};

/* A record without the v5 fields. */
#define R(eni, src, dst, sport, dport, proto, pkts, bytes, start, end, action) \
	{                                                                      \
		eni, src, dst, sport, dport, proto, pkts, bytes, start, end,   \
		    action, -1, NULL, NULL, NULL                               \
	}
/* A request or reply of the target's TCP service, times [0, 60]. */
#define REQ(eni, client, port, pkts, bytes, action) \
	R(eni, client, TGT, port, 80, 6, pkts, bytes, 0, 60, action)
#define REP(eni, client, port, pkts, bytes, action) \
	R(eni, TGT, client, 80, port, 6, pkts, bytes, 0, 60, action)
#define STATUS(eni, start, end, status) \
	R(eni, NULL, NULL, 0, 0, 0, 0, 0, start, end, status)
/* A v5 record of one 60-byte TCP packet in [0, 60]. */
#define V(eni, src, dst, sport, dport, action, flags, dir)                   \
	{                                                                    \
		eni, src, dst, sport, dport, 6, 1, 60, 0, 60, action, flags, \
		    dir, NULL, NULL                                          \
	}

/* The v5 header: every field that matters, in an order of its own. */
#define V5_HEADER                                                          \
	"version interface-id srcaddr dstaddr srcport dstport protocol "   \
	"packets bytes start end action log-status tcp-flags pkt-srcaddr " \
	"pkt-dstaddr flow-direction"

struct fixture {
	struct tmpdir td;
	const char *path; /* flows.log in td */
	struct target t;
	struct evidence_options opt;
	struct scan s;
	bool scanned;
	struct evidence ev;
	bool built;
	struct errinfo ei;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct errinfo ei;

	if (tmpdir_make(&fx->td, "test_evidence") == -1) {
		free(fx);
		return -1;
	}
	fx->path = tmpdir_path(&fx->td, "flows.log");
	if (target_parse(TGT ":80", &fx->t, &ei) == -1 ||
	    target_set_protocol(&fx->t, "tcp", &ei) == -1) {
		tmpdir_remove(&fx->td);
		free(fx);
		return -1;
	}
	fx->opt.now = T0 + DAY;
	fx->opt.delivery_delay = DELAY;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	int ret;

	if (fx->built)
		evidence_release(&fx->ev);
	if (fx->scanned)
		scan_release(&fx->s);
	ret = tmpdir_remove(&fx->td);
	free(fx);
	return ret;
}

static bool
is_status(const struct rec *r)
{
	return strcmp(r->action, ACC) != 0 && strcmp(r->action, REJ) != 0;
}

/* Writes the records in the default format (version 2). */
static void
write_default(struct fixture *fx, const struct rec *v, size_t n)
{
	FILE *fp;
	size_t i;

	assert_non_null(fp = fopen(fx->path, "w"));
	for (i = 0; i < n; i++) {
		const struct rec *r = &v[i];

		if (is_status(r)) {
			fprintf(fp,
			    "2 123456789012 %s - - - - - - - %lld %lld - %s\n",
			    r->eni, (long long)(T0 + r->start),
			    (long long)(T0 + r->end), r->action);
			continue;
		}
		fprintf(fp,
		    "2 123456789012 %s %s %s %d %d %d %d %d %lld %lld %s OK\n",
		    r->eni, r->src, r->dst, r->sport, r->dport, r->proto,
		    r->pkts, r->bytes, (long long)(T0 + r->start),
		    (long long)(T0 + r->end), r->action);
	}
	assert_int_equal(fclose(fp), 0);
}

/* Writes the records after an S3 header of V5_HEADER's fields. */
static void
write_v5(struct fixture *fx, const struct rec *v, size_t n)
{
	FILE *fp;
	size_t i;
	char flags[16];

	assert_non_null(fp = fopen(fx->path, "w"));
	fprintf(fp, "%s\n", V5_HEADER);
	for (i = 0; i < n; i++) {
		const struct rec *r = &v[i];

		if (is_status(r)) {
			fprintf(fp,
			    "5 %s - - - - - - - %lld %lld - %s - - - -\n",
			    r->eni, (long long)(T0 + r->start),
			    (long long)(T0 + r->end), r->action);
			continue;
		}
		if (r->flags < 0)
			snprintf(flags, sizeof(flags), "-");
		else
			snprintf(flags, sizeof(flags), "%d", r->flags);
		fprintf(fp,
		    "5 %s %s %s %d %d %d %d %d %lld %lld %s OK %s %s %s %s\n",
		    r->eni, r->src, r->dst, r->sport, r->dport, r->proto,
		    r->pkts, r->bytes, (long long)(T0 + r->start),
		    (long long)(T0 + r->end), r->action, flags,
		    r->psrc != NULL ? r->psrc : r->src,
		    r->pdst != NULL ? r->pdst : r->dst,
		    r->dir != NULL ? r->dir : "-");
	}
	assert_int_equal(fclose(fp), 0);
}

/* (Re)builds the evidence from the scan with the fixture's options. */
static const struct evidence *
rebuild(struct fixture *fx)
{
	if (fx->built)
		evidence_release(&fx->ev);
	evidence_build(&fx->ev, &fx->s, &fx->opt);
	fx->built = true;
	return &fx->ev;
}

/* Scans the file written and builds the evidence. */
static const struct evidence *
build(struct fixture *fx)
{
	struct scan_options so;

	memset(&so, 0, sizeof(so));
	so.target = &fx->t;
	scan_init(&fx->s, &so);
	fx->scanned = true;
	errinfo_clear(&fx->ei);
	if (scan_path(&fx->s, fx->path, &fx->ei) != 0)
		fail_msg("scan_path: %s", fx->ei.msg);
	assert_int_equal(scan_total_malformed(&fx->s), 0);
	return rebuild(fx);
}

static const struct evidence *
build_default(struct fixture *fx, const struct rec *v, size_t n)
{
	write_default(fx, v, n);
	return build(fx);
}

static const struct evidence *
build_v5(struct fixture *fx, const struct rec *v, size_t n)
{
	write_v5(fx, v, n);
	return build(fx);
}

/* Sets the target's window to [T0 + from, T0 + to]. */
static void
window(struct fixture *fx, int from, int to)
{
	fx->t.from = T0 + from;
	fx->t.to = T0 + to;
}

static void
check_num(const struct facts *f, enum fact_id id, double want)
{
	if (facts_num(f, id) != want)
		fail_msg("%s is %g, want %g", fact_def(id)->name,
		    facts_num(f, id), want);
}

static void
check_str(const struct facts *f, enum fact_id id, const char *want)
{
	if (strcmp(facts_str(f, id), want) != 0)
		fail_msg("%s is '%s', want '%s'", fact_def(id)->name,
		    facts_str(f, id), want);
}

#define check_bool(f, id, want) check_num(f, id, (want) ? 1 : 0)

/* The group of client addr. */
static const struct ev_group *
client(const struct evidence *ev, const char *addr)
{
	struct addr a;
	size_t i;

	assert_int_equal(addr_parse(addr, strlen(addr), &a), 0);
	for (i = 0; i < ev->nclients; i++) {
		if (addr_equal(&ev->clients[i].client, &a))
			return &ev->clients[i];
	}
	fail_msg("no client %s", addr);
	return NULL;
}

static size_t
count_gaps(const struct evidence *ev, enum gap_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < ev->ngaps; i++)
		n += ev->gaps[i].kind == k;
	return n;
}

/* The n-th gap of kind k. */
static const struct gap *
gap(const struct evidence *ev, enum gap_kind k, size_t n)
{
	size_t i;

	for (i = 0; i < ev->ngaps; i++) {
		if (ev->gaps[i].kind == k && n-- == 0)
			return &ev->gaps[i];
	}
	fail_msg("no %s gap", gap_kind_name(k));
	return NULL;
}

/* Request and reply counters per action, from the default format. */
static void
test_evidence_counters(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 5, 300, ACC), /* 1 */
		REP("eni-7a", C5, 40001, 4, 800, ACC), /* 2 */
		REQ("eni-7a", C5, 40002, 2, 120, REJ), /* 3 */
		R("eni-7a", C5, TGT, 40002, 80, 6, 3, 180, 60, 120,
		    REJ),                             /* 4 */
		REQ("eni-7a", C5, 40003, 1, 60, ACC), /* 5 */
		REP("eni-7a", C5, 40003, 1, 40, REJ), /* 6 */
		/* 7: the target's address, another port: no match */
		R("eni-7a", C5, TGT, 40004, 22, 6, 1, 60, 0, 60, ACC),
		/* 8: background, never parsed */
		R("eni-b", "172.16.0.1", "172.16.0.2", 40000, 443, 6, 9, 900, 0,
		    9999, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_default(fx, v, NELEM(v));
	const struct facts *f = &ev->all.facts;

	/* requests 1, 3, 4, 5: accepted 1 and 5, rejected 3 and 4 */
	check_num(f, F_REQ_RECORDS, 4);
	check_num(f, F_REQ_ACCEPT_RECORDS, 2);
	check_num(f, F_REQ_ACCEPT_PACKETS, 5 + 1);
	check_num(f, F_REQ_ACCEPT_BYTES, 300 + 60);
	check_num(f, F_REQ_REJECT_RECORDS, 2);
	check_num(f, F_REQ_REJECT_PACKETS, 2 + 3);
	check_num(f, F_REQ_TCP, 4);
	/* replies 2 and 6 */
	check_num(f, F_REP_RECORDS, 2);
	check_num(f, F_REP_ACCEPT_RECORDS, 1);
	check_num(f, F_REP_ACCEPT_PACKETS, 4);
	check_num(f, F_REP_ACCEPT_BYTES, 800);
	check_num(f, F_REP_REJECT_RECORDS, 1);
	/* no tcp-flags and no flow-direction in the default format */
	check_num(f, F_REQ_SYN, 0);
	check_num(f, F_REP_SYNACK, 0);
	check_num(f, F_REQ_REJECT_AT_SOURCE, 0);
	check_num(f, F_REP_REJECT_AT_CLIENT, 0);
	/* connections 40001 (answered), 40002 (all rejected), 40003 (reply
	 * rejected) */
	check_num(f, F_FLOWS, 3);
	check_num(f, F_FLOWS_ANSWERED, 1);
	check_num(f, F_FLOWS_INBOUND_REJECTED, 1);
	check_num(f, F_FLOWS_REPLY_REJECTED, 1);
	check_num(f, F_FLOWS_UNANSWERED, 0);
	check_num(f, F_FLOWS_MIXED, 0);
	check_num(f, F_FLOWS_DATA, 0); /* 40001: 300 bytes in 5 packets */
	/* one client, named */
	assert_int_equal(ev->nclients, 1);
	assert_false(ev->clients[0].scanner);
	check_num(f, F_CLIENTS, 1);
	check_str(f, F_CLIENTS_LIST, C5);
	check_str(f, F_CLIENT, C5);
	check_num(f, F_SCANNERS, 0);
	check_num(&client(ev, C5)->facts, F_REQ_RECORDS, 4);
	/* the target */
	check_str(f, F_TARGET, TGT ":80/tcp");
	check_str(f, F_TARGET_ADDRESS, TGT);
	check_num(f, F_TARGET_PORT, 80);
	check_str(f, F_TARGET_PROTOCOL, "tcp");
	/* eni-7a logged the target's address in 1-7, matches are 1-6 */
	check_num(f, F_TARGET_OTHER_RECORDS, 1);
	/* its interface, found from records 1-7 */
	assert_int_equal(ev->ninterfaces, 1);
	assert_string_equal(ev->interfaces[0], "eni-7a");
	check_str(f, F_TARGET_INTERFACE, "eni-7a");
	check_bool(f, F_TARGET_INTERFACE_KNOWN, true);
	assert_int_equal(count_gaps(ev, GAP_NO_INTERFACE), 0);
	/* the window: records 1-7 span [0, 120] */
	assert_true(ev->from == T0 && ev->to == T0 + 120);
	check_num(f, F_WINDOW_SECONDS, 120);
}

/* tcp-flags are bits: SYN 2, FIN 1, RST 4, SYN-ACK both of 18. */
static void
test_evidence_tcp_flags(void **state)
{
#define FREQ(flags, action) V("eni-7a", C5, TGT, 40001, 80, action, flags, ING)
#define FREP(flags, action) V("eni-7a", TGT, C5, 80, 40001, action, flags, EGR)
	static const struct rec v[] = {
		FREQ(2, ACC),  /* SYN */
		FREQ(3, ACC),  /* SYN FIN */
		FREQ(6, ACC),  /* SYN RST */
		FREQ(1, ACC),  /* FIN */
		FREQ(0, ACC),  /* none of them */
		FREQ(-1, ACC), /* "-": not known */
		FREP(18, ACC), /* SYN-ACK */
		FREP(19, ACC), /* SYN-ACK FIN */
		FREP(2, ACC),  /* SYN alone is no SYN-ACK */
		FREP(16, ACC), /* ACK alone is no SYN-ACK */
		FREP(4, ACC),  /* RST */
		FREP(4, REJ),  /* RST, rejected: not an RST that came back */
		FREP(17, ACC), /* ACK FIN */
	};
	struct fixture *fx = *state;
	const struct facts *f = &build_v5(fx, v, NELEM(v))->all.facts;

	check_num(f, F_REQ_RECORDS, 6);
	check_num(f, F_REQ_TCP, 6);
	check_num(f, F_REQ_SYN, 3); /* 2, 3, 6 */
	check_num(f, F_REQ_FIN, 2); /* 3, 1 */
	check_num(f, F_REQ_RST, 1); /* 6 */
	check_num(f, F_REP_RECORDS, 7);
	check_num(f, F_REP_SYNACK, 2); /* 18, 19 */
	check_num(f, F_REP_FIN, 2);    /* 19, 17 */
	check_num(f, F_REP_RST, 1);    /* the accepted 4 */
	check_num(f, F_FLOWS, 1);
#undef FREQ
#undef FREP
}

/* Each kind of connection, one client each (default format). */
static void
test_evidence_flows(void **state)
{
	static const struct rec v[] = {
		/* C1 answered, 3 packets each way: no data */
		REQ("eni-7a", C1, 40001, 3, 180, ACC),
		REP("eni-7a", C1, 40001, 3, 180, ACC),
		/* C2 unanswered: two intervals of one connection */
		REQ("eni-7a", C2, 40002, 1, 60, ACC),
		R("eni-7a", C2, TGT, 40002, 80, 6, 1, 60, 60, 120, ACC),
		/* C3 reply rejected where it was sent */
		REQ("eni-7a", C3, 40003, 1, 60, ACC),
		REP("eni-7a", C3, 40003, 1, 40, REJ),
		/* C4 reply accepted at eni-7a, rejected at the client's */
		REQ("eni-7a", C4, 40004, 1, 60, ACC),
		REP("eni-7a", C4, 40004, 1, 60, ACC),
		REP("eni-c4", C4, 40004, 1, 60, REJ),
		/* C5 requests accepted and rejected on eni-7a */
		REQ("eni-7a", C5, 40005, 1, 60, ACC),
		REQ("eni-7a", C5, 40005, 1, 60, REJ),
		/* C6 data: 4 packets of 100 bytes; 2 packets back */
		REQ("eni-7a", C6, 40006, 4, 400, ACC),
		REP("eni-7a", C6, 40006, 2, 120, ACC),
		/* C7 data both ways: 4 small, 4 large packets back */
		REQ("eni-7a", C7, 40007, 4, 240, ACC),
		REP("eni-7a", C7, 40007, 4, 4000, ACC),
		/* C8 4 packets each way of 399 bytes: not quite */
		REQ("eni-7a", C8, 40008, 4, 399, ACC),
		REP("eni-7a", C8, 40008, 4, 399, ACC),
		/* C9 two connections, every request rejected */
		REQ("eni-7a", C9, 40009, 2, 120, REJ),
		REQ("eni-7a", C9, 40010, 2, 120, REJ),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_default(fx, v, NELEM(v));
	const struct facts *f;

	assert_int_equal(ev->nclients, 9);

	f = &client(ev, C1)->facts;
	check_num(f, F_FLOWS, 1);
	check_num(f, F_FLOWS_ANSWERED, 1);
	check_num(f, F_FLOWS_UNANSWERED, 0);
	check_num(f, F_FLOWS_REPLY_REJECTED, 0);
	check_num(f, F_FLOWS_DATA, 0);
	check_num(f, F_FLOWS_DATA_BOTH_WAYS, 0);
	check_bool(f, F_REP_INTERFACES_DIFFER, false);

	f = &client(ev, C2)->facts;
	check_num(f, F_FLOWS, 1);
	check_num(f, F_REQ_RECORDS, 2);
	check_num(f, F_FLOWS_ANSWERED, 0);
	check_num(f, F_FLOWS_UNANSWERED, 1);

	f = &client(ev, C3)->facts;
	check_num(f, F_FLOWS_ANSWERED, 0);
	check_num(f, F_FLOWS_UNANSWERED, 0); /* a reply record, rejected */
	check_num(f, F_FLOWS_REPLY_REJECTED, 1);
	check_num(f, F_FLOWS_REPLY_REJECTED_REMOTE, 0);

	f = &client(ev, C4)->facts;
	check_num(f, F_FLOWS, 1);
	check_num(f, F_FLOWS_ANSWERED, 1);
	check_num(f, F_FLOWS_REPLY_REJECTED, 1);
	check_num(f, F_FLOWS_REPLY_REJECTED_REMOTE, 1);
	check_num(f, F_FLOWS_MIXED, 0); /* on two interfaces */
	check_bool(f, F_REP_INTERFACES_DIFFER, true);

	f = &client(ev, C5)->facts;
	check_num(f, F_FLOWS, 1);
	check_num(f, F_FLOWS_MIXED, 1);
	check_num(f, F_FLOWS_UNANSWERED, 1);
	check_num(f, F_FLOWS_INBOUND_REJECTED, 0); /* one was accepted */

	f = &client(ev, C6)->facts;
	check_num(f, F_FLOWS_DATA, 1);
	check_num(f, F_FLOWS_DATA_BOTH_WAYS, 0);

	f = &client(ev, C7)->facts;
	check_num(f, F_FLOWS_DATA, 0);
	check_num(f, F_FLOWS_DATA_BOTH_WAYS, 1);

	f = &client(ev, C8)->facts;
	check_num(f, F_FLOWS_ANSWERED, 1);
	check_num(f, F_FLOWS_DATA, 0);
	check_num(f, F_FLOWS_DATA_BOTH_WAYS, 0);

	f = &client(ev, C9)->facts;
	check_num(f, F_FLOWS, 2);
	check_num(f, F_FLOWS_INBOUND_REJECTED, 2);
	check_num(f, F_FLOWS_ANSWERED, 0);
	check_num(f, F_FLOWS_UNANSWERED, 0);

	/* all of them */
	f = &ev->all.facts;
	check_num(f, F_CLIENTS, 9);
	check_str(f, F_CLIENT, "all clients");
	check_str(f, F_CLIENTS_LIST,
	    C1 ", " C2 ", " C3 ", " C4 ", " C5 " and 4 more");
	check_num(f, F_FLOWS, 10);
	check_num(f, F_FLOWS_ANSWERED, 5);       /* C1 C4 C6 C7 C8 */
	check_num(f, F_FLOWS_UNANSWERED, 2);     /* C2 C5 */
	check_num(f, F_FLOWS_REPLY_REJECTED, 2); /* C3 C4 */
	check_num(f, F_FLOWS_REPLY_REJECTED_REMOTE, 1);
	check_num(f, F_FLOWS_MIXED, 1);
	check_num(f, F_FLOWS_DATA, 1);
	check_num(f, F_FLOWS_DATA_BOTH_WAYS, 1);
	check_num(f, F_FLOWS_INBOUND_REJECTED, 2);
	check_bool(f, F_REP_INTERFACES_DIFFER, true);
	check_num(f, F_SCANNERS, 0);
}

/* One connection seen on the client's interface and the target's: what
 * happened on each interface counts, whatever the order of the records. */
static void
test_evidence_flows_two_interfaces(void **state)
{
	static const struct rec v[] = {
		/* 40001: the client's interface first, then eni-7a accepts,
		 * later rejects: mixed on eni-7a */
		REQ("eni-c", C5, 40001, 1, 60, ACC),
		REQ("eni-7a", C5, 40001, 1, 60, ACC),
		REQ("eni-7a", C5, 40001, 1, 60, REJ),
		/* 40002: accepted at one, rejected at the other: not mixed */
		REQ("eni-c", C5, 40002, 1, 60, ACC),
		REQ("eni-7a", C5, 40002, 1, 60, REJ),
		/* 40003: eni-7a accepts and rejects the reply (mixed), and the
		 * client's interface rejects it: accepted on eni-7a, rejected
		 * on eni-c, so rejected remotely */
		REQ("eni-7a", C5, 40003, 1, 60, ACC),
		REP("eni-7a", C5, 40003, 1, 60, REJ),
		REP("eni-7a", C5, 40003, 1, 60, ACC),
		REP("eni-c", C5, 40003, 1, 60, REJ),
	};
	struct fixture *fx = *state;
	const struct facts *f = &build_default(fx, v, NELEM(v))->all.facts;

	check_num(f, F_FLOWS, 3);
	check_num(f, F_FLOWS_MIXED, 2); /* 40001 40003 */
	check_num(f, F_FLOWS_REPLY_REJECTED, 1);
	check_num(f, F_FLOWS_REPLY_REJECTED_REMOTE, 1);
}

/* flow-direction tells where a REJECT was logged. */
static void
test_evidence_direction(void **state)
{
#define DREQ(eni, port, action, dir) V(eni, C5, TGT, port, 80, action, 2, dir)
#define DREP(eni, port, action, dir) V(eni, TGT, C5, 80, port, action, 18, dir)
	static const struct rec v[] = {
		/* 41001: rejected leaving the client */
		DREQ("eni-c", 41001, REJ, EGR),
		/* 41002: rejected entering the target */
		DREQ("eni-7a", 41002, REJ, ING),
		/* 41003: the reply leaves the target, is rejected entering
		 * the client */
		DREQ("eni-7a", 41003, ACC, ING),
		DREP("eni-7a", 41003, ACC, EGR),
		DREP("eni-c", 41003, REJ, ING),
		/* 41004: the reply is rejected leaving the target */
		DREQ("eni-7a", 41004, ACC, ING),
		DREP("eni-7a", 41004, REJ, EGR),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_v5(fx, v, NELEM(v));
	const struct facts *f = &ev->all.facts;

	check_num(f, F_REQ_REJECT_RECORDS, 2);
	check_num(f, F_REQ_REJECT_AT_SOURCE, 1); /* 41001 */
	check_num(f, F_REP_REJECT_RECORDS, 2);
	check_num(f, F_REP_REJECT_AT_CLIENT, 1); /* 41003 */
	check_num(f, F_FLOWS_INBOUND_REJECTED, 2);
	check_num(f, F_FLOWS_REPLY_REJECTED, 2);
	check_num(f, F_FLOWS_REPLY_REJECTED_REMOTE, 1); /* 41003 */
	/* eni-c logs the target's address only on the far side of its
	 * flows: it is the client's interface, not the target's */
	assert_int_equal(ev->ninterfaces, 1);
	assert_string_equal(ev->interfaces[0], "eni-7a");
	check_str(f, F_TARGET_INTERFACE, "eni-7a");
#undef DREQ
#undef DREP
}

/* A UDP service that does not listen answers with ICMP. */
static void
test_evidence_icmp_reply_udp(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 41000, 53, 17, 1, 60, 0, 60, ACC),
		R("eni-7a", TGT, C5, 0, 0, 1, 1, 88, 0, 60, ACC),
		R("eni-7a", TGT, C5, 0, 0, 1, 1, 88, 60, 120, REJ),
	};
	struct fixture *fx = *state;
	struct errinfo ei;
	const struct facts *f;

	assert_int_equal(target_parse(TGT ":53", &fx->t, &ei), 0);
	assert_int_equal(target_set_protocol(&fx->t, "udp", &ei), 0);
	f = &build_default(fx, v, NELEM(v))->all.facts;
	check_num(f, F_REQ_RECORDS, 1);
	check_num(f, F_REP_RECORDS, 2);
	check_num(f, F_REP_ACCEPT_RECORDS, 1);
	check_num(f, F_REP_REJECT_RECORDS, 1);
	check_num(f, F_REP_ICMP, 1); /* the accepted one */
	check_str(f, F_TARGET_PROTOCOL, "udp");
}

/* For an ICMP target, ICMP from the target is its reply, not a sign of a
 * closed port. */
static void
test_evidence_icmp_target(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 0, 0, 1, 1, 84, 0, 60, ACC),
		R("eni-7a", TGT, C5, 0, 0, 1, 1, 84, 0, 60, ACC),
	};
	struct fixture *fx = *state;
	struct errinfo ei;
	const struct facts *f;

	assert_int_equal(target_parse(TGT, &fx->t, &ei), 0);
	f = &build_default(fx, v, NELEM(v))->all.facts;
	check_num(f, F_REQ_ACCEPT_RECORDS, 1);
	check_num(f, F_REP_ACCEPT_RECORDS, 1);
	check_num(f, F_REP_ICMP, 0);
	check_num(f, F_FLOWS, 1);
	check_num(f, F_FLOWS_ANSWERED, 1);
	check_num(f, F_TARGET_PORT, -1);
	check_str(f, F_TARGET_PROTOCOL, "icmp");
}

/* The records of the scanner tests: in input order, so match i is
 * record i. */
static const struct rec scanner_recs[] = {
	REQ("eni-7a", C5, 50000, 1, 44, REJ),             /* 0 private */
	REQ("eni-7a", "198.51.100.7", 50001, 1, 44, REJ), /* 1 public */
	REQ("eni-7a", "203.0.113.9", 50002, 3, 180, ACC), /* 2 public */
	REP("eni-7a", "203.0.113.9", 50002, 3, 180, ACC), /* 3 */
};

/* A public client with nothing but a 1-packet REJECT is a scanner, set
 * apart from all clients; a private one is not. */
static void
test_evidence_scanners(void **state)
{
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct ev_group *g;
	const struct facts *f;

	ev = build_default(fx, scanner_recs, NELEM(scanner_recs));
	assert_int_equal(ev->nclients, 3);
	assert_false(client(ev, C5)->scanner);
	assert_true(client(ev, "198.51.100.7")->scanner);
	assert_false(client(ev, "203.0.113.9")->scanner);
	/* the scanner's own facts */
	g = client(ev, "198.51.100.7");
	check_num(&g->facts, F_CLIENTS, 1);
	check_num(&g->facts, F_REQ_RECORDS, 1);
	check_str(&g->facts, F_CLIENT, "198.51.100.7");
	/* all clients: records 0, 2 and 3 */
	f = &ev->all.facts;
	check_num(f, F_CLIENTS, 2);
	check_str(f, F_CLIENTS_LIST, C5 ", 203.0.113.9");
	check_str(f, F_CLIENT, "all clients");
	check_num(f, F_REQ_RECORDS, 2);
	check_num(f, F_REQ_REJECT_RECORDS, 1);
	check_num(f, F_REP_RECORDS, 1);
	check_num(f, F_FLOWS, 2);
	check_num(f, F_SCANNERS, 1);
	check_num(f, F_SCANNERS_RECORDS, 1);
	/* and the records shown for them leave the scanner's out */
	assert_int_equal(ev->all.nshown[EV_REQ_REJECT], 1);
	assert_int_equal(ev->all.shown[EV_REQ_REJECT][0], 0);
	assert_int_equal(ev->all.nshown[EV_REQ_ACCEPT], 1);
	assert_int_equal(ev->all.shown[EV_REQ_ACCEPT][0], 2);
	assert_int_equal(ev->all.nshown[EV_REP_ACCEPT], 1);
	assert_int_equal(ev->all.shown[EV_REP_ACCEPT][0], 3);
	assert_int_equal(ev->all.nshown[EV_REP_REJECT], 0);
}

/* A client the user named is never a scanner. */
static void
test_evidence_scanners_named_client(void **state)
{
	struct fixture *fx = *state;
	const struct evidence *ev;
	struct errinfo ei;
	size_t i;

	assert_int_equal(target_set_client(&fx->t, "0.0.0.0/0", &ei), 0);
	ev = build_default(fx, scanner_recs, NELEM(scanner_recs));
	assert_int_equal(ev->nclients, 3);
	for (i = 0; i < ev->nclients; i++)
		assert_false(ev->clients[i].scanner);
	check_num(&ev->all.facts, F_CLIENTS, 3);
	check_num(&ev->all.facts, F_REQ_RECORDS, 3);
	check_num(&ev->all.facts, F_SCANNERS, 0);
	check_num(&ev->all.facts, F_SCANNERS_RECORDS, 0);
	check_str(&ev->all.facts, F_CLIENT, "0.0.0.0/0");
}

/* Through a NAT gateway: only pkt-dstaddr names the target. */
static const struct rec nat_recs[] = {
	{ "eni-4a7", C5, "10.0.2.20", 40001, 80, 6, 1, 60, 0, 60, ACC, 2, ING,
	    C5, TGT },
};

/* No record has the target as srcaddr or dstaddr, and none was named:
 * the target's interface is not known. */
static void
test_evidence_interface_missing(void **state)
{
	struct fixture *fx = *state;
	const struct evidence *ev = build_v5(fx, nat_recs, NELEM(nat_recs));
	const struct facts *f = &ev->all.facts;

	assert_int_equal(ev->ninterfaces, 0);
	check_bool(f, F_TARGET_INTERFACE_KNOWN, false);
	check_str(f, F_TARGET_INTERFACE, "");
	assert_int_equal(count_gaps(ev, GAP_NO_INTERFACE), 1);
	/* the request is still one, from the packet's source */
	check_num(f, F_REQ_RECORDS, 1);
	check_num(f, F_VIA_INTERMEDIATE, 1);
	check_str(f, F_CLIENT, C5);
	/* and nothing can be said about coverage */
	check_num(f, F_LOG_UNCOVERED_SECONDS, 0);
	assert_int_equal(count_gaps(ev, GAP_UNCOVERED), 0);
}

/* An interface given by the user is the target's, logged or not. */
static void
test_evidence_interface_given(void **state)
{
	static const char *const given[] = { "eni-1e" };
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct facts *f;

	fx->opt.interfaces = given;
	fx->opt.ninterfaces = NELEM(given);
	ev = build_v5(fx, nat_recs, NELEM(nat_recs));
	f = &ev->all.facts;
	assert_int_equal(ev->ninterfaces, 1);
	assert_string_equal(ev->interfaces[0], "eni-1e");
	check_bool(f, F_TARGET_INTERFACE_KNOWN, true);
	check_str(f, F_TARGET_INTERFACE, "eni-1e");
	assert_int_equal(count_gaps(ev, GAP_NO_INTERFACE), 0);
	/* eni-1e logged nothing of the target */
	check_num(f, F_LOG_INTERFACE_RECORDS, 0);
}

/* Given and found: the given first, each once. */
static void
test_evidence_interface_given_and_found(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 1, 60, ACC),
		REP("eni-7a", C5, 40001, 1, 60, ACC),
	};
	static const char *const given[] = { "eni-1e", "eni-7a" };
	struct fixture *fx = *state;
	const struct evidence *ev;

	fx->opt.interfaces = given;
	fx->opt.ninterfaces = NELEM(given);
	ev = build_default(fx, v, NELEM(v));
	assert_int_equal(ev->ninterfaces, 2);
	assert_string_equal(ev->interfaces[0], "eni-1e");
	assert_string_equal(ev->interfaces[1], "eni-7a");
	check_str(&ev->all.facts, F_TARGET_INTERFACE, "eni-1e,eni-7a");
}

/* NODATA and SKIPDATA count where they overlap the window. */
static void
test_evidence_logging_overlap(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 1, 60, ACC),     /* [0, 60] */
		REP("eni-7a", C5, 40001, 1, 60, ACC),     /* [0, 60] */
		STATUS("eni-7a", -300, 300, "NODATA"),    /* 300 inside */
		STATUS("eni-7a", 1500, 2100, "SKIPDATA"), /* 300 inside */
		STATUS("eni-ee", 0, 600, "NODATA"),       /* not the target's */
		STATUS("eni-7a", 3000, 3600, "NODATA"),   /* after the window */
	};
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct facts *f;
	const struct gap *g;

	window(fx, 0, 1800);
	ev = build_default(fx, v, NELEM(v));
	f = &ev->all.facts;
	assert_true(ev->from == T0 && ev->to == T0 + 1800);
	check_num(f, F_WINDOW_SECONDS, 1800);
	check_str(f, F_WINDOW_FROM, "2023-11-14T22:13:20Z");
	check_str(f, F_WINDOW_TO, "2023-11-14T22:43:20Z");
	assert_int_equal(ev->ninterfaces, 1);
	check_num(f, F_LOG_NODATA_SECONDS, 300);
	check_num(f, F_LOG_SKIPDATA_SECONDS, 300);
	/* 2 records, a NODATA and a SKIPDATA stretch of eni-7a */
	check_num(f, F_LOG_INTERFACE_RECORDS, 4);
	assert_int_equal(count_gaps(ev, GAP_SKIPDATA), 1);
	g = gap(ev, GAP_SKIPDATA, 0);
	assert_string_equal(g->interface, "eni-7a");
	assert_true(g->from == T0 + 1500 && g->to == T0 + 2100);
	/* covered: [-300, 300] and [1500, 2100]; [300, 1500] lies between
	 * two records: idle, not a gap */
	assert_int_equal(count_gaps(ev, GAP_UNCOVERED), 0);
	check_num(f, F_LOG_UNCOVERED_SECONDS, 0);
	check_num(f, F_LOG_IDLE_SECONDS, 1200);
	check_num(f, F_LOG_STARTED_LATE, 0);
	check_bool(f, F_GAPS_ANY, true);
	assert_int_equal(evidence_logging(ev, T0 + 600, T0 + 660), LOGGED_IDLE);
	assert_int_equal(evidence_logging(ev, T0, T0 + 60), LOGGED_TRAFFIC);
	assert_int_equal(evidence_logging(ev, T0 + 200, T0 + 260),
	    LOGGED_NODATA);
	assert_int_equal(evidence_logging(ev, T0 + 1600, T0 + 1660),
	    LOGGED_SKIPDATA);
	assert_int_equal(count_gaps(ev, GAP_DELIVERY), 0);
	assert_int_equal(count_gaps(ev, GAP_TRAFFIC_TYPE), 0);
}

/* Records that begin late in an explicit window leave it uncovered. */
static void
test_evidence_logging_started_late(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 40001, 80, 6, 1, 60, 300, 360, ACC),
		R("eni-7a", TGT, C5, 80, 40001, 6, 1, 60, 300, 360, ACC),
		STATUS("eni-7a", 360, 600, "NODATA"),
	};
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct facts *f;
	const struct gap *g;

	window(fx, 0, 600);
	ev = build_default(fx, v, NELEM(v));
	f = &ev->all.facts;
	/* covered [300, 600]: [0, 300] is not */
	check_num(f, F_LOG_STARTED_LATE, 300);
	check_num(f, F_LOG_UNCOVERED_SECONDS, 300);
	check_num(f, F_LOG_NODATA_SECONDS, 240);
	assert_int_equal(count_gaps(ev, GAP_UNCOVERED), 1);
	g = gap(ev, GAP_UNCOVERED, 0);
	assert_string_equal(g->interface, "eni-7a");
	assert_true(g->from == T0 && g->to == T0 + 300);
	assert_true(g->seconds == 300 && g->stretches == 1);
	assert_non_null(strstr(g->detail, "before its first"));
	check_bool(f, F_GAPS_ANY, true);
	assert_int_equal(evidence_logging(ev, T0, T0 + 60), LOGGED_NOT_YET);
}

/* Stretches under 120 s between records are seams, not gaps. */
static void
test_evidence_logging_seams(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 40001, 80, 6, 1, 60, 100, 200, ACC),
		STATUS("eni-7a", 300, 400, "NODATA"),
		R("eni-7a", C5, TGT, 40001, 80, 6, 1, 60, 519, 600, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct facts *f;

	window(fx, 0, 600);
	ev = build_default(fx, v, NELEM(v));
	f = &ev->all.facts;
	/* uncovered: [0, 100], [200, 300], [400, 519]: 100, 100, 119 s */
	assert_int_equal(count_gaps(ev, GAP_UNCOVERED), 0);
	check_num(f, F_LOG_UNCOVERED_SECONDS, 0);
	check_num(f, F_LOG_STARTED_LATE, 100);
	check_bool(f, F_GAPS_ANY, false);
}

/* 120 s is a gap, at the start and at the end of the window. */
static void
test_evidence_logging_seam_limit(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 40001, 80, 6, 1, 60, 120, 480, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev;

	window(fx, 0, 600);
	ev = build_default(fx, v, NELEM(v));
	/* Both, folded into one line of the interface. */
	assert_int_equal(count_gaps(ev, GAP_UNCOVERED), 1);
	assert_true(gap(ev, GAP_UNCOVERED, 0)->from == T0);
	assert_true(gap(ev, GAP_UNCOVERED, 0)->to == T0 + 600);
	assert_true(gap(ev, GAP_UNCOVERED, 0)->seconds == 240);
	assert_int_equal(gap(ev, GAP_UNCOVERED, 0)->stretches, 2);
	assert_non_null(strstr(gap(ev, GAP_UNCOVERED, 0)->detail,
	    "from 2023-11-14T22:13:20Z to 2023-11-14T22:15:20Z, before its "
	    "first"));
	assert_non_null(strstr(gap(ev, GAP_UNCOVERED, 0)->detail,
	    "from 2023-11-14T22:21:20Z to 2023-11-14T22:23:20Z, after its "
	    "last"));
	check_num(&ev->all.facts, F_LOG_UNCOVERED_SECONDS, 240);
	check_num(&ev->all.facts, F_LOG_STARTED_LATE, 120);
	assert_int_equal(evidence_logging(ev, T0 + 540, T0 + 600),
	    LOGGED_NO_MORE);
}

/* A window that ends less than the delivery delay before now. */
static void
test_evidence_delivery_pending(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 1, 60, ACC),
		REP("eni-7a", C5, 40001, 1, 60, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev;
	const struct facts *f;
	const struct gap *g;

	/* the window is [0, 60]; now is 300 s after it */
	fx->opt.now = T0 + 60 + 300;
	ev = build_default(fx, v, NELEM(v));
	f = &ev->all.facts;
	check_num(f, F_WINDOW_AGE, 300);
	check_bool(f, F_DELIVERY_PENDING, true);
	assert_int_equal(count_gaps(ev, GAP_DELIVERY), 1);
	g = gap(ev, GAP_DELIVERY, 0);
	assert_true(g->from == T0 + 60 && g->to == T0 + 360);
	check_bool(f, F_GAPS_ANY, true);

	/* exactly the delay after it: delivered */
	fx->opt.now = T0 + 60 + DELAY;
	ev = rebuild(fx);
	f = &ev->all.facts;
	check_num(f, F_WINDOW_AGE, DELAY);
	check_bool(f, F_DELIVERY_PENDING, false);
	assert_int_equal(count_gaps(ev, GAP_DELIVERY), 0);
	check_bool(f, F_GAPS_ANY, false);
}

/* A flow log of ACCEPT or REJECT only cannot show the other. */
static void
test_evidence_traffic_type(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 1, 60, ACC),
		REP("eni-7a", C5, 40001, 1, 60, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev;

	fx->opt.traffic_type = "ACCEPT";
	ev = build_default(fx, v, NELEM(v));
	assert_int_equal(count_gaps(ev, GAP_TRAFFIC_TYPE), 1);
	check_str(&ev->all.facts, F_LOG_TRAFFIC_TYPE, "ACCEPT");
	check_bool(&ev->all.facts, F_GAPS_ANY, true);

	fx->opt.traffic_type = "REJECT";
	ev = rebuild(fx);
	assert_int_equal(count_gaps(ev, GAP_TRAFFIC_TYPE), 1);
	check_str(&ev->all.facts, F_LOG_TRAFFIC_TYPE, "REJECT");

	fx->opt.traffic_type = "ALL";
	ev = rebuild(fx);
	assert_int_equal(count_gaps(ev, GAP_TRAFFIC_TYPE), 0);
	check_str(&ev->all.facts, F_LOG_TRAFFIC_TYPE, "ALL");
	check_bool(&ev->all.facts, F_GAPS_ANY, false);

	fx->opt.traffic_type = NULL;
	ev = rebuild(fx);
	assert_int_equal(count_gaps(ev, GAP_TRAFFIC_TYPE), 0);
	check_str(&ev->all.facts, F_LOG_TRAFFIC_TYPE, "");
}

/* The default format has action but neither tcp-flags, pkt-* nor
 * flow-direction. */
static void
test_evidence_format_default(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C5, 40001, 1, 60, ACC),
		REP("eni-7a", C5, 40001, 1, 60, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_default(fx, v, NELEM(v));
	const struct facts *f = &ev->all.facts;
	const char *lacks = facts_str(f, F_FORMAT_LACKS);

	check_bool(f, F_FORMAT_TCP_FLAGS, false);
	check_bool(f, F_FORMAT_PKT, false);
	check_bool(f, F_FORMAT_FLOW_DIRECTION, false);
	check_bool(f, F_FORMAT_ACTION, true);
	assert_non_null(strstr(lacks, "tcp-flags"));
	assert_non_null(strstr(lacks, "pkt-srcaddr"));
	assert_non_null(strstr(lacks, "flow-direction"));
	assert_null(strstr(lacks, "action"));
	assert_int_equal(count_gaps(ev, GAP_FORMAT), 1);
	/* a format gap limits the verdict but is no gap in the logging */
	check_bool(f, F_GAPS_ANY, false);
}

static void
test_evidence_format_v5(void **state)
{
	static const struct rec v[] = {
		V("eni-7a", C5, TGT, 40001, 80, ACC, 2, ING),
		V("eni-7a", TGT, C5, 80, 40001, ACC, 18, EGR),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_v5(fx, v, NELEM(v));
	const struct facts *f = &ev->all.facts;

	check_bool(f, F_FORMAT_TCP_FLAGS, true);
	check_bool(f, F_FORMAT_PKT, true);
	check_bool(f, F_FORMAT_FLOW_DIRECTION, true);
	check_bool(f, F_FORMAT_ACTION, true);
	check_str(f, F_FORMAT_LACKS, "");
	assert_int_equal(count_gaps(ev, GAP_FORMAT), 0);
	assert_int_equal(ev->ngaps, 0);
	check_bool(f, F_GAPS_ANY, false);
	check_num(f, F_REP_SYNACK, 1);
}

/* The facts of some clients, as if there were no others. */
static void
test_evidence_subset(void **state)
{
	static const struct rec v[] = {
		REQ("eni-7a", C1, 40001, 1, 60, ACC), /* answered */
		REP("eni-7a", C1, 40001, 1, 60, ACC),
		REQ("eni-7a", C2, 40002, 1, 60, ACC), /* unanswered */
		REQ("eni-7a", C3, 40003, 1, 60, REJ), /* rejected */
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_default(fx, v, NELEM(v));
	bool member[3];
	struct facts f;

	/* clients in address order: C1, C2, C3 */
	assert_int_equal(ev->nclients, 3);
	assert_true(&ev->clients[0] == client(ev, C1));
	assert_true(&ev->clients[2] == client(ev, C3));

	member[0] = true;
	member[1] = false;
	member[2] = true;
	evidence_subset(ev, member, &f);
	check_num(&f, F_CLIENTS, 2);
	check_str(&f, F_CLIENTS_LIST, C1 ", " C3);
	check_str(&f, F_CLIENT, "all clients");
	check_num(&f, F_FLOWS, 2);
	check_num(&f, F_FLOWS_ANSWERED, 1);
	check_num(&f, F_FLOWS_UNANSWERED, 0);
	check_num(&f, F_FLOWS_INBOUND_REJECTED, 1);
	check_num(&f, F_REQ_RECORDS, 2);
	check_num(&f, F_REP_RECORDS, 1);
	check_str(&f, F_TARGET_ADDRESS, TGT); /* shared facts stay */
	facts_release(&f);

	member[0] = false;
	member[1] = true;
	member[2] = false;
	evidence_subset(ev, member, &f);
	check_num(&f, F_CLIENTS, 1);
	check_str(&f, F_CLIENT, C2);
	check_str(&f, F_CLIENTS_LIST, C2);
	check_num(&f, F_FLOWS, 1);
	check_num(&f, F_FLOWS_UNANSWERED, 1);
	check_num(&f, F_REQ_RECORDS, 1);
	check_num(&f, F_REP_RECORDS, 0);
	facts_release(&f);

	member[1] = false;
	evidence_subset(ev, member, &f);
	check_num(&f, F_CLIENTS, 0);
	check_str(&f, F_CLIENTS_LIST, "");
	check_num(&f, F_FLOWS, 0);
	check_num(&f, F_REQ_RECORDS, 0);
	facts_release(&f);
}

/* With t.from and t.to open, the window spans the records. */
static void
test_evidence_window_default(void **state)
{
	static const struct rec v[] = {
		R("eni-7a", C5, TGT, 40001, 80, 6, 1, 60, 100, 160, ACC),
		R("eni-7a", TGT, C5, 80, 40001, 6, 1, 60, 50, 400, ACC),
		R("eni-7a", C5, TGT, 40002, 80, 6, 1, 60, 200, 260, ACC),
	};
	struct fixture *fx = *state;
	const struct evidence *ev = build_default(fx, v, NELEM(v));
	const struct facts *f = &ev->all.facts;

	/* the earliest start 50, the latest end 400 */
	assert_true(ev->from == T0 + 50);
	assert_true(ev->to == T0 + 400);
	check_num(f, F_WINDOW_SECONDS, 350);
	check_str(f, F_WINDOW_FROM, "2023-11-14T22:14:10Z");
	check_str(f, F_WINDOW_TO, "2023-11-14T22:20:00Z");
	check_num(f, F_LOG_STARTED_LATE, 0);
	check_num(f, F_WINDOW_AGE, DAY - 400);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_evidence_counters),
		T(test_evidence_tcp_flags),
		T(test_evidence_flows),
		T(test_evidence_flows_two_interfaces),
		T(test_evidence_direction),
		T(test_evidence_icmp_reply_udp),
		T(test_evidence_icmp_target),
		T(test_evidence_scanners),
		T(test_evidence_scanners_named_client),
		T(test_evidence_interface_missing),
		T(test_evidence_interface_given),
		T(test_evidence_interface_given_and_found),
		T(test_evidence_logging_overlap),
		T(test_evidence_logging_started_late),
		T(test_evidence_logging_seams),
		T(test_evidence_logging_seam_limit),
		T(test_evidence_delivery_pending),
		T(test_evidence_traffic_type),
		T(test_evidence_format_default),
		T(test_evidence_format_v5),
		T(test_evidence_subset),
		T(test_evidence_window_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
