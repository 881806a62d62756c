/*
 * The memory-management self-test, run at boot with `ktest=mm`: random
 * frame allocations whose totals must come back, memory above 4 GiB mapped
 * and written, kmalloc accounting, page protections (checked in the page
 * tables rather than by faulting) and the kernel virtual area.  Prints
 * `ktest mm: OK` or `ktest mm: FAILED: <why>`.
 *
 * Entry point: mm_selftest.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/pte.h>
#include <kern/bootinfo.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/mm_selftest.h>
#include <kern/printf.h>
#include <kern/string.h>

#define FOUR_GIB 0x100000000ULL
#define TAG 0x5a5aa5a5c3c33c3cULL
#define MAX_LIVE 128

/* A failure's reason, when it needs numbers in it. */
static char why[160];
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
/* One object in each protected section of the image, to query. */
static const uint32_t rodata_probe = 0x12345678;
static uint32_t data_probe = 1;

/* The random test's live blocks (static: the boot stack is small). */
static struct {
	uint64_t pa;
	unsigned order;
} live[MAX_LIVE];

/* xorshift64 with a fixed seed: a failing run replays exactly. */
static uint64_t
rng(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

/* A physical word through the direct map. */
static uint64_t *
word(uint64_t pa)
{
	return phys_to_virt(pa);
}

/* Marks the first and last word of each page of [pa, pa+size) with its
 * address, or checks those marks. */
static int
mark_pages(uint64_t pa, uint64_t size, int check)
{
	for (uint64_t p = pa; p < pa + size; p += PAGE_SIZE) {
		uint64_t *first = word(p), *last = word(p + PAGE_SIZE - 8);

		if (!check) {
			*first = p ^ TAG;
			*last = ~p ^ TAG;
		} else if (*first != (p ^ TAG) || *last != (~p ^ TAG)) {
			return -1;
		}
	}
	return 0;
}

/* Random orders and flags, up to MAX_LIVE blocks alive, each page marked
 * and checked before it is freed; then every block is freed and the free
 * count must be what it was. */
static const char *
test_frames(void)
{
	uint64_t free0 = frame_free_pages();
	unsigned nlive = 0;

	if (frame_alloc(FRAME_MAX_ORDER + 1, 0) != 0) {
		return "frame_alloc accepted an order above the maximum";
	}
	for (unsigned i = 0; i < 4000 || nlive > 0; i++) {
		if (i < 4000 && nlive < MAX_LIVE && (nlive == 0 || rng(2) == 0)) {
			unsigned order = (unsigned)rng(FRAME_MAX_ORDER + 1);
			unsigned flags =
			    (rng(3) == 0 ? FRAME_BELOW_4G : 0) | (rng(2) ? FRAME_ZERO : 0);
			uint64_t size = FRAME_SIZE << order;
			uint64_t pa = frame_alloc(order, flags);

			if (pa == 0) {
				continue;
			}
			if (pa % size != 0 ||
			    ((flags & FRAME_BELOW_4G) != 0 && pa + size > FOUR_GIB)) {
				ksnprintf(why, sizeof(why), "order %u flags %#x gave %#lx", order,
				    flags, pa);
				return why;
			}
			if ((flags & FRAME_ZERO) != 0 &&
			    (*word(pa) != 0 || *word(pa + size - 8) != 0)) {
				return "FRAME_ZERO block not zeroed";
			}
			mark_pages(pa, size, 0);
			live[nlive].pa = pa;
			live[nlive++].order = order;
		} else {
			unsigned j = (unsigned)rng(nlive);

			if (mark_pages(live[j].pa, FRAME_SIZE << live[j].order, 1) != 0) {
				return "a live block was overwritten";
			}
			frame_free(live[j].pa, live[j].order);
			live[j] = live[--nlive];
		}
	}
	if (frame_free_pages() != free0) {
		ksnprintf(why, sizeof(why), "free frames %lu after random cycles, %lu before",
		    frame_free_pages(), free0);
		return why;
	}
	return NULL;
}

/* Whether a whole block is in the direct map, writable, at the right
 * physical address. */
static bool
block_mapped(uint64_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += size - PAGE_SIZE) {
		uint64_t phys = 0;
		unsigned f = vm_query(phys_to_virt(pa + off), &phys);

		if ((f & (VM_PRESENT | VM_WRITE)) != (VM_PRESENT | VM_WRITE) || phys != pa + off) {
			return false;
		}
	}
	return true;
}

