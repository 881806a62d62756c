/*
 * memtest's children: the grantee side of the safecopy tests, both sides
 * of the shared-memory tests, and the DMA tests (in children, so that
 * their mappings and page tables go with them).  A failure prints one line
 * and exits with status 1.
 */
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "memtest.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static const char *case_name;
static uint8_t buf[2 * MEMTEST_WIN_LEN];

static int
fail(const char *what, long got)
{
	printf("memtest child %s: %s (got %ld)\n", case_name, what, got);
	return 1;
}

/* Waits for the parent's (or a sibling's) message with the grant ids. */
static endpoint_t
wait_for_grants(struct message *m)
{
	if (ipc_receive(ENDPOINT_ANY, m) != 0) {
		return ENDPOINT_NONE;
	}
	return m->m_source;
}

static int
case_copy(void)
{
	struct message m = { 0 };
	endpoint_t owner = wait_for_grants(&m);
	int64_t g = (int64_t)m.m_arg[0];
	int r;

	r = kc_safecopy_from(owner, g, 0, buf, MEMTEST_WIN_LEN);
	if (r != 0) {
		return fail("safecopy from the window", r);
	}
	for (unsigned i = 0; i < MEMTEST_WIN_LEN; i++) {
		if (buf[i] != memtest_pattern(1, i)) {
			return fail("wrong byte copied from the window at", i);
		}
	}
	for (unsigned i = 0; i < MEMTEST_TO_LEN; i++) {
		buf[i] = memtest_pattern(2, MEMTEST_TO_OFF + i);
	}
	r = kc_safecopy_to(owner, g, MEMTEST_TO_OFF, buf, MEMTEST_TO_LEN);
	return r == 0 ? 0 : fail("safecopy to the window", r);
}

/* One expected result; returns 1 (and says so) when r is another. */
static int
expect(const char *what, long r, long want)
{
	if (r != want) {
		printf("memtest child %s: %s: got %ld, want %ld\n", case_name, what, r, want);
		return 1;
	}
	return 0;
}

static int
case_errors(void)
{
	struct message m = { 0 };
	endpoint_t owner = wait_for_grants(&m), dead = ENDPOINT_MAKE(ENDPOINT_SLOTS - 1, 77);
	int64_t rw = (int64_t)m.m_arg[0], ro = (int64_t)m.m_arg[1];
	int64_t revoked = (int64_t)m.m_arg[2], other = (int64_t)m.m_arg[3];
	int bad = 0;

	bad += expect("last byte", kc_safecopy_from(owner, rw, 4095, buf, 1), 0);
	bad += expect("offset at the end", kc_safecopy_from(owner, rw, 4096, buf, 1), -ERANGE);
	bad += expect("past the end", kc_safecopy_from(owner, rw, 4000, buf, 200), -ERANGE);
	bad += expect("offset overflow", kc_safecopy_from(owner, rw, UINT64_MAX - 10, buf, 20),
	    -ERANGE);
	bad += expect("zero length", kc_safecopy_from(owner, rw, 0, buf, 0), -EINVAL);
	bad += expect("length overflow", kc_safecopy_from(owner, rw, 8, buf, SIZE_MAX), -EFAULT);
	bad += expect("write to a read grant", kc_safecopy_to(owner, ro, 0, buf, 1), -EACCES);
	bad += expect("revoked", kc_safecopy_from(owner, revoked, 0, buf, 1), -ENOENT);
	bad += expect("stale id", kc_safecopy_from(owner, rw + (1 << 8), 0, buf, 1), -ENOENT);
	bad += expect("wrong grantee", kc_safecopy_from(owner, other, 0, buf, 1), -EPERM);
	bad += expect("dead owner", kc_safecopy_from(dead, rw, 0, buf, 1), -EDEADSRCDST);
	bad +=
	    expect("unmapped buffer", kc_safecopy_from(owner, rw, 0, (void *)0x1000, 16), -EFAULT);
	bad += expect("read-only buffer", kc_safecopy_from(owner, rw, 0, (void *)case_errors, 16),
	    -EFAULT);
	bad += expect("unmapped source", kc_safecopy_to(owner, rw, 0, (void *)0x1000, 16), -EFAULT);
	bad += expect("empty window", kc_grant_create(owner, buf, 0, GRANT_READ), -EINVAL);
	bad += expect("kernel window",
	    kc_grant_create(owner, (void *)0xffff800000000000ULL, 4096, GRANT_READ), -EFAULT);
	bad += expect("unaligned map window",
	    kc_grant_create(owner, buf + 1, 4096, GRANT_READ | GRANT_MAP), -EINVAL);
	bad += expect("dead grantee", kc_grant_create(dead, buf, 16, GRANT_READ), -EDEADSRCDST);
	bad += expect("map without GRANT_MAP", kc_grant_map(owner, rw), -EACCES);
	return bad == 0 ? 0 : 1;
}

