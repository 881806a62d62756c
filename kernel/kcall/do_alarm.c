/*
 * KC_ALARM (rdi = nanoseconds from now, 0 cancels) -> the nanoseconds
 * the alarm it replaces had left (1 if that one was due but not yet
 * delivered), 0 when there was none.
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
	uint64_t left = ipc_alarm_set(caller, tf->rdi);

	return left > INT64_MAX ? INT64_MAX : (int64_t)left;
}
KCALL_HANDLER(KC_ALARM, do_alarm);
