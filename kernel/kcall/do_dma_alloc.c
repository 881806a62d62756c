/*
 * KC_DMA_ALLOC(size = rdi, align = rsi, DMA_* flags = rdx, struct dma_buf
 * *out = r10) -> 0, with out filled: the buffer's address in the caller,
 * its physical address and its size (size rounded up to a power-of-two
 * number of pages).  -EINVAL for a bad size, alignment or flag, -ENOMEM
 * past the record's DMA quota or when no such block is free, -EFAULT when
 * out cannot be written (the buffer is then freed again).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_dma_alloc(struct proc *caller, struct trap_frame *tf)
{
	struct dma_buf buf;
	int err;

	if (tf->rdx > UINT32_MAX) {
		return -EINVAL;
	}
	err = res_dma_alloc(caller, tf->rdi, tf->rsi, (unsigned)tf->rdx, &buf);
	if (err != 0) {
		return err;
	}
	if (copy_to_user(tf->r10, &buf, sizeof(buf)) != 0) {
		res_dma_free(caller, buf.db_vaddr);
		return -EFAULT;
	}
	return 0;
}
KCALL_HANDLER(KC_DMA_ALLOC, do_dma_alloc);
