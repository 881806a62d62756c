/*
 * The frame allocator's kernel side (see kern/frame.h): it turns boot_info
 * into the set of free frames, hands that to the buddy allocator
 * (kernel/mm/buddy.c), and wraps every call in one spinlock.
 *
 * Besides what the map itself reserves (kernel/mm/memmap.c), the kernel
 * keeps the first MiB (real-mode structures and the SMP trampoline's fixed
 * pages), its own image, each boot module and the loader's information
 * block.
 *
 * Entry points: frame_init, frame_init_late, frame_alloc, frame_free,
 * frame_block_order, frame_free_pages, frame_total_pages,
 * frame_free_high_pages.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/memlayout.h>
#include <kern/bootinfo.h>
#include <kern/buddy.h>
#include <kern/frame.h>
#include <kern/log.h>
#include <kern/memmap.h>
#include <kern/panic.h>
#include <kern/rangeset.h>
#include <kern/spinlock.h>
#include <kern/string.h>

_Static_assert(FRAME_MAX_ORDER == BUDDY_MAX_ORDER, "frame and buddy orders differ");

extern char __kernel_phys_start[], __kernel_end[];

static struct spinlock frame_lock = SPINLOCK_INIT("frame");
static struct buddy frame_buddy;      /* guarded by frame_lock */
static struct rangeset frame_scratch; /* frame_init only */
static bool frame_high_ok;            /* set once, before other CPUs run */

/* The buddy allocator's metadata is always below 4 GiB, where the boot
 * direct map already reaches and the final one will too. */
static void *
meta_map(void *ctx, uint64_t phys, size_t size)
{
	return phys_to_virt(phys);
}

/* The ranges the kernel keeps for itself, whatever the map says. */
static unsigned
kernel_reservations(struct range *res)
{
	unsigned n = 0;

	res[n++] = (struct range){ 0, 0x100000 };
	res[n++] =
	    (struct range){ (uint64_t)__kernel_phys_start, (uint64_t)__kernel_end - KERNEL_VMA };
	for (unsigned i = 0; i < boot_info.module_count; i++) {
		res[n++] = (struct range){ boot_info.modules[i].start, boot_info.modules[i].end };
	}
	res[n++] = (struct range){ boot_info.info_phys, boot_info.info_phys + boot_info.info_size };
	for (unsigned i = 0; i < n; i++) {
		pr_debug("frame: reserve [%#lx-%#lx)\n", res[i].base, res[i].end);
	}
	return n;
}

void
frame_init(void)
{
	struct range res[BOOT_MODULES_MAX + 3];
	struct rangeset *set = &frame_scratch;
	unsigned nres = kernel_reservations(res);
	uint64_t usable;
	int err;

	/* Losing a few ranges to a full set is survivable; losing all is not. */
	if (memmap_free_ranges(set, boot_info.mmap, boot_info.mmap_count, res, nres, &usable) !=
	    0) {
		pr_warn("frame: memory map too fragmented; some free memory left unused\n");
	}
	if (set->rs_count == 0) {
		panic("frame: the memory map has no usable RAM above 1 MiB "
		      "(%u ranges)",
		    boot_info.mmap_count);
	}
	if (set->rs_r[set->rs_count - 1].end > BUDDY_PHYS_LIMIT) {
		pr_warn("frame: ignoring RAM above %llu GiB\n", BUDDY_PHYS_LIMIT >> 30);
	}

	/* No other CPU runs yet: building needs no lock. */
	err = buddy_build(&frame_buddy, set, meta_map, NULL);
	if (err != 0) {
		panic("frame: no free range below 4 GiB can hold the allocator's "
		      "metadata (error %d)",
		    err);
	}
	pr_info("frame: %lu MiB free of %lu MiB usable, %u ranges\n",
	    buddy_free_pages(&frame_buddy) >> (20 - BUDDY_PAGE_SHIFT), usable >> 20, set->rs_count);
	pr_debug("frame: %lu KiB of metadata\n", frame_buddy.b_meta_pages * 4);
}

void
frame_init_late(void)
{
	frame_high_ok = true;
}

/* Only the list operation runs under the lock; zeroing (up to 4 MiB) runs
 * after it, on memory nobody else can reach yet. */
uint64_t
frame_alloc(unsigned order, unsigned flags)
{
	bool low = (flags & FRAME_BELOW_4G) != 0 || !frame_high_ok;
	uint64_t pfn, phys;
	bool irq;

	irq = spin_lock_irqsave(&frame_lock);
	pfn = buddy_alloc(&frame_buddy, order, low);
	spin_unlock_irqrestore(&frame_lock, irq);
	if (pfn == BUDDY_NONE) {
		return 0;
	}
	phys = pfn << BUDDY_PAGE_SHIFT;
	if ((flags & FRAME_ZERO) != 0) {
		memset(phys_to_virt(phys), 0, FRAME_SIZE << order);
	}
	return phys;
}

void
frame_free(uint64_t phys, unsigned order)
{
	static const char *const why[] = {
		[-BUDDY_EALIGN] = "misaligned for its order",
		[-BUDDY_ERANGE] = "not a managed frame",
		[-BUDDY_EFREE] = "already free (double free)",
		[-BUDDY_EORDER] = "not the start of an allocated block of that order",
	};
	int err = BUDDY_EALIGN;
	bool irq;

	/* Panic only after the unlock: the report must not run under our lock. */
	if ((phys & (FRAME_SIZE - 1)) == 0) {
		irq = spin_lock_irqsave(&frame_lock);
		err = buddy_free(&frame_buddy, phys >> BUDDY_PAGE_SHIFT, order);
		spin_unlock_irqrestore(&frame_lock, irq);
	}
	if (err != 0) {
		panic("frame_free(%#lx, order %u): %s", phys, order, why[-err]);
	}
}

int
frame_block_order(uint64_t phys)
{
	int order;
	bool irq;

	if ((phys & (FRAME_SIZE - 1)) != 0) {
		return -1;
	}
	irq = spin_lock_irqsave(&frame_lock);
	order = buddy_block_order(&frame_buddy, phys >> BUDDY_PAGE_SHIFT);
	spin_unlock_irqrestore(&frame_lock, irq);
	return order;
}

/* The counters are read without the lock: a snapshot that may be stale by
 * the time the caller looks at it, which is all a free count can be. */
uint64_t
frame_free_pages(void)
{
	return __atomic_load_n(&frame_buddy.b_free[BUDDY_LOW], __ATOMIC_RELAXED) +
	    __atomic_load_n(&frame_buddy.b_free[BUDDY_HIGH], __ATOMIC_RELAXED);
}

uint64_t
frame_total_pages(void)
{
	return frame_buddy.b_total;
}

uint64_t
frame_free_high_pages(void)
{
	return __atomic_load_n(&frame_buddy.b_free[BUDDY_HIGH], __ATOMIC_RELAXED);
}
