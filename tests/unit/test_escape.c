#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/escape.h"

#define FFFD "\xef\xbf\xbd"

static void
text_is(const char *in, const char *want)
{
	char *got = escape_text(in);

	assert_string_equal(got, want);
	free(got);
}

static void
utf8_is(const char *in, const char *want)
{
	char *got = escape_utf8(in);

	assert_string_equal(got, want);
	free(got);
}

/* Every C0 byte but the newline, and DEL, as \xNN. */
static void
test_escape_c0_del(void **state)
{
	char in[2] = "", want[8];
	int c;

	(void)state;
	for (c = 1; c < 0x20; c++) {
		in[0] = (char)c;
		if (c == '\n')
			strcpy(want, "\n");
		else
			snprintf(want, sizeof(want), "\\x%02x", c);
		text_is(in, want);
		assert_int_equal(escape_clean(in, 1), c == '\n');
	}
	text_is("\x7f", "\\x7f");
	text_is("eni-0a\x1b]0;PWNED\x07\x1b[31m",
	    "eni-0a\\x1b]0;PWNED\\x07\\x1b[31m");
	text_is("a\tb\rc\n", "a\\x09b\\x0dc\n");
}

/* U+0080..U+009F as \u00NN; raw bytes 0x80..0x9f, never valid alone, as
 * U+FFFD; U+00A0 is text. */
static void
test_escape_c1(void **state)
{
	(void)state;
	text_is("\xc2\x80", "\\u0080");
	text_is("\xc2\x9b"
		"31m",
	    "\\u009b31m");
	text_is("\xc2\x9f", "\\u009f");
	text_is("\xc2\xa0", "\xc2\xa0");
	text_is("\x9b"
		"31m",
	    FFFD "31m");
	text_is("\x80\x9f", FFFD FFFD);
	assert_false(escape_clean("\xc2\x9b", 2));
	assert_true(escape_clean("\xc2\xa0", 2));
}

/* Valid multibyte UTF-8 of each length passes unchanged. */
static void
test_escape_valid_utf8(void **state)
{
	static const char *const ok[] = { "caf\xc3\xa9", "\xe2\x82\xac 5",
		"\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x9f\x98\x80",
		"\xf4\x8f\xbf\xbf", "\xe0\xa0\x80", "\xf0\x90\x80\x80", FFFD,
		"plain ascii ~!", NULL };
	int i;

	(void)state;
	for (i = 0; ok[i] != NULL; i++) {
		text_is(ok[i], ok[i]);
		utf8_is(ok[i], ok[i]);
		assert_true(escape_clean(ok[i], strlen(ok[i])));
	}
}

/* Overlong forms, surrogates, code points past U+10FFFF, truncated
 * sequences and stray bytes: one U+FFFD per byte, in text and for JSON. */
