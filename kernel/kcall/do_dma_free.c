/*
 * KC_DMA_FREE(vaddr = rdi) -> 0: unmaps and frees the DMA buffer that
 * KC_DMA_ALLOC placed at vaddr, and uncharges it.  -ENOENT when the
 * caller has no buffer there.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_dma_free(struct proc *caller, struct trap_frame *tf)
{
	return res_dma_free(caller, tf->rdi);
}
KCALL_HANDLER(KC_DMA_FREE, do_dma_free);
