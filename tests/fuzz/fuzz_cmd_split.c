/*
 * The REPL's word splitter: a line split as a shell would, every word a
 * string no longer than the line, the array ended by NULL; an unclosed
 * quote refused with a reason.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowdiag/repl/cmd.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errinfo ei;
	char *line = malloc(size + 1), **argv = NULL;
	size_t total = 0;
	int argc = -1, i;

	memcpy(line, data, size);
	line[size] = '\0';
	if (cmd_split(line, &argc, &argv, &ei) == 0) {
		FUZZ_CHECK(argc >= 0 && argv != NULL && argv[argc] == NULL,
		    "argc %d", argc);
		for (i = 0; i < argc; i++) {
			FUZZ_CHECK(argv[i] != NULL, "word %d", i);
			total += strlen(argv[i]);
		}
		FUZZ_CHECK(total <= strlen(line), "words longer than the line");
		cmd_free_argv(argc, argv);
	} else
		FUZZ_CHECK(ei.msg[0] != '\0', "refused without a reason");
	free(line);
	return 0;
}
