#!/usr/bin/env python3
"""Writes the scenario corpus: one small VPC, many reasons a port is unreachable.

    python3 tests/make-scenarios.py OUTDIR

Each scenario plants one fault, in a function of its own below, among traffic
that must not change the verdict: an admin's SSH session and load-balancer
health checks on the target's own interface, internet scanners' one-packet
REJECTs, an application server talking to its database, an idle interface
reporting NODATA.  The records of a scenario are written twice under
OUTDIR/<scenario>/:

    v2.log     the default format, plain text without a header
    v5.log.gz  an S3 object: gzip, a header line of field names, then records
               in the custom format V5 below, not sorted by time
    nat.log.gz the same in the format NAT below, for the scenarios that ask
               for it

Scenarios that need v5 fields (pkt-*, flow-direction) have only v5.log.gz.
OUTDIR/MANIFEST says what `flowdiag check` must conclude from each file, one
line per (scenario, file, options), tab-separated:

    name  target  file  category  cause  exit  extra-args

extra-args are flowdiag check options separated by spaces.  Words of the
form key=value are for the test script, not for flowdiag: now=T runs
flowdiag with FLOWDIAG_NOW=T instead of NOW below; confidence=C and
confidence!=C check .verdict.confidence; summary~=WORDS, why~=WORDS and
next~=WORDS check that the summary, the explanation or the next steps hold
WORDS, '_' standing for a blank.
Lines starting with # are comments.

Quotes in the comments are from FLOWLOGS.md, the notes on flow logs the
diagnosis rests on (section 4 unless said otherwise).  The output is the
same on every run: each scenario draws from its own random.Random seeded
with its name, and gzip gets mtime 0.
"""

import gzip
import os
import random
import sys

T0 = 1700000000          # 2023-11-14T22:13:20Z: minute 0 of every scenario
NOW = T0 + 86400         # FLOWDIAG_NOW for the tests: a day after the data
DELIVERY_DELAY = 15 * 60  # data must be older than this unless a scenario says
ACCOUNT = "123456789012"
VPC = "vpc-0fedcba9876543210"

TCP, UDP, ICMP = 6, 17, 1
ACCEPT, REJECT = "ACCEPT", "REJECT"

EXIT = {"reachable": 0, "network-path-block": 10, "instance-fault": 11,
        "no-matching-traffic": 12, "logging-gap": 13, "inconclusive": 14}

# Field orders.  V5 is one flow log's custom format; its S3 header line is
# these names separated by spaces.
V2 = ["version", "account-id", "interface-id", "srcaddr", "dstaddr",
      "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
      "action", "log-status"]
V5 = V2 + ["vpc-id", "subnet-id", "instance-id", "tcp-flags", "type",
           "pkt-srcaddr", "pkt-dstaddr", "flow-direction", "traffic-path"]
# The AWS documentation's NAT gateway example format: no ports, protocol,
# times or action.
NAT = ["instance-id", "interface-id", "srcaddr", "dstaddr", "pkt-srcaddr",
       "pkt-dstaddr"]

# The VPC 10.0.0.0/16 and its neighbours.
SUBNET_SHARED = "subnet-0a1b2c3d4e5f60000"  # 10.0.0.0/25: bastion, LB, NAT gw
SUBNET_APP = "subnet-0a1b2c3d4e5f60001"     # 10.0.1.0/25: the target's subnet
SUBNET_CLIENTS = "subnet-0a1b2c3d4e5f60002"  # 10.0.2.0/24: internal clients
SUBNET_TGW_A = "subnet-0a1b2c3d4e5f60003"   # 10.0.0.240/28, AZ a: TGW attachment
SUBNET_TGW_B = "subnet-0a1b2c3d4e5f60004"   # 10.0.1.240/28, AZ b: TGW attachment

TARGET = "10.0.1.10"                 # the web server nobody can reach
TARGET6 = "2001:db8:1234:a102::10"   # its IPv6 address, same interface
APP = "10.0.1.20"                    # an application server, same subnet
IDLE = "10.0.1.30"                   # a standby host with no traffic
OLD_SERVER = "10.0.1.100"            # the previous web server (and a
                                     # substring trap: it contains TARGET)
BASTION = "10.0.0.5"                 # where the admins SSH from
LB = "10.0.0.30"                     # a load-balancer node: health checks
NATGW = "10.0.0.50"                  # a private NAT gateway
TGW_A = "10.0.0.244"                 # transit gateway attachment, AZ a
TGW_B = "10.0.1.244"                 # transit gateway attachment, AZ b
CLIENT_IN = "10.0.2.20"              # a client inside the VPC
DB = "10.0.2.30"                     # the application's database
MONITOR6 = "2001:db8:1234:a100::40"  # IPv6 monitoring host
CLIENT = "198.51.100.7"              # a customer who gets through
BLOCKED = "203.0.113.12"             # a customer who does not
API = "203.0.113.80"                 # an internet API the servers call
CLIENT6 = "2001:db8:5678::7"         # an IPv6 customer
SCANNERS = "192.0.2."                # internet scanners (a /24)
SCANNER6 = "2001:db8:ffff::66"


class Eni:
    """A network interface.  phase: seconds past the minute at which its
    60-second aggregation windows start (each interface has its own)."""

    def __init__(self, suffix, addrs, subnet, instance, phase):
        self.id = "eni-0a1b2c3d4e5f6" + suffix
        self.addrs = addrs
        self.subnet = subnet
        self.instance = instance
        self.phase = phase


TARGET_ENI = Eni("0001", (TARGET, TARGET6), SUBNET_APP, "i-0123456789abc0001", 3)
APP_ENI = Eni("0002", (APP,), SUBNET_APP, "i-0123456789abc0002", 17)
IDLE_ENI = Eni("0003", (IDLE,), SUBNET_APP, "i-0123456789abc0003", 41)
CLIENT_ENI = Eni("0004", (CLIENT_IN,), SUBNET_CLIENTS, "i-0123456789abc0004", 29)
OLD_ENI = Eni("0005", (OLD_SERVER,), SUBNET_APP, "i-0123456789abc0005", 35)
# requester-managed interfaces: instance-id is "-"
NAT_ENI = Eni("0006", (NATGW,), SUBNET_SHARED, "-", 8)
TGW_A_ENI = Eni("0007", (TGW_A,), SUBNET_TGW_A, "-", 52)
TGW_B_ENI = Eni("0008", (TGW_B,), SUBNET_TGW_B, "-", 23)


