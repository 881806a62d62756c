/*
 * Sender queues: the processes blocked sending to (or calling) one
 * process, in arrival order, linked through p_ipc_q_next from the
 * receiver's p_ipc_q_head.  A process is in at most one queue, the one of
 * its p_ipc_peer, and only while it is IPC_SENDING.
 *
 * The lists are short (one entry per blocked client of a server), so
 * appending walks to the tail rather than keeping a tail pointer in every
 * process.  ipc_lock held for all of them.
 */
#include <stddef.h>
#include <kern/panic.h>
#include <kern/proc.h>
#include "ipc_impl.h"

void
ipc_queue_append(struct proc *dst, struct proc *p)
{
	struct proc **link = &dst->p_ipc_q_head;

	while (*link != NULL) {
		link = &(*link)->p_ipc_q_next;
	}
	p->p_ipc_q_next = NULL;
	*link = p;
}

void
ipc_queue_remove(struct proc *dst, struct proc *p)
{
	struct proc **link = &dst->p_ipc_q_head;

	while (*link != NULL && *link != p) {
		link = &(*link)->p_ipc_q_next;
	}
	KASSERT(*link == p);
	*link = p->p_ipc_q_next;
	p->p_ipc_q_next = NULL;
}

/* The oldest sender src accepts: any for ENDPOINT_ANY, else the one whose
 * endpoint it is (a process sends one message at a time, so at most one). */
struct proc *
ipc_queue_take(struct proc *dst, endpoint_t src)
{
	struct proc **link = &dst->p_ipc_q_head;
	struct proc *p;

	while ((p = *link) != NULL) {
		if (src == ENDPOINT_ANY || p->p_endpoint == src) {
			*link = p->p_ipc_q_next;
			p->p_ipc_q_next = NULL;
			return p;
		}
		link = &p->p_ipc_q_next;
	}
	return NULL;
}
