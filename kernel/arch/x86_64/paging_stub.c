/*
 * Temporary stand-in until the real paging code lands: the boot tables map
 * the first 4 GiB through the direct map, which is enough for QEMU's MMIO.
 */
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <kern/panic.h>

void
paging_init(void)
{
}

void *
vm_map_mmio(uint64_t phys, size_t size)
{
	if (phys + size > 0x100000000ULL) {
		return NULL;
	}
	return phys_to_virt(phys);
}

void *
kstack_alloc(size_t size)
{
	return NULL;
}

void
kstack_free(void *top, size_t size)
{
}

uint64_t
paging_kernel_cr3(void)
{
	return 0;
}