def inside(addr):
    return addr.startswith("10.0.") or addr.startswith("2001:db8:1234:")


class Scenario:
    """The records of one scenario and what flowdiag must make of them."""

    def __init__(self, name, formats):
        self.name = name
        self.formats = formats
        self.rng = random.Random(name)
        self.records = []
        self.logged = {}       # Eni -> (first, last) minute its flow log covers
        self.skipped = {}      # Eni -> minutes with a SKIPDATA record
        self.quiet = set()     # Enis that write no NODATA records
        self.damaged = []      # lines that are no records, in every file
        self.expected = []     # MANIFEST rows but the name
        self.keep = None       # a filter applied last (an export's query)
        self.covering = TARGET_ENI  # interface whose records span all others
        self.fresh = False     # True: data newer than the delivery delay

    def port(self):
        """A Linux client's ephemeral port."""
        return self.rng.randint(32768, 60999)

    def log(self, eni, first, last, nodata=True):
        """eni's flow log covers minutes first..last: minutes without
        traffic get a NODATA record (or SKIPDATA, see skip), unless
        nodata is False: "NODATA records are not reliably present for
        every idle interval" (section 5)."""
        self.logged[eni] = (first, last)
        if not nodata:
            self.quiet.add(eni)

    def damage(self, text):
        """A line that is no record (cut short, mangled), written into
        every file of the scenario as it is."""
        self.damaged.append(text)

    def skip(self, eni, minutes):
        self.skipped.setdefault(eni, set()).update(minutes)

    def flow(self, minute, eni, src, dst, sport, dport, proto, packets,
             nbytes, action, flags=None, direction=None, pkt_src=None,
             pkt_dst=None, path=None):
        """One record: the 5-tuple src:sport -> dst:dport seen on eni in the
        minute's aggregation window.  flags: TCP's OR of flags (FIN 1, SYN 2,
        RST 4, SYN-ACK 18); direction defaults to ingress when dst is one of
        eni's addresses and egress when src is; traffic-path (egress only)
        defaults to 1 inside the VPC and 8 (internet gateway) outside."""
        if direction is None:
            direction = ("ingress" if dst in eni.addrs else
                         "egress" if src in eni.addrs else None)
            assert direction, "say the direction of %s->%s on %s" % (src, dst, eni.id)
        if direction == "egress" and path is None:
            path = 1 if inside(pkt_dst or dst) else 8
        assert (flags is not None) == (proto == TCP)
        start = T0 + 60 * minute + eni.phase
        r = {"version": "5", "account-id": ACCOUNT, "interface-id": eni.id,
             "srcaddr": src, "dstaddr": dst, "srcport": str(sport),
             "dstport": str(dport), "protocol": str(proto),
             "packets": str(packets), "bytes": str(nbytes),
             "start": str(start), "end": str(start + 60), "action": action,
             "log-status": "OK", "vpc-id": VPC, "subnet-id": eni.subnet,
             "instance-id": eni.instance,
             "tcp-flags": str(flags if proto == TCP else 0),
             "type": "IPv6" if ":" in src else "IPv4",
             "pkt-srcaddr": pkt_src or src, "pkt-dstaddr": pkt_dst or dst,
             "flow-direction": direction,
             "traffic-path": str(path) if direction == "egress" else "-",
             "_eni": eni, "_minute": minute}
        self.records.append(r)
        return r

    def status(self, minute, eni, what):
        """A NODATA or SKIPDATA record: only the interface and times."""
        r = dict.fromkeys(V5, "-")
        start = T0 + 60 * minute + eni.phase
        r.update({"version": "5", "account-id": ACCOUNT,
                  "interface-id": eni.id, "start": str(start),
                  "end": str(start + 60), "log-status": what, "vpc-id": VPC,
                  "subnet-id": eni.subnet, "instance-id": eni.instance,
                  "_eni": eni, "_minute": minute})
        return r

    def expect(self, target, category, cause, args="", formats=None,
               now_after_data=None):
        """A MANIFEST line for each of formats (default: all the scenario's).
        now_after_data: run flowdiag that many seconds after the last record
        ends instead of at NOW."""
        for fmt in formats or self.formats:
            assert fmt in self.formats
            self.expected.append((target, fmt, category, cause, args,
                                  now_after_data))

    def finish(self):
        """Adds the NODATA/SKIPDATA records, checks the data is plausible,
        applies the filter, and returns the records in time order (ties in
        random order)."""
        busy = {(r["_eni"], r["_minute"]) for r in self.records}
        for eni, minute in busy:
            first, last = self.logged.get(eni, (1, 0))
            assert first <= minute <= last, \
                "%s: traffic on %s in minute %d, outside its flow log" % (
                    self.name, eni.id, minute)
        for eni, (first, last) in self.logged.items():
            for minute in range(first, last + 1):
                if minute in self.skipped.get(eni, ()):
                    self.records.append(self.status(minute, eni, "SKIPDATA"))
                elif (eni, minute) not in busy and eni not in self.quiet:
                    self.records.append(self.status(minute, eni, "NODATA"))
        self.check()
        records = [r for r in self.records if not self.keep or self.keep(r)]
        order = {id(r): self.rng.random() for r in records}
        return sorted(records, key=lambda r: (int(r["start"]), order[id(r)]))

    def check(self):
        """What every scenario's data must satisfy, so that its faults are
        the ones planted and not accidents of the generator."""
        for r in self.records:
            if not self.fresh:
                assert int(r["end"]) <= NOW - DELIVERY_DELAY
            if r["log-status"] != "OK":
                continue
            packets, nbytes = int(r["packets"]), int(r["bytes"])
            assert packets >= 1 and 28 <= nbytes / packets <= 1500, r
            if r["protocol"] == "6" and r["tcp-flags"] == "2" \
                    and r["action"] == REJECT and r["type"] == "IPv4":
                assert nbytes / packets <= 60, "a rejected SYN: %r" % r
        if self.covering:
            mine = [r for r in self.records if r["_eni"] is self.covering]
            lo = min(int(r["start"]) for r in mine)
            hi = max(int(r["end"]) for r in mine)
            assert all(lo <= int(r["start"]) and int(r["end"]) <= hi
                       for r in self.records), \
                "%s: %s's records do not span the others" % (
                    self.name, self.covering.id)


# --- Traffic patterns ----------------------------------------------------

