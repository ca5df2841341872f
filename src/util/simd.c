#include "config.h"

#include "flowdiag/util/simd.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The levels this architecture has, by number. */
static const char *const names[] = {
	"scalar",
#if defined(__x86_64__)
	"sse2",
	"avx2",
	"avx512",
#elif defined(__aarch64__) && defined(__ARM_NEON)
	"neon",
#endif
};
#define NLEVELS ((int)(sizeof(names) / sizeof(names[0])))

/* The level in use, and simd_cap()'s cap; -1 until known.  Threads may
 * ask at once: atomic. */
atomic_int simd_in_use = -1;
static atomic_int test_cap = SIMD_AVX512;

int
simd_best(void)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512bw"))
		return SIMD_AVX512;
	if (__builtin_cpu_supports("avx2"))
		return SIMD_AVX2;
	return SIMD_SSE2; /* every x86-64 CPU has it */
#else
	/* NEON is part of every arm64 CPU, as SSE2 of x86-64. */
	return NLEVELS - 1;
#endif
}

/* The level named by name, or -1. */
static int
lookup(const char *name)
{
	int i;

	for (i = 0; i < NLEVELS; i++) {
		if (strcmp(name, names[i]) == 0)
			return i;
	}
	return -1;
}

int
simd_detect(void)
{
	const char *env = getenv("FLOWDIAG_SIMD");
	int l = simd_best(), cap;

	if (env != NULL && (cap = lookup(env)) != -1 && cap < l)
		l = cap;
	cap = atomic_load(&test_cap);
	if (cap < l)
		l = cap;
	atomic_store_explicit(&simd_in_use, l, memory_order_relaxed);
	return l;
}

int
simd_cap(int want)
{
	atomic_store(&test_cap, want < SIMD_SCALAR ? SIMD_SCALAR : want);
	atomic_store(&simd_in_use, -1);
	return simd_level();
}

const char *
simd_name(int level)
{
	return level >= 0 && level < NLEVELS ? names[level] : "?";
}

int
simd_check_env(struct errinfo *ei)
{
	const char *env = getenv("FLOWDIAG_SIMD");
	char list[64] = "";
	int i;

	if (env == NULL || *env == '\0' || lookup(env) != -1)
		return 0;
	for (i = 0; i < NLEVELS; i++) {
		if (i > 0)
			strcat(list, i == NLEVELS - 1 ? " or " : ", ");
		strcat(list, names[i]);
	}
	return errinfo_set(ei, EC_USAGE,
	    "FLOWDIAG_SIMD='%.40s' is not a vector level of this machine: "
	    "use %s",
	    env, list);
}
