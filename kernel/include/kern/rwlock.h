/*
 * Reader-writer spinlocks: any number of readers at once, or one writer.
 * A writer that waits raises a flag that holds off new readers, so a
 * stream of copies cannot starve a revocation; readers already inside
 * finish first.  Not recursive.  The _irqsave forms, as for spinlocks,
 * return the caller's interrupt state for the matching unlock.
 *
 * A reader may hold several rwlocks at once only when every holder of
 * more than one takes them in one global order; a writer holds one at a
 * time (see kernel/proc/res_grant_lock.c).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>

#define RWLOCK_WRITER 0x40000000u  /* held by a writer */
#define RWLOCK_WAITING 0x20000000u /* a writer waits: no new readers */
#define RWLOCK_READERS 0x1fffffffu /* how many readers hold it */

struct rwlock {
	volatile uint32_t rw_state;
};

#define RWLOCK_INIT ((struct rwlock){ .rw_state = 0 })

static inline void
rw_read_lock(struct rwlock *l)
{
	for (;;) {
		uint32_t v = __atomic_load_n(&l->rw_state, __ATOMIC_RELAXED);

		if ((v & (RWLOCK_WRITER | RWLOCK_WAITING)) == 0 &&
		    __atomic_compare_exchange_n(&l->rw_state, &v, v + 1, false, __ATOMIC_ACQUIRE,
		        __ATOMIC_RELAXED)) {
			return;
		}
		cpu_relax();
	}
}

static inline void
rw_read_unlock(struct rwlock *l)
{
	__atomic_fetch_sub(&l->rw_state, 1, __ATOMIC_RELEASE);
}

static inline void
rw_write_lock(struct rwlock *l)
{
	for (;;) {
		uint32_t v = __atomic_load_n(&l->rw_state, __ATOMIC_RELAXED);

		/* Free but for waiting writers (ourselves among them): take it. */
		if ((v & ~RWLOCK_WAITING) == 0) {
			if (__atomic_compare_exchange_n(&l->rw_state, &v, RWLOCK_WRITER, false,
			        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
				return;
			}
		} else if ((v & RWLOCK_WAITING) == 0) {
			__atomic_fetch_or(&l->rw_state, RWLOCK_WAITING, __ATOMIC_RELAXED);
		}
		cpu_relax();
	}
}

/* Clears the waiting flag too; another waiting writer raises it again. */
static inline void
rw_write_unlock(struct rwlock *l)
{
	__atomic_store_n(&l->rw_state, 0, __ATOMIC_RELEASE);
}

static inline bool
rw_read_lock_irqsave(struct rwlock *l)
{
	bool was = irq_save();

	rw_read_lock(l);
	return was;
}

static inline void
rw_read_unlock_irqrestore(struct rwlock *l, bool was)
{
	rw_read_unlock(l);
	irq_restore(was);
}

static inline bool
rw_write_lock_irqsave(struct rwlock *l)
{
	bool was = irq_save();

	rw_write_lock(l);
	return was;
}

static inline void
rw_write_unlock_irqrestore(struct rwlock *l, bool was)
{
	rw_write_unlock(l);
	irq_restore(was);
}
