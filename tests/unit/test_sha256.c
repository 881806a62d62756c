/* unit-sources: user/sha256sum/sha256.c */
/*
 * sha256sum's SHA-256: the FIPS 180-2 examples (one block, two blocks,
 * a million 'a's), the padding edges (55, 56, 63, 64, 65 bytes), and
 * random inputs of many lengths fed in random pieces, each compared with
 * the host's own sha256sum of the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../user/sha256sum/sha256.h"

static void
digest_of(const void *p, size_t len, char hex[65])
{
	uint8_t d[SHA256_DIGEST_LEN];
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, p, len);
	sha256_final(&s, d);
	sha256_hex(d, hex);
}

static void
test_vectors(void **state)
{
	char hex[65];
	char *million = malloc(1000000);

	digest_of("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest_of("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	digest_of(million, 1000000, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* The host's sha256sum of len bytes at p, through a temporary file. */
static void
host_digest(const uint8_t *p, size_t len, char hex[65])
{
	char path[] = "/tmp/test_sha256_XXXXXX", cmd[96];
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%64s", hex), 1);
	assert_int_equal(pclose(f), 0);
	unlink(path);
}

/* Lengths around the padding edges and random ones, hashed in one go
 * and in random pieces; both must match the host. */
static void
test_against_host(void **state)
{
	static const size_t edges[] = { 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000,
		4096, 65536 + 3 };
	enum {
		RANDOM = 40
	};
	size_t lens[sizeof(edges) / sizeof(edges[0]) + RANDOM];
	size_t n = 0, max = 300000;
	uint8_t *data = malloc(max);

	assert_non_null(data);
	srand(20261207);
	for (size_t i = 0; i < max; i++) {
		data[i] = (uint8_t)rand();
	}
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		lens[n++] = edges[i];
	}
	for (int i = 0; i < RANDOM; i++) {
		lens[n++] = (size_t)rand() % (i < 30 ? 300 : max);
	}
	for (size_t i = 0; i < n; i++) {
		char mine[65], pieces[65], host[65];
		uint8_t d[SHA256_DIGEST_LEN];
		struct sha256 s;
		size_t off = 0;

		digest_of(data, lens[i], mine);
		sha256_init(&s);
		while (off < lens[i]) {
			size_t k = (size_t)rand() % 150;

			k = k < lens[i] - off ? k : lens[i] - off;
			sha256_update(&s, data + off, k);
			off += k;
		}
		sha256_final(&s, d);
		sha256_hex(d, pieces);
		host_digest(data, lens[i], host);
		assert_string_equal(mine, host);
		assert_string_equal(pieces, host);
	}
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_against_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
