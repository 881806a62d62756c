/*
 * KC_ALARM (rdi = nanoseconds from now, 0 cancels) -> 0.
 *
 * Arms the caller's one alarm, replacing any earlier one.  When it
 * expires the caller receives a kernel notification (m_source
 * ENDPOINT_KERNEL) with NOTIFY_ALARM in m_arg[0], never before the time
 * asked and usually within a scheduler tick of it.  The alarm is dropped
 * when the process exits.
 */
#include <arch/trap.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/syscall.h>

static int64_t
do_alarm(struct proc *caller, struct trap_frame *tf)
{
	ipc_alarm_set(caller, tf->rdi);
	return 0;
}
KCALL_HANDLER(KC_ALARM, do_alarm);
