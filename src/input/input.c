#include "config.h"

#include "flowdiag/input/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flowdiag/input/gunzip.h"
#include "flowdiag/util/cancel.h"
#include "flowdiag/util/xmalloc.h"

struct input {
	int fd;
	char *name;
	struct gunzip *gz; /* NULL for plain data */
	/* Bytes read while looking for the gzip magic, handed out first. */
	unsigned char peek[2];
	size_t npeek;
	size_t peek_pos;
	off_t left;   /* bytes of a range still to read; -1: to the end */
	uint64_t raw; /* bytes read from the descriptor */
};

/* Reads raw bytes: first what was peeked, then from the descriptor. */
static ssize_t
raw_read(void *arg, void *buf, size_t len)
{
	struct input *in = arg;
	ssize_t n;

	if (in->peek_pos < in->npeek) {
		n = 0;
		while (in->peek_pos < in->npeek && (size_t)n < len)
			((unsigned char *)buf)[n++] = in->peek[in->peek_pos++];
		return n;
	}
	if (in->left >= 0 && (off_t)len > in->left)
		len = (size_t)in->left;
	/* Ctrl-C ends a read that waits (a pipe, a FIFO) when it asks to
	 * stop the work in hand. */
	do
		n = read(in->fd, buf, len);
	while (n == -1 && errno == EINTR && !cancel_requested());
	if (n > 0 && in->left >= 0)
		in->left -= n;
	if (n > 0)
		in->raw += (uint64_t)n;
	return n;
}

/* Reads the first bytes of in to tell gzip from plain data. */
static int
peek(struct input *in, struct errinfo *ei)
{
	ssize_t n;

	while (in->npeek < sizeof(in->peek)) {
		n = raw_read(in, in->peek + in->npeek,
		    sizeof(in->peek) - in->npeek);
		if (n == -1)
			return errinfo_errno(ei, errno, "cannot read '%s'",
			    in->name);
		if (n == 0)
			break;
		in->npeek += (size_t)n;
	}
	if (in->npeek == 2 && in->peek[0] == 0x1f && in->peek[1] == 0x8b)
		in->gz = gunzip_new(raw_read, in, in->name);
	return 0;
}

struct input *
input_open(const char *path, struct errinfo *ei)
{
	struct input *in;
	struct stat st;

	in = xcalloc(1, sizeof(*in));
	in->left = -1;
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
		in->name = xstrdup("(stdin)");
	} else {
		in->name = xstrdup(path);
		if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			errinfo_errno(ei, errno, "cannot open '%s'", path);
			goto fail;
		}
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			errinfo_set(ei, EC_NOINPUT, "'%s' is a directory",
			    path);
			goto fail;
		}
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	if (peek(in, ei) == -1)
		goto fail;
	return in;
fail:
	input_close(in);
	return NULL;
}

struct input *
input_open_fd(int fd, const char *name, struct errinfo *ei)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->left = -1;
	in->fd = fd;
	in->name = xstrdup(name);
	if (peek(in, ei) == -1) {
		input_close(in);
		return NULL;
	}
	return in;
}

struct input *
input_open_range(const char *path, off_t off, off_t len, struct errinfo *ei)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->name = xstrdup(path);
	in->left = len;
	if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		errinfo_errno(ei, errno, "cannot open '%s'", path);
		goto fail;
	}
	if (lseek(in->fd, off, SEEK_SET) == -1) {
		errinfo_errno(ei, errno, "cannot read '%s'", path);
		goto fail;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(in->fd, off, len, POSIX_FADV_SEQUENTIAL);
#endif
	return in;
fail:
	input_close(in);
	return NULL;
}

ssize_t
input_read(struct input *in, void *buf, size_t len, struct errinfo *ei)
{
	ssize_t n;

	if (in->gz != NULL)
		return gunzip_read(in->gz, buf, len, ei);
	if ((n = raw_read(in, buf, len)) == -1)
		return errinfo_errno(ei, errno, "cannot read '%s'", in->name);
	return n;
}

bool
input_is_gzip(const struct input *in)
{
	return in->gz != NULL;
}

uint64_t
input_bytes_read(const struct input *in)
{
	return in->raw;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	gunzip_free(in->gz);
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	free(in->name);
	free(in);
}
