/*
 * KC_PROC_MMAP (rdi: target, rsi: vaddr, rdx: len, r10: PROT_* bits) ->
 * the address mapped.  Maps len bytes (page multiple, at most
 * MMAP_MAX_LEN) of zeroed memory owned by target, the caller itself or an
 * unstarted child.  vaddr 0 lets the kernel choose a place (with an
 * unmapped guard page after it); otherwise it must be page-aligned and the
 * range free.  Errors: -EINVAL (range, alignment, prot), -EEXIST
 * (something is mapped there), -ESRCH, -EPERM, -EBUSY (target), -ENOMEM.
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define MMAP_MAX_LEN (1ULL << 30)

static int64_t
do_proc_mmap(struct proc *caller, struct trap_frame *tf)
{
	uint64_t va = tf->rsi, len = tf->rdx, prot = tf->r10;
	struct proc *p;
	int err;

	if (len == 0 || len > MMAP_MAX_LEN || (len & (VM_PAGE - 1)) != 0 ||
	    (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0) {
		return -EINVAL;
	}
	p = kcall_target(caller, (endpoint_t)tf->rdi, true, &err);
	if (p == NULL) {
		return err;
	}
	if (va == 0) {
		va = vm_reserve(p, len);
		if (va == 0) {
			return -ENOMEM;
		}
	}
	err = vm_map_anon(p, va, len, (unsigned)prot);
	return err != 0 ? err : (int64_t)va;
}
KCALL_HANDLER(KC_PROC_MMAP, do_proc_mmap);
