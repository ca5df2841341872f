/*
 * Unit tests of sha256.c against published vectors: the SHA-256 examples
 * of FIPS 180 (NIST's "abc", the two-block and 896-bit messages, a million
 * 'a') and the HMAC-SHA256 test cases of RFC 4231 (1-4, 6 and 7; 5 is a
 * truncated output).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flowdiag/aws/sha256.h"

static void
check_hex(const unsigned char *md, const char *want)
{
	char hex[2 * SHA256_LEN + 1];
	int i;

	for (i = 0; i < SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	assert_string_equal(hex, want);
}

static void
test_sha256_vectors(void **state)
{
	static const struct {
		const char *msg;
		const char *want;
	} v[] = {
		{ "",
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc",
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklm"
		  "noijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	unsigned char md[SHA256_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha256(v[i].msg, strlen(v[i].msg), md);
		check_hex(md, v[i].want);
	}
}

/* A million 'a', given in pieces of every size from 1 to 1000 in turn:
 * the pieces fill the block buffer at every offset. */
static void
test_sha256_million(void **state)
{
	static char a[1000];
	unsigned char md[SHA256_LEN];
	struct sha256 c;
	size_t done = 0, n = 1;

	(void)state;
	memset(a, 'a', sizeof(a));
	sha256_init(&c);
	while (done < 1000000) {
		if (n > 1000000 - done)
			n = 1000000 - done;
		sha256_update(&c, a, n);
		done += n;
		n = n % 1000 + 1;
	}
	sha256_final(&c, md);
	check_hex(md,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length to 300, whole and in two pieces split anywhere, gives one
 * digest: the padding at every place in the last block. */
static void
test_sha256_pieces(void **state)
{
	unsigned char buf[300], whole[SHA256_LEN], split[SHA256_LEN];
	struct sha256 c;
	size_t len, at;

	(void)state;
	for (len = 0; len < sizeof(buf); len++)
		buf[len] = (unsigned char)(len * 7 + 3);
	for (len = 0; len <= sizeof(buf); len++) {
		sha256(buf, len, whole);
		for (at = 0; at <= len; at += 1 + len / 16) {
			sha256_init(&c);
			sha256_update(&c, buf, at);
			sha256_update(&c, buf + at, len - at);
			sha256_final(&c, split);
			assert_memory_equal(split, whole, SHA256_LEN);
		}
	}
}

static void
test_hmac_sha256_rfc4231(void **state)
{
	static const char *const tc6 =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char *const tc7 =
	    "This is a test using a larger than block-size key and a larger "
	    "than block-size data. The key needs to be hashed before being "
	    "used by the HMAC algorithm.";
	unsigned char key[131], data[50], md[SHA256_LEN];
	int i;

	(void)state;
	memset(key, 0x0b, 20);
	hmac_sha256(key, 20, "Hi There", 8, md);
	check_hex(md,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, md);
	check_hex(md,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac_sha256(key, 20, data, 50, md);
	check_hex(md,
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

	for (i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	hmac_sha256(key, 25, data, 50, md);
	check_hex(md,
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");

	memset(key, 0xaa, 131);
	hmac_sha256(key, 131, tc6, strlen(tc6), md);
	check_hex(md,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	hmac_sha256(key, 131, tc7, strlen(tc7), md);
	check_hex(md,
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million),
		cmocka_unit_test(test_sha256_pieces),
		cmocka_unit_test(test_hmac_sha256_rfc4231),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
