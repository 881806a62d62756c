/*
 * KC_SAFECOPY_V(const struct safecopy_vec *v = rdi, n = rsi) -> the total
 * bytes copied: the n entries (1..SAFECOPY_VEC_MAX) are copied in once,
 * all checked, then done in order as KC_SAFECOPY_FROM / KC_SAFECOPY_TO
 * would; the first entry that fails stops the call with its error (see
 * xinim/kcall.h).  -EINVAL for a bad n, -EFAULT when v is unreadable.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_safecopy_v(struct proc *caller, struct trap_frame *tf)
{
	struct safecopy_vec v[SAFECOPY_VEC_MAX];
	uint64_t n = tf->rsi;

	if (n == 0 || n > SAFECOPY_VEC_MAX) {
		return -EINVAL;
	}
	if (copy_from_user(v, tf->rdi, n * sizeof(v[0])) != 0) {
		return -EFAULT;
	}
	return res_safecopy_vec(caller, v, (size_t)n);
}
KCALL_HANDLER(KC_SAFECOPY_V, do_safecopy_v);