static void
test_escape_invalid_utf8(void **state)
{
	static const char *const bad[][2] = {
		{ "\xc0\xaf", FFFD FFFD },          /* overlong '/' */
		{ "\xc1\xbf", FFFD FFFD },          /* overlong */
		{ "\xe0\x80\xaf", FFFD FFFD FFFD }, /* overlong */
		{ "\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD },
		{ "\xed\xa0\x80", FFFD FFFD FFFD }, /* surrogate */
		{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD },
		{ "\xf5\x80", FFFD FFFD },
		{ "\xff", FFFD },
		{ "a\xe2\x82", "a" FFFD FFFD }, /* truncated at the end */
		{ "\xe2\x82z", FFFD FFFD "z" }, /* truncated mid-text */
		{ "\xf0\x9f\x98", FFFD FFFD FFFD },
		{ "eni-\xff\xfe", "eni-" FFFD FFFD },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		text_is(bad[i][0], bad[i][1]);
		utf8_is(bad[i][0], bad[i][1]);
		assert_false(escape_clean(bad[i][0], strlen(bad[i][0])));
	}
}

/* escape_utf8() leaves controls alone: JSON escapes them itself. */
static void
test_escape_utf8_keeps_controls(void **state)
{
	(void)state;
	utf8_is("\x1b[31m\x07\x7f\xc2\x9b", "\x1b[31m\x07\x7f\xc2\x9b");
	utf8_is("\x1b\xff", "\x1b" FFFD);
}

/* Escaping escaped text changes nothing. */
static void
test_escape_idempotent(void **state)
{
	static const char *const in[] = { "\x1b]0;x\x07", "\xc2\x9b\xff",
		"a\\x1b", "\x7f\xe2\x82", NULL };
	char *once, *twice;
	int i;

	(void)state;
	for (i = 0; in[i] != NULL; i++) {
		once = escape_text(in[i]);
		twice = escape_text(once);
		assert_string_equal(once, twice);
		assert_true(escape_clean(once, strlen(once)));
		free(once);
		free(twice);
	}
}

/* The writers escape what they write, formatted or not. */
static void
test_escape_writers(void **state)
{
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	char big[2000];

	(void)state;
	assert_non_null(fp);
	escape_printf(fp, "id %s: %d\n", "eni-\x1b[31m", 7);
	escape_puts(fp, "\x9b\n");
	escape_raw(fp, "\x1b[0m");
	memset(big, 'a', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\x07';
	big[sizeof(big) - 1] = '\0';
	escape_printf(fp, "%s", big);
	fclose(fp);
	assert_int_equal(size,
	    strlen("id eni-\\x1b[31m: 7\n" FFFD "\n"
		   "\x1b[0m") +
		sizeof(big) - 2 + 4);
	assert_memory_equal(data, "id eni-\\x1b[31m: 7\n" FFFD "\n\x1b[0m",
	    strlen("id eni-\\x1b[31m: 7\n" FFFD "\n\x1b[0m"));
	assert_memory_equal(data + size - 5, "a\\x07", 5);
	free(data);
}

/* A line is one line: the newlines of the values it quotes are escaped,
 * short or past the writer's first buffer, and one newline ends it. */
static void
test_escape_line(void **state)
{
	char *data = NULL, *got;
	const char *first;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);
	char big[1000];

	(void)state;
	assert_non_null(fp);
	escape_line(fp, "warning: %s", "eni-0a1b\nflowdiag: forged\x1b");
	memset(big, 'a', sizeof(big) - 1);
	big[500] = '\n';
	big[sizeof(big) - 1] = '\0';
	escape_line(fp, "%s", big);
	fclose(fp);
	first = "warning: eni-0a1b\\x0aflowdiag: forged\\x1b\n";
	assert_memory_equal(data, first, strlen(first));
	/* 999 bytes but the newline, which shows as 4, and the line's end. */
	assert_int_equal(size, strlen(first) + 998 + 4 + 1);
	assert_memory_equal(data + strlen(first) + 500, "\\x0a", 4);
	assert_int_equal(data[size - 1], '\n');
	free(data);

	got = escape_line_text("a\nb\x9b");
	assert_string_equal(got, "a\\x0ab" FFFD);
	free(got);
}

static void
shell_is(const char *in, const char *want)
{
	char *got = escape_shell(in);

	assert_string_equal(got, want);
	free(got);
}

/* Safe words stay bare; anything else is one single-quoted word. */
static void
test_escape_shell(void **state)
{
	(void)state;
	shell_is("eni-0a1b2c3d", "eni-0a1b2c3d");
	shell_is("eni-1,eni-2", "eni-1,eni-2");
	shell_is("private-ip-address", "private-ip-address");
	shell_is("10.0.1.10/32", "10.0.1.10/32");
	shell_is("", "''");
	shell_is("eni-0a1b;touch${IFS}/tmp/x;#",
	    "'eni-0a1b;touch${IFS}/tmp/x;#'");
	shell_is("a b", "'a b'");
	shell_is("it's", "'it'\\''s'");
	shell_is("'", "''\\'''");
	shell_is("$(id)`id`|&<>*?[~", "'$(id)`id`|&<>*?[~'");
	shell_is("a\nb", "'a\nb'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_c0_del),
		cmocka_unit_test(test_escape_c1),
		cmocka_unit_test(test_escape_valid_utf8),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_utf8_keeps_controls),
		cmocka_unit_test(test_escape_idempotent),
		cmocka_unit_test(test_escape_writers),
		cmocka_unit_test(test_escape_line),
		cmocka_unit_test(test_escape_shell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
