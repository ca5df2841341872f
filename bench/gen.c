/*
 * gen: writes realistic, deterministic VPC Flow Logs for the benchmarks.
 *
 *   gen text SIZE_MB     default format (version 2, 14 fields), no header
 *   gen v5 SIZE_MB       custom version 5 format, S3 header line first
 *   gen json NUM_EVENTS  CloudWatch Logs events, one JSON object a line
 *
 * SIZE_MB is in MiB: output stops after the event (one to four lines)
 * that reaches it.
 * The output is byte-identical on every run, machine and compiler: its own
 * PRNG (splitmix64) with a fixed seed, no clock, no locale, and at most one
 * draw per full expression (argument order is unspecified).
 *
 * About 50 interfaces in 10.0.0.0/16 talk to each other and to public
 * addresses (TCP, UDP, ICMP, NAT gateway traffic, scanners, NODATA and
 * SKIPDATA records).  The benchmark target 10.0.1.10:80 on
 * eni-0a1b2c3d4e5f60001 gets exactly one planted record in every block of
 * PLANT_EVERY lines; 10.0.1.10 also appears in plenty of other traffic, but
 * never with port 80 on its side and never as the source of ICMP, so a
 * record concerns the target exactly when it is a planted one.  Decoys:
 * 10.0.1.100, 10.0.1.101, 10.0.11.10, 10.0.1.11, 110.0.1.10, 210.0.1.10.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF      (1u << 20)
#define PLANT_EVERY 5000
#define BASE_TIME   1700000000 /* 2023-11-14T22:13:20Z */
#define DAY         86400
#define ACCOUNT     "123456789012"
#define VPC         "vpc-0fedcba9876543210"
#define TARGET_ADDR "10.0.1.10"
#define TARGET_PORT 80
#define TARGET_ENI  "eni-0a1b2c3d4e5f60001"
#define NENI        50
#define ADDRLEN     16

enum mode { MODE_TEXT, MODE_V5, MODE_JSON };
enum role { R_TARGET, R_WEB, R_APP, R_DB, R_BASTION, R_DNS, R_NAT };
enum status { ST_OK, ST_NODATA, ST_SKIPDATA };

static const char v5_header[] =
    "version account-id interface-id srcaddr dstaddr srcport dstport "
    "protocol packets bytes start end action log-status vpc-id subnet-id "
    "instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id "
    "sublocation-type sublocation-id pkt-src-aws-service "
    "pkt-dst-aws-service flow-direction traffic-path\n";

struct eni {
	char id[24];
	char addr[ADDRLEN];
	char subnet[32];
	char instance[24]; /* "-" on a NAT gateway */
	const char *az;
	enum role role;
};

struct rec {
	int eni;
	char src[ADDRLEN], dst[ADDRLEN];
	char pkt_src[ADDRLEN], pkt_dst[ADDRLEN];
	unsigned sport, dport, proto;
	uint64_t packets, bytes;
	int64_t start, end;
	int reject;
	enum status status;
	int flags;           /* tcp-flags */
	const char *src_svc; /* pkt-src-aws-service or NULL */
	const char *dst_svc;
};

static uint64_t rng_state = 0x5eed0f10d1a65eedULL;
static struct eni enis[NENI];
static int nat_enis[2], dns_eni, nnat;
static char *obuf;
static size_t olen;
static uint64_t written;
static int64_t now; /* the clock: start of the current interval */

/* splitmix64 */
static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static unsigned
below(unsigned n)
{
	return (unsigned)(((rnd() >> 32) * n) >> 32);
}

static unsigned
between(unsigned lo, unsigned hi)
{
	return lo + below(hi - lo + 1);
}

static void
flush_out(void)
{
	if (olen > 0 && fwrite(obuf, 1, olen, stdout) != olen) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(1);
	}
	written += olen;
	olen = 0;
}

