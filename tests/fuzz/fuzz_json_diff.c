/*
 * The quick reader of CloudWatch events (flat objects of plain strings)
 * against jansson: each object is read as it is, then with a key put in
 * front that holds an escape, which the quick reader leaves to jansson.
 * The extra key is no field, so both readings must give the same answer:
 * the same kind, record, event id, or error.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/record/flow.h"
#include "flowdiag/record/format.h"
#include "flowdiag/record/jsonrec.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

/* A key that no object of the corpus has, and that the quick reader
 * cannot read. */
static const char key[] = "\"\\u0001fuzz\\u0002\":0";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_format fmt;
	struct flow_record quick, slow;
	struct errinfo ei_quick, ei_slow;
	char *text, *other, *scratch_quick, *scratch_slow;
	size_t at = 0, n, len;
	int kq, ks;
	const char *iq, *is;

	while (at < size &&
	    (data[at] == ' ' || data[at] == '\t' || data[at] == '\n' ||
		data[at] == '\r'))
		at++;
	if (at == size || data[at] != '{')
		return -1;
	at++;
	n = at;
	while (n < size &&
	    (data[n] == ' ' || data[n] == '\t' || data[n] == '\n' ||
		data[n] == '\r'))
		n++;
	flow_format_default(&fmt);
	text = malloc(size);
	memcpy(text, data, size);
	/* The key, and a comma unless the object is empty. */
	len = size + sizeof(key) - 1 + (n < size && data[n] == '}' ? 0 : 1);
	other = malloc(len);
	memcpy(other, data, at);
	memcpy(other + at, key, sizeof(key) - 1);
	if (len > size + sizeof(key) - 1)
		other[at + sizeof(key) - 1] = ',';
	memcpy(other + len - (size - at), data + at, size - at);
	scratch_quick = malloc(size + 1);
	scratch_slow = malloc(len + 1);

	errinfo_clear(&ei_quick);
	errinfo_clear(&ei_slow);
	kq = jsonrec_parse(text, size, &fmt, scratch_quick, &quick, &ei_quick);
	ks = jsonrec_parse(other, len, &fmt, scratch_slow, &slow, &ei_slow);
	/* jansson names the byte of a syntax error, and the key moved it. */
	if (kq == -1 && ks == -1 && strncmp(ei_quick.msg, "bad JSON", 8) == 0 &&
	    strncmp(ei_slow.msg, "bad JSON", 8) == 0)
		goto out;
	FUZZ_CHECK(kq == ks, "quick %d (%s), jansson %d (%s)", kq, ei_quick.msg,
	    ks, ei_slow.msg);
	if (kq == -1) {
		FUZZ_CHECK(strcmp(ei_quick.msg, ei_slow.msg) == 0,
		    "quick '%s', jansson '%s'", ei_quick.msg, ei_slow.msg);
	} else if (kq == JSONREC_EVENT) {
		fuzz_same_record(&quick, &slow, fmt.has, "event");
		iq = quick.event_off == FLOW_NOTEXT
		    ? NULL
		    : quick.text + quick.event_off;
		is = slow.event_off == FLOW_NOTEXT ? NULL
						   : slow.text + slow.event_off;
		FUZZ_CHECK((iq == NULL && is == NULL) ||
			(iq != NULL && is != NULL && strcmp(iq, is) == 0),
		    "eventId '%s' vs '%s'", iq != NULL ? iq : "(none)",
		    is != NULL ? is : "(none)");
	}
out:
	free(text);
	free(other);
	free(scratch_quick);
	free(scratch_slow);
	return 0;
}
