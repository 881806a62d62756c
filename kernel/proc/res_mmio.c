/*
 * MMIO for drivers: KC_MMIO_MAP maps device registers the privilege record
 * lists into the calling process, uncached.  RAM is never handed out this
 * way, whatever the record says, since a frame of RAM belongs to the
 * frame allocator and would outlive the mapping's meaning.  The pages are
 * borrowed: the mapping goes with the address space and frees nothing.
 *
 * Entry points: res_mmio_map.
 */
#include <stdint.h>
#include <kern/bootinfo.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/res_check.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define RES_MMIO_MAP_MAX (1ULL << 30) /* 1 GiB: beyond any BAR our drivers map */

int64_t
res_mmio_map(struct proc *p, uint64_t phys, uint64_t len)
{
	uint64_t base, end, va;
	int err;

	/* Bounded work per call: a huge window would keep the caller in the
	 * kernel, unkillable, while it fills page tables. */
	if (len > RES_MMIO_MAP_MAX) {
		return -EINVAL;
	}
	err = res_check_mmio(&p->p_priv, phys, len);
	if (err != 0) {
		pr_debug("res: %s: MMIO [%#lx+%#lx) not in its privileges\n", p->p_name, phys, len);
		return err == -EPERM ? -ECALLDENIED : err;
	}
	base = phys & ~(VM_PAGE - 1);
	end = (phys + len + VM_PAGE - 1) & ~(VM_PAGE - 1);
	if (end < base || end == 0) {
		return -EINVAL;
	}
	if (res_check_is_ram(boot_info.mmap, boot_info.mmap_count, base, end)) {
		pr_debug("res: %s: MMIO [%#lx-%#lx) is RAM\n", p->p_name, base, end);
		return -ECALLDENIED;
	}
	va = vm_reserve(p, end - base);
	if (va == 0) {
		return -ENOMEM;
	}
	err = vm_map_borrowed(p, va, base, end - base, PROT_READ | PROT_WRITE, VM_MAP_UNCACHED);
	if (err != 0) {
		return err;
	}
	return (int64_t)(va + (phys - base));
}
