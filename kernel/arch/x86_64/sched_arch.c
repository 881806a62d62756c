/*
 * The x86 side of the scheduler (see arch/smp.h): the local APIC timer
 * drives sched_tick(), vector T_RESCHED carries reschedule IPIs between
 * CPUs (and to the CPU itself), and T_STOP halts CPUs on panic.
 *
 * Both handlers acknowledge the interrupt before calling the scheduler,
 * which may switch threads before it returns: the interrupted thread
 * finishes its handler only when it runs again, and the local APIC must
 * not keep the vector in service all that time.
 */
#include <stdbool.h>
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <kern/sched.h>

void smp_init_stop(void);

static void
sched_timer_handler(struct trap_frame *tf)
{
	lapic_eoi();
	sched_tick();
}

static void
sched_resched_handler(struct trap_frame *tf)
{
	lapic_eoi();
	sched_preempt();
}

void
arch_sched_init(void)
{
	trap_register(T_TIMER, sched_timer_handler);
	trap_register(T_RESCHED, sched_resched_handler);
	smp_init_stop();
}

void
arch_sched_timer_start(unsigned hz)
{
	lapic_timer_periodic(hz);
}

void
arch_sched_kick(unsigned cpu)
{
	lapic_send_ipi(cpus[cpu]->c_apic_id, T_RESCHED);
}

bool
arch_percpu_ready(void)
{
	return rdmsr(MSR_GS_BASE) != 0;
}
