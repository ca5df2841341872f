#include "config.h"

#include "flowdiag/addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the common case, a dotted quad, without a copy or a call: four
 * numbers to 255 of one to three digits, without leading zeros, which is
 * what inet_pton() takes.  -1 for anything else, left to inet_pton(). */
static int
parse_dotted_quad(const char *s, size_t n, uint8_t *out)
{
	size_t i = 0, digits;
	unsigned int octet, v;

	for (octet = 0; octet < 4; octet++) {
		if (octet > 0) {
			if (i == n || s[i] != '.')
				return -1;
			i++;
		}
		for (v = 0, digits = 0;
		     i < n && s[i] >= '0' && s[i] <= '9' && digits < 3;
		     i++, digits++)
			v = v * 10 + (unsigned int)(s[i] - '0');
		if (digits == 0 || v > 255 ||
		    (digits > 1 && s[i - digits] == '0'))
			return -1;
		out[octet] = (uint8_t)v;
	}
	return i == n ? 0 : -1;
}

int
addr_parse(const char *s, size_t n, struct addr *a)
{
	char tmp[ADDR_STRLEN];

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memset(a, 0, sizeof(*a));
	if (parse_dotted_quad(s, n, a->bytes) == 0) {
		a->family = 4;
		return 0;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (memchr(tmp, ':', n) != NULL) {
		if (inet_pton(AF_INET6, tmp, a->bytes) != 1)
			return -1;
		a->family = 6;
	} else {
		if (inet_pton(AF_INET, tmp, a->bytes) != 1)
			return -1;
		a->family = 4;
	}
	return 0;
}

const char *
addr_format(const struct addr *a, char *buf, size_t size)
{
	int af = a->family == 6 ? AF_INET6 : AF_INET;

	if (a->family == 0 || inet_ntop(af, a->bytes, buf, size) == NULL)
		snprintf(buf, size, "-");
	return buf;
}

int
addr_prefix_parse(const char *s, struct addr_prefix *p)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned int max;
	char *end;
	unsigned long len;

	if (addr_parse(s, alen, &p->addr) == -1)
		return -1;
	max = p->addr.family == 6 ? 128 : 32;
	p->len = max;
	if (slash == NULL)
		return 0;
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	len = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || len > max)
		return -1;
	p->len = (unsigned int)len;
	return 0;
}

bool
addr_prefix_contains(const struct addr_prefix *p, const struct addr *a)
{
	unsigned int full = p->len / 8, rest = p->len % 8;
	uint8_t mask;

	if (a->family != p->addr.family)
		return false;
	if (memcmp(a->bytes, p->addr.bytes, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a->bytes[full] & mask) == (p->addr.bytes[full] & mask);
}

const char *
addr_prefix_format(const struct addr_prefix *p, char *buf, size_t size)
{
	char a[ADDR_STRLEN];
	unsigned int max = p->addr.family == 6 ? 128 : 32;

	addr_format(&p->addr, a, sizeof(a));
	if (p->len == max)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s/%u", a, p->len);
	return buf;
}
