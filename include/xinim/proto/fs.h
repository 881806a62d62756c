/*
 * The file-system protocol: what vfs asks of a file-system server
 * (initfs, tmpfs, devfs, later ext2).  Every file system implements
 * every request (answering -EROFS, -ENOSYS or -EPERM where it must) and
 * is found in ds under its type name ("tmpfs"); vfs asks, the file
 * system answers, and never the other way round.
 *
 * Requests travel on a ring, one per mount, so that many are in flight at
 * once and vfs never waits for a file system:
 *
 *   - vfs makes the mount's shared area (struct fs_shared: two libring
 *     rings of slot numbers and FS_RING_SLOTS request slots), grants it
 *     (GRANT_READ | GRANT_WRITE | GRANT_MAP) and sends FS_ATTACH, the only
 *     message of the protocol.  The server's library maps the area and
 *     answers at once, without running file-system code.
 *   - For each request vfs fills a free slot (fs_op, the typed request in
 *     fs_rq, names, attributes), puts the slot's number on the submission
 *     ring (fs_sq) and notifies the server if the ring says it sleeps.
 *   - The server takes slot numbers from fs_sq, answers in the slot
 *     (fs_result, the typed reply in fs_rp, fs_attr), puts the number on
 *     the completion ring (fs_cq) and notifies vfs if it sleeps.  It may
 *     answer in any order.  The first request on a ring is FS_MOUNT.
 *   - The slot is vfs's again once its number comes back.
 *
 * Neither side trusts the other's writes: the server copies names and
 * arguments out of a slot once, checks them, and answers only slots it
 * was given; vfs checks every number that comes back.
 *
 * Data never travels in the shared area: a read, write or getdents
 * carries a grant (fs_grant) the server copies through with
 * KC_SAFECOPY_TO/FROM, naming vfs as the owner.  vfs makes it an
 * indirect grant of the calling program's own buffer (KC_GRANT_INDIRECT),
 * so the bytes move once, from the program to the server that holds them.
 *
 * Inodes are 64-bit numbers unique within one server (across its mounts).
 * Results are >= 0 or a negative E* code; where "attr" is listed, the
 * answer also leaves the node's attributes in fs_attr.
 *
 * Open files: vfs sends FS_REF when it opens a node and FS_PUTNODE when
 * the last descriptor on it closes; a node unlinked while referenced
 * lives on, readable and writable, until its last FS_PUTNODE.
 */
#pragma once
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/fs.h>
#include <xinim/ipc.h>

#define FS_RING_SLOTS 32 /* requests in flight per mount */

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
_Static_assert(sizeof(struct fs_attr) == 72, "fs_attr layout");

/* FS_SETATTR's mask: which fs_attr fields to apply. */
#define FS_SET_MODE 1 /* permission bits of fa_mode */
#define FS_SET_UID 2
#define FS_SET_GID 4
#define FS_SET_SIZE 8 /* truncate or extend with zeros */
#define FS_SET_ATIME 16
#define FS_SET_MTIME 32

enum fs_op {
	/* Ring.  fs_rq.mount; fs_name2: the source ("none", a device
	 * path...), then the options, comma-separated ("none,size=8M";
	 * tmpfs takes size= and mode=, and skips words without '=').
	 * -> fs_rp.node (the root); attr.  -EROFS when writable was asked
	 * of a read-only file system. */
	FS_MOUNT = 0x0600,
	/* fs_rq.node (the root).  -> 0; -EBUSY while nodes are open on it.
	 * The ring is unused after it. */
	FS_UNMOUNT = 0x0601,
	/* fs_rq.node (the directory); fs_name.  -> fs_rp.node; attr.
	 * -ENOENT, -ENOTDIR */
	FS_LOOKUP = 0x0602,
	/* fs_rq.node.  -> attr */
	FS_GETATTR = 0x0603,
	/* fs_rq.setattr; values in fs_attr.  -> attr */
	FS_SETATTR = 0x0604,
	/* fs_rq.io.  -> bytes copied into the grant (0 at the end of the
	 * file) */
	FS_READ = 0x0605,
	/* fs_rq.io.  -> bytes copied from the grant; attr.  -ENOSPC when
	 * full (after writing what fit, if anything: then the count) */
	FS_WRITE = 0x0606,
	/* fs_rq.create (regular file, directory, FIFO, device, socket);
	 * fs_name.  -> fs_rp.node; attr.  -EEXIST */
	FS_CREATE = 0x0607,
	/* fs_rq.create (uid, gid); fs_name the link's name, fs_name2 its
	 * target.  -> fs_rp.node; attr */
	FS_SYMLINK = 0x0608,
	/* fs_rq.node.  -> bytes of the target, in fs_name2 (no NUL) */
	FS_READLINK = 0x0609,
	/* fs_rq.link (dir, the inode to link); fs_name.  -> 0; attr of the
	 * inode.  -EEXIST, -EMLINK, -EXDEV */
	FS_LINK = 0x060a,
	/* fs_rq.node (the directory); fs_name (not a directory: -EISDIR).
	 * -> 0 */
	FS_UNLINK = 0x060b,
	/* fs_rq.node (the directory); fs_name (an empty directory:
	 * -ENOTEMPTY).  -> 0 */
	FS_RMDIR = 0x060c,
	/* fs_rq.rename; fs_name the old name, fs_name2 the new.  Replaces
	 * an existing target as rename(2) does (a directory only by an
	 * empty directory).  -> 0 */
	FS_RENAME = 0x060d,
	/* fs_rq.io (fio_off: the cookie, 0 first).  -> bytes of struct
	 * xdirent records copied into the grant (0: no more),
	 * fs_rp.cookie the next cookie.  "." and ".." are listed. */
	FS_GETDENTS = 0x060e,
	/* fs_rq.node, or 0 for everything.  -> 0 */
	FS_SYNC = 0x060f,
	/* fs_rq.node (the root).  -> 0; fs_rp.statfs */
	FS_STATFS = 0x0610,
	/* fs_rq.node: vfs opened it.  -> 0 */
	FS_REF = 0x0611,
	/* fs_rq.node: vfs closed its last descriptor on it.  -> 0 */
	FS_PUTNODE = 0x0612,

