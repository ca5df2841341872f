#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/aws/libcurl.h"

/* A stand-in for curl_easy_setopt() of a library of a given age: what it
 * was asked for, and what it refuses. */
static struct {
	bool knows_str;  /* 7.85 or later: CURLOPT_PROTOCOLS_STR */
	bool knows_bits; /* CURLOPT_PROTOCOLS, which 8.x may drop */
	char str[32];
	long bits;
} fake;

static CURLcode
fake_setopt(CURL *h, CURLoption option, ...)
{
	va_list ap;
	CURLcode rc = CURLE_UNKNOWN_OPTION;

	(void)h;
	va_start(ap, option);
	if (option == CURLOPT_PROTOCOLS_STR && fake.knows_str) {
		snprintf(fake.str, sizeof(fake.str), "%s",
		    va_arg(ap, const char *));
		rc = CURLE_OK;
	} else if (option == CURLOPT_PROTOCOLS && fake.knows_bits) {
		fake.bits = va_arg(ap, long);
		rc = CURLE_OK;
	}
	va_end(ap);
	return rc;
}

static struct libcurl fake_lib = { .easy_setopt = fake_setopt };

static void
test_libcurl_option_number(void **state)
{
	(void)state;
	/* The number an older library is asked by, from curl.h of 7.85. */
	assert_int_equal(CURLOPT_PROTOCOLS_STR, 10318);
}

static void
test_libcurl_http_only_new(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.knows_str = fake.knows_bits = true;
	assert_int_equal(libcurl_http_only(&fake_lib, NULL), 0);
	assert_string_equal(fake.str, "http,https");
	assert_int_equal(fake.bits, 0);
}

static void
test_libcurl_http_only_old(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	fake.knows_bits = true;
	assert_int_equal(libcurl_http_only(&fake_lib, NULL), 0);
	assert_string_equal(fake.str, "");
	assert_int_equal(fake.bits, CURLPROTO_HTTP | CURLPROTO_HTTPS);
}

static void
test_libcurl_http_only_neither(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	assert_int_equal(libcurl_http_only(&fake_lib, NULL), -1);
}

/* The library this machine loads refuses any other scheme once asked. */
static void
test_libcurl_http_only_real(void **state)
{
	struct errinfo ei;
	const struct libcurl *cu;
	CURL *h;

	(void)state;
	if ((cu = libcurl(&ei)) == NULL)
		fail_msg("%s", ei.msg);
	assert_non_null(h = cu->easy_init());
	assert_int_equal(libcurl_http_only(cu, h), 0);
	cu->easy_setopt(h, CURLOPT_URL, "file:///dev/null");
	assert_int_equal(cu->easy_perform(h), CURLE_UNSUPPORTED_PROTOCOL);
	cu->easy_cleanup(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libcurl_option_number),
		cmocka_unit_test(test_libcurl_http_only_new),
		cmocka_unit_test(test_libcurl_http_only_old),
		cmocka_unit_test(test_libcurl_http_only_neither),
		cmocka_unit_test(test_libcurl_http_only_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
