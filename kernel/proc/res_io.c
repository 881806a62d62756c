/*
 * I/O ports for user processes: the bitmap a privilege record's port
 * ranges give (built once, when the record is set), installed in the
 * CPU's TSS whenever the process is switched in, and the check that tells
 * an I/O #GP from other ones so the process is reported as EXIT_IOPORT.
 *
 * Entry points: res_io_setpriv, res_io_switch, res_io_fault,
 * res_io_release.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/iobitmap.h>
#include <arch/trap.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/res_check.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

#define IO_INSN_MAX 15

_Static_assert(RES_IOBITMAP_BYTES == IOMAP_BYTES, "I/O bitmap sizes differ");

int
res_io_setpriv(struct proc *p)
{
	uint8_t *bitmap = kmalloc(RES_IOBITMAP_BYTES), *old = p->p_iobitmap;
	unsigned ports;

	p->p_iobitmap = NULL;
	kfree(old);
	if (bitmap == NULL) {
		return -ENOMEM;
	}
	ports = res_check_io_bitmap(&p->p_priv, bitmap);
	if (ports == 0) {
		kfree(bitmap);
		return 0;
	}
	/* A CPU may still hold a copy made for this endpoint under an older
	 * record; make every CPU copy the new one. */
	iobitmap_forget(p->p_endpoint);
	p->p_iobitmap = bitmap;
	pr_debug("res: %s: %u I/O ports\n", p->p_name, ports);
	return 0;
}

void
res_io_switch(struct proc *p)
{
	iobitmap_load(p->p_iobitmap, p->p_endpoint);
}

bool
res_io_fault(struct proc *p, const struct trap_frame *tf, uint16_t *port)
{
	uint8_t code[IO_INSN_MAX];
	uint64_t n = IO_INSN_MAX, to_page_end = VM_PAGE - (tf->rip & (VM_PAGE - 1));
	int found;

	if (tf->vector != T_GP || tf->error != 0) {
		return false;
	}
	/* The instruction may end right before an unmapped page. */
	if (copy_from_user(code, tf->rip, n) != 0) {
		if (to_page_end >= n || copy_from_user(code, tf->rip, to_page_end) != 0) {
			return false;
		}
		n = to_page_end;
	}
	found = res_check_io_insn(code, n, (uint16_t)tf->rdx);
	if (found < 0) {
		return false;
	}
	*port = (uint16_t)found;
	return true;
}

void
res_io_release(struct proc *p)
{
	kfree(p->p_iobitmap);
	p->p_iobitmap = NULL;
}
