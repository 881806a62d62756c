/*
 * proc_release_resources(): reclaims what a dying process holds besides
 * its address space (grants, DMA buffers, IRQ hooks, MMIO mappings, its
 * I/O bitmap, its alarm).  Called by proc_exit.c with the process in
 * PROC_DYING, before its address space is freed.  The resource module
 * (kernel/proc/res_*.c) fills it in; until then a process holds nothing
 * else.
 */
#include <kern/proc.h>

void
proc_release_resources(struct proc *p)
{
}
