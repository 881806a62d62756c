/*
 * The kernel heap (see kern/heap.h): heap_core.c's logic over the frame
 * allocator, reached through the direct map, behind one spinlock.
 *
 * Entry points: heap_init, kmalloc, kzalloc, kfree, heap_stats.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/memlayout.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/heap_core.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/spinlock.h>
#include <kern/string.h>

static struct spinlock heap_lock = SPINLOCK_INIT("heap");
static struct heap kheap; /* guarded by heap_lock */
static bool heap_ready;

/* The page source: frame allocator blocks seen through the direct map.
 * Any frame will do, above 4 GiB included (heap_init runs after
 * frame_init_late). */
static void *
pages_alloc(void *ctx, unsigned order)
{
	uint64_t pa = frame_alloc(order, 0);

	return pa == 0 ? NULL : phys_to_virt(pa);
}

static void
pages_free(void *ctx, void *pages, unsigned order)
{
	frame_free(virt_to_phys(pages), order);
}

/* How heap_core learns a large block's size at kfree: the frame allocator
 * remembers the order of every block it handed out. */
static int
pages_order(void *ctx, void *pages)
{
	return frame_block_order(virt_to_phys(pages));
}

void
heap_init(void)
{
	const struct heap_pages src = {
		.hp_alloc = pages_alloc,
		.hp_free = pages_free,
		.hp_order = pages_order,
	};

	heap_core_init(&kheap, &src);
	heap_ready = true;
	pr_info("heap: %u slab classes up to %u bytes, larger sizes up to %u KiB "
	        "as page blocks\n",
	    HEAP_CLASSES, HEAP_MAX_SMALL, (HEAP_PAGE << HEAP_MAX_ORDER) >> 10);
}

void *
kmalloc(size_t size)
{
	void *p;
	bool irq;

	KASSERT(heap_ready);
	/* New slabs and large blocks come from frame_alloc under this lock:
	 * the lock order is heap_lock, then frame_lock. */
	irq = spin_lock_irqsave(&heap_lock);
	p = heap_core_alloc(&kheap, size);
	spin_unlock_irqrestore(&heap_lock, irq);
	return p;
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p != NULL) {
		memset(p, 0, size);
	}
	return p;
}

void
kfree(void *p)
{
	uint64_t v = (uint64_t)p;
	int err;
	bool irq;

	if (p == NULL) {
		return;
	}
	/* Only direct-map addresses of managed frames can be heap memory;
	 * anything else is refused before the heap reads its page. */
	if (v < PHYS_MAP_BASE || v >= KVA_BASE ||
	    frame_block_order(virt_to_phys(p) & ~(uint64_t)(PAGE_SIZE - 1)) < 0) {
		panic("kfree(%p): not a heap pointer", p);
	}
	irq = spin_lock_irqsave(&heap_lock);
	err = heap_core_free(&kheap, p, NULL);
	spin_unlock_irqrestore(&heap_lock, irq);
	if (err == HEAP_EDOUBLE) {
		panic("kfree(%p): double free", p);
	}
	if (err != 0) {
		panic("kfree(%p): not a pointer kmalloc returned", p);
	}
}

/* Copied under the lock so that the fields agree with each other. */
struct heap_stats
heap_stats(void)
{
	struct heap_stats s;
	bool irq;

	irq = spin_lock_irqsave(&heap_lock);
	s = kheap.h_stats;
	spin_unlock_irqrestore(&heap_lock, irq);
	return s;
}
