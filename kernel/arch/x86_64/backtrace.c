/*
 * Backtraces by the frame-pointer chain.  The kernel is built with
 * -fno-omit-frame-pointer, so every function's frame starts with the
 * caller's rbp and, just above it, the return address.  The walk trusts
 * nothing it reads: each frame pointer must pass trapinfo_frame_ok()
 * (aligned, strictly increasing, inside kernel memory that can hold a
 * stack, never leaving the stack it started on), each return address must
 * lie in kernel text, and at most BT_MAX_FRAMES lines are printed.
 * boot.S starts kmain() with rbp = 0, which ends the chain there.
 */
#include <stdbool.h>
#include <arch/arch.h>
#include <arch/memlayout.h>
#include <kern/bootinfo.h>
#include <kern/ksyms.h>
#include <kern/log.h>
#include "trapinfo.h"

#define BT_MAX_FRAMES 16

extern const char __data_start[], __data_end[];
extern const char __text_start[], __text_end[];

/* The kernel's data and bss (boot and static interrupt stacks), the kernel
 * virtual area (thread stacks) and the direct map of usable RAM. */
static size_t
bt_ranges(struct trapinfo_range *r)
{
	uint64_t ram_top = 0;

	for (unsigned i = 0; i < boot_info.mmap_count; i++) {
		const struct mem_range *m = &boot_info.mmap[i];
		if (m->type == MEM_USABLE && m->base + m->length > ram_top) {
			ram_top = m->base + m->length;
		}
	}
	r[0] = (struct trapinfo_range){ (uint64_t)__data_start, (uint64_t)__data_end };
	r[1] = (struct trapinfo_range){ KVA_BASE, KVA_BASE + KVA_SIZE };
	r[2] = (struct trapinfo_range){ PHYS_MAP_BASE, PHYS_MAP_BASE + ram_top };
	return 3;
}

/* One line.  A return address is looked up one byte back, so that a call
 * ending its function is not blamed on the next one. */
static bool
bt_line(unsigned n, uint64_t addr, bool is_return)
{
	uint64_t off = 0;
	const char *name = ksyms_lookup(addr - (is_return ? 1 : 0), &off);

	if (name == NULL) {
		if (is_return) {
			return false;
		}
		kprintf("    #%u 0x%016lx ?\n", n, addr);
		return true;
	}
	kprintf("    #%u 0x%016lx %s+0x%lx\n", n, addr, name, off + (is_return ? 1 : 0));
	return true;
}

/* Prints frames from rbp on, numbered from n. */
static void
bt_walk(unsigned n, uint64_t rbp)
{
	struct trapinfo_range ranges[3];
	size_t nranges = bt_ranges(ranges);
	uint64_t prev = 0;

	while (n < BT_MAX_FRAMES && trapinfo_frame_ok(prev, rbp, ranges, nranges)) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (!bt_line(n, frame[1], true)) {
			break;
		}
		n++;
		prev = rbp;
		rbp = frame[0];
	}
}

void
arch_backtrace(uint64_t rbp)
{
	kprintf("  backtrace:\n");
	bt_walk(0, rbp);
}

/*
 * The return address of an interrupted function that has no frame of its
 * own at rip (see trapinfo_ret_slot), or 0 when it has one or the guess
 * does not hold up: the slot must be on a kernel stack and hold an address
 * in kernel text right after a call instruction.
 */
static uint64_t
bt_frameless_return(uint64_t rip, uint64_t rsp)
{
	struct trapinfo_range ranges[3];
	size_t nranges = bt_ranges(ranges);
	uint64_t off = 0;

	if (ksyms_lookup(rip, &off) == NULL ||
	    rip - off + TRAPINFO_PROLOGUE_MAX > (uint64_t)__text_end) {
		return 0;
	}
	int slot = trapinfo_ret_slot((const uint8_t *)(rip - off), off, *(const uint8_t *)rip);
	if (slot == TRAPINFO_RET_FRAME ||
	    !trapinfo_frame_ok(0, rsp + 8 * (uint64_t)slot, ranges, nranges)) {
		return 0;
	}
	uint64_t ret = ((const uint64_t *)rsp)[slot];
	if (ret < (uint64_t)__text_start + 7 || ret >= (uint64_t)__text_end ||
	    !trapinfo_after_call((const uint8_t *)(ret - 7))) {
		return 0;
	}
	return ret;
}

void
arch_backtrace_at(uint64_t rip, uint64_t rsp, uint64_t rbp)
{
	unsigned n = 1;

	kprintf("  backtrace:\n");
	bt_line(0, rip, false);
	uint64_t ret = bt_frameless_return(rip, rsp);
	if (ret != 0 && bt_line(n, ret, true)) {
		n++;
	}
	bt_walk(n, rbp);
}
