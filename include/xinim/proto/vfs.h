/*
 * The vfs protocol: what processes ask of vfs, the file-system server
 * (servers/vfs).  vfs owns the mount table, path resolution and each
 * process's descriptor table, working directory, umask and identity;
 * the file systems behind it speak include/xinim/proto/fs.h, character
 * devices include/xinim/proto/chr.h.  libc's POSIX calls (open, read,
 * stat...) are one VFS_* call each; vfs is published in ds as "vfs".
 *
 * Strings and buffers travel in grants the caller makes to vfs: a path
 * is [n] a GRANT_READ grant and [n+1] its length in bytes (without a
 * NUL, at most XPATH_MAX - 1); two paths (link, symlink, rename) are one
 * grant holding "first\0second\0" and its total length.  Every reply has
 * m_type VFS_REPLY and [0] a result >= 0 or a negative E* code (POSIX's
 * errno values, include/xinim/errno.h).  [n] below is m_arg[n].
 *
 * A request may be answered later: a read of an empty pipe or of a
 * terminal waits until there is data (vfs serves others meanwhile); the
 * caller just sees a slow ipc_call().  A process vfs does not know yet
 * (one pm did not announce, like rs's services) gets a fresh table with
 * uid 0, umask 022 and / as its directory on its first call.
 *
 * Order of calls, which keeps the servers free of deadlock: pm calls
 * vfs, vfs calls file systems and drivers, never the other way; a
 * server below tells one above something only by notifying it, and the
 * one above then calls down to fetch it (as rs and ds do).
 */
#pragma once
#include <stdint.h>
#include <xinim/fs.h>

enum vfs_msg {
	/* [0,1] path, [2] XO_* flags, [3] mode (with XO_CREAT).  -> fd */
	VFS_OPEN = 0x0500,
	/* [0] fd.  -> 0 */
	VFS_CLOSE = 0x0501,
	/* [0] fd, [1] GRANT_WRITE grant, [2] bytes.  -> bytes read (0 at end) */
	VFS_READ = 0x0502,
	/* [0] fd, [1] GRANT_READ grant, [2] bytes.  -> bytes written */
	VFS_WRITE = 0x0503,
	/* as VFS_READ / VFS_WRITE with [3] the offset; the file offset stays */
	VFS_PREAD = 0x0504,
	VFS_PWRITE = 0x0505,
	/* [0] fd, [1] offset (signed), [2] XSEEK_*.  -> the new offset */
	VFS_LSEEK = 0x0506,
	/* [0,1] path, [2] GRANT_WRITE grant of a struct xstat, [3] 1: do not
	 * follow a final symlink (lstat).  -> 0 */
	VFS_STAT = 0x0507,
	/* [0] fd, [1] grant of a struct xstat.  -> 0 */
	VFS_FSTAT = 0x0508,
	/* [0,1] path, [2] length.  -> 0 */
	VFS_TRUNCATE = 0x0509,
	/* [0] fd, [1] length.  -> 0 */
	VFS_FTRUNCATE = 0x050a,
	/* [0] fd.  -> 0 */
	VFS_FSYNC = 0x050b,
	/* [0,1] path, [2] mode.  -> 0 */
	VFS_MKDIR = 0x050c,
	/* [0,1] path.  -> 0 */
	VFS_RMDIR = 0x050d,
	VFS_UNLINK = 0x050e,
	/* [0] fd of a directory, [1] GRANT_WRITE grant, [2] bytes.  -> bytes
	 * of struct xdirent records (0 at the end) */
	VFS_GETDENTS = 0x050f,
	/* [0,1] path.  -> 0 */
	VFS_CHDIR = 0x0510,
	/* [0] fd.  -> 0 */
	VFS_FCHDIR = 0x0511,
	/* [0] GRANT_WRITE grant, [1] bytes.  -> length with the NUL */
	VFS_GETCWD = 0x0512,
	/* [0,1] "existing\0new\0".  -> 0 */
	VFS_LINK = 0x0513,
	/* [0,1] "target\0linkpath\0".  -> 0 */
	VFS_SYMLINK = 0x0514,
	/* [0,1] "old\0new\0".  -> 0 */
	VFS_RENAME = 0x0515,
	/* [0,1] path, [2] GRANT_WRITE grant, [3] bytes.  -> bytes (no NUL) */
	VFS_READLINK = 0x0516,
	/* [0,1] path, [2] mode.  -> 0 */
	VFS_CHMOD = 0x0517,
	/* [0] fd, [1] mode.  -> 0 */
	VFS_FCHMOD = 0x0518,
	/* [0,1] path, [2] uid, [3] gid ((uint32_t)-1: unchanged), [4] 1: do
	 * not follow a final symlink.  -> 0 */
	VFS_CHOWN = 0x0519,
	/* [0] new mask.  -> the old one */
	VFS_UMASK = 0x051a,
	/* [0] fd.  -> the lowest free fd, sharing the open file */
	VFS_DUP = 0x051b,
	/* [0] fd, [1] new fd (closed first if open).  -> new fd */
	VFS_DUP2 = 0x051c,
	/* [0] fd, [1] XF_* command, [2] argument.  -> per command */
	VFS_FCNTL = 0x051d,
	/* [0] XO_CLOEXEC or 0.  -> 0, [1] read end, [2] write end */
	VFS_PIPE = 0x051e,
	/* [0] GRANT_READ|GRANT_WRITE grant of struct xpollfd[n], [1] n,
	 * [2] timeout ms (-1: none).  -> how many have events */
	VFS_POLL = 0x051f,
	/* [0,1] "source\0target\0fstype\0" optionally followed by
	 * "options\0" ("size=8M"; "ro" and "rw" set or clear XMNT_RDONLY),
	 * [2] XMNT_* flags.  An absolute source must exist (-ENOENT); a
	 * block special file's rdev goes to the server (fs.h fm_dev), which
	 * answers -ENOTBLK when it needs a device and got none.  -> 0 */
	VFS_MOUNT = 0x0520,
	/* [0,1] target path.  -> 0; -EBUSY while in use */
	VFS_UMOUNT = 0x0521,
	/* [0,1] path, [2] GRANT_WRITE grant of a struct xstatfs.  -> 0 */
	VFS_STATFS = 0x0522,
	/* [0,1] path, [2] XR_OK | XW_OK | XX_OK or XF_OK.  -> 0 */
	VFS_ACCESS = 0x0523,
	/* [0] index (0 first), [1] GRANT_WRITE grant of a struct vfs_mntent.
	 * -> 0, [1] the next index (0 after the last); -ENOENT past it */
	VFS_MOUNTS = 0x0524,
	/* [0] fd, [1] command, [2] argument (terminals: XTC*).  -> per command */
	VFS_IOCTL = 0x0525,
	/* [0,1] path, [2] mode: a type (XS_IFIFO, XS_IFREG, XS_IFSOCK; for
	 * root also XS_IFCHR, XS_IFBLK) and permissions, [3] device number.
	 * -> 0; -EPERM for a device node from another user, -EINVAL for a
	 * directory or no type */
	VFS_MKNOD = 0x0526,
	/* No arguments: every mounted file system writes back what it
	 * holds (FS_SYNC with inode 0) before the reply.  -> 0, or the
	 * first file system's error (the others are still asked) */
	VFS_SYNC = 0x0527,