static char *
put_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* v in exactly width digits (v must fit). */
static char *
put_u_pad(char *p, uint64_t v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static char *
put_s(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static void
fmt_addr(char *buf, unsigned a, unsigned b, unsigned c, unsigned d)
{
	char *p = buf;

	p = put_u(p, a);
	*p++ = '.';
	p = put_u(p, b);
	*p++ = '.';
	p = put_u(p, c);
	*p++ = '.';
	p = put_u(p, d);
	*p = '\0';
}

/* A public address; a few of them are substring traps for the target. */
static void
public_addr(char *buf)
{
	static const unsigned first[] = { 3, 13, 18, 23, 34, 35, 44, 52, 54, 63,
		66, 71, 73, 81, 89, 91, 98, 104, 108, 122, 142, 151, 176, 185,
		188, 209, 212, 217 };
	unsigned r = below(1000), a, b, c;

	if (r < 15) {
		strcpy(buf, r < 10 ? "110.0.1.10" : "210.0.1.10");
		return;
	}
	if (r < 80) {
		fmt_addr(buf, 198, 51, 100, between(1, 254));
		return;
	}
	if (r < 120) {
		fmt_addr(buf, 192, 0, 2, between(1, 254));
		return;
	}
	a = first[below(sizeof(first) / sizeof(first[0]))];
	b = below(256);
	c = below(256);
	fmt_addr(buf, a, b, c, between(1, 254));
}

/* A public server for outbound traffic, and the AWS service it is. */
static const char *
public_server(char *buf)
{
	unsigned r = below(10), b, c;

	if (r < 3) {
		c = below(256);
		fmt_addr(buf, 52, 216, c, between(1, 254));
		return "S3";
	}
	if (r < 4) {
		c = below(32);
		fmt_addr(buf, 54, 239, c, between(1, 254));
		return "AMAZON";
	}
	if (r < 5) {
		b = between(208, 239);
		c = below(256);
		fmt_addr(buf, 3, b, c, between(1, 254));
		return "EC2";
	}
	public_addr(buf);
	return NULL;
}

static unsigned
ephemeral(void)
{
	return between(32768, 60999);
}

static unsigned
service_port(enum role role)
{
	static const unsigned target[] = { 22, 443, 443, 8080, 8443 };
	static const unsigned web[] = { 80, 80, 443, 443, 443 };
	static const unsigned app[] = { 8080, 8443, 9090, 8000, 22 };
	static const unsigned db[] = { 5432, 5432, 3306, 6379, 22 };

	switch (role) {
	case R_TARGET:
		return target[below(5)];
	case R_WEB:
		return web[below(5)];
	case R_APP:
		return app[below(5)];
	case R_DB:
		return db[below(5)];
	case R_DNS:
		return 53;
	case R_BASTION:
	case R_NAT:
		break;
	}
	return 22;
}

static const char *
subnet_az(unsigned third)
{
	switch (third) {
	case 0:
	case 1:
		return "use1-az1";
	case 2:
		return "use1-az2";
	case 3:
		return "use1-az4";
	default:
		return "use1-az6";
	}
}

static void
hex(char *p, int n)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < n; i++)
		p[i] = digits[below(16)];
	p[n] = '\0';
}

/* The interfaces: index 0 is the target; addresses are distinct. */
static void
setup(void)
{
	static const struct {
		unsigned c, d;
		enum role role;
	} fixed[] = {
		{ 1, 10, R_TARGET },
		{ 1, 100, R_WEB }, /* substring traps */
		{ 1, 101, R_WEB },
		{ 11, 10, R_APP },
		{ 1, 11, R_APP },
		{ 0, 5, R_BASTION },
		{ 0, 220, R_NAT },
		{ 0, 221, R_NAT },
		{ 2, 53, R_DNS },
	};
	static const enum role roles[] = { R_WEB, R_APP, R_APP, R_DB, R_APP,
		R_WEB, R_DB, R_APP };
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	unsigned c, d;
	int i;

	for (i = 0; i < NENI; i++) {
		struct eni *e = &enis[i];

		if ((size_t)i < nfixed) {
			c = fixed[i].c;
			d = fixed[i].d;
			e->role = fixed[i].role;
		} else {
			c = (unsigned)(i % 4);
			d = 20 + (unsigned)i * 3;
			e->role = roles[i % 8];
		}
		fmt_addr(e->addr, 10, 0, c, d);
		e->az = subnet_az(c);
		if (i == 0) {
			strcpy(e->id, TARGET_ENI);
		} else {
			strcpy(e->id, "eni-0");
			hex(e->id + 5, 16);
		}
		/* One subnet per third octet. */
		snprintf(e->subnet, sizeof(e->subnet), "subnet-0%015" PRIx64,
		    (uint64_t)0x51ab00c0ffee0ULL + c);
		if (e->role == R_NAT) {
			strcpy(e->instance, "-");
			nat_enis[nnat++] = i;
		} else {
			strcpy(e->instance, "i-0");
			hex(e->instance + 3, 16);
		}
		if (e->role == R_DNS)
			dns_eni = i;
	}
}

