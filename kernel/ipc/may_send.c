/*
 * The IPC-target check of the privilege record: may one process send to,
 * call or notify another?  Kept on its own so that the privilege code can
 * extend it (by slot, by service name) without touching the IPC paths,
 * which all come through here.
 *
 * A record allows everything with PRIV_IPC_ANY, else exactly the endpoints
 * listed in pd_ipc[] (generation included: a restarted service must be
 * granted again).  Replies are not checked: the caller asked for one.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <xinim/priv.h>

bool
ipc_may_send(const struct proc *from, const struct proc *to)
{
	const struct priv_desc *pd = &from->p_priv;
	uint32_t n = pd->pd_ipc_count;

	if ((pd->pd_flags & PRIV_IPC_ANY) != 0) {
		return true;
	}
	/* The count came from user space through KC_PROC_SETPRIV: clamp it. */
	if (n > PRIV_IPC_MAX) {
		n = PRIV_IPC_MAX;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (pd->pd_ipc[i] == to->p_endpoint) {
			return true;
		}
	}
	return false;
}
