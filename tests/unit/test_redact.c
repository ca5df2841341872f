#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/redact.h"
#include "flowdiag/util/xmalloc.h"

/* A session token of real length: 800 base64 characters. */
static char token[801];
#define SECRET "k9Zq/3rT+uWv7XyB2cDe5FgH8iJkLmNoPqRsTuVw"

static int
setup(void **state)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint64_t x = 88172645463325252ULL;
	size_t i;

	(void)state;
	memcpy(token, "IQoJb3JpZ2luX2Vj", 16);
	for (i = 16; i < 800; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		token[i] = b64[x % 64];
	}
	token[800] = '\0';
	redact_add(token);
	redact_add(SECRET);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	redact_remove(token);
	redact_remove(SECRET);
	return 0;
}

/* Whether s holds REDACT_RUN characters in a row of secret. */
static int
holds_piece(const char *s, const char *secret)
{
	size_t i, n = strlen(secret);
	char piece[REDACT_RUN + 1];

	for (i = 0; i + REDACT_RUN <= n; i++) {
		memcpy(piece, secret + i, REDACT_RUN);
		piece[REDACT_RUN] = '\0';
		if (strstr(s, piece) != NULL)
			return 1;
	}
	return 0;
}

/* The whole token, a prefix, a middle piece and the secret key go; the
 * text around them stays. */
static void
test_redact_pieces(void **state)
{
	char *s = NULL;

	(void)state;
	xasprintf(&s, "token %s; starts %.40s; has %.100s; key %s; end", token,
	    token, token + 300, SECRET);
	redact_text(s);
	assert_false(holds_piece(s, token));
	assert_false(holds_piece(s, SECRET));
	assert_non_null(strstr(s, "token ****"));
	assert_non_null(strstr(s, "; starts ****"));
	assert_non_null(strstr(s, "; key ****"));
	assert_non_null(strstr(s, "; end"));
	free(s);
}

/* 15 characters of a secret stay, 16 go; a piece cut at the end of the
 * buffer goes. */
static void
test_redact_run_length(void **state)
{
	char s[64];

	(void)state;
	snprintf(s, sizeof(s), "a %.15s b", token + 100);
	redact_text(s);
	assert_int_equal(strncmp(s + 2, token + 100, 15), 0);
	snprintf(s, sizeof(s), "a %.16s b", token + 100);
	redact_text(s);
	assert_string_equal(s, "a **************** b");
	/* as a fixed buffer leaves a long message */
	memcpy(s, "cut: ", 5);
	memcpy(s + 5, token, sizeof(s) - 6);
	s[sizeof(s) - 1] = '\0';
	redact_text(s);
	assert_false(holds_piece(s, token));
	assert_string_equal(s + strlen(s) - 3, "***");
}

/* Texts of random pieces of the token (1 to 40 characters, from anywhere
 * in it) among random letters: none keeps REDACT_RUN characters in a row of
 * it, and a text without such a run is left as it was. */
static void
test_redact_random(void **state)
{
	static const char noise[] = "abcdefghijklmnopqrstuvwxyz .:/";
	uint64_t x = 0x2545f4914f6cdd1dULL;
	char s[600], before[600];
	size_t len, n, at, i;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		for (len = 0; len + 41 < sizeof(s);) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			n = 1 + x % 40;
			if ((x >> 8) % 3 == 0) {
				at = (x >> 16) % (800 - n);
				memcpy(s + len, token + at, n);
			} else {
				for (i = 0; i < n; i++)
					s[len + i] =
					    noise[(x >> (i % 48)) % 30];
			}
			len += n;
		}
		s[len] = '\0';
		memcpy(before, s, len + 1);
		redact_text(s);
		if (holds_piece(s, token))
			fail_msg("round %d: a piece stayed in '%s'", round, s);
		if (!holds_piece(before, token) && strcmp(s, before) != 0)
			fail_msg("round %d: '%s' became '%s'", round, before,
			    s);
	}
}

/* errinfo_set() masks what it formats; a removed secret shows again. */
static void
test_redact_errinfo(void **state)
{
	struct errinfo ei;

	(void)state;
	errinfo_set(&ei, EC_SERVICE, "server said %s", token);
	assert_false(holds_piece(ei.msg, token));
	redact_add("short-secret");
	errinfo_set(&ei, EC_SERVICE, "x short-secret y");
	assert_string_equal(ei.msg, "x ************ y");
	redact_remove("short-secret");
	errinfo_set(&ei, EC_SERVICE, "x short-secret y");
	assert_string_equal(ei.msg, "x short-secret y");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact_pieces),
		cmocka_unit_test(test_redact_run_length),
		cmocka_unit_test(test_redact_random),
		cmocka_unit_test(test_redact_errinfo),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