	/* Message.  struct msg_vfs_fs_attach.  -> struct
	 * msg_fs_vfs_attached: 0, or -ENOSPC for too many rings, -EINVAL
	 * for a bad area. */
	FS_ATTACH = 0x0620,
	FS_REPLY = 0x06ff,
};

/* The typed requests, in struct fs_slot's fs_rq. */
struct fs_rq_mount {
	uint32_t fm_flags; /* XMNT_* */
	uint32_t fm_dev;   /* the source's rdev when it is a block special file, else 0 */
};
struct fs_rq_node {
	uint64_t fn_ino;
};
struct fs_rq_setattr {
	uint64_t fsa_ino;
	uint32_t fsa_mask; /* FS_SET_* */
	uint32_t fsa_pad;
};
/* FS_READ, FS_WRITE, FS_GETDENTS: fio_len bytes at fio_off of the node,
 * to or from [fio_goff, fio_goff + fio_len) of grant fio_grant, which vfs
 * owns. */
struct fs_rq_io {
	uint64_t fio_ino;
	uint64_t fio_off;
	uint64_t fio_len;
	int64_t fio_grant;
	uint64_t fio_goff;
};
struct fs_rq_create {
	uint64_t fc_dir;
	uint32_t fc_mode; /* type and permissions (FS_CREATE) */
	uint32_t fc_uid, fc_gid;
	uint32_t fc_rdev;
};
struct fs_rq_link {
	uint64_t fl_dir;
	uint64_t fl_ino;
};
struct fs_rq_rename {
	uint64_t fr_olddir;
	uint64_t fr_newdir;
};

/* The typed replies, in fs_rp. */
struct fs_rp_node {
	uint64_t fn_ino;
};
struct fs_rp_cookie {
	uint64_t fk_next;
};

/* One request slot.  vfs writes fs_op, fs_rq, fs_attr (FS_SETATTR) and
 * the names; the server writes fs_result, fs_rp, fs_attr and fs_name2
 * (FS_READLINK). */
struct fs_slot {
	uint32_t fs_op; /* enum fs_op */
	uint32_t fs_pad;
	int64_t fs_result;
	union {
		struct fs_rq_mount mount;
		struct fs_rq_node node;
		struct fs_rq_setattr setattr;
		struct fs_rq_io io;
		struct fs_rq_create create;
		struct fs_rq_link link;
		struct fs_rq_rename rename;
		uint64_t raw[6];
	} fs_rq;
	union {
		struct fs_rp_node node;
		struct fs_rp_cookie cookie;
		struct xstatfs statfs;
		uint64_t raw[8];
	} fs_rp;
	struct fs_attr fs_attr;
	char fs_name[XNAME_MAX + 1];
	char fs_name2[XPATH_MAX];
};
_Static_assert(sizeof(struct fs_slot) == 1480, "fs_slot layout");

/* The shared area of one mount: the rings in the first page, the slots
 * after it.  Ring entries are uint32_t slot numbers. */
#define FS_RING_BYTES RING_BYTES(FS_RING_SLOTS, sizeof(uint32_t))
struct fs_shared {
	uint8_t fs_sq[FS_RING_BYTES]; /* vfs -> server: slots to serve */
	uint8_t fs_cq[FS_RING_BYTES]; /* server -> vfs: slots answered */
	uint8_t fs_pad[4096 - 2 * FS_RING_BYTES];
	struct fs_slot fs_slots[FS_RING_SLOTS];
};
#define FS_SHARED_SIZE ((sizeof(struct fs_shared) + 4095) & ~(size_t)4095)

/* FS_ATTACH: vfs -> server.  The area is zeroed, its rings initialised;
 * the server maps it and keeps it until FS_UNMOUNT on it or vfs's death. */
struct msg_vfs_fs_attach {
	int64_t fat_grant; /* of FS_SHARED_SIZE bytes */
	uint64_t fat_size;
};
MSG_PAYLOAD_FITS(struct msg_vfs_fs_attach);
struct msg_fs_vfs_attached {
	int64_t fad_result; /* 0 or -E* */
};
MSG_PAYLOAD_FITS(struct msg_fs_vfs_attached);
