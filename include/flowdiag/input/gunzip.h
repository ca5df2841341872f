/*
 * Streaming gzip decompression, multi-member, with ISA-L where configure
 * found it and zlib otherwise.
 */
#ifndef FLOWDIAG_GUNZIP_H
#define FLOWDIAG_GUNZIP_H

#include <stddef.h>
#include <sys/types.h>

#include "flowdiag/util/errinfo.h"

struct gunzip;

/* Reads compressed bytes with read_fn(arg, buf, len), which returns what
 * read(2) does and sets errno.  name is for messages. */
struct gunzip *gunzip_new(ssize_t (*read_fn)(void *, void *, size_t), void *arg,
    const char *name);

/* Fills buf with up to len decompressed bytes; 0 at the clean end of the
 * last member, -1 with ei set on truncated or corrupt data. */
ssize_t gunzip_read(struct gunzip *gz, void *buf, size_t len,
    struct errinfo *ei);

void gunzip_free(struct gunzip *gz);

#endif
