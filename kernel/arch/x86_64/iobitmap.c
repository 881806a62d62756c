/*
 * Per-CPU I/O permission bitmaps (arch/iobitmap.h).  The CPU reads the
 * bitmap base from the TSS in memory at every I/O instruction, so
 * switching the bitmap on and off is a plain store; nothing needs a
 * reload of the task register.
 *
 * Entry points: iobitmap_load, iobitmap_refresh, iobitmap_forget.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/iobitmap.h>
#include <arch/percpu.h>
#include <kern/string.h>

void
iobitmap_load(const uint8_t *bitmap, int32_t owner)
{
	struct cpu *c = this_cpu();

	if (bitmap == NULL) {
		c->c_tss.iomap_base = IOMAP_TSS_NONE;
		return;
	}
	if (__atomic_load_n(&c->c_iomap_owner, __ATOMIC_ACQUIRE) != owner) {
		memcpy(c->c_iomap, bitmap, IOMAP_BYTES);
		__atomic_store_n(&c->c_iomap_owner, owner, __ATOMIC_RELEASE);
	}
	c->c_tss.iomap_base = IOMAP_TSS_OFFSET;
}

/* Whether bitmap allows ports [port, port+width). */
static bool
iobitmap_allows(const uint8_t *bitmap, uint32_t port, unsigned width)
{
	if (port + width > IOMAP_BYTES * 8) {
		return false;
	}
	for (uint32_t q = port; q < port + width; q++) {
		if ((bitmap[q / 8] & (1u << (q % 8))) != 0) {
			return false;
		}
	}
	return true;
}

bool
iobitmap_refresh(const uint8_t *bitmap, int32_t owner, uint32_t port, unsigned width)
{
	struct cpu *c = this_cpu();
	bool loaded = c->c_tss.iomap_base == IOMAP_TSS_OFFSET;

	if (!iobitmap_allows(bitmap, port, width) ||
	    (loaded && iobitmap_allows(c->c_iomap, port, width))) {
		return false;
	}
	__atomic_store_n(&c->c_iomap_owner, IOMAP_OWNER_NONE, __ATOMIC_RELEASE);
	iobitmap_load(bitmap, owner);
	return true;
}

void
iobitmap_forget(int32_t owner)
{
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		struct cpu *c = cpus[i];
		int32_t expected = owner;

		if (c == NULL) {
			continue;
		}
		__atomic_compare_exchange_n(&c->c_iomap_owner, &expected, IOMAP_OWNER_NONE, false,
		    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
	}
}
