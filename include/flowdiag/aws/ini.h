/*
 * ini: one profile's keys from an AWS shared file, the credentials file
 * (~/.aws/credentials, sections "[NAME]") or the config file
 * (~/.aws/config, sections "[profile NAME]", and "[default]").
 *
 * The files are read as the AWS CLI reads them: "[section]" lines (spaces
 * inside the brackets and a comment after them allowed), "key = value" or
 * "key: value" with spaces around the separator, keys in any case,
 * full-line comments starting with '#' or ';', blank lines, CRLF line
 * ends, a UTF-8 byte order mark, and indented continuation lines (the
 * nested "s3 =" settings), which are skipped.  A value keeps everything
 * after the separator, '#' and ';' included.  A line that is none of these
 * is an error naming the file and line.  A missing file is an empty one.
 *
 * Values may be secrets (aws_secret_access_key): they are wiped when
 * released, and no message quotes one.
 */
#ifndef FLOWDIAG_INI_H
#define FLOWDIAG_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "flowdiag/util/errinfo.h"

/* The largest shared file read. */
#define INI_FILE_MAX (1024 * 1024)

/* One "key = value" of a profile section; the key is lower case. */
struct ini_kv {
	char *key;
	char *value;
};

/* The keys of one profile in one shared file, in file order. */
struct ini_section {
	struct ini_kv *kv;
	size_t n;
	bool found; /* the file has a section for the profile */
};

/* Opens for reading the file at path, which the variable var names (in
 * messages): only a regular file of at most max bytes, so that a FIFO
 * (which would block the open and every read) or a device is an error at
 * once, EC_CREDENTIALS.  Returns the descriptor, in blocking mode, or -1
 * with ei set and *absent telling whether the file does not exist.  For
 * the shared files and the other files of credentials (creds.c). */
int ini_open_regular(const char *path, const char *var, long max, bool *absent,
    struct errinfo *ei);

/* Reads the keys of profile from the shared file at path (the config file
 * when config is set) into *s, which starts zeroed and which the caller
 * releases with ini_release(), on failure too.  var names the variable
 * that sets the path ("AWS_CONFIG_FILE") in messages.  A missing file
 * leaves it empty.  Errors: EC_DATA for a line that cannot be parsed or a
 * NUL byte; EC_CREDENTIALS, at once, for a file that is not regular (a
 * FIFO without a writer included) or is larger than INI_FILE_MAX;
 * errinfo_errno() codes when it cannot be opened or read. */
int ini_read(const char *path, const char *var, bool config,
    const char *profile, struct ini_section *s, struct errinfo *ei);

/* The value of key (lower case) in s, the last one set, or NULL when
 * missing or empty; borrowed from s. */
const char *ini_get(const struct ini_section *s, const char *key);

/* Wipes the values, frees everything and empties *s. */
void ini_release(struct ini_section *s);

#endif
