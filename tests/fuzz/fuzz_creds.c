/*
 * credential_process output and the container endpoint's answer, read by
 * creds_from_json() as creds.c reads them.  The input's first byte picks
 * the one: Version 1 required and "SessionToken", or neither and "Token".
 * An answer refused never has its text in the message.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/util/errinfo.h"

#include "../../src/aws/creds-int.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_creds c = { 0 };
	struct errinfo ei;
	char *text;
	int process;

	if (size < 1)
		return 0;
	process = data[0] & 1;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	errinfo_clear(&ei);
	if (creds_from_json(text, size - 1, process ? "SessionToken" : "Token",
		process,
		process ? "credential_process (profile 'fuzz')"
			: "container credentials",
		process ? "output" : "answer", EC_CREDENTIALS, &c, &ei) == 0) {
		FUZZ_CHECK(c.access_key != NULL && c.secret_key != NULL &&
			c.source != NULL,
		    "credentials incomplete");
	} else {
		FUZZ_CHECK(ei.msg[0] != '\0', "refused without a reason");
		/* No secret of the answer in the message. */
		FUZZ_CHECK(c.secret_key == NULL, "a key kept on failure");
	}
	creds_release(&c);
	free(text);
	return 0;
}