def unanswered_syns(sc, minute, eni, src, dst, sport, dport, action):
    """A connect() that gets no answer: Linux sends the SYN and retries it
    after 1, 3, 7, 15, 31 and 63 s, seven SYNs of 60 bytes (80 over IPv6),
    which 60-second aggregation splits into two records."""
    size = 80 if ":" in src else 60
    first = sc.rng.randint(3, 6)
    sc.flow(minute, eni, src, dst, sport, dport, TCP, first, size * first,
            action, 2)
    sc.flow(minute + 1, eni, src, dst, sport, dport, TCP, 7 - first,
            size * (7 - first), action, 2)


def short_connection(sc, minute, eni, client, server, cport, sport,
                     up=(12, 1320), down=(16, 18432)):
    """A complete short TCP connection within one minute: the client's
    record has SYN and FIN (3), the server's SYN-ACK and FIN (19)."""
    sc.flow(minute, eni, client, server, cport, sport, TCP, up[0], up[1],
            ACCEPT, 3)
    sc.flow(minute, eni, server, client, sport, cport, TCP, down[0], down[1],
            ACCEPT, 19)


def admin_ssh(sc, eni, host, first, last):
    """An admin's SSH session from the bastion, open over minutes
    first..last: SYN in the first minute's records, FIN in the last's."""
    port = sc.port()
    for m in range(first, last + 1):
        cflags = (2 if m == first else 0) | (1 if m == last else 0)
        sflags = (18 if m == first else 0) | (1 if m == last else 0)
        n = sc.rng.randint(20, 60)
        k = n + sc.rng.randint(-5, 10)
        sc.flow(m, eni, BASTION, host, port, 22, TCP, n,
                n * sc.rng.randint(70, 110), ACCEPT, cflags)
        sc.flow(m, eni, host, BASTION, 22, port, TCP, k,
                k * sc.rng.randint(150, 600), ACCEPT, sflags)


def health_checks(sc, first, last, port=8080):
    """The load balancer's HTTP health check of the target, once a minute,
    from a port in the ELB range 1024-65535."""
    for m in range(first, last + 1):
        p = sc.rng.randint(1024, 65535)
        short_connection(sc, m, TARGET_ENI, LB, TARGET, p, port,
                         up=(6, 400 + sc.rng.randint(0, 40)),
                         down=(4, 470 + sc.rng.randint(0, 30)))


def scanners(sc, minutes, ports=(23, 445, 3389, 5900)):
    """Internet scanners probing other ports: one 44-byte SYN each,
    REJECTed (which also shows that the log records REJECTs)."""
    for m in minutes:
        src = SCANNERS + str(sc.rng.randint(1, 254))
        sc.flow(m, TARGET_ENI, src, TARGET, sc.rng.randint(1024, 65535),
                sc.rng.choice(ports), TCP, 1, 44, REJECT, 2)


def neighbours(sc, first, last, idle=True):
    """Other interfaces: the application server's long-lived connection to
    its database and a call to an internet API; a standby host with no
    traffic, reporting NODATA.  Nothing here mentions the target."""
    sc.log(APP_ENI, first, last)
    port = sc.port()
    for m in range(first, last + 1):
        flags = 2 if m == first else 0
        n = sc.rng.randint(20, 40)
        sc.flow(m, APP_ENI, APP, DB, port, 5432, TCP, n,
                n * sc.rng.randint(90, 300), ACCEPT, flags)
        sc.flow(m, APP_ENI, DB, APP, 5432, port, TCP, n + 2,
                (n + 2) * sc.rng.randint(300, 1400), ACCEPT,
                18 if flags else 0)
    short_connection(sc, (first + last) // 2, APP_ENI, APP, API, sc.port(),
                     443, up=(14, 2100), down=(16, 9800))
    if idle:
        sc.log(IDLE_ENI, first, last)


def background(sc, first=0, last=9):
    """The usual day: the target's interface is logged over minutes
    first..last and busy (SSH, health checks on 8080, scanners); the
    neighbours' records lie strictly inside that span."""
    sc.log(TARGET_ENI, first, last)
    admin_ssh(sc, TARGET_ENI, TARGET, first + 1, first + 4)
    health_checks(sc, first, last)
    scanners(sc, (first + 1, first + 5, last - 1))
    neighbours(sc, first + 1, last - 1)


# --- Scenarios -------------------------------------------------------------

SCENARIOS = []


def scenario(formats=("v2", "v5")):
    def register(fn):
        SCENARIOS.append((fn.__name__.replace("_", "-"), formats, fn))
        return fn
    return register


@scenario()
def reachable(sc):
    """198.51.100.7 loads pages from port 80: a short connection, then a
    keep-alive one spanning two minutes.  "handshake completes: Fwd SYN,
    Rev SYN-ACK, bytes both ways -> reachable: not a network block at the
    target".  In v2 there are no flags, but a reply of 16 packets and 18 KB
    cannot be an RST."""
    background(sc)
    short_connection(sc, 2, TARGET_ENI, CLIENT, TARGET, sc.port(), 80)
    p = sc.port()
    sc.flow(5, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 9, 1240, ACCEPT, 2)
    sc.flow(5, TARGET_ENI, TARGET, CLIENT, 80, p, TCP, 24, 33120, ACCEPT, 18)
    sc.flow(6, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 5, 420, ACCEPT, 1)
    sc.flow(6, TARGET_ENI, TARGET, CLIENT, 80, p, TCP, 7, 8900, ACCEPT, 1)
    sc.expect("10.0.1.10:80", "reachable", "handshake-completed",
              "next~=curl_-v_http://10.0.1.10:80/")


@scenario()
def inbound_rejected(sc):
    """Three connection attempts from 203.0.113.12, every SYN REJECTed at
    the target's interface, nothing sent back.  "inbound blocked: Fwd
    REJECT (often SYN retries), no Rev -> network-path block: target SG
    inbound or subnet NACL inbound"."""
    background(sc)
    for minute in (2, 4, 6):
        unanswered_syns(sc, minute, TARGET_ENI, BLOCKED, TARGET, sc.port(),
                        80, REJECT)
    sc.expect("10.0.1.10:80", "network-path-block", "inbound-rejected")


