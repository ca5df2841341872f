/*
 * Points in time as people type them: Unix seconds, ISO 8601, or relative
 * to now ("-2h").
 */
#ifndef FLOWDIAG_WHEN_H
#define FLOWDIAG_WHEN_H

#include <stddef.h>
#include <stdint.h>

#include "flowdiag/util/errinfo.h"

/* Parses s into Unix seconds: "1678886400", "2023-03-15T13:20:00Z" (also
 * with a space for T, without seconds, with a +hh:mm offset, or a date
 * alone, taken as UTC), "now", or "-30s", "-30m", "-2h", "-1d", "-1w" before
 * now (the minus may be left out: "2h" is 2 hours ago too). */
int when_parse(const char *s, int64_t now, int64_t *t, struct errinfo *ei);

/* The current time, or $FLOWDIAG_NOW when set (for tests). */
int64_t when_now(void);

/* Writes t as "2023-03-15T13:20:00Z" into buf; returns buf. */
const char *when_format(int64_t t, char *buf, size_t size);

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's algorithm): no timegm(), whose time zone is the
 * process's. */
int64_t when_days_from_civil(int64_t y, unsigned int m, unsigned int d);

#endif