/* Copies once, asks the owner to revoke, then finds the grant gone. */
static int
case_revoke(void)
{
	struct message m = { 0 };
	endpoint_t owner = wait_for_grants(&m);
	int64_t g = (int64_t)m.m_arg[0];
	int r = kc_safecopy_from(owner, g, 0, buf, 64);

	if (r != 0) {
		return fail("copy before the revocation", r);
	}
	r = ipc_call(owner, &m);
	if (r != 0) {
		return fail("call to the owner", r);
	}
	r = kc_safecopy_from(owner, g, 0, buf, 64);
	return r == -ENOENT ? 0 : fail("copy through a revoked grant", r);
}

/* A page of our own, its first word set to first, shared with peer
 * through a GRANT_MAP grant whose id is sent to it. */
static volatile uint64_t *
share_page(endpoint_t peer, uint64_t first)
{
	int64_t va = kc_proc_mmap(ENDPOINT_SELF, 0, MEMTEST_PAGE, PROT_READ | PROT_WRITE);
	struct message m = { 0 };
	int64_t g;

	if (va < 0) {
		fail("mmap", va);
		return NULL;
	}
	*(volatile uint64_t *)va = first;
	g = kc_grant_create(peer, (void *)va, MEMTEST_PAGE, GRANT_READ | GRANT_WRITE | GRANT_MAP);
	if (g < 0) {
		fail("grant", g);
		return NULL;
	}
	m.m_arg[0] = (uint64_t)g;
	if (ipc_send(peer, &m) != 0) {
		fail("send the grant", 0);
		return NULL;
	}
	return (volatile uint64_t *)va;
}

/* Maps the page the owner sends us; its owner in *owner. */
static volatile uint64_t *
map_page(endpoint_t *owner)
{
	struct message m = { 0 };
	int64_t va;

	*owner = wait_for_grants(&m);
	va = kc_grant_map(*owner, (int64_t)m.m_arg[0]);
	if (va < 0) {
		fail("grant map", va);
		return NULL;
	}
	return (volatile uint64_t *)va;
}

/* Takes turns with the peer: word 0 says whose turn it is (0 the owner,
 * 1 the mapper), word 1 is the counter. */
static int
take_turns(volatile uint64_t *shared, uint64_t me)
{
	for (unsigned n = 0; n < MEMTEST_ROUNDS; n++) {
		while (__atomic_load_n(&shared[0], __ATOMIC_ACQUIRE) != me) {
			sys_yield();
		}
		shared[1]++;
		__atomic_store_n(&shared[0], 1 - me, __ATOMIC_RELEASE);
	}
	return 0;
}

static int
case_shm_owner(const char *peer)
{
	volatile uint64_t *shared = share_page((endpoint_t)atoi(peer), 0);

	if (shared == NULL) {
		return 1;
	}
	take_turns(shared, 0);
	while (__atomic_load_n(&shared[0], __ATOMIC_ACQUIRE) != 0) {
		sys_yield();
	}
	if (shared[1] != 2 * MEMTEST_ROUNDS) {
		return fail("the shared counter", (long)shared[1]);
	}
	printf("memtest: shared counter %lu after %u turns each\n", shared[1], MEMTEST_ROUNDS);
	return 0;
}