/* A home interface for a record: the target is one in ten. */
static int
pick_eni(void)
{
	int i;

	if (below(10) == 0)
		return 0;
	do
		i = (int)below(NENI);
	while (enis[i].role == R_NAT);
	return i;
}

static int
other_eni(int skip)
{
	int i;

	do
		i = (int)below(NENI);
	while (i == skip || enis[i].role == R_NAT);
	return i;
}

static void
rec_init(struct rec *r, int eni)
{
	memset(r, 0, sizeof(*r));
	r->eni = eni;
	r->start = now - below(60);
	r->end = r->start + 60;
	r->flags = 0;
}

static void
rec_addrs(struct rec *r, const char *src, const char *dst)
{
	strcpy(r->src, src);
	strcpy(r->dst, dst);
	strcpy(r->pkt_src, src);
	strcpy(r->pkt_dst, dst);
}

static uint64_t
npackets(void)
{
	unsigned scale = below(12);
	uint64_t n = 1 + below(1u << scale);

	return n + below(4);
}

static int
is_target(const char *a)
{
	return strcmp(a, TARGET_ADDR) == 0;
}

/* Background records never concern the target (see the top comment). */
static void
check_background(const struct rec *r)
{
	if (r->status != ST_OK)
		return;
	if (((is_target(r->dst) || is_target(r->pkt_dst)) &&
		r->dport == TARGET_PORT) ||
	    ((is_target(r->src) || is_target(r->pkt_src)) &&
		(r->sport == TARGET_PORT || r->proto == 1))) {
		fprintf(stderr, "gen: bug: background record matches target\n");
		abort();
	}
}

static void
emit_v2(char **pp, const struct rec *r)
{
	char *p = *pp;
	const struct eni *e = &enis[r->eni];

	p = put_s(p, "2 " ACCOUNT " ");
	p = put_s(p, e->id);
	if (r->status != ST_OK) {
		p = put_s(p, " - - - - - - - ");
		p = put_u(p, (uint64_t)r->start);
		*p++ = ' ';
		p = put_u(p, (uint64_t)r->end);
		p = put_s(p,
		    r->status == ST_NODATA ? " - NODATA" : " - SKIPDATA");
		*pp = p;
		return;
	}
	*p++ = ' ';
	p = put_s(p, r->src);
	*p++ = ' ';
	p = put_s(p, r->dst);
	*p++ = ' ';
	p = put_u(p, r->sport);
	*p++ = ' ';
	p = put_u(p, r->dport);
	*p++ = ' ';
	p = put_u(p, r->proto);
	*p++ = ' ';
	p = put_u(p, r->packets);
	*p++ = ' ';
	p = put_u(p, r->bytes);
	*p++ = ' ';
	p = put_u(p, (uint64_t)r->start);
	*p++ = ' ';
	p = put_u(p, (uint64_t)r->end);
	p = put_s(p, r->reject ? " REJECT OK" : " ACCEPT OK");
	*pp = p;
}

