/*
 * gzip members, as S3 objects hold them: read to the end a piece at a
 * time, through reads of a few bytes (the input's first byte says how
 * many), so that members, headers and trailers split anywhere.  Output is
 * capped, as a bomb would make it grow.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "flowdiag/input/gunzip.h"
#include "flowdiag/util/errinfo.h"

#include "fuzz.h"

/* The most decompressed bytes read of one input. */
#define OUT_MAX (4 * 1024 * 1024)

struct source {
	const uint8_t *p;
	size_t left;
	size_t step; /* the most a read hands back */
};

static ssize_t
read_mem(void *arg, void *buf, size_t len)
{
	struct source *s = arg;
	size_t n = len < s->left ? len : s->left;

	if (n > s->step)
		n = s->step;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (ssize_t)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source s;
	struct gunzip *gz;
	struct errinfo ei;
	char out[4096];
	size_t total = 0;
	ssize_t n;

	if (size < 1)
		return 0;
	s.step = data[0] < 128 ? (size_t)data[0] + 1 : SIZE_MAX;
	s.p = data + 1;
	s.left = size - 1;
	gz = gunzip_new(read_mem, &s, "fuzz.gz");
	while (total < OUT_MAX) {
		n = gunzip_read(gz, out, (total % 3) + 1 + sizeof(out) / 2,
		    &ei);
		if (n <= 0)
			break;
		FUZZ_CHECK((size_t)n <= sizeof(out), "read %zd", n);
		total += (size_t)n;
	}
	gunzip_free(gz);
	return 0;
}
