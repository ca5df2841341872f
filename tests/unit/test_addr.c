#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>

#include <cmocka.h>

#include "flowdiag/util/addr.h"

static void
test_addr_ipv4(void **state)
{
	struct addr a;
	char buf[ADDR_STRLEN];

	(void)state;
	assert_int_equal(addr_parse("10.0.1.10", 9, &a), 0);
	assert_int_equal(a.family, 4);
	assert_int_equal(a.bytes[0], 10);
	assert_int_equal(a.bytes[3], 10);
	assert_string_equal(addr_format(&a, buf, sizeof(buf)), "10.0.1.10");
	/* n bounds the text: "10.0.1.10" read as its first 8 bytes */
	assert_int_equal(addr_parse("10.0.1.10", 8, &a), 0);
	assert_string_equal(addr_format(&a, buf, sizeof(buf)), "10.0.1.1");
}

static void
test_addr_ipv6(void **state)
{
	struct addr a, b;
	char buf[ADDR_STRLEN];
	const char *full = "2001:0db8:0000:0000:0000:0000:0000:0001";

	(void)state;
	assert_int_equal(addr_parse(full, strlen(full), &a), 0);
	assert_int_equal(a.family, 6);
	assert_string_equal(addr_format(&a, buf, sizeof(buf)), "2001:db8::1");
	assert_int_equal(addr_parse("2001:db8::1", 11, &b), 0);
	assert_true(addr_equal(&a, &b));
}

static void
test_addr_rejects(void **state)
{
	static const char *const bad[] = { "", "-", "10.0.1", "10.0.1.256",
		"10.0.1.10.5", "abc", "2001:db8:::1", "10.0.1.10 ",
		"1234567890123456789012345678901234567890123456789" };
	struct addr a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(addr_parse(bad[i], strlen(bad[i]), &a), -1);
}

static void
test_addr_equal_needs_family(void **state)
{
	struct addr v4, v6, none = { 0 };

	(void)state;
	assert_int_equal(addr_parse("0.0.0.0", 7, &v4), 0);
	assert_int_equal(addr_parse("::", 2, &v6), 0);
	assert_false(addr_equal(&v4, &v6));
	assert_false(addr_equal(&none, &none));
	assert_true(addr_equal(&v4, &v4));
}

static void
test_addr_prefix(void **state)
{
	struct addr_prefix p;
	struct addr a;
	char buf[ADDR_STRLEN + 4];

	(void)state;
	assert_int_equal(addr_prefix_parse("198.51.100.0/24", &p), 0);
	assert_int_equal(p.len, 24);
	assert_int_equal(addr_parse("198.51.100.77", 13, &a), 0);
	assert_true(addr_prefix_contains(&p, &a));
	assert_int_equal(addr_parse("198.51.101.77", 13, &a), 0);
	assert_false(addr_prefix_contains(&p, &a));
	assert_string_equal(addr_prefix_format(&p, buf, sizeof(buf)),
	    "198.51.100.0/24");

	/* a prefix that does not end on a byte */
	assert_int_equal(addr_prefix_parse("10.0.0.0/13", &p), 0);
	assert_int_equal(addr_parse("10.7.255.255", 12, &a), 0);
	assert_true(addr_prefix_contains(&p, &a));
	assert_int_equal(addr_parse("10.8.0.0", 8, &a), 0);
	assert_false(addr_prefix_contains(&p, &a));

	/* a bare address is a host prefix */
	assert_int_equal(addr_prefix_parse("2001:db8::5", &p), 0);
	assert_int_equal(p.len, 128);
	assert_string_equal(addr_prefix_format(&p, buf, sizeof(buf)),
	    "2001:db8::5");
	assert_int_equal(addr_parse("10.8.0.0", 8, &a), 0);
	assert_false(addr_prefix_contains(&p, &a));

	assert_int_equal(addr_prefix_parse("0.0.0.0/0", &p), 0);
	assert_true(addr_prefix_contains(&p, &a));
}

static void
test_addr_prefix_rejects(void **state)
{
	struct addr_prefix p;

	(void)state;
	assert_int_equal(addr_prefix_parse("10.0.0.0/33", &p), -1);
	assert_int_equal(addr_prefix_parse("10.0.0.0/", &p), -1);
	assert_int_equal(addr_prefix_parse("10.0.0.0/-1", &p), -1);
	assert_int_equal(addr_prefix_parse("10.0.0.0/8x", &p), -1);
	assert_int_equal(addr_prefix_parse("2001:db8::/129", &p), -1);
	assert_int_equal(addr_prefix_parse("host/8", &p), -1);
}

/* Dotted quads are read without inet_pton(), which stays the judge:
 * strings of digits and dots near the form (leading zeros, 256, four
 * digits, missing and extra parts, other bytes) are taken or refused as
 * it takes or refuses them, with the same bytes.  So by addr_parse_str()
 * with sixteen bytes to read (digits and dots after the NUL, which must
 * not count) and with only the string. */