static void
emit_v5(char **pp, const struct rec *r)
{
	char *p = *pp;
	const struct eni *e = &enis[r->eni];
	int ingress = strcmp(r->dst, e->addr) == 0;

	if (r->status != ST_OK) {
		p = put_s(p, "5 " ACCOUNT " ");
		p = put_s(p, e->id);
		p = put_s(p, " - - - - - - - ");
		p = put_u(p, (uint64_t)r->start);
		*p++ = ' ';
		p = put_u(p, (uint64_t)r->end);
		p = put_s(p,
		    r->status == ST_NODATA ? " - NODATA " : " - SKIPDATA ");
		p = put_s(p, VPC " ");
		p = put_s(p, e->subnet);
		*p++ = ' ';
		p = put_s(p, e->instance);
		p = put_s(p, " - - - - us-east-1 ");
		p = put_s(p, e->az);
		p = put_s(p, " - - - - - -");
		*pp = p;
		return;
	}
	emit_v2(&p, r);
	(*pp)[0] = '5';
	*p++ = ' ';
	p = put_s(p, VPC " ");
	p = put_s(p, e->subnet);
	*p++ = ' ';
	p = put_s(p, e->instance);
	*p++ = ' ';
	p = put_u(p, (uint64_t)r->flags);
	p = put_s(p, " IPv4 ");
	p = put_s(p, r->pkt_src);
	*p++ = ' ';
	p = put_s(p, r->pkt_dst);
	p = put_s(p, " us-east-1 ");
	p = put_s(p, e->az);
	p = put_s(p, " - - ");
	p = put_s(p, r->src_svc != NULL ? r->src_svc : "-");
	*p++ = ' ';
	p = put_s(p, r->dst_svc != NULL ? r->dst_svc : "-");
	if (ingress) {
		p = put_s(p, " ingress -");
	} else {
		p = put_s(p, " egress ");
		/* Same VPC, or the internet gateway (Nitro). */
		*p++ = r->dst[0] == '1' && r->dst[1] == '0' && r->dst[2] == '.'
		    ? '1'
		    : '8';
	}
	*pp = p;
}

static void
emit_json(char **pp, const struct rec *r, uint64_t seq)
{
	char *p = *pp;
	uint64_t ts = (uint64_t)r->start * 1000;
	uint64_t id = rnd() % 10000000000000000000ULL;

	p = put_s(p, "{\"logStreamName\": \"");
	p = put_s(p, enis[r->eni].id);
	p = put_s(p, "-all\", \"timestamp\": ");
	p = put_u(p, ts);
	p = put_s(p, ", \"message\": \"");
	emit_v2(&p, r);
	p = put_s(p, "\", \"ingestionTime\": ");
	p = put_u(p, ts + 300000 + below(300000));
	/* 56 digits, as CloudWatch's: timestamp, sequence, random. */
	p = put_s(p, ", \"eventId\": \"");
	p = put_u_pad(p, ts, 13);
	p = put_u_pad(p, seq, 23);
	p = put_u_pad(p, id, 20);
	p = put_s(p, "\"}");
	*pp = p;
}

static enum mode mode;
static uint64_t lines, limit;

static void
emit(const struct rec *r)
{
	char *p;

	/* JSON counts events: the last event may be cut short. */
	if (mode == MODE_JSON && lines >= limit)
		return;
	if (olen > OUTBUF - 1024)
		flush_out();
	p = obuf + olen;
	switch (mode) {
	case MODE_TEXT:
		emit_v2(&p, r);
		break;
	case MODE_V5:
		emit_v5(&p, r);
		break;
	case MODE_JSON:
		emit_json(&p, r, lines);
		break;
	}
	*p++ = '\n';
	olen = (size_t)(p - obuf);
	lines++;
}

/* The record a reply to r would make on the same interface. */
static void
reply_of(struct rec *rep, const struct rec *req, uint64_t packets,
    unsigned size)
{
	*rep = *req;
	strcpy(rep->src, req->dst);
	strcpy(rep->dst, req->src);
	strcpy(rep->pkt_src, req->pkt_dst);
	strcpy(rep->pkt_dst, req->pkt_src);
	rep->src_svc = req->dst_svc;
	rep->dst_svc = req->src_svc;
	rep->sport = req->dport;
	rep->dport = req->sport;
	rep->packets = packets;
	rep->bytes = packets * size;
	/* SYN+FIN answers SYN-ACK+FIN, SYN answers SYN-ACK. */
	if (req->proto == 6 && req->flags == 3)
		rep->flags = 19;
	else if (req->proto == 6 && req->flags == 2)
		rep->flags = 18;
}

