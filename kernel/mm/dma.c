/*
 * DMA buffer bookkeeping (kern/dma.h): request to buddy order, quota, and
 * the per-process list of buffers.  Pure code over a frame backend, so the
 * same logic runs in the kernel and in the host unit test.
 *
 * Entry points: dma_order, dma_reserve, dma_insert, dma_remove, dma_pop,
 * dma_release.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/dma.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

int
dma_order(uint64_t size, uint64_t align, unsigned *order)
{
	uint64_t pages;
	unsigned k = 0;

	if (size == 0 || size > DMA_MAX_SIZE) {
		return -EINVAL;
	}
	if (align == 0) {
		align = DMA_PAGE;
	}
	if ((align & (align - 1)) != 0 || align > DMA_MAX_ALIGN) {
		return -EINVAL;
	}
	pages = (size + DMA_PAGE - 1) / DMA_PAGE;
	while ((1ULL << k) < pages) {
		k++;
	}
	/* A block is aligned to its size: grow it until that is enough. */
	while ((DMA_PAGE << k) < align) {
		k++;
	}
	*order = k;
	return 0;
}

int
dma_reserve(const struct dma_list *l, const struct dma_frames *f, uint64_t size, uint64_t align,
    unsigned flags, uint64_t quota, struct dma_region *r)
{
	unsigned order;
	uint64_t phys;
	int err;

	if ((flags & ~(unsigned)DMA_BELOW_4G) != 0) {
		return -EINVAL;
	}
	err = dma_order(size, align, &order);
	if (err != 0) {
		return err;
	}
	if (l->dl_bytes > quota || (DMA_PAGE << order) > quota - l->dl_bytes) {
		return -ENOMEM;
	}
	phys = f->df_alloc(f->df_ctx, order, (flags & DMA_BELOW_4G) != 0);
	if (phys == 0) {
		return -ENOMEM;
	}
	r->dr_phys = phys;
	r->dr_order = order;
	r->dr_vaddr = 0;
	r->dr_next = NULL;
	return 0;
}

void
dma_insert(struct dma_list *l, struct dma_region *r)
{
	r->dr_next = l->dl_head;
	l->dl_head = r;
	l->dl_bytes += dma_region_size(r);
	l->dl_count++;
}

/* Takes *link's region off the list it is on. */
static struct dma_region *
dma_unlink(struct dma_list *l, struct dma_region **link)
{
	struct dma_region *r = *link;

	*link = r->dr_next;
	r->dr_next = NULL;
	l->dl_bytes -= dma_region_size(r);
	l->dl_count--;
	return r;
}

struct dma_region *
dma_remove(struct dma_list *l, uint64_t vaddr)
{
	for (struct dma_region **link = &l->dl_head; *link != NULL; link = &(*link)->dr_next) {
		if ((*link)->dr_vaddr == vaddr) {
			return dma_unlink(l, link);
		}
	}
	return NULL;
}

struct dma_region *
dma_pop(struct dma_list *l)
{
	if (l->dl_head == NULL) {
		return NULL;
	}
	return dma_unlink(l, &l->dl_head);
}

void
dma_release(const struct dma_frames *f, const struct dma_region *r)
{
	f->df_free(f->df_ctx, r->dr_phys, r->dr_order);
}
