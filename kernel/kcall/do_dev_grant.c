/*
 * KC_DEV_GRANT(target = rdi, bdf = rsi, BAR mask = rdx, DEV_GRANT_* flags
 * = r10) -> 0: the running process target may from now on map the memory
 * BARs in the mask, use the ports of its I/O BARs, ask for MSIs of the
 * function (KC_IRQ_MSI) and, with DEV_GRANT_INTX, bind its interrupt
 * line.  All of it comes from the kernel's own enumeration, never from
 * the caller, so the pci server, which holds this call, hands out devices
 * and nothing else.  Errors: -ENODEV (no such function), -EINVAL (a BAR
 * it lacks, an unknown flag), -ENOSPC (the record is full; nothing was
 * added), -ESRCH (target is no running process), -ENOMEM.  See
 * kernel/proc/res_dev.c.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

static int64_t
do_dev_grant(struct proc *caller, struct trap_frame *tf)
{
	if (tf->rsi > UINT32_MAX) {
		return -ENODEV;
	}
	if (tf->rdx > UINT32_MAX || tf->r10 > UINT32_MAX) {
		return -EINVAL;
	}
	return res_dev_grant(caller, (endpoint_t)(uint32_t)tf->rdi, (uint32_t)tf->rsi,
	    (uint32_t)tf->rdx, (unsigned)tf->r10);
}
KCALL_HANDLER(KC_DEV_GRANT, do_dev_grant);
