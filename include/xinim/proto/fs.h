/*
 * The file-system protocol: what vfs asks of a file-system server
 * (initfs, tmpfs, devfs, later ext2).  Every file system implements
 * every request (answering -EROFS, -ENOSYS or -EPERM where it must) and
 * is found in ds under its type name ("tmpfs"); vfs calls it, it never
 * calls vfs.
 *
 * The window: at FS_MOUNT vfs grants the server a window of its memory
 * (GRANT_READ | GRANT_WRITE | GRANT_MAP, FS_WINDOW_SIZE bytes laid out as
 * struct fs_window), which the server maps once (KC_GRANT_MAP) for all
 * later requests from that vfs instance.  Names go in fw_name (and
 * fw_name2), attributes come back in fw_attr, file data moves through
 * fw_data; vfs sends one request at a time, so one window suffices.  A
 * name is one path component, NUL-terminated, never "." or "..": vfs
 * resolves those itself.
 *
 * Inodes are 64-bit numbers unique within one server (across its
 * mounts).  Every reply has m_type FS_REPLY and [0] a result >= 0 or a
 * negative E* code; where "attr" is listed, the reply also leaves the
 * node's struct fs_attr in fw_attr.
 *
 * Open files: vfs sends FS_REF when it opens a node and FS_PUTNODE when
 * the last descriptor on it closes; a node unlinked while referenced
 * lives on, readable and writable, until its last FS_PUTNODE.
 */
#pragma once
#include <stdint.h>
#include <xinim/fs.h>

#define FS_DATA_MAX 32768 /* bytes of file data per FS_READ or FS_WRITE */

/* A node's attributes (what stat() shows, less st_dev). */
struct fs_attr {
	uint64_t fa_ino;
	uint64_t fa_size;
	uint64_t fa_blocks; /* 512-byte units */
	int64_t fa_atime_ns, fa_mtime_ns, fa_ctime_ns;
	uint32_t fa_mode; /* XS_IF* type | permission bits */
	uint32_t fa_nlink;
	uint32_t fa_uid, fa_gid;
	uint32_t fa_rdev;
	uint32_t fa_pad;
};

struct fs_window {
	struct fs_attr fw_attr;
	char fw_name[XPATH_MAX];
	char fw_name2[XPATH_MAX];
	uint8_t fw_data[FS_DATA_MAX];
};

#define FS_WINDOW_SIZE ((sizeof(struct fs_window) + 4095) & ~(size_t)4095)

/* FS_SETATTR's mask: which fw_attr fields to apply. */
#define FS_SET_MODE 1 /* permission bits of fa_mode */
#define FS_SET_UID 2
#define FS_SET_GID 4
#define FS_SET_SIZE 8 /* truncate or extend with zeros */
#define FS_SET_ATIME 16
#define FS_SET_MTIME 32

enum fs_msg {
	/* [0] the window's grant id, [1] its size, [2] XMNT_* flags;
	 * fw_name: the source ("none", a device path...), then the mount
	 * options, comma-separated ("none,size=8M"; tmpfs takes size= and
	 * mode=, and skips words without '=').  -> [1] the root
	 * inode; attr.  -ENOSPC for too many mounts, -EROFS when writable
	 * was asked of a read-only file system. */
	FS_MOUNT = 0x0600,
	/* [0] root inode.  -> 0; -EBUSY while the server still has open
	 * nodes on it */
	FS_UNMOUNT = 0x0601,
	/* [0] directory; fw_name.  -> [1] inode; attr.  -ENOENT, -ENOTDIR */
	FS_LOOKUP = 0x0602,
	/* [0] inode.  -> attr */
	FS_GETATTR = 0x0603,
	/* [0] inode, [1] FS_SET_* mask; values in fw_attr.  -> attr */
	FS_SETATTR = 0x0604,
	/* [0] inode, [1] offset, [2] bytes (<= FS_DATA_MAX).  -> bytes, in
	 * fw_data (0 at the end of the file) */
	FS_READ = 0x0605,
	/* [0] inode, [1] offset, [2] bytes from fw_data.  -> bytes; attr.
	 * -ENOSPC when full (after writing what fit, if anything: then the
	 * count) */
	FS_WRITE = 0x0606,
	/* [0] directory, [1] fa_mode (type and permissions; regular file,
	 * directory, FIFO, device, socket), [2] uid | gid << 32, [3] rdev;
	 * fw_name.  -> [1] inode; attr.  -EEXIST */
	FS_CREATE = 0x0607,
	/* [0] directory, [1] uid | gid << 32; fw_name the link's name,
	 * fw_name2 its target.  -> [1] inode; attr */
	FS_SYMLINK = 0x0608,
	/* [0] inode.  -> bytes of the target, in fw_data (no NUL) */
	FS_READLINK = 0x0609,
	/* [0] directory, [1] the inode to link; fw_name.  -> 0; attr of the
	 * inode.  -EEXIST, -EMLINK */
	FS_LINK = 0x060a,
	/* [0] directory; fw_name (not a directory: -EISDIR).  -> 0 */
	FS_UNLINK = 0x060b,
	/* [0] directory; fw_name (an empty directory: -ENOTEMPTY).  -> 0 */
	FS_RMDIR = 0x060c,
	/* [0] old directory, [1] new directory; fw_name the old name,
	 * fw_name2 the new.  Replaces an existing target as rename(2) does
	 * (a directory only by an empty directory).  -> 0 */
	FS_RENAME = 0x060d,
	/* [0] directory, [1] cookie (0 first), [2] bytes.  -> bytes of
	 * struct xdirent records in fw_data (0: no more), [1] the next
	 * cookie.  "." and ".." are listed. */
	FS_GETDENTS = 0x060e,
	/* [0] inode, or 0 for everything.  -> 0 */
	FS_SYNC = 0x060f,
	/* [0] root inode.  -> 0; a struct xstatfs in fw_data */
	FS_STATFS = 0x0610,
	/* [0] inode: vfs opened it.  -> 0 */
	FS_REF = 0x0611,
	/* [0] inode: vfs closed its last descriptor on it.  -> 0 */
	FS_PUTNODE = 0x0612,
	FS_REPLY = 0x06ff,
};
