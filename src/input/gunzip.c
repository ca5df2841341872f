#include "config.h"

#include "flowdiag/input/gunzip.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#ifdef HAVE_ISAL
#include <isa-l/igzip_lib.h>
#else
#include <zlib.h>
#endif

#include "flowdiag/util/xmalloc.h"

#define GUNZIP_INBUF (256 * 1024)

struct gunzip {
	ssize_t (*read_fn)(void *, void *, size_t);
	void *arg;
	const char *name;
	unsigned char *in;
	size_t in_len;    /* valid bytes in in[] */
	size_t in_pos;    /* next unread byte */
	bool eof;         /* read_fn() returned 0 */
	bool member_done; /* a member ended; more input starts another */
#ifdef HAVE_ISAL
	struct inflate_state st;
#else
	z_stream zs;
#endif
};

/* Refills in[] when it is empty; -1 on a read error. */
static int
fill(struct gunzip *gz, struct errinfo *ei)
{
	ssize_t n;

	if (gz->in_pos < gz->in_len || gz->eof)
		return 0;
	if ((n = gz->read_fn(gz->arg, gz->in, GUNZIP_INBUF)) == -1)
		return errinfo_errno(ei, errno, "cannot read '%s'", gz->name);
	gz->in_len = (size_t)n;
	gz->in_pos = 0;
	if (n == 0)
		gz->eof = true;
	return 0;
}

static void
member_start(struct gunzip *gz)
{
#ifdef HAVE_ISAL
	isal_inflate_reset(&gz->st);
	gz->st.crc_flag = ISAL_GZIP;
#else
	inflateReset(&gz->zs);
#endif
	gz->member_done = false;
}

struct gunzip *
gunzip_new(ssize_t (*read_fn)(void *, void *, size_t), void *arg,
    const char *name)
{
	struct gunzip *gz = xcalloc(1, sizeof(*gz));

	gz->read_fn = read_fn;
	gz->arg = arg;
	gz->name = name;
	gz->in = xmalloc(GUNZIP_INBUF);
#ifdef HAVE_ISAL
	isal_inflate_init(&gz->st);
	gz->st.crc_flag = ISAL_GZIP;
#else
	/* 15 + 16: a gzip wrapper, the largest window. */
	if (inflateInit2(&gz->zs, 15 + 16) != Z_OK) {
		fprintf(stderr, "flowdiag: out of memory starting zlib\n");
		exit(EX_OSERR);
	}
#endif
	return gz;
}

/* Inflates what in[] holds into out[0..len); notes a member's end.
 * Returns the bytes written or -1 on corrupt data. */
static ssize_t
inflate_some(struct gunzip *gz, unsigned char *out, size_t len,
    struct errinfo *ei)
{
	size_t avail_in = gz->in_len - gz->in_pos, consumed, produced;
#ifdef HAVE_ISAL
	int ret;

	gz->st.next_in = gz->in + gz->in_pos;
	gz->st.avail_in = (uint32_t)avail_in;
	gz->st.next_out = out;
	gz->st.avail_out = (uint32_t)(len > UINT32_MAX ? UINT32_MAX : len);
	ret = isal_inflate(&gz->st);
	consumed = avail_in - gz->st.avail_in;
	produced = (size_t)(gz->st.next_out - out);
	if (ret < 0) {
		return errinfo_set(ei, EC_DATA,
		    "'%s': corrupt gzip data (ISA-L error %d)", gz->name, ret);
	}
	if (gz->st.block_state == ISAL_BLOCK_FINISH)
		gz->member_done = true;
#else
	int ret;

	gz->zs.next_in = gz->in + gz->in_pos;
	gz->zs.avail_in = (uInt)avail_in;
	gz->zs.next_out = out;
	gz->zs.avail_out = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	ret = inflate(&gz->zs, Z_NO_FLUSH);
	consumed = avail_in - gz->zs.avail_in;
	produced = (size_t)(gz->zs.next_out - out);
	if (ret == Z_STREAM_END)
		gz->member_done = true;
	else if (ret != Z_OK && ret != Z_BUF_ERROR) {
		return errinfo_set(ei, EC_DATA, "'%s': corrupt gzip data (%s)",
		    gz->name, gz->zs.msg != NULL ? gz->zs.msg : "zlib error");
	}
#endif
	gz->in_pos += consumed;
	return (ssize_t)produced;
}

ssize_t
gunzip_read(struct gunzip *gz, void *buf, size_t len, struct errinfo *ei)
{
	size_t before;
	ssize_t n;

	for (;;) {
		if (fill(gz, ei) == -1)
			return -1;
		if (gz->member_done) {
			if (gz->in_pos == gz->in_len && gz->eof)
				return 0;
			if (gz->in[gz->in_pos] != 0x1f) {
				return errinfo_set(ei, EC_DATA,
				    "'%s': data after the end of the gzip "
				    "stream",
				    gz->name);
			}
			member_start(gz);
			continue;
		}
		if (gz->in_pos == gz->in_len && gz->eof) {
			return errinfo_set(ei, EC_DATA,
			    "'%s': truncated gzip data (the file ends inside a "
			    "compressed member)",
			    gz->name);
		}
		before = gz->in_pos;
		if ((n = inflate_some(gz, buf, len, ei)) != 0)
			return n;
		if (gz->in_pos == before && !gz->member_done) {
			return errinfo_set(ei, EC_INTERNAL,
			    "'%s': gzip decoder made no progress", gz->name);
		}
	}
}

void
gunzip_free(struct gunzip *gz)
{
	if (gz == NULL)
		return;
#ifndef HAVE_ISAL
	inflateEnd(&gz->zs);
#endif
	free(gz->in);
	free(gz);
}
