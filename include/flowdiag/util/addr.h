/*
 * IPv4 and IPv6 addresses in binary, and CIDR prefixes over them.
 */
#ifndef FLOWDIAG_ADDR_H
#define FLOWDIAG_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Room for the longest textual IPv6 address and its NUL. */
#define ADDR_STRLEN 46

struct addr {
	uint8_t family; /* 0 (none), 4 or 6 */
	uint8_t bytes[16];
};

struct addr_prefix {
	struct addr addr;
	unsigned int len; /* prefix length in bits */
};

/* Parses s[0..n), which need not be NUL-terminated; -1 when it is not an
 * IPv4 or IPv6 address. */
int addr_parse(const char *s, size_t n, struct addr *a);

/* addr_parse() of the NUL-terminated s, of which room bytes from s on may
 * be read: with sixteen, a dotted quad is read without a loop. */
int addr_parse_str(const char *s, size_t room, struct addr *a);

/* Writes the canonical text of a (RFC 5952 for IPv6) to buf; returns buf. */
const char *addr_format(const struct addr *a, char *buf, size_t size);

/* Inline, with sizes the compiler knows: the scan asks several times a
 * record, and a call of memcmp() each time showed. */
static inline bool
addr_equal(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family || a->family == 0)
		return false;
	if (a->family == 4)
		return memcmp(a->bytes, b->bytes, 4) == 0;
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

/* Parses "ADDR" (a host prefix) or "ADDR/LEN"; -1 when malformed. */
int addr_prefix_parse(const char *s, struct addr_prefix *p);

bool addr_prefix_contains(const struct addr_prefix *p, const struct addr *a);

/* Writes "ADDR" for a host prefix, "ADDR/LEN" otherwise; returns buf. */
const char *addr_prefix_format(const struct addr_prefix *p, char *buf,
    size_t size);

/* Whether a is a private, shared or link-local address (RFC 1918, 6598,
 * 4193, 3927, 4291): a client inside some network, not the internet. */
bool addr_private(const struct addr *a);

/* Orders addresses: IPv4 before IPv6, then by their bytes. */
int addr_compare(const struct addr *a, const struct addr *b);

#endif
