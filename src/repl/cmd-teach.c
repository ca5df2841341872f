#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <stdio.h>
#include <string.h>

#include "flowdiag/repl/session.h"
#include "flowdiag/report/config.h"
#include "flowdiag/report/report.h"
#include "flowdiag/util/escape.h"

struct lesson {
	const char *topic;
	const char *title;
	const char *const text[4]; /* paragraphs */
};

static const struct lesson lessons[] = {
	{ "stateful", "Security groups are stateful; network ACLs are not",
	    { "A security group remembers the connections it let in: the "
	      "reply to an allowed request is always allowed out, whatever "
	      "the outbound rules say.  So a reply that is REJECTed was "
	      "never stopped by a security group.",
		"A network ACL judges every packet on its own, once as it "
		"enters the subnet and once as it leaves, lowest rule number "
		"first.  A request can pass the inbound ACL and its reply be "
		"dropped by the outbound one.  ACLs do not apply between two "
		"interfaces of the same subnet.",
		"In flow logs: a REJECTed request means the security group "
		"or the ACL (the records cannot say which; reject-reason BPA "
		"means Block Public Access).  An ACCEPTed request with a "
		"REJECTed reply is a network ACL.",
		NULL } },
	{ "ephemeral", "Ephemeral ports",
	    { "A client connects from a port of its own that its system "
	      "picks for the connection, a temporary (ephemeral) one, not "
	      "from the port it connects to; the server's replies go back "
	      "to that port.  Linux clients use 32768-60999, Windows "
	      "49152-65535; load balancers, NAT gateways and Lambda use "
	      "1024-65535.",
		"Because network ACLs are stateless, the reply needs a rule "
		"of its own: outbound from the server's subnet, and inbound "
		"to the client's, for the whole ephemeral range, at a lower "
		"rule number than any deny entry that matches it (the first "
		"entry that matches decides).  An ACL that allows only 443 "
		"both ways lets requests in and drops every reply.",
		NULL } },
	{ "tcp-flags", "Reading tcp-flags",
	    { "The tcp-flags field (version 3 and later) is the OR of the "
	      "flags seen in the aggregation interval, per direction: FIN "
	      "1, SYN 2, RST 4, SYN-ACK 18 (ACK and PSH are not "
	      "recorded).  Test bits, never equality: a SYN is flags & 2, "
	      "a SYN-ACK (flags & 18) == 18, a reset flags & 4.",
		"A short connection shows 3 (SYN and FIN) from the client "
		"and 19 (SYN-ACK and FIN) from the server.  SYNs with no "
		"SYN-ACK back are unanswered connection attempts; a reply "
		"with RST means the host answered but nothing listens, or a "
		"host firewall rejects.  Later intervals of a long "
		"connection carry no SYN, which is normal.",
		NULL } },
	{ "nodata", "NODATA versus SKIPDATA",
	    { "NODATA means the interface was logged and had no traffic at "
	      "all in the interval: evidence of absence, and proof that "
	      "logging works.",
		"SKIPDATA means records were skipped, which AWS gives as an "
		"internal capacity limit or an internal error: for that "
		"interface and interval, a missing record proves nothing.  "
		"Verdicts that rest on absence (no reply, never arrived) "
		"do not hold there; REJECTs that were recorded still do.",
		NULL } },
	{ "delay", "Delivery delay",
	    { "Flow logs aggregate traffic for up to 10 minutes (1 minute "
	      "on Nitro instances or when asked), then deliver on a best "
	      "effort: about 5 minutes to CloudWatch Logs, about 10 to "
	      "S3.",
		"So a window that ends less than about ten minutes ago is "
		"not yet complete: a reply may simply not have arrived in "
		"the logs.  Wait, then run again before concluding that "
		"nothing answered.",
		NULL } },
	{ "nat", "Load balancers and NAT gateways",
	    { "A load balancer or a NAT gateway opens connections of its "
	      "own to the target: the target's flow logs name the load "
	      "balancer's or gateway's private address as the client, not "
	      "the address of whoever is behind it, and its own ephemeral "
	      "ports (1024-65535).",
		"So the client you know may never appear in the target's "
		"records, and rules must admit the load balancer's or NAT "
		"gateway's address, not the end user's.  The pkt-srcaddr and "
		"pkt-dstaddr fields (format version 3 and later) keep the "
		"original addresses where the interface that logged the "
		"record saw them, as the NAT gateway's own interface does.",
		"A network load balancer that preserves client addresses is "
		"the exception: there the target sees, and its security "
		"group must admit, the client's own address.",
		NULL } },
	{ "unseen", "What flow logs never show",
	    { "Flow logs never record traffic to the Amazon DNS server, "
	      "the instance metadata service (169.254.169.254), Time Sync "
	      "(169.254.169.123), DHCP, Windows licence activation, "
	      "mirrored traffic, or the VPC router's reserved address.",
		"Nor do they see inside the instance: a host firewall acts "
		"after the flow log, so a host DROP shows as ACCEPT with no "
		"reply, and a host REJECT as ACCEPT with an RST or ICMP "
		"answer, never as REJECT.  A log that records only ACCEPT "
		"(or only REJECT) traffic can never show the other kind.",
		NULL } },
};