/* Takes every 4 MiB block above 4 GiB and checks that the direct map
 * reaches it; writes and reads back the first and last page of the first
 * block of each GiB and of the highest block.  Writing every block would
 * make QEMU back all of that memory on the host for no better proof. */
static const char *
test_high_memory(void)
{
	const uint64_t block = FRAME_SIZE << FRAME_MAX_ORDER;
	uint64_t free0 = frame_free_pages(), pa, n = 0, max, written = 0, top = 0;
	uint64_t *list;
	const char *err = NULL;

	if (frame_free_high_pages() == 0) {
		pr_info("ktest mm: no memory above 4 GiB\n");
		return NULL;
	}
	max = frame_free_high_pages() / (block / FRAME_SIZE) + 1;
	list = kmalloc(max * sizeof(*list));
	if (list == NULL) {
		return "no heap memory for the list of high blocks";
	}
	while (n < max && (pa = frame_alloc(FRAME_MAX_ORDER, 0)) != 0) {
		if (pa < FOUR_GIB) {
			frame_free(pa, FRAME_MAX_ORDER);
			break;
		}
		list[n++] = pa;
		top = pa > top ? pa : top;
		if (err == NULL && !block_mapped(pa, block)) {
			ksnprintf(why, sizeof(why), "block %#lx is not in the direct map", pa);
			err = why;
		}
	}
	for (uint64_t i = 0; err == NULL && i < n; i++) {
		if ((list[i] & ((1ULL << 30) - 1)) == 0 || list[i] == top) {
			mark_pages(list[i], PAGE_SIZE, 0);
			mark_pages(list[i] + block - PAGE_SIZE, PAGE_SIZE, 0);
			written++;
		}
	}
	for (uint64_t i = 0; i < n; i++) {
		if (err == NULL && ((list[i] & ((1ULL << 30) - 1)) == 0 || list[i] == top) &&
		    (mark_pages(list[i], PAGE_SIZE, 1) != 0 ||
		        mark_pages(list[i] + block - PAGE_SIZE, PAGE_SIZE, 1) != 0)) {
			err = "memory above 4 GiB did not keep what was written";
		}
		frame_free(list[i], FRAME_MAX_ORDER);
	}
	kfree(list);
	pr_info("ktest mm: %lu MiB above 4 GiB mapped, %lu blocks written up to %#lx\n", n * 4,
	    written, top + block);
	if (err == NULL && (written == 0 || frame_free_pages() != free0)) {
		err = "high memory was not allocated and freed in full";
	}
	return err;
}

/* Small and large allocations, contents checked, then the counters and
 * the frame allocator's free count must come back. */
static const char *
test_heap(void)
{
	static void *obj[300];
	struct heap_stats s0 = heap_stats(), s1;
	uint64_t free0 = frame_free_pages();
	unsigned char *z;

	for (unsigned i = 0; i < 300; i++) {
		size_t size = i < 290 ? 1 + rng(3000) : 1 + rng(1 << 20);

		obj[i] = kmalloc(size);
		if (obj[i] == NULL || ((uint64_t)obj[i] & 15) != 0) {
			return "kmalloc failed or misaligned";
		}
		memset(obj[i], (int)i, size < 64 ? size : 64);
	}
	s1 = heap_stats();
	if (s1.hs_objects != s0.hs_objects + 300) {
		return "heap_stats does not count live objects";
	}
	for (unsigned i = 0; i < 300; i++) {
		if (*(unsigned char *)obj[i] != (unsigned char)i) {
			return "a heap object was overwritten";
		}
		kfree(obj[i]);
	}
	kfree(NULL);
	z = kzalloc(700);
	for (unsigned i = 0; z != NULL && i < 700; i++) {
		if (z[i] != 0) {
			return "kzalloc memory not zeroed";
		}
	}
	kfree(z);
	s1 = heap_stats();
	if (s1.hs_objects != s0.hs_objects || s1.hs_bytes != s0.hs_bytes ||
	    s1.hs_large_pages != s0.hs_large_pages) {
		return "heap_stats did not return to the start after kfree";
	}
	/* The heap may keep one empty slab per class; nothing else. */
	if (frame_free_pages() + (s1.hs_slab_pages - s0.hs_slab_pages) != free0) {
		ksnprintf(why, sizeof(why),
		    "heap leaked frames: %lu free, %lu before, "
		    "%lu slab pages",
		    frame_free_pages(), free0, s1.hs_slab_pages);
		return why;
	}
	return NULL;
}

