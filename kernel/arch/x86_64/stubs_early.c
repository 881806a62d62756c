/*
 * Temporary: hooks whose real versions arrive with the trap and SMP code.
 */
#include <arch/arch.h>

void
arch_backtrace(uint64_t rbp)
{
}

void
arch_stop_other_cpus(void)
{
}