@scenario()
def reply_rejected(sc):
    """203.0.113.12's SYNs are ACCEPTed but every SYN-ACK is REJECTed on
    the way out.  "reply blocked at target: Fwd ACCEPT, Rev REJECT ->
    NACL outbound of the target subnet (never an SG: stateful)"."""
    background(sc)
    for minute in (2, 5):
        p = sc.port()
        first = sc.rng.randint(3, 6)
        for m, n in ((minute, first), (minute + 1, 7 - first)):
            sc.flow(m, TARGET_ENI, BLOCKED, TARGET, p, 80, TCP, n, 60 * n,
                    ACCEPT, 2)
            sc.flow(m, TARGET_ENI, TARGET, BLOCKED, 80, p, TCP, n, 60 * n,
                    REJECT, 18)
    sc.expect("10.0.1.10:80", "network-path-block", "reply-rejected",
              "next~=Values=SUBNET-ID", formats=("v2",))
    sc.expect("10.0.1.10:80", "network-path-block", "reply-rejected",
              "next~=Values=subnet-0a1b2c3d4e5f60001", formats=("v5",))


@scenario()
def port_closed_tcp(sc):
    """Nothing listens on port 80: each SYN is ACCEPTed and answered by an
    RST (flags 4, one 40-byte packet), so the client gives up at once.
    "port closed: Fwd ACCEPT SYN, Rev RST -> instance fault".  v2 has no
    tcp-flags, but "a single 40-byte IPv4 (60-byte IPv6) packet answering
    single-packet requests is a reset" (section 5): port closed there too,
    at medium confidence, for it is an inference from the size."""
    background(sc)
    for minute in (2, 3, 6):
        p = sc.port()
        sc.flow(minute, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 1, 60,
                ACCEPT, 2)
        sc.flow(minute, TARGET_ENI, TARGET, CLIENT, 80, p, TCP, 1, 40,
                ACCEPT, 4)
    sc.expect("10.0.1.10:80", "instance-fault", "port-closed",
              "confidence=medium", formats=("v2",))
    sc.expect("10.0.1.10:80", "instance-fault", "port-closed",
              "confidence=high", formats=("v5",))


@scenario()
def port_closed_udp(sc):
    """No DNS server on 10.0.1.10:53: each query from 10.0.2.20 (dig tries
    three times) is ACCEPTed and answered with an ICMP port unreachable
    (protocol 1, ports 0 0, 28 bytes plus the 80-byte query).  "port
    closed: Fwd ACCEPT SYN, Rev RST (UDP: Rev ICMP) -> instance fault"."""
    background(sc)
    for minute in (2, 5):
        for _ in range(3):
            sc.flow(minute, TARGET_ENI, CLIENT_IN, TARGET, sc.port(), 53,
                    UDP, 1, 80, ACCEPT)
        sc.flow(minute, TARGET_ENI, TARGET, CLIENT_IN, 0, 0, ICMP, 3, 324,
                ACCEPT)
    sc.expect("10.0.1.10:53", "instance-fault", "port-closed",
              "--protocol udp")


@scenario()
def port_closed_ipv6(sc):
    """Nothing listens on port 443 of the target's IPv6 address: each
    80-byte SYN of 2001:db8:5678::7 is answered by one 60-byte packet, a
    bare TCP header over IPv6: a reset, without tcp-flags told by its
    size (section 5).  IPv6 monitoring of port 9100 works meanwhile."""
    background(sc)
    for m in range(0, 10, 3):
        short_connection(sc, m, TARGET_ENI, MONITOR6, TARGET6, sc.port(),
                         9100, up=(6, 560), down=(6, 4800))
    for minute in (2, 4, 7):
        p = sc.port()
        sc.flow(minute, TARGET_ENI, CLIENT6, TARGET6, p, 443, TCP, 1, 80,
                ACCEPT, 2)
        sc.flow(minute, TARGET_ENI, TARGET6, CLIENT6, 443, p, TCP, 1, 60,
                ACCEPT, 4)
    sc.expect("[2001:db8:1234:a102::10]:443", "instance-fault", "port-closed",
              "confidence=medium", formats=("v2",))
    sc.expect("[2001:db8:1234:a102::10]:443", "instance-fault", "port-closed",
              "confidence=high", formats=("v5",))


@scenario()
def host_firewall_reject(sc):
    """iptables REJECTs port 80 with its default icmp-port-unreachable:
    each SYN of 198.51.100.7 is ACCEPTed by the security group and answered
    by ICMP from the target, never a SYN-ACK or a reset.  "a host REJECT
    shows as ACCEPT with an RST (TCP) or ICMP reply" (section 3)."""
    background(sc)
    for minute in (2, 5):
        p = sc.port()
        sc.flow(minute, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 1, 60,
                ACCEPT, 2)
        sc.flow(minute, TARGET_ENI, TARGET, CLIENT, 0, 0, ICMP, 1, 88,
                ACCEPT)
    sc.expect("10.0.1.10:80", "instance-fault", "host-firewall-reject",
              "confidence=high")
    sc.expect("10.0.1.10:80", "instance-fault", "host-firewall-reject",
              "--protocol tcp", formats=("v2",))


@scenario()
def silent_host(sc):
    """A host firewall DROPs port 80: SYNs (with retries) ACCEPTed, never a
    reply, while SSH and the health checks on 8080 work and the scanners'
    REJECTs show the log holds both actions.  "silent host: Fwd ACCEPT SYN
    (retries), no Rev; log covers ALL traffic, no SKIPDATA, window older
    than delivery delay -> instance fault (likely)"."""
    background(sc)
    for minute in (2, 5):
        unanswered_syns(sc, minute, TARGET_ENI, CLIENT, TARGET, sc.port(),
                        80, ACCEPT)
    sc.expect("10.0.1.10:80", "instance-fault", "no-reply")
    # A month later than the records: the window misses them all.
    sc.expect("10.0.1.10:80", "logging-gap", "window-misses-input",
              "--from %d --to %d summary~=the_input's_records_run_from_2023-11-14"
              % (T0 + 30 * 86400, T0 + 30 * 86400 + 3600))


@scenario()
def silent_host_damaged(sc):
    """silent-host, with two lines that name 10.0.1.10 cut short by a
    broken export: they may be the replies.  "Bad input never silently
    vanishes": the verdict stands, its confidence lowered, and says so."""
    background(sc)
    for minute in (2, 5):
        unanswered_syns(sc, minute, TARGET_ENI, CLIENT, TARGET, sc.port(),
                        80, ACCEPT)
    sc.damage("2 %s %s %s %s 80" % (ACCOUNT, TARGET_ENI.id, TARGET, CLIENT))
    sc.damage("5 %s %s %s %s 80 4" % (ACCOUNT, TARGET_ENI.id, TARGET, CLIENT))
    sc.expect("10.0.1.10:80", "instance-fault", "no-reply",
              "confidence=medium")