#define NLESSONS (sizeof(lessons) / sizeof(lessons[0]))

static const char *const topics[] = { "stateful", "ephemeral", "tcp-flags",
	"nodata", "delay", "nat", "unseen", "verdict", NULL };

static void
lesson(FILE *fp, const struct lesson *l)
{
	size_t i;

	escape_printf(fp, "%s\n", l->title);
	for (i = 0; l->text[i] != NULL; i++) {
		if (i > 0)
			fputc('\n', fp);
		report_wrap(fp, "  ", l->text[i]);
	}
}

static int
cmd_teach_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	const struct diagnosis *d;
	size_t i, len;

	if (argc == 1) {
		escape_printf(s->out, "Lessons (teach TOPIC):\n");
		for (i = 0; i < NLESSONS; i++)
			escape_printf(s->out, "  %-10s %s\n", lessons[i].topic,
			    lessons[i].title);
		escape_printf(s->out, "  %-10s %s\n", "verdict",
		    "what the last verdict teaches");
		return 0;
	}
	len = strlen(argv[1]);
	if (len > 0 && strncmp(argv[1], "verdict", len) == 0) {
		if ((d = session_diagnosis(s, ei)) == NULL)
			return -1;
		if (d->verdict.nteach == 0)
			escape_printf(s->out,
			    "This verdict has no lesson of its "
			    "own; teach lists the others.\n");
		report_learn_text(s->out, d);
		report_config_teach(s->out, d);
		return 0;
	}
	for (i = 0; i < NLESSONS; i++) {
		if (len > 0 && strncmp(argv[1], lessons[i].topic, len) == 0) {
			lesson(s->out, &lessons[i]);
			/* With a configuration read, the user's own entries
			 * show what the lesson says. */
			if (strcmp(lessons[i].topic, "stateful") == 0 &&
			    s->run != NULL && s->run->diagnosed)
				report_config_teach(s->out, &s->run->d);
			return 0;
		}
	}
	return errinfo_set(ei, EC_USAGE,
	    "teach: no lesson '%s' (stateful, ephemeral, tcp-flags, nodata, "
	    "delay, unseen, verdict)",
	    argv[1]);
}

static enum cmd_complete
cmd_teach_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	(void)s;
	(void)argv;
	*words = topics;
	return argc == 1 ? CMD_COMPLETE_WORDS : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_teach_entry = {
	.name = "teach",
	.alias = NULL,
	.usage = "[topic]",
	.summary = "short lessons in reading flow logs",
	.help = "Without a topic, lists the lessons: stateful (security "
		"groups and network ACLs), ephemeral (ports), tcp-flags, "
		"nodata (NODATA versus SKIPDATA), delay (delivery), unseen "
		"(what flow logs never show), and verdict, what the last "
		"verdict teaches.",
	.min_args = 0,
	.max_args = 1,
	.exec = cmd_teach_exec,
	.complete = cmd_teach_complete,
};
