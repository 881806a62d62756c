/*
 * DMA buffers for drivers (KC_DMA_ALLOC, KC_DMA_FREE): the kernel side of
 * kern/dma.h.  Frames come zeroed from the frame allocator as one buddy
 * block; the buffer is mapped into the process as borrowed pages (so
 * neither KC_MUNMAP nor teardown of the page tables frees it: only this
 * file does, through the process's DMA list).
 *
 * A buffer is freed when the process frees it, exits or crashes.  A device
 * still programmed with its address could then write into reused memory;
 * without an IOMMU the driver's restart must reset the device first.
 *
 * Entry points: res_dma_alloc, res_dma_free, res_dma_release.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/dma.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

static uint64_t
dma_frames_alloc(void *ctx, unsigned order, bool below_4g)
{
	return frame_alloc(order, FRAME_ZERO | (below_4g ? FRAME_BELOW_4G : 0));
}

static void
dma_frames_free(void *ctx, uint64_t phys, unsigned order)
{
	frame_free(phys, order);
}

static const struct dma_frames dma_kernel_frames = { dma_frames_alloc, dma_frames_free, NULL };

int
res_dma_alloc(struct proc *p, uint64_t size, uint64_t align, unsigned flags, struct dma_buf *out)
{
	struct res_state *rs = res_state_get(p);
	struct dma_region *r = kmalloc(sizeof(*r));
	uint64_t va;
	int err;

	if (rs == NULL || r == NULL) {
		err = -ENOMEM;
		goto fail_region;
	}
	err = dma_reserve(&rs->rs_dma, &dma_kernel_frames, size, align, flags,
	    p->p_priv.pd_dma_quota, r);
	if (err != 0) {
		goto fail_region;
	}
	va = vm_reserve(p, dma_region_size(r));
	if (va == 0) {
		err = -ENOMEM;
		goto fail_frames;
	}
	err = vm_map_borrowed(p, va, r->dr_phys, dma_region_size(r), PROT_READ | PROT_WRITE, 0);
	if (err != 0) {
		goto fail_frames;
	}
	r->dr_vaddr = va;
	dma_insert(&rs->rs_dma, r);
	p->p_dma_bytes = rs->rs_dma.dl_bytes;
	out->db_vaddr = va;
	out->db_phys = r->dr_phys;
	out->db_size = dma_region_size(r);
	return 0;

fail_frames:
	dma_release(&dma_kernel_frames, r);
fail_region:
	kfree(r);
	pr_debug("res: %s: DMA %#lx bytes align %#lx flags %#x: %d\n", p->p_name, size, align,
	    flags, err);
	return err;
}

/* Unmaps and frees a region already taken off p's list. */
static void
dma_region_destroy(struct proc *p, struct dma_region *r)
{
	vm_unmap(p, r->dr_vaddr, dma_region_size(r));
	dma_release(&dma_kernel_frames, r);
	kfree(r);
}

int
res_dma_free(struct proc *p, uint64_t vaddr)
{
	struct res_state *rs = p->p_res;
	struct dma_region *r;

	if (rs == NULL || (r = dma_remove(&rs->rs_dma, vaddr)) == NULL) {
		return -ENOENT;
	}
	p->p_dma_bytes = rs->rs_dma.dl_bytes;
	dma_region_destroy(p, r);
	return 0;
}

void
res_dma_release(struct proc *p)
{
	struct res_state *rs = p->p_res;
	struct dma_region *r;

	if (rs == NULL) {
		return;
	}
	while ((r = dma_pop(&rs->rs_dma)) != NULL) {
		dma_region_destroy(p, r);
	}
	p->p_dma_bytes = 0;
}
