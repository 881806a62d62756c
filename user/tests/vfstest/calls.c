/*
 * vfstest's calls (vfstest.h): a path or a buffer is lent to vfs with
 * ds_call_grant(); the two requests that need two grants (stat and
 * readlink-like ones) make the second grant themselves.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfstest.h"

/* ds_call_grant() to vfs; vfs's answer or the IPC error. */
static int
vcall(struct message *m, unsigned arg, const void *buf, size_t len, unsigned access)
{
	int err = ds_call_grant("vfs", m, arg, (void *)buf, len, access);

	return err != 0 ? err : (int)(int64_t)m->m_arg[0];
}

/* A path request with a second grant (buf2) in [garg]. */
static int
vcall2(struct message *m, const char *path, unsigned garg, void *buf2, size_t len2)
{
	endpoint_t ep = ds_lookup("vfs");
	int64_t g;
	int err;

	if (ep < 0) {
		return ep;
	}
	g = kc_grant_create(ep, buf2, len2, GRANT_READ | GRANT_WRITE);
	if (g < 0) {
		return (int)g;
	}
	m->m_arg[1] = strlen(path);
	m->m_arg[garg] = (uint64_t)g;
	err = ds_call_grant("vfs", m, 0, (void *)path, strlen(path), GRANT_READ);
	kc_grant_revoke(g);
	return err != 0 ? err : (int)(int64_t)m->m_arg[0];
}

int
v_path_call(uint32_t type, const char *path, uint64_t arg)
{
	struct message m = { .m_type = type };

	m.m_arg[1] = strlen(path);
	m.m_arg[2] = arg;
	return vcall(&m, 0, path, strlen(path), GRANT_READ);
}

int
v_open(const char *path, uint32_t flags, uint32_t mode)
{
	struct message m = { .m_type = VFS_OPEN };

	m.m_arg[1] = strlen(path);
	m.m_arg[2] = flags;
	m.m_arg[3] = mode;
	return vcall(&m, 0, path, strlen(path), GRANT_READ);
}

int
v_read(int fd, void *buf, size_t len)
{
	struct message m = { .m_type = VFS_READ, .m_arg[0] = (uint64_t)fd, .m_arg[2] = len };

	return vcall(&m, 1, buf, len, GRANT_WRITE);
}

int
v_write(int fd, const void *buf, size_t len)
{
	struct message m = { .m_type = VFS_WRITE, .m_arg[0] = (uint64_t)fd, .m_arg[2] = len };

	return vcall(&m, 1, buf, len, GRANT_READ);
}

int64_t
v_lseek(int fd, int64_t off, int whence)
{
	struct message m = { .m_type = VFS_LSEEK, .m_arg[0] = (uint64_t)fd };
	int err;

	m.m_arg[1] = (uint64_t)off;
	m.m_arg[2] = (uint64_t)whence;
	err = ds_call("vfs", &m);
	return err != 0 ? err : (int64_t)m.m_arg[0];
}

int
v_stat(const char *path, struct xstat *st, int nofollow)
{
	struct message m = { .m_type = VFS_STAT, .m_arg[3] = (uint64_t)nofollow };

	return vcall2(&m, path, 2, st, sizeof(*st));
}

int
v_fstat(int fd, struct xstat *st)
{
	struct message m = { .m_type = VFS_FSTAT, .m_arg[0] = (uint64_t)fd };

	return vcall(&m, 1, st, sizeof(*st), GRANT_WRITE);
}

int
v_getdents(int fd, void *buf, size_t len)
{
	struct message m = { .m_type = VFS_GETDENTS, .m_arg[0] = (uint64_t)fd, .m_arg[2] = len };

	return vcall(&m, 1, buf, len, GRANT_WRITE);
}

/* A request of plain numbers. */
static int
vnum(uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, struct message *out)
{
	struct message m = { .m_type = type, .m_arg = { a0, a1, a2 } };
	int err = ds_call("vfs", &m);

	if (out != NULL) {
		*out = m;
	}
	return err != 0 ? err : (int)(int64_t)m.m_arg[0];
}

int
v_close(int fd)
{
	return vnum(VFS_CLOSE, (uint64_t)fd, 0, 0, NULL);
}

int
v_dup(int fd)
{
	return vnum(VFS_DUP, (uint64_t)fd, 0, 0, NULL);
}

int
v_dup2(int fd, int newfd)
{
	return vnum(VFS_DUP2, (uint64_t)fd, (uint64_t)newfd, 0, NULL);
}

int
v_fcntl(int fd, int cmd, uint64_t arg)
{
	return vnum(VFS_FCNTL, (uint64_t)fd, (uint64_t)cmd, arg, NULL);
}

int
v_pipe(int fds[2])
{
	struct message m;
	int r = vnum(VFS_PIPE, 0, 0, 0, &m);

	if (r == 0) {
		fds[0] = (int)m.m_arg[1];
		fds[1] = (int)m.m_arg[2];
	}
	return r;
}

int
v_poll(struct xpollfd *fds, int n, int timeout_ms)
{
	struct message m = { .m_type = VFS_POLL };

	m.m_arg[1] = (uint64_t)n;
	m.m_arg[2] = (uint64_t)(int64_t)timeout_ms;
	return vcall(&m, 0, fds, (size_t)n * sizeof(*fds), GRANT_READ | GRANT_WRITE);
}

int
v_chdir(const char *path)
{
	return v_path_call(VFS_CHDIR, path, 0);
}

int
v_getcwd(char *buf, size_t len)
{
	struct message m = { .m_type = VFS_GETCWD, .m_arg[1] = len };

	return vcall(&m, 0, buf, len, GRANT_WRITE);
}

int
v_mkdir(const char *path, uint32_t mode)
{
	return v_path_call(VFS_MKDIR, path, mode);
}

int
v_unlink(const char *path)
{
	return v_path_call(VFS_UNLINK, path, 0);
}

int
v_rmdir(const char *path)
{
	return v_path_call(VFS_RMDIR, path, 0);
}

/* A request on two paths ("first\0second\0"). */
static int
v_two(uint32_t type, const char *target, const char *link)
{
	static char both[2 * XPATH_MAX];
	size_t tl = strlen(target), ll = strlen(link);
	struct message m = { .m_type = type };

	if (tl + ll + 2 > sizeof(both)) {
		return -ENAMETOOLONG;
	}
	memcpy(both, target, tl + 1);
	memcpy(both + tl + 1, link, ll + 1);
	m.m_arg[1] = tl + ll + 2;
	return vcall(&m, 0, both, tl + ll + 2, GRANT_READ);
}

int
v_symlink(const char *target, const char *link)
{
	return v_two(VFS_SYMLINK, target, link);
}

int
vt_rename(const char *from, const char *to)
{
	return v_two(VFS_RENAME, from, to);
}

int
v_mounts(uint64_t idx, struct vfs_mntent *me, uint64_t *next)
{
	struct message m = { .m_type = VFS_MOUNTS, .m_arg[0] = idx };
	int r = vcall(&m, 1, me, sizeof(*me), GRANT_WRITE);

	*next = m.m_arg[1];
	return r;
}