static void
emit_pair(struct rec *req, int reply_reject)
{
	struct rec rep;
	uint64_t pk = req->packets + below(3);

	reply_of(&rep, req, pk,
	    req->proto == 6 ? between(52, 1448) : between(60, 500));
	rep.reject = reply_reject;
	check_background(req);
	check_background(&rep);
	emit(req);
	emit(&rep);
}

static int
tcp_first_flags(void)
{
	unsigned r = below(10);

	return r < 5 ? 3 : r < 8 ? 2 : r < 9 ? 0 : 1;
}

/* Someone connects to a service of interface i; logged on i. */
static void
ev_inbound(int i)
{
	const struct eni *e = &enis[i];
	struct rec r;
	char client[ADDRLEN];
	int public_facing =
	    e->role == R_WEB || e->role == R_TARGET || e->role == R_BASTION;

	rec_init(&r, i);
	r.proto = e->role == R_DNS ? 17 : 6;
	r.dport = service_port(e->role);
	if (public_facing && below(2) == 0) {
		public_addr(client);
		r.sport = between(1024, 65535);
	} else {
		strcpy(client, enis[other_eni(i)].addr);
		r.sport = ephemeral();
	}
	rec_addrs(&r, client, e->addr);
	r.packets = npackets();
	r.bytes = r.packets * between(52, 600);
	r.flags = r.proto == 6 ? tcp_first_flags() : 0;
	/* Now and then a reply is refused by a network ACL. */
	emit_pair(&r, below(200) == 0);
}

/* Interface i connects to a service elsewhere; logged on i. */
static void
ev_outbound(int i)
{
	struct rec r;
	char server[ADDRLEN];
	int s;

	rec_init(&r, i);
	r.proto = 6;
	r.sport = ephemeral();
	if (below(3) == 0) {
		r.dst_svc = public_server(server);
		r.dport = below(4) == 0 ? 80 : 443;
	} else {
		s = other_eni(i);
		strcpy(server, enis[s].addr);
		r.dport = service_port(enis[s].role);
		if (enis[s].role == R_DNS)
			r.proto = 17;
	}
	rec_addrs(&r, enis[i].addr, server);
	r.packets = npackets();
	r.bytes = r.packets * between(52, 900);
	r.flags = r.proto == 6 ? tcp_first_flags() : 0;
	emit_pair(&r, 0);
}

/* UDP from interface i: DNS to the resolver, NTP, statsd. */
static void
ev_udp(int i)
{
	struct rec r;
	char server[ADDRLEN];
	unsigned k = below(10);

	rec_init(&r, i);
	r.proto = 17;
	r.sport = ephemeral();
	if (k < 6 && i != dns_eni) {
		strcpy(server, enis[dns_eni].addr);
		r.dport = 53;
	} else if (k < 8) {
		public_addr(server);
		r.dport = 123;
	} else {
		strcpy(server, enis[other_eni(i)].addr);
		r.dport = k == 8 ? 8125 : 514;
	}
	rec_addrs(&r, enis[i].addr, server);
	r.packets = 1 + below(20);
	r.bytes = r.packets * between(60, 300);
	if (r.dport == 8125 || r.dport == 514) {
		check_background(&r);
		emit(&r); /* one way */
		return;
	}
	emit_pair(&r, 0);
}

/* A ping to interface i; i answers unless it is the target, whose ICMP
 * would count as answers from the target's port (flowdiag reads ICMP from
 * the target as a closed UDP port's reply).  The target pings no one. */
static void
ev_icmp(int i)
{
	struct rec r, rep;
	char from[ADDRLEN];
	int o;

	rec_init(&r, i);
	while ((o = other_eni(i)) == 0)
		continue;
	if (below(3) == 0)
		public_addr(from);
	else
		strcpy(from, enis[o].addr);
	rec_addrs(&r, from, enis[i].addr);
	r.proto = 1;
	r.packets = 1 + below(10);
	r.bytes = r.packets * 84;
	check_background(&r);
	emit(&r);
	if (i == 0 || below(20) == 0)
		return;
	reply_of(&rep, &r, r.packets, 84);
	rep.flags = 0;
	check_background(&rep);
	emit(&rep);
}

