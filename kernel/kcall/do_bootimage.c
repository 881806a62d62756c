/*
 * KC_BOOTIMAGE (rdi: struct bootimage_info *out) -> 0, -ENOENT without a
 * boot image, -ENOMEM, or -EFAULT.  Maps the boot image (the cpio archive)
 * read-only into the caller, once per process, and reports where, with the
 * kernel command line's `run=` value and the whole command line.
 */
#include <arch/trap.h>
#include <kern/bootimage.h>
#include <kern/bootinfo.h>
#include <kern/heap.h>
#include <kern/proc.h>
#include <kern/rsboot.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

/* Maps the image into p unless it is there already; returns its address
 * in p or 0. */
static uint64_t
bootimage_map(struct proc *p)
{
	uint64_t base = boot_image.bi_phys & ~(VM_PAGE - 1);
	uint64_t len = (boot_image.bi_phys + boot_image.bi_size + VM_PAGE - 1) & ~(VM_PAGE - 1);
	uint64_t va;

	if (p->p_bootimage_va != 0) {
		return p->p_bootimage_va;
	}
	len -= base;
	va = vm_reserve(p, len);
	if (va == 0 || vm_map_borrowed(p, va, base, len, PROT_READ, 0) != 0) {
		return 0;
	}
	p->p_bootimage_va = va + (boot_image.bi_phys - base);
	return p->p_bootimage_va;
}

static int64_t
do_bootimage(struct proc *caller, struct trap_frame *tf)
{
	struct bootimage_info *bi;
	uint64_t va;
	int err;

	if (boot_image.bi_phys == 0) {
		return -ENOENT;
	}
	bi = kzalloc(sizeof(*bi));
	if (bi == NULL) {
		return -ENOMEM;
	}
	/* Check the destination first: a bad pointer maps nothing. */
	err = copy_to_user(tf->rdi, bi, sizeof(*bi));
	if (err != 0) {
		goto out;
	}
	va = bootimage_map(caller);
	if (va == 0) {
		err = -ENOMEM;
		goto out;
	}
	bi->bi_vaddr = va;
	bi->bi_size = boot_image.bi_size;
	strlcpy(bi->bi_cmdline, rs_boot_run(), sizeof(bi->bi_cmdline));
	strlcpy(bi->bi_kcmdline, boot_info.cmdline, sizeof(bi->bi_kcmdline));
	err = copy_to_user(tf->rdi, bi, sizeof(*bi));
out:
	kfree(bi);
	return err;
}
KCALL_HANDLER(KC_BOOTIMAGE, do_bootimage);
