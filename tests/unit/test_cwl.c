/*
 * Unit tests of cwl.c's reading of a FilterLogEvents answer, one event at
 * a time: the events and the next token that decoding the whole answer
 * with jansson gives, and the same refusals.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "flowdiag/aws/cwl.h"

/* What the reader handed over: "message|id" lines. */
struct seen {
	char text[4096];
	int events;
};

static void
collect(void *arg, const char *message, size_t len, const char *id)
{
	struct seen *sn = arg;
	size_t used = strlen(sn->text);

	assert_int_equal(strlen(message), len);
	snprintf(sn->text + used, sizeof(sn->text) - used, "%s|%s\n", message,
	    id != NULL ? id : "(none)");
	sn->events++;
}

/* The same lines from the whole answer decoded by jansson. */
static void
expected(const char *answer, char *text, size_t size, char **token)
{
	json_t *doc = json_loads(answer, 0, NULL), *ev;
	const char *msg, *id;
	size_t i, used = 0;

	assert_non_null(doc);
	text[0] = '\0';
	json_array_foreach (json_object_get(doc, "events"), i, ev) {
		msg = json_string_value(json_object_get(ev, "message"));
		id = json_string_value(json_object_get(ev, "eventId"));
		if (msg == NULL)
			continue;
		used += (size_t)snprintf(text + used, size - used, "%s|%s\n",
		    msg, id != NULL ? id : "(none)");
	}
	msg = json_string_value(json_object_get(doc, "nextToken"));
	*token = msg != NULL ? strdup(msg) : NULL;
	json_decref(doc);
}

static void
read_as_jansson(const char *answer)
{
	struct seen sn = { "", 0 };
	char want[4096], *token, *want_token;
	struct errinfo ei;

	expected(answer, want, sizeof(want), &want_token);
	assert_int_equal(cwl_read_answer(answer, strlen(answer), collect, &sn,
			     &token, &ei),
	    0);
	assert_string_equal(sn.text, want);
	if (want_token == NULL)
		assert_null(token);
	else
		assert_string_equal(token, want_token);
	free(token);
	free(want_token);
}

static void
test_cwl_answer_compact(void **state)
{
	(void)state;
	/* As the service writes it: no blank anywhere. */
	read_as_jansson(
	    "{\"events\":[{\"logStreamName\":\"eni-1-all\",\"timestamp\":"
	    "1700000000000,\"message\":\"2 123 eni-1 10.0.1.10 10.0.2.5 80 "
	    "5000 6 1 40 1700000000 1700000060 ACCEPT OK\",\"ingestionTime\":"
	    "1700000001000,\"eventId\":\"1\"},{\"message\":\"two\","
	    "\"eventId\":\"2\"}],\"searchedLogStreams\":[{\"logStreamName\":"
	    "\"eni-1-all\",\"searchedCompletely\":true}],\"nextToken\":"
	    "\"Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI\"}");
	/* The token before the events, no token, no events. */
	read_as_jansson(
	    "{\"nextToken\":\"t\",\"events\":[{\"message\":\"m\"}]}");
	read_as_jansson("{\"events\":[{\"message\":\"m\",\"eventId\":\"9\"}]}");
	read_as_jansson("{\"events\":[]}");
	read_as_jansson("{}");
}

static void
test_cwl_answer_blanks_escapes_scalars(void **state)
{
	(void)state;
	/* Pretty-printed, escapes in the strings (a quote, a backslash, a
	 * brace, a non-ASCII letter), an event without a message, bare
	 * scalars beside the events with and without blanks after them. */
	read_as_jansson(
	    "{\n  \"n\": 5,\"t\":true , \"z\":null,\n"
	    "  \"events\" : [\n    {\"message\": \"a \\\"q\\\" \\\\ }"
	    " \\u00e9\", \"eventId\": \"e\\\"1\"},\n"
	    "    {\"eventId\": \"no-message\"},\n"
	    "    {\"message\": \"b\"}\n  ],\n"
	    "  \"nextToken\": \"k\\\"}\" ,\"f\":-1.5e3}\n");
}

static void
refused_bytes(const char *answer, size_t n)
{
	struct seen sn = { "", 0 };
	struct errinfo ei;
	char *token = (char *)"not set";
	json_t *doc;

	assert_int_equal(cwl_read_answer(answer, n, collect, &sn, &token, &ei),
	    -1);
	assert_null(token);
	assert_int_equal(ei.code, EC_SERVICE);
	assert_non_null(strstr(ei.msg,
	    "logs FilterLogEvents: the answer is not a JSON object of events"));
	/* Decoded whole it is no object with an array of events either. */
	doc = json_loadb(answer, n, 0, NULL);
	assert_false(json_is_object(doc) &&
	    json_is_array(json_object_get(doc, "events")));
	json_decref(doc);
}

static void
refused(const char *answer)
{
	refused_bytes(answer, strlen(answer));
}

static void
test_cwl_answer_refused(void **state)
{
	(void)state;
	refused("");
	refused("   ");
	refused("[]");
	refused("<html>Service Unavailable</html>");
	refused("{\"events\":[{\"message\":\"cut");
	refused("{\"events\":[{\"message\":\"a\"},");
	refused("{\"events\":[{\"message\":\"a\"}]");
	refused("{\"events\":[{\"message\":\"a\"}]} trailing");
	refused("{\"events\":{\"message\":\"a\"}}");
	refused("{\"events\" [] }");
	refused("{events:[]}");
	refused("{\"events\":[] \"nextToken\":\"t\"}");
	refused("{\"events\":[{\"message\":\"a\"} {\"message\":\"b\"}]}");
	refused("{\"nextToken\":\"t\",}");
	refused("{\"events\":[{\"message\":\"a\"},]}");
	refused("{\"events\":[,]}");
	refused("{\"n\":5x}");
	/* A NUL byte, where jansson would end the inner value and the
	 * reader took the whole (found by fuzz_cwl). */
	refused_bytes("{\"n\": {\"etely\": true\0}", 22);
	refused_bytes("{\"events\":[]}\0", 14);
	refused_bytes("{\"events\":[{\"message\":\"a\0b\"}]}", 30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cwl_answer_compact),
		cmocka_unit_test(test_cwl_answer_blanks_escapes_scalars),
		cmocka_unit_test(test_cwl_answer_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
