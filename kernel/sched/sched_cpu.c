/*
 * The scheduler's per-CPU side (see kern/sched.h): setting up a CPU's
 * scheduler, the idle loop each CPU ends in, the choice of a CPU for a new
 * thread, and the counters.  The switching itself is in sched.c.
 */
#include <stddef.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <kern/log.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <kern/thread.h>
#include "sched_cpu.h"

struct thread *
sched_current(void)
{
	return this_cpu()->c_current;
}

/* Safe in fault reports: checks that GS points at a struct cpu first. */
const char *
sched_current_name(void)
{
	struct cpu *c;

	/* A fault can come before this CPU has per-CPU data or a thread. */
	if (!arch_percpu_ready()) {
		return "boot";
	}
	c = this_cpu();
	if (c->c_current == NULL) {
		return "boot";
	}
	return c->c_current->t_name;
}

/*
 * A given CPU must have a scheduler; for -1, the ready CPU with the fewest
 * living threads.  The counts are read without locks: a placement made on
 * a slightly old count is still a valid one.
 */
int
sched_choose_cpu(int cpu)
{
	unsigned best_load = ~0u;
	int best = -1;

	if (cpu >= 0) {
		if (cpu < MAX_CPUS && sched_cpus[cpu].sc_ready) {
			return cpu;
		}
		return -1;
	}
	for (int i = 0; i < MAX_CPUS; i++) {
		unsigned load;

		if (!__atomic_load_n(&sched_cpus[i].sc_ready, __ATOMIC_ACQUIRE)) {
			continue;
		}
		load = __atomic_load_n(&sched_cpus[i].sc_load, __ATOMIC_RELAXED);
		if (load < best_load) {
			best_load = load;
			best = i;
		}
	}
	return best;
}

/* The running context becomes this CPU's idle thread record, so that the
 * first switch away from it has somewhere to save its registers. */
void
sched_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct sched_cpu *sc = &sched_cpus[c->c_id];
	struct thread *idle = &sc->sc_idle;

	sc->sc_lock = (struct spinlock)SPINLOCK_INIT("sched");
	rq_init(&sc->sc_rq);
	memset(idle, 0, sizeof(*idle));
	/* Until sched_start() the boot CPU's idle thread is kmain itself. */
	ksnprintf(idle->t_name, sizeof(idle->t_name), c->c_id == 0 ? "kmain" : "idle%u", c->c_id);
	idle->t_priority = THREAD_PRIO_IDLE;
	idle->t_cpu = (int)c->c_id;
	idle->t_state = THREAD_RUNNING;
	c->c_rq = &sc->sc_rq;
	c->c_idle = idle;
	c->c_current = idle;
	__atomic_store_n(&sc->sc_ready, true, __ATOMIC_RELEASE);
}

void
sched_init(void)
{
	sched_init_cpu();
	arch_sched_init();
}

/*
 * The idle loop.  Interrupts stay off from the run-queue check to the
 * `sti; hlt` pair (sti takes effect after the next instruction), so a
 * wake-up cannot slip in between and be slept through.
 */
void
sched_start(void)
{
	struct sched_cpu *sc = sched_here();
	bool busy;

	ksnprintf(sc->sc_idle.t_name, sizeof(sc->sc_idle.t_name), "idle%u", this_cpu()->c_id);
	__atomic_store_n(&sc->sc_started, true, __ATOMIC_RELEASE);
	arch_sched_timer_start(SCHED_HZ);
	for (;;) {
		thread_reap();
		irq_disable();
		spin_lock(&sc->sc_lock);
		busy = sc->sc_rq.rq_runnable > 0;
		if (busy) {
			sched_switch(sc, false);
		}
		spin_unlock(&sc->sc_lock);
		if (busy) {
			irq_enable();
		} else {
			__asm__ volatile("sti; hlt" ::: "memory");
		}
	}
}

/* Copies the counters under the CPU's lock, so they agree with each other. */
bool
sched_stats(unsigned cpu, struct sched_stats *out)
{
	struct sched_cpu *sc;
	bool was;

	if (cpu >= MAX_CPUS || !sched_cpus[cpu].sc_ready) {
		return false;
	}
	sc = &sched_cpus[cpu];
	was = spin_lock_irqsave(&sc->sc_lock);
	*out = sc->sc_stats;
	out->ss_runnable = sc->sc_rq.rq_runnable;
	spin_unlock_irqrestore(&sc->sc_lock, was);
	return true;
}

void
sched_report(void)
{
	unsigned n = 0;

	for (int i = 0; i < MAX_CPUS; i++) {
		if (sched_cpus[i].sc_ready) {
			n++;
		}
	}
	pr_info("sched: %u CPUs, %u Hz tick, %u priorities\n", n, SCHED_HZ, THREAD_PRIO_LEVELS);
}
