/*
 * Checking a privilege record that a parent hands its child
 * (KC_PROC_SETPRIV).  Pure code, unit-tested on the host.
 *
 * A record is well formed when every count is within its array, no unknown
 * kernel call or flag bit is set, every I/O range is non-empty and ends by
 * port 0xffff, and every MMIO range is non-empty and does not wrap.  It is
 * within its parent's when each right it gives is one the parent holds:
 * its kernel calls and flags are the parent's or fewer, each IPC target is
 * allowed to the parent (PRIV_IPC_ANY, listed, or the parent itself), each
 * port and MMIO byte lies in the parent's ranges (several may cover one
 * range together), each IRQ line and each PCI function (pd_dev) is in the
 * parent's list and the DMA quota is no larger.  So a process that holds
 * no device can hand out none; devices enter records only through
 * KC_DEV_GRANT (kern/priv_grant.h).
 */
#pragma once
#include <xinim/priv.h>

/* 0, or -EINVAL for a malformed record. */
int priv_check_wellformed(const struct priv_desc *pd);

/* 0, or -EPERM when child gives a right parent (whose endpoint is
 * parent_ep) does not hold.  Both must be well formed. */
int priv_check_subset(const struct priv_desc *child, const struct priv_desc *parent,
    endpoint_t parent_ep);
