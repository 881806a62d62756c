/*
 * The process manager's protocol (servers/pm, published in ds as "pm").
 * pm gives processes their Unix identity: a pid, a parent, a process
 * group, a uid and gid; it spawns programs from any file system (it
 * reads them through vfs, VFS_PM_OPENEXEC, and loads them with libsys's
 * elf_spawn), tells vfs who was born with which descriptors
 * (VFS_PM_SPAWN) and who died (VFS_PM_EXIT), collects exits (it is the
 * kernel parent of every process it spawns) and turns signals into
 * kills.  Processes pm did not spawn (rs's services and run= programs)
 * get a pid on their first call, with rs's pid 1 as parent.
 *
 * Replies have m_type PM_REPLY and [0] a result >= 0 or a negative E*
 * code.  pm calls vfs, never the other way; a driver with news for pm
 * (the tty's Ctrl-C) notifies it and pm fetches it (CHR_SIGNALS).
 */
#pragma once
#include <stdint.h>

enum pm_msg {
	/* [0] GRANT_READ grant of a spawn image (below), [1] its bytes.
	 * -> the child's pid.  -ENOENT, -EACCES, -ENOEXEC (not an ELF
	 * executable, or a bad one), -E2BIG (image too large) */
	PM_SPAWN = 0x0800,
	/* [0] pid (> 0 that child, -1 any child, < -1 any in group -pid),
	 * [1] PM_WNOHANG or 0.  -> the pid that ended (0 with PM_WNOHANG
	 * when none has yet), [1] its wait status (below), [2] the kernel's
	 * cause (EXIT_*), [3] its vector or address for a fault.  -ECHILD */
	PM_WAIT = 0x0801,
	/* [0] pid (< -1: group -pid), [1] signal.  -> 0; -ESRCH, -EPERM,
	 * -EINVAL (unknown signal) */
	PM_KILL = 0x0802,
	/* -> [1] pid, [2] parent's pid, [3] process group.  [0..2] may
	 * hold a name (rs_name_pack; zeros: none), which a process pm did
	 * not spawn (init, run= programs) is listed under in PM_PS. */
	PM_GETPID = 0x0803,
	/* -> [1] uid, [2] gid */
	PM_GETID = 0x0804,
	/* [0] uid, [1] gid ((uint32_t)-1: unchanged).  Root only, or to
	 * one's own ids.  -> 0 */
	PM_SETID = 0x0805,
	/* [0] pid (0: self), [1] group (0: its pid).  -> 0 */
	PM_SETPGID = 0x0806,
	/* [0] signal, [1] PM_SIG_DEFAULT or PM_SIG_IGNORE.  -> the old
	 * disposition.  Handlers are not supported: a signal not ignored
	 * ends the process. */
	PM_SIGNAL = 0x0807,
	/* [0] index (0 first).  -> [1] pid | parent << 32, [2] uid | state
	 * << 32 (PM_ST_*), [3..5] name (rs_name_pack), [6] the next index,
	 * 0 after the last; -ENOENT past it */
	PM_PS = 0x0808,
	/* [0] PM_HALT_POWEROFF or PM_HALT_REBOOT.  Root only: pm has vfs
	 * flush every file system, then powers off or resets.  Does not
	 * return on success. */
	PM_HALT = 0x0809,
	PM_REPLY = 0x08ff,
};

#define PM_WNOHANG 1

#define PM_SIG_DEFAULT 0
#define PM_SIG_IGNORE 1

#define PM_HALT_POWEROFF 0
#define PM_HALT_REBOOT 1

#define PM_ST_RUNNING 0
#define PM_ST_ZOMBIE 1

/* Signals (Linux's numbers). */
#define XSIGHUP 1
#define XSIGINT 2
#define XSIGQUIT 3
#define XSIGKILL 9
#define XSIGSEGV 11
#define XSIGPIPE 13
#define XSIGTERM 15
#define XSIGCHLD 17
#define XNSIG 32

/* Wait status, POSIX's traditional encoding: exit status << 8 for a
 * normal exit, the signal number for a process ended by a signal (a
 * fault counts as SIGSEGV, an I/O port as SIGSEGV too). */
#define PM_W_EXITED(st) (((st)&0x7f) == 0)
#define PM_W_EXITSTATUS(st) (((st) >> 8) & 0xff)
#define PM_W_TERMSIG(st) ((st)&0x7f)

/*
 * The spawn image: this header, then the strings it counts: the path
 * (ps_path_len bytes and a NUL), ps_argc NUL-terminated arguments,
 * ps_envc NUL-terminated environment entries ("NAME=value"), then, 8-byte
 * aligned, ps_nactions struct vfs_fdaction (proto/vfs.h).  At most
 * PM_SPAWN_MAX bytes in all.
 */
#define PM_SPAWN_MAX 65536
#define PM_ARGS_MAX 256 /* arguments plus environment entries */

struct pm_spawn {
	uint32_t ps_path_len;
	uint32_t ps_argc;
	uint32_t ps_envc;
	uint32_t ps_nactions;
	int32_t ps_pgid; /* -1: the parent's group; 0: a new group (its pid) */
	uint32_t ps_flags;
};
