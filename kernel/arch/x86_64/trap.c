/*
 * trap_dispatch(): where every interrupt and exception lands after trap.S
 * saved the registers.  Registered handlers come first; without one, an
 * exception is a fatal report (kernel mode) or trap_user_fault() (user
 * mode), the NMI prints a line, and an unexpected interrupt is logged.
 * Whatever came from ring 3 goes back there through proc_user_return(),
 * which ends a process that was killed meanwhile.
 * Device and local APIC vectors are acknowledged with lapic_eoi() after
 * their handler.
 *
 * The fatal path is built to end, whatever state the kernel is in: one CPU
 * owns the report (fault_owner); a fault inside it is caught by the
 * nesting count and ends in one line; other CPUs that fault meanwhile
 * halt, as the reporter is about to stop them anyway.
 */
#include <stdarg.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/percpu.h>
#include <arch/trap.h>
#include <kern/console.h>
#include <kern/ksyms.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/printf.h>
#include <kern/proc.h>
#include "trapinfo.h"

#define UNEXPECTED_REPORTS 10 /* log at most this many stray interrupts */

static trap_handler_fn handlers[T_VECTORS];

/* The CPU printing a fatal report, by APIC id (GS may be what broke;
 * -1: none), and how deep it has re-entered trap_fatal(); both written by
 * the owner only. */
static int fault_owner = -1;
static int fault_depth;
static unsigned unexpected_count;

void
trap_register(unsigned vector, trap_handler_fn handler)
{
	if (vector >= T_VECTORS) {
		pr_err("trap: cannot register vector %u (only 0-255 exist)\n", vector);
		return;
	}
	trap_handler_fn old = __atomic_exchange_n(&handlers[vector], handler, __ATOMIC_SEQ_CST);
	if (old != NULL && handler != NULL && old != handler) {
		pr_warn("trap: vector %u: handler replaced\n", vector);
	}
}

/* A line written straight to the console, bypassing the log lock: for
 * contexts that may have interrupted its holder on this very CPU. */
static void
trap_raw_line(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	int n = kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	console_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void
trap_fatal(struct trap_frame *f)
{
	int me = (int)percpu_hw_id();
	int owner = -1;

	irq_disable();
	if (!__atomic_compare_exchange_n(&fault_owner, &owner, me, false, __ATOMIC_SEQ_CST,
	        __ATOMIC_SEQ_CST) &&
	    owner != me) {
		arch_halt_forever();
	}
	fault_depth++;
	if (fault_depth == 2) {
		log_break_lock();
		uint64_t off = 0;
		const char *sym = ksyms_lookup(f->rip, &off);
		trap_raw_line("\nEXCEPTION %lu %s inside the fault handler at rip 0x%016lx "
		              "%s+0x%lx: report abandoned\n",
		    f->vector, trapinfo_mnemonic((unsigned)f->vector), f->rip,
		    sym != NULL ? sym : "?", off);
		panic_finish();
	}
	if (fault_depth > 2) {
		arch_halt_forever();
	}
	arch_stop_other_cpus();
	/* Whoever held the log lock is stopped or is this CPU, interrupted
	 * while printing: either way it will never release it. */
	log_break_lock();
	kprintf("\n");
	trap_report(f);
	panic_finish();
}

/* An NMI nobody claimed: during a panic or fault report it means "stop";
 * otherwise it is worth a line (watchdog, hardware error, debugger). */
static void
trap_nmi(struct trap_frame *f)
{
	uint64_t off = 0;
	const char *sym = ksyms_lookup(f->rip, &off);

	if (panic_in_progress() || __atomic_load_n(&fault_owner, __ATOMIC_RELAXED) >= 0) {
		arch_halt_forever();
	}
	trap_raw_line("NMI on cpu %u at rip 0x%016lx %s+0x%lx\n", this_cpu()->c_id, f->rip,
	    sym != NULL ? sym : "?", off);
}

/* A masked 8259 can still raise its spurious IRQ 7 or 15; the slave's
 * needs an end-of-interrupt at the master. */
static void
trap_legacy_pic(unsigned vector)
{
	if (vector == T_PIC_BASE + 15) {
		outb(0x20, 0x20);
	}
	pr_debug("trap: legacy PIC vector %u ignored\n", vector);
}

void
trap_dispatch(struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector;
	trap_handler_fn h = __atomic_load_n(&handlers[v & 0xFF], __ATOMIC_RELAXED);

	if (v < T_EXCEPTIONS) {
		if (h != NULL) {
			h(f);
		} else if (v == T_NMI) {
			trap_nmi(f);
		} else if (trap_from_user(f)) {
			trap_user_fault(f);
		} else {
			trap_fatal(f);
		}
		goto out;
	}
	if (v < T_PIC_END) {
		trap_legacy_pic(v);
		goto out;
	}
	if (h != NULL) {
		h(f);
	} else if (v == T_STOP) {
		arch_halt_forever();
	} else if (__atomic_fetch_add(&unexpected_count, 1, __ATOMIC_RELAXED) <
	    UNEXPECTED_REPORTS) {
		pr_warn("trap: unexpected interrupt, vector %u on cpu %u\n", v, this_cpu()->c_id);
	}
	/* The spurious vector is the one the local APIC must not see acked. */
	if (v != T_SPURIOUS) {
		lapic_eoi();
	}
out:
	/* Back to ring 3 only if the process was not killed meanwhile.  Not
	 * from an NMI: it runs on its own interrupt stack, which a process
	 * ending there would keep using with interrupts on, and the next NMI
	 * would overwrite; the kill waits for the next entry instead. */
	if (trap_from_user(f) && v != T_NMI) {
		proc_user_return();
	}
}
