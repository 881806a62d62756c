/*
 * Reference counts for user frames mapped into more than one address
 * space (memory shared through KC_GRANT_MAP).  A user frame has one owner,
 * the address space that allocated it and frees it; other spaces may
 * borrow it.  While any borrower maps a frame it stays allocated: when the
 * owner lets go first, the frame is orphaned and the last borrower frees
 * it.
 *
 * Only frames that are actually shared have an entry, so for everything
 * else (an owner freeing an unshared frame, a borrowed MMIO page or DMA
 * buffer going away) the calls below are one lookup that finds nothing.
 * SMP-safe, never sleeps, callable with interrupts off and with a
 * process's p_vm_lock held (the lock nests inside it).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Counts one more borrower of the owned, order-0 user frame pa.  Call it
 * while the owner's mapping of pa is known to stay (owner's p_vm_lock
 * held).  Returns 0 or -ENOMEM. */
int pageref_borrow(uint64_t pa);

/* The owner unmaps pa.  Returns true when the caller must free it now
 * (nobody borrows it), false when borrowers keep it alive. */
bool pageref_owner_drop(uint64_t pa);

/* A borrower unmaps pa (any borrowed page: frames never shared are left
 * alone).  Frees pa when this was the last reference to an orphaned
 * frame. */
void pageref_borrow_drop(uint64_t pa);

/* Shared frames tracked now (for tests and KC_SYSINFO-style counters). */
uint64_t pageref_count(void);
