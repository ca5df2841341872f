/*
 * A byte stream from a file or standard input, gunzipped on the fly when it
 * starts with the gzip magic bytes (every member of a multi-member file).
 */
#ifndef FLOWDIAG_INPUT_H
#define FLOWDIAG_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "flowdiag/util/errinfo.h"

struct input;

/* Opens path, or standard input for "-"; returns a new input (free with
 * input_close()) or NULL with ei naming the path and the cause. */
struct input *input_open(const char *path, struct errinfo *ei);

/* Reads the descriptor fd, which the input owns from now on (closed by
 * input_close(), or here on failure), from where it stands; name is shown
 * in messages ("s3://bucket/key"). */
struct input *input_open_fd(int fd, const char *name, struct errinfo *ei);

/* Opens len bytes of the plain (not compressed) file at path from offset
 * off, for a part of a large file read by a thread of its own. */
struct input *input_open_range(const char *path, off_t off, off_t len,
    struct errinfo *ei);

/* Reads up to len bytes of (decompressed) data; 0 at the end, -1 with ei
 * set when the stream is damaged or a read fails. */
ssize_t input_read(struct input *in, void *buf, size_t len, struct errinfo *ei);

bool input_is_gzip(const struct input *in);

/* The bytes read from the file so far, compressed ones for gzip: what a
 * progress line counts against the file's size. */
uint64_t input_bytes_read(const struct input *in);

/* The name to show for the input: its path, or "(stdin)". */
const char *input_name(const struct input *in);

void input_close(struct input *in);

#endif
