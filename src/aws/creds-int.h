/*
 * What creds.c shows its fuzz harness (tests/fuzz/fuzz_creds.c) and no
 * other file: the reader of credential_process output and of endpoints'
 * answers.  It sits beside creds.c, not under include/.
 */
#ifndef FLOWDIAG_CREDS_INT_H
#define FLOWDIAG_CREDS_INT_H

#include <stddef.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/util/errinfo.h"

/* Reads credentials from the JSON text[0..len) (process output, or an
 * endpoint's answer: noun) into c.  token_key names the session token
 * member; version says whether "Version": 1 is required.  source names
 * where they came from in messages, with code; never quotes text. */
int creds_from_json(const char *text, size_t len, const char *token_key,
    int version, const char *source, const char *noun, enum errcode code,
    struct aws_creds *c, struct errinfo *ei);

#endif
