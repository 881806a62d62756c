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
#include <kern/res.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_proc_setpriv(struct proc *caller, struct trap_frame *tf)
{
	struct priv_desc pd, mine;
	struct proc *p;
	int err;

	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	if (copy_from_user(&pd, tf->rsi, sizeof(pd)) != 0) {
		return -EFAULT;
	}
	/* Our own record may grow meanwhile (KC_DEV_GRANT): check against
	 * one consistent copy. */
	res_priv_snapshot(caller, &mine);
	err = priv_check_wellformed(&pd);
	if (err == 0) {
		err = priv_check_subset(&pd, &mine, caller->p_endpoint);
	}
	if (err != 0) {
		pr_debug("proc: %s: privilege record for %s refused (%d)\n", caller->p_name,
		    p->p_name, err);
		return err;
	}
	/* The record and the I/O bitmap it gives (kernel/proc/res_io.c). */
	return res_priv_install(p, &pd);
}
KCALL_HANDLER(KC_PROC_SETPRIV, do_proc_setpriv);
