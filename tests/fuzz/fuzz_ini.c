/*
 * The AWS shared files, ~/.aws/credentials and ~/.aws/config, read by
 * ini_read() from a scratch file that holds the input.  The input's first
 * byte picks which file it is and the profile looked up.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowdiag/aws/ini.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

static char path[4096];
static int fd = -1;

static void
remove_scratch(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const profiles[] = { "default", "dev", "a b",
		"prod" };
	struct ini_section s = { 0 };
	struct errinfo ei;
	const char *tmp = getenv("TMPDIR"), *v;
	size_t i;

	if (size < 1)
		return 0;
	if (fd == -1) {
		snprintf(path, sizeof(path), "%s/fuzz_ini.XXXXXX",
		    tmp != NULL ? tmp : "/tmp");
		FUZZ_CHECK((fd = mkstemp(path)) != -1, "mkstemp %s", path);
		atexit(remove_scratch);
	}
	FUZZ_CHECK(ftruncate(fd, 0) == 0 &&
		pwrite(fd, data + 1, size - 1, 0) == (ssize_t)(size - 1),
	    "cannot write %s", path);
	if (ini_read(path,
		data[0] & 1 ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE",
		data[0] & 1, profiles[(data[0] >> 1) & 3], &s, &ei) == 0) {
		for (i = 0; i < s.n; i++) {
			FUZZ_CHECK(s.kv[i].key != NULL && s.kv[i].value != NULL,
			    "key %zu", i);
			v = ini_get(&s, s.kv[i].key);
			FUZZ_CHECK(v == NULL || v[0] != '\0', "empty value");
		}
	} else
		FUZZ_CHECK(ei.msg[0] != '\0', "refused without a reason");
	ini_release(&s);
	return 0;
}
