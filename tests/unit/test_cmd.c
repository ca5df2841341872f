#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/repl/cmd.h"
#include "flowdiag/repl/line.h"
#include "flowdiag/repl/repl.h"
#include "flowdiag/repl/session.h"
#include "flowdiag/util/xmalloc.h"

/* Splits line and checks the words against want, NULL-terminated. */
static void
split_is(const char *line, const char *const *want)
{
	struct errinfo ei;
	char **argv;
	int argc, i;

	if (cmd_split(line, &argc, &argv, &ei) != 0)
		fail_msg("'%s': %s", line, ei.msg);
	for (i = 0; want[i] != NULL; i++) {
		if (i >= argc)
			fail_msg("'%s': %d words, wanted more", line, argc);
		assert_string_equal(argv[i], want[i]);
	}
	assert_int_equal(argc, i);
	assert_null(argv[argc]);
	cmd_free_argv(argc, argv);
}

static void
test_cmd_split_words(void **state)
{
	(void)state;
	split_is("", (const char *const[]){ NULL });
	split_is("   \t ", (const char *const[]){ NULL });
	split_is("why", (const char *const[]){ "why", NULL });
	split_is("  set  port\t80 ",
	    (const char *const[]){ "set", "port", "80", NULL });
	split_is("set source 'my logs/a b.log'",
	    (const char *const[]){ "set", "source", "my logs/a b.log", NULL });
	split_is("set format \"${version} ${srcaddr}\"",
	    (const char *const[]){ "set", "format", "${version} ${srcaddr}",
		NULL });
	split_is("save a\\ b.json",
	    (const char *const[]){ "save", "a b.json", NULL });
	split_is("x 'it''s'", (const char *const[]){ "x", "its", NULL });
	split_is("x \"a\\\"b\" 'c\\d'",
	    (const char *const[]){ "x", "a\"b", "c\\d", NULL });
	split_is("x ''", (const char *const[]){ "x", "", NULL });
	split_is("# all comment", (const char *const[]){ NULL });
	split_is("run # and a comment", (const char *const[]){ "run", NULL });
	split_is("records a#b",
	    (const char *const[]){ "records", "a#b", NULL });
}

static void
test_cmd_split_unclosed(void **state)
{
	struct errinfo ei;
	char **argv = NULL;
	int argc = -1;

	(void)state;
	assert_int_equal(cmd_split("set source 'a b", &argc, &argv, &ei), -1);
	assert_int_equal(ei.code, EC_USAGE);
	assert_string_equal(ei.msg, "unclosed ' quote");
	assert_int_equal(cmd_split("x \"", &argc, &argv, &ei), -1);
	assert_string_equal(ei.msg, "unclosed \" quote");
}

static void
test_cmd_find_names(void **state)
{
	struct errinfo ei;
	const struct cmd_entry *e;

	(void)state;
	assert_string_equal(cmd_find("timeline", &ei)->name, "timeline");
	assert_string_equal(cmd_find("tim", &ei)->name, "timeline");
	assert_string_equal(cmd_find("exit", &ei)->name, "quit");
	assert_string_equal(cmd_find("?", &ei)->name, "help");
	assert_string_equal(cmd_find("q", &ei)->name, "quit");
	assert_string_equal(cmd_find("rec", &ei)->name, "records");
	/* "set" is a name and a prefix of nothing else; "s" is ambiguous */
	assert_string_equal(cmd_find("set", &ei)->name, "set");
	assert_null(e = cmd_find("s", &ei));
	assert_int_equal(ei.code, EC_USAGE);
	assert_string_equal(ei.msg, "ambiguous command 's' (help lists them)");
	assert_null(cmd_find("ru", &ei));
	assert_null(cmd_find("frobnicate", &ei));
	assert_string_equal(ei.msg,
	    "unknown command 'frobnicate'; the commands: config, guide, help, "
	    "next, quit, records, rules, run, save, set, show, teach, "
	    "timeline, why");
	assert_null(cmd_find("", &ei));
	assert_null(cmd_find("timelines", &ei));
	assert_string_equal(ei.msg,
	    "unknown command 'timelines'; did you mean timeline?");
}