@scenario()
def never_arrived(sc):
    """DNS still names the old server 10.0.1.100, which refuses (RST), so
    the client blames 10.0.1.10 -- whose interface is logged and busy but
    has no record for port 80.  "never arrives: target ENI logged (OK or
    NODATA records) but no Fwd -> no matching traffic"."""
    background(sc)
    sc.log(OLD_ENI, 1, 8)
    for minute in (3, 6):
        p = sc.port()
        sc.flow(minute, OLD_ENI, CLIENT, OLD_SERVER, p, 80, TCP, 1, 60,
                ACCEPT, 2)
        sc.flow(minute, OLD_ENI, OLD_SERVER, CLIENT, 80, p, TCP, 1, 40,
                ACCEPT, 4)
    sc.expect("10.0.1.10:80", "no-matching-traffic", "never-arrived")


@scenario()
def nodata_only(sc):
    """The target's interface reports NODATA every minute of the window and
    no record mentions 10.0.1.10, so only --interface ties the interface to
    it.  NODATA = "the interface was logged and had no traffic at all in
    the interval (evidence of absence, logging works)" (section 1), hence
    "never arrives" in its idle form."""
    sc.log(TARGET_ENI, 0, 9)
    neighbours(sc, 1, 8)
    sc.expect("10.0.1.10:80", "no-matching-traffic", "interface-idle",
              "--interface " + TARGET_ENI.id)


@scenario()
def skipdata(sc):
    """The target's interface has SKIPDATA for minutes 2-7 (a few records
    of the SSH session got through) and no record for port 80 anywhere.
    "records skipped: SKIPDATA overlapping the window -> evidence
    incomplete: absence-based conclusions invalid there"."""
    sc.log(TARGET_ENI, 0, 9)
    sc.skip(TARGET_ENI, range(2, 8))
    health_checks(sc, 0, 1)
    health_checks(sc, 8, 9)
    admin_ssh(sc, TARGET_ENI, TARGET, 4, 5)
    scanners(sc, (1, 8))
    neighbours(sc, 1, 8)
    sc.expect("10.0.1.10:80", "logging-gap", "records-skipped")


@scenario()
def no_records(sc):
    """The flow log covers other interfaces only: the application server,
    the idle host (NODATA, but nothing says it is the target's), an SSH
    session to the application server.  Nothing mentions 10.0.1.10.  "no
    records at all: nothing for the target's ENI, not even NODATA ->
    logging gap, not a network verdict"."""
    neighbours(sc, 0, 9)
    admin_ssh(sc, APP_ENI, APP, 2, 5)
    sc.covering = None
    sc.expect("10.0.1.10:80", "logging-gap", "no-records")


@scenario()
def logging_started_late(sc):
    """The question is about T0..T0+3600, but the target's interface has
    records (SSH, health checks) only from T0+1800 -- its subnet's flow log
    was created then -- while its neighbours are logged all hour.  Nothing
    for port 80.  "no records at all ... created after the test -> logging
    gap" for the first half; the second half alone cannot answer."""
    sc.log(TARGET_ENI, 30, 59)
    admin_ssh(sc, TARGET_ENI, TARGET, 34, 37)
    health_checks(sc, 30, 59)
    scanners(sc, (33, 48))
    neighbours(sc, 0, 59, idle=False)
    sc.covering = None
    sc.expect("10.0.1.10:80", "logging-gap", "coverage-gap",
              "--from %d --to %d" % (T0, T0 + 3600))


@scenario()
def mixed_clients(sc):
    """198.51.100.7 is served while 203.0.113.12's SYNs are REJECTed (the
    security group allows 198.51.100.0/24 only).  Without --client the
    block is the news ("a REJECT record proves a block"); asked about
    198.51.100.7, "handshake completes -> reachable"."""
    background(sc)
    short_connection(sc, 2, TARGET_ENI, CLIENT, TARGET, sc.port(), 80)
    short_connection(sc, 6, TARGET_ENI, CLIENT, TARGET, sc.port(), 80,
                     up=(8, 980), down=(9, 12044))
    for minute in (3, 5):
        unanswered_syns(sc, minute, TARGET_ENI, BLOCKED, TARGET, sc.port(),
                        80, REJECT)
    sc.expect("10.0.1.10:80", "network-path-block", "inbound-rejected")
    sc.expect("10.0.1.10:80", "reachable", "handshake-completed",
              "--client " + CLIENT)


@scenario()
def accept_and_reject(sc):
    """A network ACL rule is removed while 198.51.100.7 is connected: the
    same 5-tuple's request direction is ACCEPTed in minute 3 (handshake and
    data) and REJECTed in minute 4 (the client's ACKs), while the server
    keeps retransmitting.  "mixed for one flow: ACCEPT and REJECT for the
    same 5-tuple -> a rule changed during the test, or late packets after
    close"."""
    background(sc)
    p = sc.port()
    sc.flow(3, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 14, 1900, ACCEPT, 2)
    sc.flow(3, TARGET_ENI, TARGET, CLIENT, 80, p, TCP, 12, 16000, ACCEPT, 18)
    sc.flow(4, TARGET_ENI, CLIENT, TARGET, p, 80, TCP, 6, 312, REJECT, 0)
    sc.flow(4, TARGET_ENI, TARGET, CLIENT, 80, p, TCP, 5, 7300, ACCEPT, 0)
    sc.expect("10.0.1.10:80", "inconclusive", "rule-changed-mid-test")


@scenario()
def ipv6_inbound_rejected(sc):
    """2001:db8:5678::7's SYNs (80 bytes over IPv6) to port 443 of the
    target's IPv6 address are REJECTed, while IPv6 monitoring of port 9100
    works.  "inbound blocked: Fwd REJECT (often SYN retries), no Rev"."""
    background(sc)
    for m in range(0, 10):
        short_connection(sc, m, TARGET_ENI, MONITOR6, TARGET6, sc.port(),
                         9100, up=(6, 560), down=(6, 4800))
    sc.flow(4, TARGET_ENI, SCANNER6, TARGET6, 51000, 22, TCP, 1, 64, REJECT, 2)
    for minute in (2, 4, 6):
        unanswered_syns(sc, minute, TARGET_ENI, CLIENT6, TARGET6, sc.port(),
                        443, REJECT)
    sc.expect("[2001:db8:1234:a102::10]:443", "network-path-block",
              "inbound-rejected")
    sc.expect("[2001:db8:1234:a102::10]:443", "no-matching-traffic",
              "client-not-seen",
              "--client 2001:db8:5678::99 next~=Name=ipv6-addresses.ipv6-address")


