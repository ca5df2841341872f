#include "config.h"

#include "flowdiag/repl/cmd.h"

#include <string.h>

#include "flowdiag/aws/source.h"
#include "flowdiag/repl/session.h"

static int
cmd_set_exec(struct session *s, int argc, char **argv, struct errinfo *ei)
{
	return session_set(s, argv[1], argc - 2, argv + 2, ei);
}

static enum cmd_complete
cmd_set_complete(const struct session *s, int argc, char **argv,
    const char *const **words)
{
	static const char *const protocols[] = { "tcp", "udp", "icmp", "icmpv6",
		"any", NULL };
	static const char *const windows[] = { "all", "-15m", "-1h", "-2h",
		"-1d", NULL };
	static const char *const clients[] = { "all", NULL };
	static const char *const ports[] = { "none", NULL };
	static const char *const formats[] = { "default", NULL };
	static const char *const traffic[] = { "ALL", "ACCEPT", "REJECT",
		"unknown", NULL };
	const char *key = argc > 1 ? argv[1] : "";

	(void)s;
	*words = NULL;
	if (argc == 1) {
		*words = session_keys;
		return CMD_COMPLETE_WORDS;
	}
	if (strcmp(key, "source") == 0) {
		if (argc > 2 && strcmp(argv[2], "log-group") == 0)
			return CMD_COMPLETE_GROUPS;
		return CMD_COMPLETE_FILES;
	}
	if (argc > 2 && strcmp(key, "window") != 0)
		return CMD_COMPLETE_NONE;
	if (strcmp(key, "protocol") == 0)
		*words = protocols;
	else if (strcmp(key, "window") == 0)
		*words = windows;
	else if (strcmp(key, "client") == 0)
		*words = clients;
	else if (strcmp(key, "port") == 0)
		*words = ports;
	else if (strcmp(key, "format") == 0)
		*words = formats;
	else if (strcmp(key, "traffic-type") == 0)
		*words = traffic;
	else if (strcmp(key, "engine") == 0)
		*words = source_engine_names;
	return *words != NULL ? CMD_COMPLETE_WORDS : CMD_COMPLETE_NONE;
}

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.alias = NULL,
	.usage = "key value...",
	.summary = "change one part of the question",
	.help = "set target ADDRESS[:PORT]; set port N|SERVICE (443, https; "
		"none for ICMP); set "
		"protocol tcp|udp|icmp|any; set client ADDRESS|CIDR|all; set "
		"window all|FROM [TO] (-2h, ISO 8601, Unix seconds); set "
		"source PATH... (files, directories, S3 .log.gz, aws logs "
		"JSON); set source log-group NAME...; set source s3 "
		"s3://BUCKET/PREFIX... (flow logs delivered to S3); set format "
		"'${version} ...'|default; set interface ENI...|none (the "
		"target's, when no record names its address); set "
		"traffic-type ALL|ACCEPT|REJECT|unknown (what the flow log "
		"records); set region R; set profile P; set engine "
		"auto|filter|insights|athena (how to read log groups, as "
		"check --engine; athena queries a table instead); set "
		"athena-table DB.TABLE; set athena-workgroup NAME; set "
		"athena-output s3://BUCKET/PREFIX/ (no value, or none for "
		"the table and the output, unsets them; show query prints "
		"the query).  A "
		"value that will not do is refused with the reason; run "
		"then brings the verdict up to date.",
	.min_args = 1,
	.max_args = -1,
	.exec = cmd_set_exec,
	.complete = cmd_set_complete,
};
