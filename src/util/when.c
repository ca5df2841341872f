#include "config.h"

#include "flowdiag/util/when.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flowdiag/util/env.h"

int64_t
when_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Reads exactly n digits from *p. */
static int
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
parse_iso(const char *s, int64_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;

	if (digits(&p, 4, &y) == -1 || *p++ != '-' ||
	    digits(&p, 2, &mo) == -1 || *p++ != '-' || digits(&p, 2, &d) == -1)
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) == -1 || *p++ != ':' ||
		    digits(&p, 2, &mi) == -1)
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) == -1)
				return -1;
			if (*p == '.') {
				for (p++; isdigit((unsigned char)*p); p++)
					;
			}
		}
		if (*p == 'Z')
			p++;
		else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (digits(&p, 2, &oh) == -1)
				return -1;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &om) == -1)
				return -1;
		}
	}
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	*t =
	    when_days_from_civil(y, (unsigned int)mo, (unsigned int)d) * 86400 +
	    h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return 0;
}

int
when_parse(const char *s, int64_t now, int64_t *t, struct errinfo *ei)
{
	char *end;
	long long v;
	int64_t unit;

	if (strcmp(s, "now") == 0) {
		*t = now;
		return 0;
	}
	/* A duration is ago, with its minus or without. */
	if ((s[0] == '-' && isdigit((unsigned char)s[1])) ||
	    (isdigit((unsigned char)s[0]) &&
		strspn(s, "0123456789") + 1 == strlen(s))) {
		v = strtoll(s + (s[0] == '-'), &end, 10);
		switch (*end) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		case 'w':
			unit = 7 * 86400;
			break;
		default:
			unit = 0;
			break;
		}
		if (unit != 0 && end[1] == '\0' && v <= 100LL * 365 * 86400) {
			*t = now - v * unit;
			return 0;
		}
	} else if (isdigit((unsigned char)s[0]) &&
	    strspn(s, "0123456789") == strlen(s) && strlen(s) <= 13) {
		v = strtoll(s, NULL, 10);
		*t = v > INT32_MAX ? v / 1000 : v;
		return 0;
	} else if (parse_iso(s, t) == 0)
		return 0;
	return errinfo_set(ei, EC_USAGE,
	    "time '%s' is not Unix seconds, ISO 8601 (2023-03-15T13:20:00Z) "
	    "or relative (-30m, -2h, -1d)",
	    s);
}

int64_t
when_now(void)
{
	return (int64_t)env_number("FLOWDIAG_NOW", 0, INT64_MAX,
	    (uint64_t)time(NULL));
}

const char *
when_format(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "%lld", (long long)t);
	return buf;
}