@scenario()
def ping_reply_rejected(sc):
    """The AWS documentation's example: `ping -c 4` from 203.0.113.12 is
    ACCEPTed (4 packets, 336 bytes) and the echo replies REJECTed.  "reply
    blocked at target: Fwd ACCEPT, Rev REJECT -> NACL outbound"."""
    background(sc)
    for minute in (2, 5):
        sc.flow(minute, TARGET_ENI, BLOCKED, TARGET, 0, 0, ICMP, 4, 336,
                ACCEPT)
        sc.flow(minute, TARGET_ENI, TARGET, BLOCKED, 0, 0, ICMP, 4, 336,
                REJECT)
    sc.expect("10.0.1.10", "network-path-block", "reply-rejected",
              "next~=Allow_icmp_outbound_to_203.0.113.12")


@scenario()
def scanner_noise(sc):
    """Only internet scanners touch port 80: fourteen hosts of 192.0.2.0/24,
    one 44-byte SYN each, REJECTed.  "Pitfalls: match the user's client and
    ignore unrelated internet scanner REJECTs (1 packet, 44 bytes)", so
    this is "never arrives"; asked about one scanner, 192.0.2.50, its
    REJECT is the answer."""
    background(sc)
    hosts = [50] + sc.rng.sample([h for h in range(1, 255) if h != 50], 13)
    for i, h in enumerate(hosts):
        sc.flow(i % 9, TARGET_ENI, SCANNERS + str(h), TARGET,
                sc.rng.randint(1024, 65535), 80, TCP, 1, 44, REJECT, 2)
    sc.expect("10.0.1.10:80", "no-matching-traffic", "never-arrived")
    sc.expect("10.0.1.10:80", "network-path-block", "inbound-rejected",
              "--client 192.0.2.50")


@scenario()
def data_no_reply_records(sc):
    """The export kept only ingress records (e.g. a query on
    flow-direction), so no reply of any flow is there; the request from
    198.51.100.7 carries an upload, 40 packets and 30000 bytes with SYN and
    FIN.  Data that large needs an established connection, so the absence
    of the reply says nothing (section 4: "the absence of records never
    proves" a block)."""
    background(sc)
    sc.flow(3, TARGET_ENI, CLIENT, TARGET, sc.port(), 80, TCP, 40, 30000,
            ACCEPT, 3)
    sc.keep = lambda r: r["flow-direction"] == "ingress"
    sc.expect("10.0.1.10:80", "reachable", "data-transferred")


@scenario(formats=("v5",))
def nat_gateway(sc):
    """10.0.2.20 reaches 10.0.1.10:443 through a private NAT gateway
    (10.0.0.50; the client subnet routes 10.0.1.0/25 to it).  On the NAT
    gateway's interface the legs from and to the client show its own
    address in srcaddr/dstaddr and the original ones in pkt-*, as in the
    AWS "NAT gateway" example; the target sees the NAT gateway as its
    client and shows SYN (3) and SYN-ACK (19).  "via NAT/TGW/LB: pkt-*
    differ from src/dst ... judge rules against the intermediate's
    addresses", and "handshake completes"."""
    background(sc)
    sc.log(NAT_ENI, 1, 8)
    for minute in (3, 6):
        cport, nport = sc.port(), sc.rng.randint(1024, 65535)
        sc.flow(minute, NAT_ENI, CLIENT_IN, NATGW, cport, 443, TCP, 14, 1900,
                ACCEPT, 3, pkt_dst=TARGET)
        sc.flow(minute, NAT_ENI, NATGW, TARGET, nport, 443, TCP, 14, 1900,
                ACCEPT, 3)
        sc.flow(minute, NAT_ENI, TARGET, NATGW, 443, nport, TCP, 12, 9800,
                ACCEPT, 19)
        sc.flow(minute, NAT_ENI, NATGW, CLIENT_IN, 443, cport, TCP, 12, 9800,
                ACCEPT, 19, pkt_src=TARGET)
        sc.flow(minute, TARGET_ENI, NATGW, TARGET, nport, 443, TCP, 14, 1900,
                ACCEPT, 3)
        sc.flow(minute, TARGET_ENI, TARGET, NATGW, 443, nport, TCP, 12, 9800,
                ACCEPT, 19)
    sc.expect("10.0.1.10:443", "reachable", "handshake-completed")


@scenario(formats=("v5",))
def transit_gateway(sc):
    """198.51.100.7, on premises behind a transit gateway, reaches
    10.0.1.10:443.  The request enters the VPC on the attachment interface
    in AZ a, the reply leaves on the one in AZ b (the target's AZ); both are
    requester-managed (instance-id "-") and, as in the AWS transit gateway
    example, show their own address for their side and the original one in
    pkt-*.  "TGW request and reply on different ENIs (normal)", and the
    target's interface shows the handshake."""
    background(sc)
    sc.log(TGW_A_ENI, 1, 8)
    sc.log(TGW_B_ENI, 1, 8)
    for minute in (3, 6):
        p = sc.port()
        sc.flow(minute, TGW_A_ENI, TGW_A, TARGET, p, 443, TCP, 14, 1900,
                ACCEPT, 3, pkt_src=CLIENT)
        sc.flow(minute, TGW_B_ENI, TARGET, TGW_B, 443, p, TCP, 12, 9800,
                ACCEPT, 19, pkt_dst=CLIENT)
        sc.flow(minute, TARGET_ENI, CLIENT, TARGET, p, 443, TCP, 14, 1900,
                ACCEPT, 3)
        sc.flow(minute, TARGET_ENI, TARGET, CLIENT, 443, p, TCP, 12, 9800,
                ACCEPT, 19, path=1)
    sc.expect("10.0.1.10:443", "reachable", "handshake-completed")


