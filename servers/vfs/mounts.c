/*
 * Mounting: initfs on / at start, then every line of /etc/fstab (read
 * through vfs's own resolution); VFS_MOUNT, VFS_UMOUNT (refused while
 * anything is open, mounted or a working directory below it) and
 * VFS_NMOUNT.  A file system is found in ds under its type name; one
 * that is not running is reported and skipped.
 *
 * A source that is an absolute path ("/dev/vda") must name a node (as
 * root resolves it, following symlinks): a block special file's rdev
 * goes to the server in FS_MOUNT's fm_dev, and is kept in the mount for
 * mounting again after the server restarts; any other node gives fm_dev
 * 0, and a file system that needs a device answers -ENOTBLK.  The
 * options "ro" and "rw" are vfs's (XMNT_RDONLY); the rest go to the
 * server.
 *
 * fstab lines whose source is a device ("/dev/vda /home ext2 -") are
 * mounted by a worker of their own (mount_later), not at start: the
 * disk drivers and devfs's nodes of their disks come up after vfs, and
 * nothing should wait for a disk.  The worker tries each such line at
 * once and again every FSTAB_RETRY_NS while its device node is missing
 * or its file system's server is not running yet, for FSTAB_WAIT_NS in
 * all; then it says on the console what is missing and gives up.  A
 * mount that fails otherwise (a bad file system) is reported at once.
 * Meanwhile everything else runs: the boot does not wait for it.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* The device source names (0: none, not a path or not a block special
 * file), or -ENOENT and resolution's other errors. */
