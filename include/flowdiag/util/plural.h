/*
 * A count and its noun agreeing: "1 packet", "2 packets", "1 reply",
 * "0 replies".
 */
#ifndef FLOWDIAG_PLURAL_H
#define FLOWDIAG_PLURAL_H

#include <stdint.h>

/* one when n is 1, else many (English: 0 takes the plural). */
static inline const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

#endif