/* Rights as the page tables give them: a write to text would fault. */
static const char *
test_protection(void)
{
	uint64_t frame = frame_alloc(0, 0);
	unsigned text = vm_query((const void *)mm_selftest, NULL);
	unsigned ro = vm_query(&rodata_probe, NULL);
	unsigned rw = vm_query(&data_probe, NULL);
	unsigned dm = vm_query(phys_to_virt(frame), NULL);

	frame_free(frame, 0);
	if ((text & (VM_PRESENT | VM_WRITE | VM_EXEC)) != (VM_PRESENT | VM_EXEC)) {
		return "kernel text is writable or not executable";
	}
	if ((ro & (VM_PRESENT | VM_WRITE | VM_EXEC)) != VM_PRESENT) {
		return "kernel rodata is writable or executable";
	}
	if ((rw & (VM_PRESENT | VM_WRITE | VM_EXEC)) != (VM_PRESENT | VM_WRITE)) {
		return "kernel data is read-only or executable";
	}
	if ((dm & (VM_PRESENT | VM_WRITE | VM_EXEC)) != (VM_PRESENT | VM_WRITE)) {
		return "the direct map is read-only or executable";
	}
	if (vm_query((const void *)KERNEL_PHYS, NULL) != 0 || vm_query(NULL, NULL) != 0) {
		return "the boot identity map is still there";
	}
	if (paging_kernel_cr3() == 0 || paging_kernel_cr3() >= FOUR_GIB) {
		return "the kernel PML4 is not below 4 GiB";
	}
	return NULL;
}

/* A guarded kernel stack, its reuse after a free, and an uncached MMIO
 * mapping. */
static const char *
test_kva(void)
{
	char *top = kstack_alloc(16384), *again;
	uint64_t phys = 0;
	unsigned flags;

	if (top == NULL) {
		return "kstack_alloc failed";
	}
	memset(top - 16384, 0xee, 16384);
	if (vm_query(top - 16384 - PAGE_SIZE, NULL) != 0) {
		return "no unmapped guard page below a kernel stack";
	}
	if ((vm_query(top - 8, NULL) & (VM_WRITE | VM_EXEC)) != VM_WRITE) {
		return "a kernel stack is read-only or executable";
	}
	kstack_free(top, 16384);
	again = kstack_alloc(16384);
	kstack_free(again, 16384);
	if (again != top) {
		return "a freed kernel stack was not reused";
	}
	/* A firmware-reserved range stands in for a device: only the page
	 * tables are checked, nothing is read. */
	for (unsigned i = 0; i < boot_info.mmap_count; i++) {
		const struct mem_range *r = &boot_info.mmap[i];
		void *v;

		if (r->type != MEM_RESERVED || r->base < 0x100000 || r->length < 64) {
			continue;
		}
		v = vm_map_mmio(r->base + 0x10, 48);
		flags = v == NULL ? 0 : vm_query(v, &phys);
		if (flags != (VM_PRESENT | VM_WRITE | VM_UNCACHED) || phys != r->base + 0x10) {
			ksnprintf(why, sizeof(why),
			    "vm_map_mmio(%#lx) gave %p, flags %#x, phys %#lx", r->base + 0x10, v,
			    flags, phys);
			return why;
		}
		break;
	}
	return NULL;
}

/* Stops at the first failing part; each returns NULL or why it failed. */
int
mm_selftest(void)
{
	static const char *(*const tests[])(void) = {
		test_frames,
		test_high_memory,
		test_heap,
		test_protection,
		test_kva,
	};

	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const char *err = tests[i]();

		if (err != NULL) {
			kprintf("ktest mm: FAILED: %s\n", err);
			return -1;
		}
	}
	kprintf("ktest mm: OK\n");
	return 0;
}
