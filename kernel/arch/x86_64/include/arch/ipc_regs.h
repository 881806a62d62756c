/*
 * Where a message sits in the saved user registers (include/xinim/
 * syscall.h): rdi the endpoint, rsi m_type, rdx, r10, r8, r9, r12, r13,
 * r14 the seven m_arg words; for SYS_REPLY_RECV, r15 the source to receive
 * from going in and the reply's result coming out.  The syscall entry saves and restores all of
 * them through the trap frame, so the IPC calls read a message from the
 * caller's frame and write the received one into it.
 */
#pragma once
#include <stdint.h>
#include <arch/trap.h>
#include <xinim/ipc.h>

/* The message a process passes in its registers; m_source is left for
 * the kernel to fill in. */
static inline void
ipc_regs_get(const struct trap_frame *tf, struct message *m)
{
	m->m_source = ENDPOINT_NONE;
	m->m_type = (uint32_t)tf->rsi;
	m->m_arg[0] = tf->rdx;
	m->m_arg[1] = tf->r10;
	m->m_arg[2] = tf->r8;
	m->m_arg[3] = tf->r9;
	m->m_arg[4] = tf->r12;
	m->m_arg[5] = tf->r13;
	m->m_arg[6] = tf->r14;
}

/* Hands m to the process returning through tf. */
static inline void
ipc_regs_put(struct trap_frame *tf, const struct message *m)
{
	tf->rdi = (uint64_t)(int64_t)m->m_source;
	tf->rsi = m->m_type;
	tf->rdx = m->m_arg[0];
	tf->r10 = m->m_arg[1];
	tf->r8 = m->m_arg[2];
	tf->r9 = m->m_arg[3];
	tf->r12 = m->m_arg[4];
	tf->r13 = m->m_arg[5];
	tf->r14 = m->m_arg[6];
}

/* The endpoint argument: the low 32 bits of rdi (an int32 in a 64-bit
 * register; the upper half is not the caller's to define). */
static inline int32_t
ipc_regs_endpoint(const struct trap_frame *tf)
{
	return (int32_t)(uint32_t)tf->rdi;
}

/* SYS_REPLY_RECV's source to receive from: the low 32 bits of r15. */
static inline int32_t
ipc_regs_rr_source(const struct trap_frame *tf)
{
	return (int32_t)(uint32_t)tf->r15;
}

/* SYS_REPLY_RECV's second result, the reply's: into r15. */
static inline void
ipc_regs_rr_set_reply(struct trap_frame *tf, int64_t r)
{
	tf->r15 = (uint64_t)r;
}
