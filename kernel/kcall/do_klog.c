/*
 * KC_KLOG (rdi: char *buf, rsi: size) -> bytes copied, or -EFAULT, -ENOMEM.
 * The oldest messages the kernel log's ring still holds (at most its
 * 64 KiB, and at most size bytes): what dmesg prints.  Programs' console
 * writes go through the log too, so they are there as well.
 */
#include <arch/trap.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define KLOG_MAX 65536 /* the ring's size (kernel/log.c) */

static int64_t
do_klog(struct proc *caller, struct trap_frame *tf)
{
	size_t size = tf->rsi < KLOG_MAX ? tf->rsi : KLOG_MAX, n;
	char *copy;
	int err;

	if (size == 0) {
		return 0;
	}
	copy = kmalloc(size);
	if (copy == NULL) {
		return -ENOMEM;
	}
	n = log_read_ring(copy, size);
	err = copy_to_user(tf->rdi, copy, n);
	kfree(copy);
	return err != 0 ? -EFAULT : (int64_t)n;
}
KCALL_HANDLER(KC_KLOG, do_klog);
