/*
 * proc_release_resources(): reclaims what a dying process holds besides
 * its address space.  Called by proc_exit.c with the process in
 * PROC_DYING (no longer running, invisible to lookups), after IPC has let
 * go of it and before its address space is freed.
 *
 * The order matters: IRQ hooks first, so that no interrupt notifies it any
 * more; then grants (its own and those naming it), so that no safecopy
 * reaches into its memory while that memory goes; then its DMA pins
 * (frames of others it kept for a device, res_pin.c); then DMA buffers, which
 * are unmapped from it and freed.  Memory it shares through KC_GRANT_MAP
 * is given back with the address space: vm_destroy() drops each borrowed
 * page's reference (kern/pageref.h).  MMIO mappings are borrowed pages
 * too and simply vanish with it.  Last, the I/O bitmap and the record.
 */
#include <kern/proc.h>
#include <kern/res.h>
#include "res_impl.h"

void
proc_release_resources(struct proc *p)
{
	res_irq_release(p);
	res_grant_release(p);
	res_pin_release(p);
	res_dma_release(p);
	res_io_release(p);
	res_state_free(p);
}