static int
case_shm_user(void)
{
	endpoint_t owner;
	volatile uint64_t *shared = map_page(&owner);

	if (shared == NULL) {
		return 1;
	}
	return take_turns(shared, 1);
}

/* The owner shares a page, lets go of it once the peer has mapped it, and
 * exits; the peer's mapping must keep the page. */
static int
case_life_owner(const char *peer)
{
	endpoint_t user = (endpoint_t)atoi(peer);
	volatile uint64_t *shared = share_page(user, MEMTEST_MAGIC);
	struct message m = { 0 };
	int r;

	if (shared == NULL) {
		return 1;
	}
	/* From the user only: if it dies instead, this fails at once. */
	if (ipc_receive(user, &m) != 0) {
		return fail("no word from the peer", 0);
	}
	r = kc_munmap((uint64_t)shared, MEMTEST_PAGE);
	if (r != 0) {
		return fail("munmap", r);
	}
	return ipc_reply(m.m_source, &m) == 0 ? 0 : fail("reply", 0);
}

static int
case_life_user(void)
{
	struct message m = { 0 };
	endpoint_t owner;
	volatile uint64_t *shared = map_page(&owner);

	if (shared == NULL) {
		return 1;
	}
	if (shared[0] != MEMTEST_MAGIC) {
		return fail("the shared page does not hold the owner's word", (long)shared[0]);
	}
	if (ipc_call(owner, &m) != 0) {
		return fail("call to the owner", 0);
	}
	/* The parent says when the owner has exited. */
	if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
		return fail("no word from the parent", 0);
	}
	if (shared[0] != MEMTEST_MAGIC) {
		return fail("the page changed after its owner went", (long)shared[0]);
	}
	shared[0] = ~MEMTEST_MAGIC;
	return shared[0] == ~MEMTEST_MAGIC ? 0 : fail("cannot write the page", 0);
}

/* Every alignment from 4 KiB to 2 MiB, and the requests that are bad. */
static int
dma_align(void)
{
	struct dma_buf d;
	int r, bad = 0;

	for (uint64_t a = 4096; a <= 2 * MiB; a *= 2) {
		r = kc_dma_alloc(4096, a, 0, &d);
		if (r != 0 || d.db_phys % a != 0 || d.db_vaddr % 4096 != 0 || d.db_size < a) {
			return fail("DMA buffer with alignment", (long)a);
		}
		((volatile uint8_t *)d.db_vaddr)[0] = 1;
		((volatile uint8_t *)d.db_vaddr)[d.db_size - 1] = 2;
		if ((r = kc_dma_free(d.db_vaddr)) != 0) {
			return fail("DMA free", r);
		}
	}
	r = kc_dma_alloc(12 * 1024, 0, 0, &d);
	if (r != 0 || d.db_size != 16 * 1024) {
		return fail("a 12 KiB buffer is not 16 KiB", (long)d.db_size);
	}
	kc_dma_free(d.db_vaddr);
	bad += expect("alignment 3000", kc_dma_alloc(4096, 3000, 0, &d), -EINVAL);
	bad += expect("alignment 4 MiB", kc_dma_alloc(4096, 4 * MiB, 0, &d), -EINVAL);
	bad += expect("size 0", kc_dma_alloc(0, 0, 0, &d), -EINVAL);
	bad += expect("size 8 MiB", kc_dma_alloc(8 * MiB, 0, 0, &d), -EINVAL);
	bad += expect("unknown flag", kc_dma_alloc(4096, 0, 0x80, &d), -EINVAL);
	bad += expect("unwritable result", kc_dma_alloc(4096, 0, 0, (void *)0x1000), -EFAULT);
	bad += expect("free of no buffer", kc_dma_free(0x1000), -ENOENT);
	return bad == 0 ? 0 : 1;
}