/* The table is what help, completion and the man page check read: sorted,
 * every entry whole, no name or alias twice. */
static void
test_cmd_table_whole(void **state)
{
	const struct cmd_entry *const *e, *const *o;
	size_t n = 0;

	(void)state;
	for (e = cmd_table; *e != NULL; e++, n++) {
		assert_non_null((*e)->name);
		assert_non_null((*e)->usage);
		assert_non_null((*e)->summary);
		assert_non_null((*e)->help);
		assert_non_null((*e)->exec);
		assert_true(
		    (*e)->max_args < 0 || (*e)->max_args >= (*e)->min_args);
		if (e != cmd_table)
			assert_true(strcmp(e[-1]->name, (*e)->name) < 0);
		for (o = cmd_table; *o != NULL; o++) {
			if (o == e)
				continue;
			assert_string_not_equal((*o)->name, (*e)->name);
			if ((*e)->alias != NULL)
				assert_string_not_equal((*o)->name,
				    (*e)->alias);
		}
	}
	assert_int_equal(n, 14);
}

static void
test_cmd_execute_arity(void **state)
{
	struct session s;
	struct errinfo ei;
	FILE *out = tmpfile();

	(void)state;
	session_init(&s, out, false);
	assert_int_equal(cmd_execute(&s, "   ", &ei), 0);
	assert_int_equal(cmd_execute(&s, "why now", &ei), -1);
	assert_string_equal(ei.msg, "usage: why");
	assert_int_equal(cmd_execute(&s, "save", &ei), -1);
	assert_string_equal(ei.msg, "usage: save [-f] file");
	assert_int_equal(cmd_execute(&s, "set", &ei), -1);
	assert_string_equal(ei.msg, "usage: set key value...");
	assert_int_equal(cmd_execute(&s, "set port 443", &ei), 0);
	assert_string_equal(s.port, "443");
	assert_false(s.quit);
	assert_int_equal(cmd_execute(&s, "quit", &ei), 0);
	assert_true(s.quit);
	session_release(&s);
	fclose(out);
}

static void
test_cmd_session_settings(void **state)
{
	struct session s;
	struct errinfo ei;
	struct target t;
	char *v[] = { (char *)"-2h", (char *)"now" };
	char *bad[] = { (char *)"10.0.1.999" };

	(void)state;
	session_init(&s, stdout, false);
	assert_non_null(strstr(session_missing(&s), "address"));
	assert_int_equal(session_set(&s, "target", 1, bad, &ei), -1);
	assert_null(s.address);
	assert_int_equal(session_set(&s, "target", 1,
			     (char *[]){ (char *)"[2001:db8::10]:443" }, &ei),
	    0);
	assert_string_equal(s.address, "2001:db8::10");
	assert_string_equal(s.port, "443");
	assert_non_null(strstr(session_missing(&s), "flow logs"));
	assert_int_equal(session_set(&s, "window", 2, v, &ei), 0);
	assert_int_equal(session_set(&s, "source", 1,
			     (char *[]){ (char *)"/dev/null" }, &ei),
	    0);
	assert_null(session_missing(&s));
	assert_int_equal(session_target(&s, &t, &ei), 0);
	assert_int_equal(t.port, 443);
	assert_int_equal(t.addr.family, 6);
	assert_int_equal(t.to - t.from, 7200);
	/* Protocol and port must agree, whichever is set first. */
	assert_int_equal(session_set(&s, "protocol", 1,
			     (char *[]){ (char *)"icmpv6" }, &ei),
	    -1);
	assert_int_equal(session_set(&s, "port", 1,
			     (char *[]){ (char *)"none" }, &ei),
	    0);
	assert_int_equal(session_set(&s, "protocol", 1,
			     (char *[]){ (char *)"icmpv6" }, &ei),
	    0);
	assert_int_equal(session_set(&s, "port", 1, (char *[]){ (char *)"22" },
			     &ei),
	    -1);
	assert_int_equal(session_target(&s, &t, &ei), 0);
	assert_int_equal(t.protocol, 58);
	session_release(&s);
}