static void
test_addr_ipv4_as_inet_pton(void **state)
{
	static const char *const parts[] = { "0", "1", "9", "10", "01", "00",
		"99", "100", "199", "255", "256", "260", "300", "999", "0255",
		"1000", "", "a", " 1", "1 ", "+1", "-1" };
	const size_t nparts = sizeof(parts) / sizeof(parts[0]);
	uint64_t rng = 0x853c49e6748fea9bULL;
	char text[64], padded[64];
	unsigned char want[4];
	struct addr a, b, c;
	int round, k, nk, ok;

	(void)state;
	for (round = 0; round < 20000; round++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		nk = 3 + (int)(rng >> 60) % 3; /* three to five parts */
		text[0] = '\0';
		for (k = 0; k < nk; k++) {
			rng = rng * 6364136223846793005ULL +
			    1442695040888963407ULL;
			if (k > 0)
				strcat(text, (rng >> 20) % 50 == 0 ? "," : ".");
			strcat(text, parts[(rng >> 33) % nparts]);
		}
		ok = inet_pton(AF_INET, text, want) == 1;
		assert_int_equal(addr_parse(text, strlen(text), &a),
		    ok ? 0 : -1);
		memset(padded, round % 2 == 0 ? '.' : '7', sizeof(padded));
		memcpy(padded, text, strlen(text) + 1);
		assert_int_equal(addr_parse_str(padded, sizeof(padded), &b),
		    ok ? 0 : -1);
		assert_int_equal(addr_parse_str(text, strlen(text) + 1, &c),
		    ok ? 0 : -1);
		if (ok) {
			assert_int_equal(a.family, 4);
			assert_memory_equal(a.bytes, want, 4);
			assert_memory_equal(&b, &a, sizeof(a));
			assert_memory_equal(&c, &a, sizeof(a));
		}
	}
}

/* Addresses read again are remembered: one that differs from a
 * remembered one only in its length, its last digit or the bytes after
 * its end, met in turns with others, is read as itself every time. */
static void
test_addr_parse_str_again(void **state)
{
	static const char *const texts[] = { "10.0.1.10", "10.0.1.100",
		"10.0.1.1", "10.0.1.11", "10.0.1.10x", "010.0.1.10", "10.0.1",
		"110.0.1.10", "255.255.255.255", "255.255.255.25", "1.2.3.4",
		"1.2.3.45", "0.0.0.0", "", "10.0.1.10 ", "::1" };
	const size_t ntexts = sizeof(texts) / sizeof(texts[0]);
	char padded[32];
	struct addr got, want;
	size_t i, k;
	int ok;

	(void)state;
	for (i = 0; i < 5000; i++) {
		/* Every third a repeat of the first, the others in turns. */
		k = i % 3 == 0 ? 0 : (i * 7 + i / 5) % ntexts;
		memset(padded, "0.9 "[i % 4], sizeof(padded));
		memcpy(padded, texts[k], strlen(texts[k]) + 1);
		ok = addr_parse(texts[k], strlen(texts[k]), &want) == 0;
		assert_int_equal(addr_parse_str(padded, sizeof(padded), &got),
		    ok ? 0 : -1);
		if (ok)
			assert_memory_equal(&got, &want, sizeof(want));
	}
}

static bool
private_str(const char *s)
{
	struct addr a;

	assert_int_equal(addr_parse(s, strlen(s), &a), 0);
	return addr_private(&a);
}

/* The ranges of a network's own, at their edges. */
static void
test_addr_private(void **state)
{
	(void)state;
	assert_true(private_str("10.0.0.0"));
	assert_true(private_str("10.255.255.255"));
	assert_false(private_str("11.0.0.1"));
	assert_true(private_str("172.16.0.1"));
	assert_true(private_str("172.31.255.255"));
	assert_false(private_str("172.32.0.1"));
	assert_false(private_str("172.15.255.255"));
	assert_true(private_str("192.168.1.1"));
	assert_false(private_str("192.169.0.1"));
	assert_true(private_str("100.64.0.1")); /* shared, RFC 6598 */
	assert_true(private_str("100.127.255.255"));
	assert_false(private_str("100.128.0.1"));
	assert_true(private_str("169.254.169.254"));
	assert_false(private_str("203.0.113.5"));
	assert_true(private_str("fd00::1")); /* unique local */
	assert_true(private_str("fe80::1")); /* link-local */
	assert_false(private_str("2001:db8::1"));
}

static int
compare_str(const char *a, const char *b)
{
	struct addr x, y;

	assert_int_equal(addr_parse(a, strlen(a), &x), 0);
	assert_int_equal(addr_parse(b, strlen(b), &y), 0);
	return addr_compare(&x, &y);
}

/* IPv4 before IPv6, then byte by byte, not as text. */
static void
test_addr_compare(void **state)
{
	(void)state;
	assert_int_equal(compare_str("10.0.0.1", "10.0.0.1"), 0);
	assert_true(compare_str("10.0.0.2", "10.0.0.10") < 0);
	assert_true(compare_str("10.0.0.10", "10.0.0.2") > 0);
	assert_true(compare_str("255.255.255.255", "::1") < 0);
	assert_true(compare_str("::1", "0.0.0.0") > 0);
	assert_true(compare_str("2001:db8::1", "2001:db8::2") < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_ipv4),
		cmocka_unit_test(test_addr_private),
		cmocka_unit_test(test_addr_compare),
		cmocka_unit_test(test_addr_ipv4_as_inet_pton),
		cmocka_unit_test(test_addr_parse_str_again),
		cmocka_unit_test(test_addr_ipv6),
		cmocka_unit_test(test_addr_rejects),
		cmocka_unit_test(test_addr_equal_needs_family),
		cmocka_unit_test(test_addr_prefix),
		cmocka_unit_test(test_addr_prefix_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
