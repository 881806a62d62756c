/*
 * One request to vfs or pm: ds_call() finds the server by name (and
 * finds it again after a restart); paths travel in a grant with their
 * length beside it (xinim/proto/vfs.h).
 */
#include <libsys/ds.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include <xinim/kcall.h>
#include "libc_int.h"

static long
reply_of(int r, const struct message *m)
{
	if (r < 0) {
		return r;
	}
	return (long)(int64_t)m->m_arg[0];
}

long
libc_vfs(struct message *m)
{
	return reply_of(ds_call("vfs", m), m);
}

long
libc_pm(struct message *m)
{
	return reply_of(ds_call("pm", m), m);
}

long
libc_vfs_lend(struct message *m, const struct ds_lend *l, unsigned n)
{
	return reply_of(ds_call_lend("vfs", m, l, n), m);
}

long
libc_vfs_path(struct message *m, unsigned arg, const char *path, const struct ds_lend *more,
    unsigned n)
{
	struct ds_lend l[3];
	size_t len;

	if (path == NULL) {
		return -EFAULT;
	}
	len = strnlen(path, XPATH_MAX);
	if (len >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	if (len == 0) {
		return -ENOENT;
	}
	if (n > 2) {
		return -EINVAL;
	}
	l[0] = (struct ds_lend){ (void *)path, len, GRANT_READ, arg };
	for (unsigned i = 0; i < n; i++) {
		l[i + 1] = more[i];
	}
	m->m_arg[arg + 1] = len;
	return libc_vfs_lend(m, l, n + 1);
}
