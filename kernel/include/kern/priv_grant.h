/*
 * KC_DEV_GRANT's record arithmetic: what granting one PCI function adds to
 * a privilege record, and adding it to a record that may be in use on
 * other CPUs.  Pure code, unit-tested on the host; kernel/proc/res_dev.c
 * does the locking and the I/O bitmap around it.
 *
 * A grant gives, from the kernel's own enumeration of the function: each
 * memory BAR in the mask as an MMIO range, each I/O BAR as a port range,
 * the function itself (pd_dev), and on request its INTx line.  Whatever
 * the record already holds (a range inside one of its ranges, a listed
 * line or function) is not added again, so granting twice is harmless.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/pci.h>
#include <xinim/priv.h>

struct priv_grant {
	uint32_t pg_bdf;
	unsigned pg_mmio_count;
	struct priv_mmio_range pg_mmio[PCI_NUM_BARS];
	unsigned pg_io_count;
	struct priv_io_range pg_io[PCI_NUM_BARS];
	bool pg_has_irq; /* DEV_GRANT_INTX and the function has a routed pin */
	uint8_t pg_irq;
};

/*
 * Fills *g with what granting function d (whose BDF is bdf) gives for
 * bar_mask (bit n: BAR n) and DEV_GRANT_* flags.  Returns 0, or -EINVAL
 * for an unknown flag, a mask bit past BAR 5, or a BAR the function lacks
 * (unimplemented, the upper half of a 64-bit BAR, unassigned, or ports
 * beyond 0xffff).  A missing interrupt pin or line is no error: INTx is
 * then simply not granted.
 */
int priv_grant_plan(const struct pci_device *d, uint32_t bdf, uint32_t bar_mask, unsigned flags,
    struct priv_grant *g);

/* 0 when every list of pd has room for what g adds to it, else -ENOSPC. */
int priv_grant_room(const struct priv_desc *pd, const struct priv_grant *g);

/*
 * Adds g to pd.  Checks first that every list has room for what is new
 * (-ENOSPC, pd unchanged); then writes the new entries past each list's
 * end and only then publishes each count with a release store, so that a
 * reader on another CPU that loads the count with acquire (res_check.h)
 * sees either the old list or the whole new one.  Writers must be
 * serialized by the caller.
 */
int priv_grant_apply(struct priv_desc *pd, const struct priv_grant *g);
