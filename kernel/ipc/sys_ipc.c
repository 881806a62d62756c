/*
 * The six IPC system calls: the glue between the caller's registers and
 * the IPC paths.  Each reads its endpoint and message from the saved user
 * registers (arch/ipc_regs.h); those that receive write the message they
 * got back into them, with rax = 0 (the dispatcher stores the return
 * value).  SYS_CALL, SYS_REPLY and SYS_REPLY_RECV try the fast path
 * first.
 */
#include <arch/ipc_regs.h>
#include <arch/trap.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include "fastpath.h"

static int64_t
sys_send(struct proc *caller, struct trap_frame *tf)
{
	struct message m;

	ipc_regs_get(tf, &m);
	return ipc_send(caller, ipc_regs_endpoint(tf), &m);
}
SYSCALL_HANDLER(SYS_SEND, sys_send);

static int64_t
sys_receive(struct proc *caller, struct trap_frame *tf)
{
	int64_t r = ipc_receive(caller, ipc_regs_endpoint(tf));

	if (r == 0) {
		ipc_regs_put(tf, &caller->p_ipc_msg);
	}
	return r;
}
SYSCALL_HANDLER(SYS_RECEIVE, sys_receive);

static int64_t
sys_call(struct proc *caller, struct trap_frame *tf)
{
	struct message m;
	int64_t r = ipc_fastpath_call(caller, tf);

	if (r != IPC_FASTPATH_MISS) {
		return r;
	}
	ipc_regs_get(tf, &m);
	r = ipc_call(caller, ipc_regs_endpoint(tf), &m);
	if (r == 0) {
		ipc_regs_put(tf, &caller->p_ipc_msg);
	}
	return r;
}
SYSCALL_HANDLER(SYS_CALL, sys_call);

static int64_t
sys_reply(struct proc *caller, struct trap_frame *tf)
{
	struct message m;
	int64_t r = ipc_fastpath_reply(caller, tf);

	if (r != IPC_FASTPATH_MISS) {
		return r;
	}
	ipc_regs_get(tf, &m);
	return ipc_reply(caller, ipc_regs_endpoint(tf), &m);
}
SYSCALL_HANDLER(SYS_REPLY, sys_reply);

/* The caller to answer and the reply as for SYS_REPLY, the source to
 * receive from beside them; the reply's result comes back beside the
 * received message (arch/ipc_regs.h says where). */
static int64_t
sys_reply_recv(struct proc *caller, struct trap_frame *tf)
{
	struct message m;
	int64_t r = ipc_fastpath_reply_recv(caller, tf), reply_r;

	if (r != IPC_FASTPATH_MISS) {
		return r;
	}
	ipc_regs_get(tf, &m);
	r = ipc_reply_recv(caller, ipc_regs_endpoint(tf), &m, ipc_regs_rr_source(tf), &reply_r);
	if (r == 0) {
		ipc_regs_put(tf, &caller->p_ipc_msg);
	}
	ipc_regs_rr_set_reply(tf, reply_r);
	return r;
}
SYSCALL_HANDLER(SYS_REPLY_RECV, sys_reply_recv);

static int64_t
sys_notify(struct proc *caller, struct trap_frame *tf)
{
	return ipc_notify(caller, ipc_regs_endpoint(tf));
}
SYSCALL_HANDLER(SYS_NOTIFY, sys_notify);