/* With DMA_BELOW_4G every buffer ends by 4 GiB; without it, on a machine
 * with memory above 4 GiB, buffers come from there first. */
static int
dma_below4g(void)
{
	struct sysinfo si;
	struct dma_buf d[8];
	int r;

	for (unsigned i = 0; i < 8; i++) {
		r = kc_dma_alloc(64 * 1024, 0, DMA_BELOW_4G, &d[i]);
		if (r != 0 || d[i].db_phys + d[i].db_size > 4 * GiB) {
			return fail("a DMA_BELOW_4G buffer above 4 GiB", (long)d[i].db_phys);
		}
	}
	printf("memtest: DMA_BELOW_4G buffers at 0x%lx ... 0x%lx\n", d[0].db_phys, d[7].db_phys);
	kc_sysinfo(&si);
	if (si.si_total_frames * 4096 > 4 * GiB + 512 * MiB) {
		r = kc_dma_alloc(64 * 1024, 0, 0, &d[0]);
		if (r != 0 || d[0].db_phys < 4 * GiB) {
			return fail("a buffer without the flag did not come from above 4 GiB",
			    (long)d[0].db_phys);
		}
		printf("memtest: DMA buffer without the flag at 0x%lx\n", d[0].db_phys);
	}
	return 0;
}

/* Buffers come zeroed, even when the memory was just used. */
static int
dma_zero(void)
{
	struct dma_buf d;

	for (unsigned round = 0; round < 2; round++) {
		for (uint64_t size = 2 * MiB; size <= 4 * MiB; size *= 2) {
			if (kc_dma_alloc(size, 0, 0, &d) != 0) {
				return fail("DMA buffer of", (long)size);
			}
			volatile uint64_t *w = (volatile uint64_t *)d.db_vaddr;
			for (uint64_t i = 0; i < d.db_size / 8; i++) {
				if (w[i] != 0) {
					return fail("DMA buffer not zeroed at", (long)(i * 8));
				}
				w[i] = 0xa5a5a5a5a5a5a5a5ULL;
			}
			kc_dma_free(d.db_vaddr);
		}
	}
	return 0;
}

int
memtest_child(const char *c, const char *arg)
{
	case_name = c;
	if (strcmp(c, "hold") == 0) {
		struct message m = { 0 };

		return ipc_receive(ENDPOINT_ANY, &m) == 0 ? 0 : 1;
	} else if (strcmp(c, "copy") == 0) {
		return case_copy();
	} else if (strcmp(c, "read_shared") == 0) {
		/* The parent's page, shared read-only: its bytes, then a
		 * write that must fault (status 1 if it does not). */
		volatile uint8_t *page = (volatile uint8_t *)MEMTEST_SHARE_ADDR;

		for (unsigned i = 0; i < MEMTEST_PAGE; i++) {
			if (page[i] != MEMTEST_SHARE_BYTE) {
				return 2;
			}
		}
		page[0] = 0;
		return 1;
	} else if (strcmp(c, "errors") == 0) {
		return case_errors();
	} else if (strcmp(c, "revoke") == 0) {
		return case_revoke();
	} else if (strcmp(c, "shm_owner") == 0 && arg != NULL) {
		return case_shm_owner(arg);
	} else if (strcmp(c, "shm_user") == 0) {
		return case_shm_user();
	} else if (strcmp(c, "life_owner") == 0 && arg != NULL) {
		return case_life_owner(arg);
	} else if (strcmp(c, "life_user") == 0) {
		return case_life_user();
	} else if (strcmp(c, "dma_align") == 0) {
		return dma_align();
	} else if (strcmp(c, "dma_below4g") == 0) {
		return dma_below4g();
	} else if (strcmp(c, "dma_zero") == 0) {
		return dma_zero();
	}
	return fail("no such case", 0);
}
