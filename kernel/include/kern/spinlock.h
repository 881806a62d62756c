/*
 * Spinlocks.  spin_lock_irqsave() is the form to use for anything an
 * interrupt handler may also take; it returns the caller's interrupt state,
 * which spin_unlock_irqrestore() puts back.  Locks are not recursive.
 */
#pragma once
#include <stdbool.h>
#include <arch/cpu.h>

struct spinlock {
	volatile int sl_locked;
	const char *sl_name;
};

#define SPINLOCK_INIT(name) ((struct spinlock){ .sl_locked = 0, .sl_name = (name) })

static inline void
spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->sl_locked, 1, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&l->sl_locked, __ATOMIC_RELAXED) != 0) {
			cpu_relax();
		}
	}
}

static inline bool
spin_trylock(struct spinlock *l)
{
	return __atomic_exchange_n(&l->sl_locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void
spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->sl_locked, 0, __ATOMIC_RELEASE);
}

static inline bool
spin_lock_irqsave(struct spinlock *l)
{
	bool was = irq_save();

	spin_lock(l);
	return was;
}

static inline void
spin_unlock_irqrestore(struct spinlock *l, bool was)
{
	spin_unlock(l);
	irq_restore(was);
}
