/*
 * SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104): all that signing a
 * request to AWS asks of a crypto library, so flowdiag links none.  Every
 * buffer that held a key or a message is wiped before it is given back.
 */
#ifndef FLOWDIAG_SHA256_H
#define FLOWDIAG_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t bytes; /* hashed so far */
	unsigned char block[64];
	size_t used; /* bytes of block waiting */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);

/* Writes the digest to out and wipes c. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);

/* The digest of data[0..len) in one call. */
void sha256(const void *data, size_t len, unsigned char out[SHA256_LEN]);

/* HMAC-SHA256 of msg[0..msglen) under key[0..keylen). */
void hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
    unsigned char out[SHA256_LEN]);

#endif
