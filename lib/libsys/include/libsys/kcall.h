/*
 * Kernel calls (xinim/kcall.h), one wrapper each.  Every call is checked
 * against the caller's privilege record first: one it does not list
 * returns -ECALLDENIED.  Results are >= 0, or a negative E* code.
 * `target` is an endpoint or ENDPOINT_SELF.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <libsys/syscall.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

/* A new process named name (len bytes), not started; its endpoint. */
static inline endpoint_t
kc_proc_create(const char *name, size_t len)
{
	return (endpoint_t)sys_kcall(KC_PROC_CREATE, (uint64_t)name, len, 0, 0, 0);
}

/* Zeroed memory in target at vaddr (0: the kernel chooses); the address. */
static inline int64_t
kc_proc_mmap(endpoint_t target, uint64_t vaddr, uint64_t len, unsigned prot)
{
	return sys_kcall(KC_PROC_MMAP, (uint64_t)(int64_t)target, vaddr, len, prot, 0);
}

/* Copies len bytes from our src to target's dst (an unstarted child). */
static inline int
kc_proc_copyto(endpoint_t target, uint64_t dst, const void *src, size_t len)
{
	return (
	    int)sys_kcall(KC_PROC_COPYTO, (uint64_t)(int64_t)target, dst, (uint64_t)src, len, 0);
}

/* Maps our own frames at src into an unstarted child at dst, read-only
 * and shared (prot: PROT_READ, with PROT_EXEC or not). */
static inline int
kc_proc_share(endpoint_t target, uint64_t dst, uint64_t src, size_t len, unsigned prot)
{
	return (int)sys_kcall(KC_PROC_SHARE, (uint64_t)(int64_t)target, dst, src, len, prot);
}

static inline int
kc_proc_setregs(endpoint_t target, uint64_t rip, uint64_t rsp, uint64_t rdi, uint64_t rsi)
{
	return (int)sys_kcall(KC_PROC_SETREGS, (uint64_t)(int64_t)target, rip, rsp, rdi, rsi);
}

static inline int
kc_proc_setpriv(endpoint_t target, const struct priv_desc *priv)
{
	return (int)sys_kcall(KC_PROC_SETPRIV, (uint64_t)(int64_t)target, (uint64_t)priv, 0, 0, 0);
}

static inline int
kc_proc_start(endpoint_t target)
{
	return (int)sys_kcall(KC_PROC_START, (uint64_t)(int64_t)target, 0, 0, 0, 0);
}

static inline int
kc_proc_kill(endpoint_t target)
{
	return (int)sys_kcall(KC_PROC_KILL, (uint64_t)(int64_t)target, 0, 0, 0, 0);
}

/* Collects an exited child: 0, -EAGAIN (none has exited yet) or -ECHILD. */
static inline int
kc_proc_wait(endpoint_t child, struct exit_info *out)
{
	return (int)sys_kcall(KC_PROC_WAIT, (uint64_t)(int64_t)child, (uint64_t)out, 0, 0, 0);
}

static inline int
kc_munmap(uint64_t vaddr, uint64_t len)
{
	return (int)sys_kcall(KC_MUNMAP, vaddr, len, 0, 0, 0);
}

/* Arms our one alarm ns nanoseconds from now (0 cancels): NOTIFY_ALARM
 * from ENDPOINT_KERNEL when it expires.  0 or an error. */
static inline int
kc_alarm(uint64_t ns)
{
	int64_t r = sys_kcall(KC_ALARM, ns, 0, 0, 0, 0);

	return r < 0 ? (int)r : 0;
}

/* kc_alarm() that also says what the alarm it replaced had left: those
 * nanoseconds (1: it was due), 0 when there was none, or an error. */
static inline int64_t
kc_alarm_swap(uint64_t ns)
{
	return sys_kcall(KC_ALARM, ns, 0, 0, 0, 0);
}

static inline int
kc_sysinfo(struct sysinfo *out)
{
	return (int)sys_kcall(KC_SYSINFO, (uint64_t)out, 0, 0, 0, 0);
}

static inline int64_t
kc_console_write(const char *buf, size_t len)
{
	return sys_kcall(KC_CONSOLE_WRITE, (uint64_t)buf, len, 0, 0, 0);
}

/* Status 0: power off (QEMU exits 0); else QEMU exits (status << 1) | 1. */
static inline int
kc_poweroff(int status)
{
	return (int)sys_kcall(KC_POWEROFF, (uint64_t)(int64_t)status, 0, 0, 0, 0);
}

/* Copies the oldest retained kernel log (at most size bytes: the ring
 * holds 64 KiB) into buf; the bytes copied. */
static inline int64_t
kc_klog(char *buf, size_t size)
{
	return sys_kcall(KC_KLOG, (uint64_t)buf, size, 0, 0, 0);
}

static inline int
kc_bootimage(struct bootimage_info *out)
{
	return (int)sys_kcall(KC_BOOTIMAGE, (uint64_t)out, 0, 0, 0, 0);
}
