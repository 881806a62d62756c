/*
 * The x86 side of the scheduler (see arch/smp.h): the local APIC timer
 * drives sched_tick(), vector T_RESCHED carries reschedule IPIs between
 * CPUs (and to the CPU itself).
 *
 * Both handlers acknowledge the interrupt before calling the scheduler,
 * which may switch threads before it returns: the interrupted thread
 * finishes its handler only when it runs again, and the local APIC must
 * not keep the vector in service all that time.  trap_dispatch()'s own
 * lapic_eoi() then comes when the thread resumes, a point where no vector
 * is in service on that CPU (switches happen only in thread context and in
 * these two handlers, after their EOI), so it changes nothing.
 */
#include <stdbool.h>
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <kern/sched.h>

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
	trap_register(T_LAPIC_TIMER, sched_timer_handler);
	trap_register(T_RESCHED, sched_resched_handler);
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
