/*
 * vfs, the file-system server: include/xinim/proto/vfs.h for processes,
 * include/xinim/proto/fs.h towards file systems, proto/chr.h towards
 * character drivers (see vfs.h for the map of the files).  It runs under
 * libdriver: init() mounts initfs on / and then what /etc/fstab lists
 * (mounts.c); each request runs on a worker of its own (worker.c) through
 * one dispatch switch, so one that waits lets the others go on.
 */
#include <libdriver/driver.h>
#include <libsys/grant.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

int
vfs_get_path(const struct message *m, int n, char *buf)
{
	uint64_t len = m->m_arg[n + 1];
	int err;

	if (len >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	if (len == 0) {
		return -ENOENT;
	}
	err = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[n], 0, buf, len);
	if (err < 0) {
		return err;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		return -EINVAL;
	}
	return 0;
}

int
vfs_resolve_for(struct vproc *p, const char *path, int flags, struct vfs_res *res)
{
	return vfs_resolve(&vfs_fs_ops, p->p_uid, p->p_gid, p->p_cwd, path, flags, res);
}

void
vfs_stat_fill(struct xstat *st, const struct fs_attr *a, int mnt)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = a->fa_ino;
	st->st_size = a->fa_size;
	st->st_blocks = a->fa_blocks;
	st->st_atime_ns = a->fa_atime_ns;
	st->st_mtime_ns = a->fa_mtime_ns;
	st->st_ctime_ns = a->fa_ctime_ns;
	st->st_dev = (uint32_t)(mnt + 1);
	st->st_rdev = a->fa_rdev;
	st->st_mode = a->fa_mode;
	st->st_nlink = a->fa_nlink;
	st->st_uid = a->fa_uid;
	st->st_gid = a->fa_gid;
	st->st_blksize = 4096;
}

int
vfs_dispatch(const struct message *m, struct message *r)
{
	struct vfs_req q = { .q_m = m, .q_r = r };

	q.q_p = vfs_proc(m->m_source, true);
	if (q.q_p == NULL) {
		return -EAGAIN;
	}
	switch (m->m_type) {
	case VFS_OPEN:
		return vfs_do_open(&q);
	case VFS_CLOSE:
		return vfs_do_close(&q);
	case VFS_READ:
	case VFS_WRITE:
	case VFS_PREAD:
	case VFS_PWRITE:
		return vfs_do_rw(&q);
	case VFS_LSEEK:
		return vfs_do_lseek(&q);
	case VFS_STAT:
		return vfs_do_stat(&q);
	case VFS_FSTAT:
		return vfs_do_fstat(&q);
	case VFS_TRUNCATE:
	case VFS_FTRUNCATE:
		return vfs_do_truncate(&q);
	case VFS_FSYNC:
		return vfs_do_fsync(&q);
	case VFS_MKDIR:
	case VFS_MKNOD:
		return vfs_do_mkdir(&q);
	case VFS_RMDIR:
	case VFS_UNLINK:
		return vfs_do_remove(&q);
	case VFS_GETDENTS:
		return vfs_do_getdents(&q);
	case VFS_CHDIR:
	case VFS_FCHDIR:
		return vfs_do_chdir(&q);
	case VFS_GETCWD:
		return vfs_do_getcwd(&q);
	case VFS_LINK:
	case VFS_SYMLINK:
	case VFS_RENAME:
		return vfs_do_link(&q);
	case VFS_READLINK:
		return vfs_do_readlink(&q);
	case VFS_CHMOD:
	case VFS_FCHMOD:
		return vfs_do_chmod(&q);
	case VFS_CHOWN:
		return vfs_do_chown(&q);
	case VFS_UMASK:
		r->m_arg[0] = q.q_p->p_umask;
		q.q_p->p_umask = (uint32_t)m->m_arg[0] & 0777;
		return (int)r->m_arg[0];
	case VFS_DUP:
	case VFS_DUP2:
		return vfs_do_dup(&q);
	case VFS_FCNTL:
		return vfs_do_fcntl(&q);
	case VFS_PIPE:
		return vfs_do_pipe(&q);
	case VFS_POLL:
		return vfs_do_poll(&q);
	case VFS_MOUNT:
		return vfs_do_mount(&q);
	case VFS_UMOUNT:
		return vfs_do_umount(&q);
	case VFS_STATFS:
		return vfs_do_statfs(&q);
	case VFS_ACCESS:
		return vfs_do_access(&q);
	case VFS_MOUNTS:
		return vfs_do_mounts(&q);
	case VFS_IOCTL:
		return vfs_do_ioctl(&q);
	case VFS_SYNC:
		return vfs_do_sync(&q);
	case VFS_PM_SPAWN:
	case VFS_PM_EXIT:
	case VFS_PM_OPENEXEC:
	case VFS_PM_SETID:
	case VFS_PM_SYNC:
		return vfs_do_pm(&q);
	}
	return -ENOSYS;
}

/* Each request runs on a worker; one that finished at once is answered
 * by libdriver, the others answer themselves when done.  Whatever this
 * request changed may let a sleeping one go on. */
static int
vfs_request(const struct message *m, struct message *r)
{
	int v = vfs_worker_start(m, r);

	vfs_worker_run();
	return v;
}

/* A file system's answers, a disk driver's, or a character driver's news. */
static void
vfs_notified(endpoint_t from)
{
	if (!vfs_fs_notified(from) && !vfs_blk_notified(from)) {
		vfs_chr_notified(from);
	}
	vfs_worker_run();
}

/* A file system restarted (notify_dependents tell): its mounts are
 * down; waiting requests on them end with EIO. */
static void
vfs_dep_changed(const char *name, endpoint_t ep)
{
	vfs_fs_dep_changed(name, ep);
	vfs_worker_run();
}

static int
vfs_init(int argc, char **argv, bool restored)
{
	int err = vfs_mount_boot();

	/* fstab's device lines wait on a worker: arm the timer it needs. */
	vfs_worker_run();
	return err;
}

static const struct driver_ops vfs_ops = {
	.init = vfs_init,
	.request = vfs_request,
	.notify = vfs_notified,
	.dep_changed = vfs_dep_changed,
	.timer = vfs_worker_timer,
	.reply_type = VFS_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&vfs_ops, argc, argv);
}