@scenario(formats=("v5",))
def reply_rejected_at_client(sc):
    """10.0.2.20 connects to 10.0.1.10:80.  The target's interface ACCEPTs
    the SYNs and sends SYN-ACKs out (ACCEPT); the client's interface
    ACCEPTs its SYNs out but REJECTs the SYN-ACKs coming in: its subnet's
    NACL has no inbound rule for the ephemeral ports from 10.0.1.0/25.
    "reply blocked at client: Rev ACCEPT at T, Rev REJECT at the client's
    ENI -> NACL inbound of the client subnet"."""
    background(sc)
    sc.log(CLIENT_ENI, 1, 8)
    admin_ssh(sc, CLIENT_ENI, CLIENT_IN, 1, 2)
    for minute in (3, 6):
        p = sc.port()
        first = sc.rng.randint(3, 6)
        for m, n in ((minute, first), (minute + 1, 7 - first)):
            sc.flow(m, CLIENT_ENI, CLIENT_IN, TARGET, p, 80, TCP, n, 60 * n,
                    ACCEPT, 2)
            sc.flow(m, TARGET_ENI, CLIENT_IN, TARGET, p, 80, TCP, n, 60 * n,
                    ACCEPT, 2)
            sc.flow(m, TARGET_ENI, TARGET, CLIENT_IN, 80, p, TCP, n, 60 * n,
                    ACCEPT, 18)
            sc.flow(m, CLIENT_ENI, TARGET, CLIENT_IN, 80, p, TCP, n, 60 * n,
                    REJECT, 18)
    sc.expect("10.0.1.10:80", "network-path-block", "reply-rejected-at-client")


@scenario(formats=("v5",))
def source_egress_rejected(sc):
    """10.0.2.20's own security group does not let it send to port 80: its
    interface REJECTs the SYNs on egress and nothing reaches the target's
    (busy) interface.  "client may not send: client ENI: Fwd REJECT egress
    -> block at the source: client SG or NACL outbound"."""
    background(sc)
    sc.log(CLIENT_ENI, 1, 8)
    admin_ssh(sc, CLIENT_ENI, CLIENT_IN, 1, 2)
    for minute in (3, 6):
        unanswered_syns(sc, minute, CLIENT_ENI, CLIENT_IN, TARGET, sc.port(),
                        80, REJECT)
    sc.expect("10.0.1.10:80", "network-path-block", "source-egress-rejected")


@scenario()
def quiet_host(sc):
    """A quiet hour: the target's interface logs a health check every six
    minutes and an admin's short SSH session, no NODATA between (as real
    logs often have none), and no client ever asks for port 80.  Section 5: "stretches
    without any record between records of a live interface are most often
    idle, not unlogged" -- so the requests never came (no matching
    traffic), not a logging gap."""
    sc.log(TARGET_ENI, 0, 59, nodata=False)
    for m in range(0, 60, 6):
        p = sc.rng.randint(1024, 65535)
        short_connection(sc, m, TARGET_ENI, LB, TARGET, p, 8080,
                         up=(6, 410), down=(4, 480))
    short_connection(sc, 59, TARGET_ENI, LB, TARGET, 40000, 8080,
                     up=(6, 410), down=(4, 480))
    admin_ssh(sc, TARGET_ENI, TARGET, 31, 32)
    neighbours(sc, 1, 58)
    sc.expect("10.0.1.10:80", "no-matching-traffic", "never-arrived",
              "confidence=high")


@scenario()
def scanners_and_users(sc):
    """198.51.100.7 is served; 203.0.113.12 sends one SYN, REJECTed, and
    tries again three minutes later (REJECTed again): two one-packet
    records, but minutes apart, so a user and not a scanner -- and a user
    turned away is the news.  Asked about 198.51.100.7 alone, reachable."""
    background(sc)
    short_connection(sc, 2, TARGET_ENI, CLIENT, TARGET, sc.port(), 80)
    for minute in (3, 6):
        sc.flow(minute, TARGET_ENI, BLOCKED, TARGET, sc.port(), 80, TCP, 1,
                60, REJECT, 2)
    sc.expect("10.0.1.10:80", "network-path-block", "inbound-rejected",
              "summary~=203.0.113.12")
    sc.expect("10.0.1.10:80", "reachable", "handshake-completed",
              "--client " + CLIENT)


@scenario()
def reachable_while_probed(sc):
    """198.51.100.7 is served while three internet scanners' one-packet
    SYNs to port 80 are REJECTed: set apart, they decide nothing, but a
    verdict of reachable says they were rejected; and a client that never
    sent anything is told who did."""
    background(sc)
    short_connection(sc, 2, TARGET_ENI, CLIENT, TARGET, sc.port(), 80)
    short_connection(sc, 7, TARGET_ENI, CLIENT, TARGET, sc.port(), 80)
    for minute, host in ((3, 17), (4, 99), (8, 201)):
        sc.flow(minute, TARGET_ENI, SCANNERS + str(host), TARGET,
                sc.rng.randint(1024, 65535), 80, TCP, 1, 44, REJECT, 2)
    sc.expect("10.0.1.10:80", "reachable", "handshake-completed",
              "summary~=from_3_internet_scanners_were_rejected:_192.0.2.17")
    sc.expect("10.0.1.10:80", "no-matching-traffic", "client-not-seen",
              "--client 203.0.113.99 summary~=these_clients_reached_it:_198.51.100.7")
    sc.expect("10.0.1.10:8081", "no-matching-traffic", "never-arrived",
              "why~=other_ports_of_10.0.1.10:_8080/tcp")


@scenario(formats=("nat", "v5"))
def nat_gateway_format(sc):
    """The nat_gateway scenario's traffic, written by a flow log in the AWS
    documentation's NAT gateway format: addresses only, no ports, protocol,
    times or action.  Such records cannot be requests or replies, so the
    verdict is that the format lacks the fields, naming them -- never
    "delivery pending".  The same traffic in v5 is reachable."""
    background(sc)
    sc.log(NAT_ENI, 1, 8)
    for minute in (3, 6):
        cport, nport = sc.port(), sc.rng.randint(1024, 65535)
        sc.flow(minute, NAT_ENI, CLIENT_IN, NATGW, cport, 443, TCP, 14, 1900,
                ACCEPT, 3, pkt_dst=TARGET)
        sc.flow(minute, NAT_ENI, NATGW, TARGET, nport, 443, TCP, 14, 1900,
                ACCEPT, 3)
        sc.flow(minute, NAT_ENI, TARGET, NATGW, 443, nport, TCP, 12, 9800,
                ACCEPT, 19)
        sc.flow(minute, TARGET_ENI, NATGW, TARGET, nport, 443, TCP, 14, 1900,
                ACCEPT, 3)
        sc.flow(minute, TARGET_ENI, TARGET, NATGW, 443, nport, TCP, 12, 9800,
                ACCEPT, 19)
    sc.expect("10.0.1.10:443", "inconclusive", "format-lacks-fields",
              "summary~=lacks_srcport/dstport_(which_service),_protocol,_start/end_(when)",
              formats=("nat",))
    sc.expect("10.0.1.10:443", "reachable", "handshake-completed",
              formats=("v5",))


