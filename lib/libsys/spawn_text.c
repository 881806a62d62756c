/*
 * Shared program text for the loader (libsys/spawn.h): the first time a
 * read-only segment (text, rodata) is loaded, the loader keeps a
 * page-aligned copy of it in its own memory; every child that loads the
 * same bytes at the same address gets that copy's frames mapped
 * read-only (KC_PROC_SHARE) instead of fresh frames to zero and fill.  A
 * restarted driver then starts without copying its code, and under TCG
 * the code QEMU translated for the last instance is still valid.
 *
 * Segments are matched by address, size, rights and contents (a hash to
 * find the candidate, then a comparison), so a program rebuilt or read
 * from a different file is never mistaken for another.  The copy is
 * never written after it is made.  A full cache, or a loader without the
 * kernel call, just loads the ordinary way.
 */
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/layout.h>

#define TEXT_CACHE_MAX 64

struct text_copy {
	uint64_t tc_lo, tc_len; /* page-aligned place in the child */
	uint64_t tc_off;        /* the segment's first byte, from tc_lo */
	uint64_t tc_filesz;
	uint64_t tc_hash;
	unsigned tc_prot;
	uint64_t tc_copy; /* our copy's address */
};

static struct text_copy cache[TEXT_CACHE_MAX];
static unsigned cache_used;

/* FNV-1a over the segment's bytes. */
static uint64_t
text_hash(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint64_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 0x100000001b3ULL;
	}
	return h;
}

static struct text_copy *
text_find(uint64_t lo, uint64_t len, uint64_t off, const uint8_t *data, uint64_t filesz,
    unsigned prot, uint64_t hash)
{
	for (unsigned i = 0; i < cache_used; i++) {
		struct text_copy *c = &cache[i];

		if (c->tc_lo == lo && c->tc_len == len && c->tc_off == off &&
		    c->tc_filesz == filesz && c->tc_prot == prot && c->tc_hash == hash &&
		    memcmp((const void *)(c->tc_copy + off), data, filesz) == 0) {
			return c;
		}
	}
	return NULL;
}

/* A new copy of the segment, or NULL (cache full, no memory). */
static struct text_copy *
text_add(uint64_t lo, uint64_t len, uint64_t off, const uint8_t *data, uint64_t filesz,
    unsigned prot, uint64_t hash)
{
	struct text_copy *c;
	int64_t va;

	if (cache_used == TEXT_CACHE_MAX) {
		return NULL;
	}
	va = kc_proc_mmap(ENDPOINT_SELF, 0, len, PROT_READ | PROT_WRITE);
	if (va < 0) {
		return NULL;
	}
	memcpy((void *)(va + off), data, filesz);
	c = &cache[cache_used++];
	*c = (struct text_copy){ lo, len, off, filesz, hash, prot, (uint64_t)va };
	return c;
}

int
spawn_text_share(endpoint_t child, uint64_t vaddr, uint64_t memsz, const uint8_t *data,
    uint64_t filesz, unsigned prot)
{
	uint64_t lo = vaddr & ~(USER_PAGE - 1);
	uint64_t len = ((vaddr + memsz + USER_PAGE - 1) & ~(USER_PAGE - 1)) - lo;
	uint64_t hash = text_hash(data, filesz);
	struct text_copy *c;

	if ((prot & PROT_WRITE) != 0 || filesz > memsz) {
		return -EINVAL;
	}
	c = text_find(lo, len, vaddr - lo, data, filesz, prot, hash);
	if (c == NULL) {
		c = text_add(lo, len, vaddr - lo, data, filesz, prot, hash);
	}
	if (c == NULL) {
		return -ENOSPC;
	}
	return kc_proc_share(child, lo, c->tc_copy, len, prot);
}
