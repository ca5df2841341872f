/*
 * Numbers from the environment: the limits and times that tests shorten
 * and a few users tune (FLOWDIAG_THREADS, FLOWDIAG_FETCH_TIMEOUT_MS, ...),
 * each read the same way, so that flowdiag(1) can say once what a value
 * that will not do becomes.
 */
#ifndef FLOWDIAG_ENV_H
#define FLOWDIAG_ENV_H

#include <stdint.h>

/* The whole decimal number $name holds, held within [min, max]; dflt
 * when it is unset, empty or not such a number ("-1", "5x", "1e3", one
 * past UINT64_MAX). */
uint64_t env_number(const char *name, uint64_t min, uint64_t max,
    uint64_t dflt);

#endif