def client_day(sc, first, last):
    """The client 10.0.2.20's own traffic over minutes first..last, on its
    interface: queries to its database, calls to an internet API, an SSH
    session from the bastion.  Every record names 10.0.2.20, as every
    record of an interface names its own address (section 5)."""
    sc.log(CLIENT_ENI, first, last)
    admin_ssh(sc, CLIENT_ENI, CLIENT_IN, first, first + 2)
    for m in range(first, last + 1, 2):
        short_connection(sc, m, CLIENT_ENI, CLIENT_IN, DB, sc.port(), 5432,
                         up=(8, 900), down=(8, 5200))
    short_connection(sc, last - 1, CLIENT_ENI, CLIENT_IN, API, sc.port(),
                     443, up=(14, 2100), down=(16, 9800))
    sc.covering = CLIENT_ENI


@scenario()
def client_only_rejected(sc):
    """Only the client's subnet is logged: 10.0.2.20's SYNs to port 80 are
    REJECTed on its own interface as they leave.  Without flow-direction
    (v2) the records with 10.0.1.10 name one other address; the client's
    other records tell whose interface it is.  "client may not send:
    client ENI: Fwd REJECT egress -> block at the source" -- not the
    target's security group, whose interface is not logged at all."""
    client_day(sc, 0, 9)
    for minute in (3, 6):
        unanswered_syns(sc, minute, CLIENT_ENI, CLIENT_IN, TARGET, sc.port(),
                        80, REJECT)
    sc.expect("10.0.1.10:80", "network-path-block", "source-egress-rejected")


@scenario()
def client_only_unanswered(sc):
    """Only the client's subnet is logged: 10.0.2.20's SYNs to port 80
    leave its interface ACCEPTed and nothing comes back.  Section 5: "the
    client's interface alone shows what left the client and what came back
    to it, nothing of what the target did with it" -- so no instance-fault
    and no high confidence: the target's interface is not in the logs."""
    client_day(sc, 0, 9)
    for minute in (3, 6):
        unanswered_syns(sc, minute, CLIENT_ENI, CLIENT_IN, TARGET, sc.port(),
                        80, ACCEPT)
    sc.expect("10.0.1.10:80", "logging-gap", "target-interface-unlogged",
              "confidence!=high")


@scenario()
def one_peer_unplaced(sc):
    """The target's interface logs nothing but 10.0.2.20's unanswered SYNs
    (no other traffic: a fresh host behind a new security group).  Every
    record names the same two addresses, so without flow-direction (v2)
    nothing tells whose interface logged them: the silence is a no-reply
    at medium confidence, never high.  With flow-direction (v5) the
    interface is the target's, and the verdict stands."""
    sc.log(TARGET_ENI, 0, 9)
    neighbours(sc, 1, 8)
    for minute in (2, 5):
        unanswered_syns(sc, minute, TARGET_ENI, CLIENT_IN, TARGET, sc.port(),
                        80, ACCEPT)
    sc.expect("10.0.1.10:80", "instance-fault", "no-reply", "confidence=medium",
              formats=("v2",))
    sc.expect("10.0.1.10:80", "instance-fault", "no-reply", "confidence=high",
              formats=("v5",))


@scenario()
def delivery_pending(sc):
    """silent-host, asked about too soon: the last records end 2 minutes
    before FLOWDIAG_NOW, inside the delivery delay ("about 5 min to
    CloudWatch Logs, about 10 min to S3", section 2), so a reply may still
    be on its way.  "lower confidence, and say why, when the window is
    inside the delivery delay"."""
    background(sc, 0, 7)
    for minute in (3, 5):
        unanswered_syns(sc, minute, TARGET_ENI, CLIENT, TARGET, sc.port(),
                        80, ACCEPT)
    sc.fresh = True
    sc.expect("10.0.1.10:80", "instance-fault", "no-reply",
              "confidence!=high", now_after_data=120)


# --- Output -----------------------------------------------------------------

def line(r, fields, version):
    return " ".join(version if f == "version" else r[f] for f in fields)


def write_scenario(outdir, name, formats, fn):
    sc = Scenario(name, formats)
    fn(sc)
    records = sc.finish()
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    files = {}
    if "v2" in formats:
        files["v2"] = "v2.log"
        with open(os.path.join(d, "v2.log"), "w") as f:
            f.writelines(line(r, V2, "2") + "\n" for r in records)
            f.writelines(t + "\n" for t in sc.damaged)
    if "v5" in formats:
        files["v5"] = "v5.log.gz"
        s3 = records[:]
        sc.rng.shuffle(s3)  # "Records inside are not time-sorted."
        text = " ".join(V5) + "\n" + "".join(line(r, V5, "5") + "\n"
                                             for r in s3) \
            + "".join(t + "\n" for t in sc.damaged)
        with open(os.path.join(d, "v5.log.gz"), "wb") as f:
            f.write(gzip.compress(text.encode(), mtime=0))
    if "nat" in formats:
        files["nat"] = "nat.log.gz"
        text = " ".join(NAT) + "\n" + "".join(line(r, NAT, "5") + "\n"
                                              for r in records
                                              if r["log-status"] == "OK")
        with open(os.path.join(d, "nat.log.gz"), "wb") as f:
            f.write(gzip.compress(text.encode(), mtime=0))
    end = max(int(r["end"]) for r in records)
    rows = []
    for target, fmt, category, cause, args, after in sc.expected:
        if after is not None:
            args = ("now=%d %s" % (end + after, args)).strip()
        rows.append("\t".join([name, target, files[fmt], category, cause,
                               str(EXIT[category]), args]))
    return rows


def main(argv):
    # An option is no directory: "--help" once made one.
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.exit("usage: make-scenarios.py OUTDIR")
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    rows = ["# name\ttarget\tfile\tcategory\tcause\texit\textra args "
            "(now=T: FLOWDIAG_NOW, default %d; confidence[!]=C: check "
            ".verdict.confidence)" % NOW]
    for name, formats, fn in SCENARIOS:
        rows += write_scenario(outdir, name, formats, fn)
    with open(os.path.join(outdir, "MANIFEST"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(sys.argv)