/* An internet scanner knocks on interface i: one SYN, rejected. */
static void
ev_scanner(int i)
{
	static const unsigned ports[] = { 22, 23, 80, 443, 445, 3389, 8080,
		5900, 1433, 3306, 6379, 25, 21 };
	struct rec r;
	char from[ADDRLEN];

	rec_init(&r, i);
	public_addr(from);
	rec_addrs(&r, from, enis[i].addr);
	r.proto = 6;
	r.sport = between(1024, 65535);
	r.dport = below(4) == 0
	    ? between(1, 65535)
	    : ports[below(sizeof(ports) / sizeof(ports[0]))];
	if (i == 0 && r.dport == TARGET_PORT)
		r.dport = 8081;
	r.packets = 1;
	r.bytes = below(2) ? 44 : 40;
	r.reject = 1;
	r.flags = 2;
	check_background(&r);
	emit(&r);
}

/* Another interface is refused by i's security group: SYN retries. */
static void
ev_refused(int i)
{
	struct rec r;

	rec_init(&r, i);
	rec_addrs(&r, enis[other_eni(i)].addr, enis[i].addr);
	r.proto = 6;
	r.sport = ephemeral();
	r.dport = below(2) ? service_port(enis[i].role) : 5432;
	if (i == 0 && r.dport == TARGET_PORT)
		r.dport = 5432;
	r.packets = 1 + below(6);
	r.bytes = r.packets * 60;
	r.reject = 1;
	r.flags = 2;
	check_background(&r);
	emit(&r);
}

/* An instance reaches the internet through a NAT gateway: the four
 * records the gateway's interface logs, with the packet addresses. */
static void
ev_nat(void)
{
	int g = nat_enis[below((unsigned)nnat)];
	int inst = pick_eni();
	const char *nat = enis[g].addr, *in = enis[inst].addr;
	char pub[ADDRLEN];
	const char *svc;
	struct rec a, b, c, d;
	uint64_t pk;

	svc = public_server(pub);
	rec_init(&a, g);
	a.proto = 6;
	a.sport = ephemeral();
	a.dport = below(4) == 0 ? 80 : 443;
	rec_addrs(&a, in, nat);
	strcpy(a.pkt_dst, pub);
	a.dst_svc = svc;
	a.packets = npackets();
	a.bytes = a.packets * between(52, 900);
	a.flags = tcp_first_flags();
	b = a;
	rec_addrs(&b, nat, pub);
	b.sport = between(1024, 65535);
	pk = a.packets + below(3);
	reply_of(&c, &b, pk, between(52, 1448));
	/* From the gateway to the instance, for the server's packets. */
	reply_of(&d, &a, c.packets, (unsigned)(c.bytes / c.packets));
	check_background(&a);
	check_background(&b);
	check_background(&c);
	check_background(&d);
	emit(&a);
	emit(&b);
	emit(&c);
	emit(&d);
}

/* NODATA or SKIPDATA for some interface, the target now and then. */
static void
ev_status(void)
{
	struct rec r;
	int i = (int)below(NENI);

	rec_init(&r, i);
	r.start = now - (now % 60);
	r.end = r.start + 60;
	r.status = below(10) == 0 ? ST_SKIPDATA : ST_NODATA;
	emit(&r);
}

/* One background event: one to four records. */
static void
background(void)
{
	unsigned r = below(1000);
	int i = pick_eni();

	if (r < 8)
		ev_status();
	else if (r < 78)
		ev_scanner(i);
	else if (r < 108)
		ev_refused(i);
	else if (r < 138)
		ev_icmp(i);
	else if (r < 258)
		ev_udp(i);
	else if (r < 588)
		ev_inbound(i);
	else if (r < 928)
		ev_outbound(i);
	else
		ev_nat();
}

/* The target's own traffic, queued: each planted slot takes one record. */
static struct rec planted[2];
static int nplanted, plant_next;
static unsigned plant_seq;

