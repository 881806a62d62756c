/*
 * SYS_REPLY_RECV, the slow path (the complete implementation; the fast
 * path in fastpath_rr.c handles the common case first): a server's
 * answer to the request it just handled and its wait for the next one,
 * in one system call and under one hold of ipc_lock, so that a client
 * calling again finds the server already receiving.
 *
 * Both endpoints are checked before anything changes.  The reply then
 * behaves exactly like SYS_REPLY and the receive exactly like
 * SYS_RECEIVE(src); a reply that finds nobody waiting for it (the caller
 * died or was killed in its call) is reported in *reply_r and does not
 * stop the receive, just as a server's SYS_REPLY to a caller that gave
 * up fails without holding the server up.
 */
#include <stdbool.h>
#include <stddef.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

int64_t
ipc_reply_recv_locked(struct proc *p, endpoint_t reply_to, const struct message *m, endpoint_t src,
    int64_t *reply_r)
{
	struct proc *from, *dst = NULL;
	int64_t r = 0;

	if (src != ENDPOINT_ANY && src != ENDPOINT_KERNEL) {
		r = ipc_endpoint_check(p, src, &from);
	}
	if (r == 0 && reply_to != ENDPOINT_NONE) {
		/* Special endpoints and oneself are mistakes; any other
		 * number that names nobody is a caller that is gone. */
		if (reply_to < 0 || reply_to == p->p_endpoint) {
			r = -EINVAL;
		} else {
			dst = ipc_endpoint_proc(reply_to);
		}
	}
	if (r != 0) {
		*reply_r = r;
		return r;
	}
	if (reply_to == ENDPOINT_NONE) {
		*reply_r = 0;
	} else if (dst == NULL) {
		*reply_r = -EDEADSRCDST;
	} else {
		*reply_r = ipc_reply_locked(p, dst, m);
	}
	return ipc_receive_locked(p, src);
}

int64_t
ipc_reply_recv(struct proc *caller, endpoint_t reply_to, const struct message *m, endpoint_t src,
    int64_t *reply_r)
{
	bool was = spin_lock_irqsave(&ipc_lock);
	int64_t r = ipc_reply_recv_locked(caller, reply_to, m, src, reply_r);

	spin_unlock_irqrestore(&ipc_lock, was);
	if (r == IPC_BLOCKED) {
		r = ipc_wait(caller);
	}
	return r;
}