	/* From pm only (-EPERM from anyone else). */
	/* [0] parent endpoint, [1] child endpoint, [2] uid | gid << 32,
	 * [3] GRANT_READ grant of struct vfs_fdaction[n] (0: none), [4] n.
	 * The child gets the parent's directory, umask and descriptors
	 * (sharing the open files), the actions are applied in order, then
	 * the descriptors still FD_CLOEXEC are closed.  -> 0 */
	VFS_PM_SPAWN = 0x0580,
	/* [0] endpoint: the process ended; its descriptors are closed. */
	VFS_PM_EXIT = 0x0581,
	/* [0] endpoint, [1,2] path, [3] GRANT_WRITE grant of a struct xstat.
	 * Opens path for pm as that process would, checking execute
	 * permission: -> an fd in pm's own table (pm reads the program with
	 * VFS_READ and closes it) */
	VFS_PM_OPENEXEC = 0x0582,
	/* [0] endpoint, [1] uid | gid << 32.  -> 0 */
	VFS_PM_SETID = 0x0583,
	/* Flush every file system (before power-off).  -> 0 */
	VFS_PM_SYNC = 0x0584,

	VFS_REPLY = 0x05ff,
};

/* VFS_PM_SPAWN's descriptor actions, as posix_spawn's. */
#define VFS_FA_CLOSE 1 /* close fa_fd */
#define VFS_FA_DUP2 2  /* dup2(fa_src, fa_fd) */
#define VFS_FA_OPEN 3  /* open fa_path (fa_flags, fa_mode) as fa_fd */

struct vfs_fdaction {
	uint32_t fa_kind;
	int32_t fa_fd;
	int32_t fa_src;
	uint32_t fa_flags;
	uint32_t fa_mode;
	uint32_t fa_pad;
	char fa_path[128];
};

/* VFS_POLL. */
#define XPOLLIN 0x001
#define XPOLLOUT 0x004
#define XPOLLERR 0x008
#define XPOLLHUP 0x010
#define XPOLLNVAL 0x020

struct xpollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

/* VFS_MOUNTS. */
struct vfs_mntent {
	char me_source[64];
	char me_target[128];
	char me_type[16];
	uint32_t me_flags; /* XMNT_* */
	uint32_t me_dev;   /* the source's rdev when it is a block device, else 0 */
};
