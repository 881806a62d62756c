/*
 * The system-call ABI.
 *
 * `syscall` with the call number in rax.  Arguments go in rdi, rsi, rdx,
 * r10, r8, r9 (rcx and r11 are clobbered by the instruction).  The result
 * comes back in rax: >= 0 on success, a negative E* code (errno.h) on error.
 *
 * The IPC calls carry a whole message in registers, both ways:
 *   rdi = destination or source endpoint, rsi = m_type,
 *   rdx, r10, r8, r9, r12, r13, r14 = m_arg[0..6].
 * On return from a call that receives, rdi holds m_source, rsi m_type and
 * the same seven registers the arguments; every other register except rax,
 * rcx and r11 is preserved.
 *
 * SYS_REPLY_RECV takes a reply exactly as SYS_REPLY does (rdi the caller
 * to answer, or ENDPOINT_NONE for none; the message in rsi..r14) and the
 * source to receive from in r15 (the low 32 bits, as for rdi), and
 * returns like SYS_RECEIVE.  rax is the receive's result; r15 comes back
 * with the reply's: 0 (delivered, or none asked), -ENOTREADY (the target
 * was not waiting in a call to us: it gave up, or never called) or
 * -EDEADSRCDST (it died).  Neither of these stops the receive.  A source
 * SYS_RECEIVE would refuse, or a reply target that is a special endpoint
 * other than ENDPOINT_NONE or the caller itself (-EINVAL), refuses the
 * whole call before anything is done, with the error in rax and r15.
 *
 * Calls numbered SYS_KCALL_BASE and up are kernel calls (kcall.h), each
 * allowed only if the caller's privilege record lists it.
 */
#pragma once

#define SYS_NULL 0       /* does nothing: returns 0 (for benchmarks) */
#define SYS_SEND 1       /* (dst, msg): blocks until dst receives it */
#define SYS_RECEIVE 2    /* (src or ENDPOINT_ANY): blocks until a message comes */
#define SYS_CALL 3       /* (dst, msg): send, then receive the reply from dst */
#define SYS_REPLY 4      /* (dst, msg): to a caller waiting for our reply; never blocks */
#define SYS_NOTIFY 5     /* (dst): sets our bit in dst's pending set; never blocks */
#define SYS_EXIT 6       /* (status): ends the calling process */
#define SYS_YIELD 7      /* gives up the rest of the time slice */
#define SYS_REPLY_RECV 8 /* (dst or ENDPOINT_NONE, msg, src in r15): reply, then receive */
#define SYS_KCALL_BASE 16
#define SYS_COUNT 64
