/*
 * Temporary: hooks whose real versions arrive with the SMP code.
 */
#include <arch/arch.h>

void
arch_stop_other_cpus(void)
{
}
