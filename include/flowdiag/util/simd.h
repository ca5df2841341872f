/*
 * Which vector unit the hot paths use: the widest the CPU has, capped by
 * $FLOWDIAG_SIMD, so that every path the program has can be run, and
 * tested, on a machine that has a wider one.  Every vector path has a
 * portable twin that the level SIMD_SCALAR selects.
 */
#ifndef FLOWDIAG_SIMD_H
#define FLOWDIAG_SIMD_H

#include <stdatomic.h>

#include "flowdiag/util/errinfo.h"

/* The levels, narrowest first.  Level 1 is the 128-bit unit that every
 * CPU of its architecture has: SSE2 on x86-64, NEON on arm64. */
enum simd_level {
	SIMD_SCALAR = 0,
	SIMD_SSE2 = 1,
	SIMD_NEON = 1,
	SIMD_AVX2 = 2,
	SIMD_AVX512 = 3, /* AVX-512 F and BW */
};

/* The level in use, or -1 until simd_detect() has run; read by
 * simd_level() on every line of the hot path, so inline. */
extern atomic_int simd_in_use;

/* Works out the level in use and returns it. */
int simd_detect(void);

/* The level in use: the CPU's best, no wider than $FLOWDIAG_SIMD and
 * simd_cap() allow. */
static inline int
simd_level(void)
{
	int l = atomic_load_explicit(&simd_in_use, memory_order_relaxed);

	return l >= 0 ? l : simd_detect();
}

/* The widest level the CPU has, whatever the caps. */
int simd_best(void);

/* Caps the level at want, for tests and benchmarks (SIMD_AVX512 lifts
 * the cap but for $FLOWDIAG_SIMD's); returns the level then in use. */
int simd_cap(int want);

/* The level's name on this architecture ("scalar", "sse2", "neon",
 * "avx2", "avx512"). */
const char *simd_name(int level);

/* Checks $FLOWDIAG_SIMD: unset, empty, or a level of this architecture,
 * whether or not this CPU has it.  Fills ei with the names to use. */
int simd_check_env(struct errinfo *ei);

#endif