static int
mount_source_dev(const char *source, uint32_t *dev)
{
	struct vfs_res res;
	int err;

	*dev = 0;
	if (source[0] != '/') {
		return 0;
	}
	err = vfs_resolve(&vfs_fs_ops, 0, 0, "/", source, 0, &res);
	if (err != 0) {
		return err;
	}
	if ((res.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFBLK) {
		*dev = res.r_node.vn_attr.fa_rdev;
	}
	return 0;
}

/* Mounts type (source, options) on the directory target. */
static int
mount_do(const char *source, const char *target, const char *type, const char *opts, uint32_t flags)
{
	char fsopts[sizeof(((struct vmount *)0)->m_opts)];
	struct vfs_res res;
	struct vmount *mt;
	uint32_t dev;
	int idx, err;

	if (strlen(type) >= sizeof(mt->m_type) || strlen(source) >= sizeof(mt->m_source) ||
	    strlen(target) >= sizeof(mt->m_target)) {
		return -ENAMETOOLONG;
	}
	err = vfs_mount_opts(opts, fsopts, sizeof(fsopts), &flags);
	if (err != 0) {
		return err;
	}
	err = mount_source_dev(source, &dev);
	if (err != 0) {
		return err;
	}
	err = vfs_resolve(&vfs_fs_ops, 0, 0, "/", target, 0, &res);
	if (err != 0) {
		return err;
	}
	if ((res.r_node.vn_attr.fa_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	if (res.r_node.vn_ino == vfs_mounts[res.r_node.vn_mnt].m_root) {
		return -EBUSY; /* something is mounted right there */
	}
	if (strlen(res.r_path) >= sizeof(mt->m_target)) {
		return -ENAMETOOLONG;
	}
	idx = vfs_mount_alloc();
	if (idx < 0) {
		return idx;
	}
	mt = &vfs_mounts[idx];
	strlcpy(mt->m_source, source, sizeof(mt->m_source));
	strlcpy(mt->m_target, res.r_path, sizeof(mt->m_target));
	strlcpy(mt->m_type, type, sizeof(mt->m_type));
	strlcpy(mt->m_opts, fsopts, sizeof(mt->m_opts));
	mt->m_flags = flags;
	mt->m_dev = dev;
	return vfs_fs_mount(idx, &res.r_node, res.r_node.vn_mnt);
}

#define FSTAB_WAIT_NS (10 * 1000000000ULL) /* how long a device is waited for */
#define FSTAB_RETRY_NS (100 * 1000000ULL)  /* between two tries */

/* An fstab line left to mount_later(). */
struct fstab_later {
	bool fl_used;
	int fl_line;
	char fl_source[64];
	char fl_target[128];
	char fl_type[16];
	char fl_opts[64];
};

static struct fstab_later later[VFS_NMOUNT];

/* Mounts one fstab line, saying how it went: 0 when that is settled
 * (mounted or failed), -EAGAIN to try again later (its device node is
 * missing, or no server of its type runs yet); with last, -EAGAIN is
 * reported as a failure too. */
static int
mount_line(int lineno, const char *src, const char *tgt, const char *type, const char *opts,
    bool last)
{
	struct vfs_res res;
	int err;

	if (src[0] == '/') {
		err = vfs_resolve(&vfs_fs_ops, 0, 0, "/", src, 0, &res);
		if (err == -ENOENT && !last) {
			return -EAGAIN;
		}
		if (err == -ENOENT) {
			printf("vfs: /etc/fstab:%d: no %s: %s not mounted on %s\n", lineno, src,
			    type, tgt);
			return 0;
		}
	}
	err = mount_do(src, tgt, type, opts, 0);
	if (err == -ENODEV && !last) {
		return -EAGAIN;
	}
	if (err == -ENODEV) {
		printf("vfs: %s on %s: no %s server running; skipped\n", type, tgt, type);
	} else if (err != 0) {
		printf("vfs: %s on %s failed (%d); skipped\n", type, tgt, err);
	} else {
		printf("vfs: mounted %s on %s\n", type, tgt);
	}
	return 0;
}

/* The worker of the fstab lines that name devices (see the top). */
static void
mount_later(void)
{
	uint64_t until = clock_now_ns() + FSTAB_WAIT_NS;
	bool left = true;

	while (left) {
		bool last = clock_now_ns() >= until;

		left = false;
		for (int i = 0; i < VFS_NMOUNT; i++) {
			struct fstab_later *fl = &later[i];

			if (!fl->fl_used) {
				continue;
			}
			if (mount_line(fl->fl_line, fl->fl_source, fl->fl_target, fl->fl_type,
			        fl->fl_opts, last) == -EAGAIN) {
				left = true;
			} else {
				fl->fl_used = false;
			}
		}
		if (left) {
			vfs_sleep(&later, clock_now_ns() + FSTAB_RETRY_NS);
		}
	}
}

/* Keeps a line for mount_later(): 0, or -ENOSPC, -ENAMETOOLONG. */
static int
mount_keep(int lineno, const char *src, const char *tgt, const char *type, const char *opts)
{
	for (int i = 0; i < VFS_NMOUNT; i++) {
		struct fstab_later *fl = &later[i];

		if (fl->fl_used) {
			continue;
		}
		if (strlen(src) >= sizeof(fl->fl_source) || strlen(tgt) >= sizeof(fl->fl_target) ||
		    strlen(type) >= sizeof(fl->fl_type) || strlen(opts) >= sizeof(fl->fl_opts)) {
			return -ENAMETOOLONG;
		}
		fl->fl_used = true;
		fl->fl_line = lineno;
		strlcpy(fl->fl_source, src, sizeof(fl->fl_source));
		strlcpy(fl->fl_target, tgt, sizeof(fl->fl_target));
		strlcpy(fl->fl_type, type, sizeof(fl->fl_type));
		strlcpy(fl->fl_opts, opts, sizeof(fl->fl_opts));
		return 0;
	}
	return -ENOSPC;
}

/* Reads /etc/fstab and mounts each line (those of devices later). */
static void
mount_fstab(void)
{
	static char text[4096];
	struct fs_slot rq = { .fs_op = FS_READ };
	char *line, *next, *src, *tgt, *type, *opts;
	struct vfs_res res;
	struct vfs_xfer x;
	int n, lineno = 0, err;
	bool any_later = false;

	err = vfs_resolve(&vfs_fs_ops, 0, 0, "/", "/etc/fstab", 0, &res);
	if (err != 0) {
		printf("vfs: no /etc/fstab (%d)\n", err);
		return;
	}
	n = vfs_xfer_local(&x, vfs_mounts[res.r_node.vn_mnt].m_ep, text, sizeof(text) - 1,
	    GRANT_WRITE);
	if (n == 0) {
		rq.fs_rq.io = (struct fs_rq_io){ .fio_ino = res.r_node.vn_ino,
			.fio_len = sizeof(text) - 1,
			.fio_grant = x.x_grant };
		n = vfs_fs_call(res.r_node.vn_mnt, &rq);
		vfs_xfer_end(&x);
	}
	if (n < 0 || (size_t)n >= sizeof(text)) {
		printf("vfs: cannot read /etc/fstab (%d)\n", n);
		return;
	}
	text[n] = '\0';
	for (line = text; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
		}
		lineno++;
		err = vfs_fstab_line(line, &src, &tgt, &type, &opts);
		if (err == 0) {
			continue;
		}
		if (err < 0) {
			printf("vfs: /etc/fstab:%d: not SOURCE TARGET TYPE OPTIONS; skipped\n",
			    lineno);
			continue;
		}
		if (src[0] != '/') {
			mount_line(lineno, src, tgt, type, opts, true);
			continue;
		}
		err = mount_keep(lineno, src, tgt, type, opts);
		if (err != 0) {
			printf("vfs: /etc/fstab:%d: cannot keep it for later (%d); skipped\n",
			    lineno, err);
			continue;
		}
		any_later = true;
	}
	if (any_later && vfs_worker_spawn(mount_later) != 0) {
		printf("vfs: no worker for the fstab lines of devices; not mounted\n");
	}
}

int
vfs_mount_boot(void)
{
	struct vmount *mt = &vfs_mounts[0];
	int err;

	memset(vfs_mounts, 0, sizeof(vfs_mounts));
	strlcpy(mt->m_source, "none", sizeof(mt->m_source));
	strlcpy(mt->m_target, "/", sizeof(mt->m_target));
	strlcpy(mt->m_type, "initfs", sizeof(mt->m_type));
	mt->m_flags = XMNT_RDONLY;
	err = vfs_fs_mount(0, NULL, -1);
	if (err != 0) {
		printf("vfs: cannot mount initfs on / (%d)\n", err);
		return 1;
	}
	mount_fstab();
	return 0;
}

int
vfs_do_mount(struct vfs_req *q)
{
	char buf[XPATH_MAX + 128];
	const char *s[4] = { "", "", "", "" };
	uint64_t len = q->q_m->m_arg[1];
	size_t off = 0;
	int err;

	if (q->q_p->p_uid != 0) {
		return -EPERM;
	}
	if (len < 3 || len >= sizeof(buf)) {
		return len < 3 ? -EINVAL : -ENAMETOOLONG;
	}
	err = kc_safecopy_from(q->q_m->m_source, (int64_t)q->q_m->m_arg[0], 0, buf, len);
	if (err < 0) {
		return err;
	}
	buf[len] = '\0';
	/* "source\0target\0fstype\0", optionally followed by "options\0". */
	for (int i = 0; i < 4 && off < len; i++) {
		s[i] = buf + off;
		off += strlen(buf + off) + 1;
	}
	if (s[1][0] == '\0' || s[2][0] == '\0') {
		return -EINVAL;
	}
	err = mount_do(s[0], s[1], s[2], s[3], (uint32_t)q->q_m->m_arg[2] & XMNT_RDONLY);
	return err;
}

int
vfs_do_umount(struct vfs_req *q)
{
	struct fs_slot rq = { .fs_op = FS_UNMOUNT };
	char path[XPATH_MAX];
	struct vfs_res res;
	struct vmount *mt;
	size_t tl;
	int mnt, err;

	if (q->q_p->p_uid != 0) {
		return -EPERM;
	}
	err = vfs_get_path(q->q_m, 0, path);
	if (err == 0) {
		err = vfs_resolve_for(q->q_p, path, 0, &res);
	}
	if (err != 0) {
		return err;
	}
	mnt = res.r_node.vn_mnt;
	mt = &vfs_mounts[mnt];
	if (res.r_node.vn_ino != mt->m_root) {
		return -EINVAL;
	}
	if (mnt == 0 || vfs_mount_has_children(mnt) || vfs_vnode_busy(mnt) ||
	    vfs_fs_inflight(mnt)) {
		return -EBUSY;
	}
	tl = strlen(mt->m_target);
	for (int i = 0; i < VFS_NPROC; i++) {
		const char *cwd = vfs_procs[i].p_cwd;

		if (vfs_procs[i].p_used && strncmp(cwd, mt->m_target, tl) == 0 &&
		    (cwd[tl] == '\0' || cwd[tl] == '/')) {
			return -EBUSY;
		}
	}
	rq.fs_rq.node.fn_ino = mt->m_root;
	err = vfs_fs_call(mnt, &rq);
	if (err < 0 && err != -EIO) {
		return err;
	}
	if (!mt->m_used || vfs_mount_has_children(mnt) || vfs_vnode_busy(mnt)) {
		/* Used meanwhile: the server said yes, so it is gone anyway. */
		printf("vfs: %s on %s unmounted while in use\n", mt->m_type, mt->m_target);
	}
	vfs_fs_detach(mnt);
	return 0;
}

int
vfs_do_mounts(struct vfs_req *q)
{
	struct vfs_mntent me;
	uint64_t idx = q->q_m->m_arg[0];
	int err;

	if (idx >= VFS_NMOUNT || !vfs_mounts[idx].m_used) {
		/* Index 0 is always /; others may be holes: skip them. */
		while (idx < VFS_NMOUNT && !vfs_mounts[idx].m_used) {
			idx++;
		}
		if (idx >= VFS_NMOUNT) {
			return -ENOENT;
		}
	}
	memset(&me, 0, sizeof(me));
	strlcpy(me.me_source, vfs_mounts[idx].m_source, sizeof(me.me_source));
	strlcpy(me.me_target, vfs_mounts[idx].m_target, sizeof(me.me_target));
	strlcpy(me.me_type, vfs_mounts[idx].m_type, sizeof(me.me_type));
	me.me_flags = vfs_mounts[idx].m_flags;
	me.me_dev = vfs_mounts[idx].m_dev;
	err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[1], 0, &me, sizeof(me));
	if (err < 0) {
		return err;
	}
	q->q_r->m_arg[1] = 0;
	for (uint64_t i = idx + 1; i < VFS_NMOUNT; i++) {
		if (vfs_mounts[i].m_used) {
			q->q_r->m_arg[1] = i;
			break;
		}
	}
	return 0;
}
