/*
 * Host stand-in for the kernel's arch/cpu.h, found first on the unit
 * tests' include path (-Itests/unit), so that host-safe kernel code that
 * takes spinlocks (kern/spinlock.h) builds in a test.  The tests run one
 * thread: the interrupt flag is a plain variable.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

static bool host_irq_enabled = true;

static inline void
cpu_relax(void)
{
}

static inline bool
irq_save(void)
{
	bool was = host_irq_enabled;

	host_irq_enabled = false;
	return was;
}

static inline void
irq_restore(bool was_enabled)
{
	if (was_enabled) {
		host_irq_enabled = true;
	}
}