static void
plant_refill(void)
{
	struct rec *req = &planted[0], *rep = &planted[1];
	unsigned kind = below(20);
	char client[ADDRLEN];
	uint64_t pk;

	plant_seq++;
	rec_init(req, 0);
	req->proto = 6;
	req->dport = TARGET_PORT;
	if (kind < 2) {
		/* A scanner's SYN, rejected by the security group. */
		public_addr(client);
		rec_addrs(req, client, TARGET_ADDR);
		req->sport = between(1024, 65535);
		req->packets = 1;
		req->bytes = 44;
		req->reject = 1;
		req->flags = 2;
		nplanted = 1;
		plant_next = 0;
		return;
	}
	if (kind < 14) {
		/* Clients that get through: 198.51.100.0/24 and inside. */
		if (kind < 10)
			fmt_addr(client, 198, 51, 100, 1 + plant_seq % 200);
		else
			strcpy(client, enis[4 * (1 + below(11))].addr);
		req->sport = kind < 10 ? between(1024, 65535) : ephemeral();
		rec_addrs(req, client, TARGET_ADDR);
		req->packets = 3 + below(40);
		req->bytes = req->packets * between(52, 400);
		req->flags = 3;
		pk = req->packets + below(3);
		reply_of(rep, req, pk, between(400, 1448));
	} else {
		/* 203.0.113.0/24: the network ACL refuses the replies. */
		fmt_addr(client, 203, 0, 113, 1 + plant_seq % 50);
		req->sport = between(49152, 65535);
		rec_addrs(req, client, TARGET_ADDR);
		req->packets = 3 + below(3);
		req->bytes = req->packets * 60;
		req->flags = 2;
		reply_of(rep, req, req->packets, 60);
		rep->reject = 1;
		rep->flags = 18;
	}
	nplanted = 2;
	plant_next = 0;
}

static void
plant(void)
{
	struct rec *r;
	int64_t start;

	if (plant_next == nplanted)
		plant_refill();
	/* A reply keeps its request's interval, however far apart the
	 * planted slots are. */
	if (plant_next == 0) {
		start = now - below(60);
		planted[0].start = planted[1].start = start;
		planted[0].end = planted[1].end = start + 60;
	}
	r = &planted[plant_next++];
	emit(r);
}

static int
usage(void)
{
	fputs(
	    "usage: gen text SIZE_MB | gen v5 SIZE_MB | gen json NUM_EVENTS\n",
	    stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	uint64_t n, slot, block = 0;
	char *end;

	if (argc != 3)
		return usage();
	if (strcmp(argv[1], "text") == 0)
		mode = MODE_TEXT;
	else if (strcmp(argv[1], "v5") == 0)
		mode = MODE_V5;
	else if (strcmp(argv[1], "json") == 0)
		mode = MODE_JSON;
	else
		return usage();
	errno = 0;
	n = strtoull(argv[2], &end, 10);
	if (errno != 0 || end == argv[2] || *end != '\0' || n == 0 ||
	    n > (1ULL << 40)) {
		fprintf(stderr, "gen: bad count '%s'\n", argv[2]);
		return 2;
	}
	limit = mode == MODE_JSON ? n : n << 20;
	if ((obuf = malloc(OUTBUF)) == NULL) {
		fputs("gen: out of memory\n", stderr);
		return 1;
	}
	setup();
	if (mode == MODE_V5) {
		memcpy(obuf, v5_header, sizeof(v5_header) - 1);
		olen = sizeof(v5_header) - 1;
	}
	slot = below(PLANT_EVERY);
	for (;;) {
		uint64_t done = mode == MODE_JSON ? lines : written + olen;

		if (done >= limit)
			break;
		now = BASE_TIME + 60 +
		    (int64_t)((double)done / (double)limit * DAY);
		if (lines >= slot) {
			plant();
			block++;
			slot = block * PLANT_EVERY + below(PLANT_EVERY);
		} else {
			background();
		}
	}
	flush_out();
	if (fclose(stdout) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		return 1;
	}
	free(obuf);
	return 0;
}
