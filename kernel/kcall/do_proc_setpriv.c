/*
 * KC_PROC_SETPRIV (rdi: target, rsi: const struct priv_desc *) -> 0.
 * Gives an unstarted child its privilege record, which must be well
 * formed and hold no right the caller lacks (kern/priv_check.h).  Errors:
 * -EFAULT, -EINVAL (malformed), -EPERM (more than ours), -ESRCH, -EBUSY.
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/log.h>
#include <kern/priv_check.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_proc_setpriv(struct proc *caller, struct trap_frame *tf)
{
	struct priv_desc pd;
	struct proc *p;
	int err;

	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	if (copy_from_user(&pd, tf->rsi, sizeof(pd)) != 0) {
		return -EFAULT;
	}
	err = priv_check_wellformed(&pd);
	if (err == 0) {
		err = priv_check_subset(&pd, &caller->p_priv, caller->p_endpoint);
	}
	if (err != 0) {
		pr_debug("proc: %s: privilege record for %s refused (%d)\n", caller->p_name,
		    p->p_name, err);
		return err;
	}
	p->p_priv = pd;
	return 0;
}
KCALL_HANDLER(KC_PROC_SETPRIV, do_proc_setpriv);
