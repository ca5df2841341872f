#include "config.h"

#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/buf.h"

/*
 * What a buffer hands to free(): test_buf is linked with -Wl,--wrap=free,
 * so __wrap_free() sees each block before it goes and notes whether the
 * watched one was zeroed, and whether any block still starts with the
 * marker text.
 */
#define MARKER "sEcReT-mArKeR"

static const char *watched;
static size_t watched_len;
static int watched_state; /* 0 not freed, 1 freed wiped, 2 not wiped */
static bool scanning;
static int marked; /* blocks freed with MARKER at their start */

void __real_free(void *p);
void __wrap_free(void *p);

void
__wrap_free(void *p)
{
	size_t i;

	if (p != NULL && p == watched) {
		watched_state = 1;
		for (i = 0; i < watched_len; i++)
			if (watched[i] != '\0')
				watched_state = 2;
		watched = NULL;
	}
	if (p != NULL && scanning && malloc_usable_size(p) >= strlen(MARKER) &&
	    memcmp(p, MARKER, strlen(MARKER)) == 0)
		marked++;
	__real_free(p);
}

static void
watch(const char *p, size_t len)
{
	watched = p;
	watched_len = len;
	watched_state = 0;
}

static void
test_buf_append_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_true(buf_append(&b, "abcde", 5));
	assert_false(buf_append(&b, "fghi", 4));
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "abcde");
	assert_true(buf_append(&b, "fgh", 3));
	assert_string_equal(b.data, "abcdefgh");
	assert_false(buf_append(&b, "", SIZE_MAX));
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.max, 8);
	/* released twice, or never used: harmless */
	buf_release(&b);
	buf_reset(&b);
}

static void
test_buf_printf(void **state)
{
	char big[1000];
	struct buf b;

	(void)state;
	buf_init(&b, 2000);
	assert_true(buf_printf(&b, "%s=%d", "n", 42));
	assert_true(buf_printf(&b, ", %s", "more"));
	assert_string_equal(b.data, "n=42, more");
	/* longer than the formatter's stack space */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_true(buf_printf(&b, "[%s]", big));
	assert_int_equal(b.len, 10 + 1001);
	assert_int_equal(b.data[b.len - 1], ']');
	/* passing max appends nothing */
	assert_false(buf_printf(&b, "%s", big));
	assert_int_equal(b.len, 1011);
	buf_release(&b);
}

static void
test_buf_secret_growth_wipes(void **state)
{
	char chunk[1000];
	struct buf b;
	size_t old_cap;

	(void)state;
	memset(chunk, 'S', sizeof(chunk));
	buf_init_secret(&b, 1024 * 1024);
	while (b.len + sizeof(chunk) + 1 <= b.cap || b.cap == 0)
		assert_true(buf_append(&b, chunk, sizeof(chunk)));
	old_cap = b.cap;
	watch(b.data, b.cap);
	assert_true(buf_append(&b, chunk, sizeof(chunk)));
	assert_true(b.cap > old_cap);
	assert_int_equal(watched_state, 1);
	assert_int_equal(b.data[0], 'S');
	assert_int_equal(b.data[b.len - 1], 'S');
	buf_release(&b);
	assert_true(b.wipe);
}

static void
test_buf_secret_release_wipes(void **state)
{
	struct buf b;

	(void)state;
	buf_init_secret(&b, 1024);
	assert_true(buf_append(&b, MARKER, strlen(MARKER)));
	watch(b.data, b.cap);
	buf_release(&b);
	assert_int_equal(watched_state, 1);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 1024);
	/* still a secret buffer when used again */
	assert_true(b.wipe);
	assert_true(buf_append(&b, MARKER, strlen(MARKER)));
	watch(b.data, b.cap);
	buf_release(&b);
	assert_int_equal(watched_state, 1);
	/* a plain buffer is freed as it is */
	buf_init(&b, 1024);
	assert_true(buf_append(&b, MARKER, strlen(MARKER)));
	watch(b.data, strlen(MARKER));
	buf_release(&b);
	assert_int_equal(watched_state, 2);
}

static void
test_buf_secret_reset_wipes(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init_secret(&b, 1024);
	assert_true(buf_append(&b, MARKER, strlen(MARKER)));
	buf_reset(&b);
	for (i = 0; i < strlen(MARKER); i++)
		assert_int_equal(b.data[i], '\0');
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void
test_buf_secret_printf_wipes(void **state)
{
	char big[600];
	struct buf b;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init_secret(&b, 4096);
	marked = 0;
	scanning = true;
	/* long enough for the formatter to take a block of its own */
	assert_true(buf_printf(&b, MARKER "%s", big));
	buf_release(&b);
	scanning = false;
	assert_int_equal(marked, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append_max),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_secret_growth_wipes),
		cmocka_unit_test(test_buf_secret_release_wipes),
		cmocka_unit_test(test_buf_secret_reset_wipes),
		cmocka_unit_test(test_buf_secret_printf_wipes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
