/*
 * FilterLogEvents answers, as cwl.c reads them: a streaming reader of
 * the top object that hands over events one at a time.  An answer it
 * takes must be a JSON object that jansson takes too, with as many
 * events that have a string message, the same messages in order, and
 * the same nextToken.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "flowdiag/aws/cwl.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

struct seen {
	json_t *events; /* jansson's, or NULL */
	size_t n, next;
	bool same;
};

static void
event(void *arg, const char *message, size_t len, const char *id)
{
	struct seen *s = arg;
	json_t *e, *m;

	s->n++;
	(void)id;
	if (s->events == NULL)
		return;
	/* jansson's next event that has a string message. */
	while ((e = json_array_get(s->events, s->next++)) != NULL) {
		m = json_object_get(e, "message");
		if (json_is_string(m))
			break;
	}
	if (e == NULL || json_string_length(m) != len ||
	    memcmp(json_string_value(m), message, len) != 0)
		s->same = false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { NULL, 0, 0, true };
	struct errinfo ei;
	json_error_t jerr;
	json_t *doc, *any;
	char *text = malloc(size != 0 ? size : 1), *token = NULL;
	const char *jt;
	int ret;

	memcpy(text, data, size);
	doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, &jerr);
	/* With keys given once, the two readings can be compared event for
	 * event. */
	if (json_is_array(json_object_get(doc, "events")))
		s.events = json_object_get(doc, "events");
	ret = cwl_read_answer(text, size, event, &s, &token, &ei);
	if (ret == 0) {
		if (!json_is_object(doc)) {
			any = json_loadb(text, size, 0, &jerr);
			FUZZ_CHECK(json_is_object(any),
			    "taken, but jansson says: %s", jerr.text);
			json_decref(any);
		}
		if (doc != NULL) {
			FUZZ_CHECK(s.same, "messages differ");
			jt = json_string_value(
			    json_object_get(doc, "nextToken"));
			FUZZ_CHECK((jt == NULL && token == NULL) ||
				(jt != NULL && token != NULL &&
				    strcmp(jt, token) == 0),
			    "nextToken differs");
		}
	} else
		FUZZ_CHECK(token == NULL, "a token on failure");
	free(token);
	json_decref(doc);
	free(text);
	return 0;
}
