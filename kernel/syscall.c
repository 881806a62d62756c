/*
 * System-call dispatch (see kern/syscall.h).  syscall_init() turns the
 * .syscalls section into a table indexed by number; syscall_dispatch(),
 * called by the architecture's entry with the caller's saved registers,
 * checks the number and, for a kernel call, the caller's privilege record,
 * runs the handler and puts its result in rax.  On the way out it lets a
 * killed process end instead of returning to ring 3.
 */
#include <stddef.h>
#include <arch/trap.h>
#include <arch/usermode.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

extern const struct syscall_entry __syscalls_start[], __syscalls_end[];

static const struct syscall_entry *syscall_table[SYS_COUNT];

void
syscall_init(void)
{
	unsigned n = 0;

	for (const struct syscall_entry *e = __syscalls_start; e < __syscalls_end; e++) {
		if (e->se_number >= SYS_COUNT) {
			panic("syscall: %s has number %u, past SYS_COUNT (%u)", e->se_name,
			    e->se_number, SYS_COUNT);
		}
		if (syscall_table[e->se_number] != NULL) {
			panic("syscall: %s and %s both claim number %u",
			    syscall_table[e->se_number]->se_name, e->se_name, e->se_number);
		}
		syscall_table[e->se_number] = e;
		n++;
	}
	pr_info("syscall: %u calls registered\n", n);
}

/* Whether the caller's privilege record lets it make kernel call kc. */
static bool
syscall_kcall_allowed(const struct proc *caller, uint64_t kc)
{
	return kc < 64 && (caller->p_priv.pd_kcalls & (1ULL << kc)) != 0;
}

void
syscall_dispatch(struct trap_frame *tf)
{
	struct proc *caller = proc_current();
	uint64_t nr = tf->rax;
	const struct syscall_entry *e;
	int64_t r;

	if (caller == NULL) {
		panic("syscall %lu from a thread that runs no process", nr);
	}
	if (nr >= SYS_COUNT || (nr >= SYS_KCALL_BASE && nr - SYS_KCALL_BASE >= KC_COUNT)) {
		r = -ENOSYS;
	} else if (nr >= SYS_KCALL_BASE && !syscall_kcall_allowed(caller, nr - SYS_KCALL_BASE)) {
		pr_debug("syscall: %s (ep %d) lacks kernel call %lu\n", caller->p_name,
		    caller->p_endpoint, nr - SYS_KCALL_BASE);
		r = -ECALLDENIED;
	} else if ((e = syscall_table[nr]) == NULL) {
		r = -ENOSYS;
	} else {
		r = e->se_fn(caller, tf);
	}
	tf->rax = (uint64_t)r;
	proc_user_return();
}
