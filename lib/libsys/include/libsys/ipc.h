/*
 * IPC system calls.  A message travels in registers both ways
 * (include/xinim/syscall.h): rdi = endpoint, rsi = m_type, rdx, r10, r8,
 * r9, r12, r13, r14 = m_arg[0..6]; a call that receives gets m_source in
 * rdi and the rest in the same registers.  Each returns 0 or a negative E*
 * code (xinim/errno.h): -EDEADSRCDST for a dead or stale endpoint,
 * -ECALLDENIED for a target the privilege record does not allow.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/syscall.h>

/* One IPC trap: loads *m into the registers and, when receive is set,
 * stores the registers of the message that came back into *m. */
static inline int64_t
ipc_trap(uint64_t nr, endpoint_t ep, struct message *m, bool receive)
{
	register uint64_t rax __asm__("rax") = nr;
	register uint64_t rdi __asm__("rdi") = (uint64_t)(int64_t)ep;
	register uint64_t rsi __asm__("rsi") = m->m_type;
	register uint64_t rdx __asm__("rdx") = m->m_arg[0];
	register uint64_t r10 __asm__("r10") = m->m_arg[1];
	register uint64_t r8 __asm__("r8") = m->m_arg[2];
	register uint64_t r9 __asm__("r9") = m->m_arg[3];
	register uint64_t r12 __asm__("r12") = m->m_arg[4];
	register uint64_t r13 __asm__("r13") = m->m_arg[5];
	register uint64_t r14 __asm__("r14") = m->m_arg[6];

	__asm__ volatile("syscall"
	                 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8),
	                 "+r"(r9), "+r"(r12), "+r"(r13), "+r"(r14)
	                 :
	                 : "rcx", "r11", "memory");
	if (receive && (int64_t)rax >= 0) {
		m->m_source = (endpoint_t)rdi;
		m->m_type = (uint32_t)rsi;
		m->m_arg[0] = rdx;
		m->m_arg[1] = r10;
		m->m_arg[2] = r8;
		m->m_arg[3] = r9;
		m->m_arg[4] = r12;
		m->m_arg[5] = r13;
		m->m_arg[6] = r14;
	}
	return (int64_t)rax;
}

/* Blocks until dst has received *m. */
static inline int
ipc_send(endpoint_t dst, struct message *m)
{
	return (int)ipc_trap(SYS_SEND, dst, m, false);
}

/* Blocks until a message from src (or anyone: ENDPOINT_ANY) arrives in
 * *m; m_source says who sent it (ENDPOINT_KERNEL for kernel
 * notifications). */
static inline int
ipc_receive(endpoint_t src, struct message *m)
{
	struct message in = { 0 };
	int r = (int)ipc_trap(SYS_RECEIVE, src, &in, true);

	if (r >= 0) {
		*m = in;
	}
	return r;
}

/* Sends *m to dst and waits for its reply, which replaces *m. */
static inline int
ipc_call(endpoint_t dst, struct message *m)
{
	return (int)ipc_trap(SYS_CALL, dst, m, true);
}

/* Replies *m to dst, which must be waiting in ipc_call() on us; never
 * blocks. */
static inline int
ipc_reply(endpoint_t dst, struct message *m)
{
	return (int)ipc_trap(SYS_REPLY, dst, m, false);
}

/*
 * A server's reply and its next receive in one system call
 * (SYS_REPLY_RECV): replies *reply to reply_to as ipc_reply() would
 * (ENDPOINT_NONE: no reply, just the receive), then waits like
 * ipc_receive(src, in).  Returns the receive's result; with 0, *in holds
 * the new message.  reply and in may be the same buffer: the reply is
 * read before anything is written.  A reply that finds nobody waiting
 * for it (the caller died or stopped waiting) does not stop the receive;
 * its result (0, -ENOTREADY or -EDEADSRCDST) goes to *reply_r when that
 * is not NULL.  A src ipc_receive() would refuse, or a reply_to that is
 * a special endpoint or ourselves (-EINVAL), fails the whole call:
 * nothing is sent and nothing received.
 */
static inline int
ipc_reply_recv_status(endpoint_t reply_to, const struct message *reply, endpoint_t src,
    struct message *in, int *reply_r)
{
	register uint64_t rax __asm__("rax") = SYS_REPLY_RECV;
	register uint64_t rdi __asm__("rdi") = (uint64_t)(int64_t)reply_to;
	register uint64_t rsi __asm__("rsi") = reply->m_type;
	register uint64_t rdx __asm__("rdx") = reply->m_arg[0];
	register uint64_t r10 __asm__("r10") = reply->m_arg[1];
	register uint64_t r8 __asm__("r8") = reply->m_arg[2];
	register uint64_t r9 __asm__("r9") = reply->m_arg[3];
	register uint64_t r12 __asm__("r12") = reply->m_arg[4];
	register uint64_t r13 __asm__("r13") = reply->m_arg[5];
	register uint64_t r14 __asm__("r14") = reply->m_arg[6];
	register uint64_t r15 __asm__("r15") = (uint64_t)(int64_t)src;

	__asm__ volatile("syscall"
	                 : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8),
	                 "+r"(r9), "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)
	                 :
	                 : "rcx", "r11", "memory");
	if (reply_r != NULL) {
		*reply_r = (int)(int64_t)r15;
	}
	if ((int64_t)rax >= 0) {
		in->m_source = (endpoint_t)rdi;
		in->m_type = (uint32_t)rsi;
		in->m_arg[0] = rdx;
		in->m_arg[1] = r10;
		in->m_arg[2] = r8;
		in->m_arg[3] = r9;
		in->m_arg[4] = r12;
		in->m_arg[5] = r13;
		in->m_arg[6] = r14;
	}
	return (int)(int64_t)rax;
}

/* ipc_reply_recv_status() for a caller that does not ask how the reply
 * went (the usual server loop: a caller that gave up gets nothing). */
static inline int
ipc_reply_recv(endpoint_t reply_to, struct message *reply, endpoint_t src, struct message *in)
{
	return ipc_reply_recv_status(reply_to, reply, src, in, NULL);
}

/* Sets our bit in dst's pending notifications; never blocks. */
static inline int
ipc_notify(endpoint_t dst)
{
	struct message none = { 0 };

	return (int)ipc_trap(SYS_NOTIFY, dst, &none, false);
}
