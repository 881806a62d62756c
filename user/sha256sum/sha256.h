/*
 * SHA-256 (FIPS 180-4) over a stream of bytes: sha256_init(), then
 * sha256_update() with the data in pieces of any size, then
 * sha256_final() for the 32-byte digest.  Pure C with no system calls,
 * so the host tests check it against known vectors and the host's own
 * sha256sum.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64

struct sha256 {
	uint32_t s_h[8];                 /* the chaining state */
	uint64_t s_len;                  /* bytes hashed so far */
	uint8_t s_buf[SHA256_BLOCK_LEN]; /* a partial block */
	size_t s_fill;                   /* bytes of it in use */
};

/* Starts a new digest in s. */
void sha256_init(struct sha256 *s);

/* Hashes len more bytes from data. */
void sha256_update(struct sha256 *s, const void *data, size_t len);

/* Pads, finishes and writes the digest into out; s must be started
 * again before another use. */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_LEN]);

/* The digest of out as 64 lower-case hex digits and a NUL into hex. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_LEN], char hex[2 * SHA256_DIGEST_LEN + 1]);