static void
test_cmd_secret_lines(void **state)
{
	(void)state;
	assert_true(line_secret("set profile AKIAIOSFODNN7EXAMPLE"));
	assert_true(line_secret("x wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
	assert_true(line_secret("aws_secret_access_key=abc"));
	assert_true(line_secret("AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj"));
	assert_true(line_secret("my password is hunter2"));
	assert_false(line_secret("set target 10.0.1.10:80"));
	assert_false(line_secret("records dstport=80 REJECT"));
	/* a long S3 path is not a key: its words are longer than 40 */
	assert_false(line_secret("set source examples/s3/AWSLogs/"
				 "123456789012/vpcflowlogs/us-east-1/"
				 "2023/11/14/x.log.gz"));
	assert_false(line_secret("set source log-group /vpc/flowlogs"));
	assert_false(line_secret("AKIA"));
}

/* A base64 string of n characters, of random bytes, starting with start. */
static char *
fake_token(const char *start, size_t n, uint64_t seed)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *t = xmalloc(n + 1);
	size_t i, k = strlen(start);

	memcpy(t, start, k);
	for (i = k; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		t[i] = b64[seed % 64];
	}
	t[n] = '\0';
	return t;
}

/* Session tokens pasted bare, of real length (350 to 1,100 characters), are
 * secrets; long ordinary lines are not. */
static void
test_cmd_secret_tokens(void **state)
{
	static const char *const starts[] = { "IQoJb3JpZ2luX2Vj",
		"FwoGZXIvYXdzE", "" };
	static const size_t lengths[] = { 120, 356, 800, 1100 };
	char *tok, *line;
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 4; j++) {
			tok = fake_token(starts[i], lengths[j], 7 + i * 4 + j);
			if (!line_secret(tok))
				fail_msg("bare token of %zu not a secret: %s",
				    lengths[j], tok);
			xasprintf(&line, "set source log-group %s", tok);
			assert_true(line_secret(line));
			free(line);
			xasprintf(&line, "\"%s\"", tok);
			assert_true(line_secret(line));
			free(line);
			free(tok);
		}
	}
	/* the known starts alone, however short */
	assert_true(line_secret("IQoJb3JpZ2luX2VjEJr//////////"));
	assert_true(line_secret("x FwoGZXIvYXdzEBYaDH"));
	/* long lines that hold none */
	assert_false(line_secret(
	    "set source /var/log/flowlogs/AWSLogs/123456789012/vpcflowlogs/"
	    "us-east-1/2023/11/14/"
	    "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60001_"
	    "20231114T1200Z_a1b2c3d4.log.gz"));
	assert_false(line_secret(
	    "set source /home/oncall/incidents/AWSLogs/123456789012/"
	    "vpcflowlogs/useast1/2023/11/14/ProductionVpc/FlowLogs/"
	    "AllTraffic/Hour12/Part0001/Records"));
	assert_false(
	    line_secret("set source log-group "
			"/aws/vpc/ProductionAccount123456789012/UsEast1/"
			"MainVpc0a1b2c3d4e5f60001/AllTrafficIncludingRejected/"
			"FlowLogsVersion5"));
	assert_false(line_secret(
	    "set source log-group /aws/vpc/flow-logs/"
	    "production-account-123456789012/us-east-1/"
	    "main-vpc-0a1b2c3d4e5f60001/all-traffic-including-rejected"));
	assert_false(line_secret(
	    "records srcaddr=203.0.113.12 dstaddr=10.0.1.10 dstport=80 "
	    "action=REJECT interface-id=eni-0a1b2c3d4e5f60001 "
	    "start>=1700000000 end<=1700003600 protocol=6 packets>1"));
	assert_false(line_secret("set source s3://my-flow-logs-bucket/AWSLogs/"
				 "123456789012/vpcflowlogs/eu-west-1/2024/01/"
				 "31/ProductionNetworkFlowLogsArchive"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_split_words),
		cmocka_unit_test(test_cmd_split_unclosed),
		cmocka_unit_test(test_cmd_find_names),
		cmocka_unit_test(test_cmd_table_whole),
		cmocka_unit_test(test_cmd_execute_arity),
		cmocka_unit_test(test_cmd_session_settings),
		cmocka_unit_test(test_cmd_secret_lines),
		cmocka_unit_test(test_cmd_secret_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
