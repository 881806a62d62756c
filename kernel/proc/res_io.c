/*
 * I/O ports for user processes: the bitmap a privilege record's port
 * ranges give, built once when the record is set and installed in the
 * CPU's TSS by the switch path (usermode.c) whenever the process runs.
 *
 * Entry points: res_priv_install, res_io_release.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/iobitmap.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/res_check.h>
#include <xinim/errno.h>
#include "res_impl.h"

_Static_assert(RES_IOBITMAP_BYTES == IOMAP_BYTES, "I/O bitmap sizes differ");

int
res_priv_install(struct proc *p, const struct priv_desc *pd)
{
	uint8_t *bitmap = kmalloc(RES_IOBITMAP_BYTES), *old = p->p_iobitmap;
	unsigned ports;

	if (bitmap == NULL) {
		return -ENOMEM;
	}
	ports = res_check_io_bitmap(pd, bitmap);
	if (ports == 0) {
		kfree(bitmap);
		bitmap = NULL;
	} else {
		pr_debug("res: %s: %u I/O ports\n", p->p_name, ports);
	}
	/* A CPU may still hold a copy made for this endpoint under an older
	 * record; make every CPU copy the new one. */
	iobitmap_forget(p->p_endpoint);
	p->p_priv = *pd;
	p->p_iobitmap = bitmap;
	kfree(old);
	return 0;
}

void
res_io_release(struct proc *p)
{
	kfree(p->p_iobitmap);
	p->p_iobitmap = NULL;
}
