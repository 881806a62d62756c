/*
 * tmpfs: read-write file systems in memory (include/xinim/proto/fs.h),
 * each mount with its own size limit.  libdriver runs the loop; each
 * request is checked here (its mount belongs to the caller, its inode
 * exists, its names are terminated, its lengths fit the window) and
 * handed to the core (tmpfs.h), which answers at once.  The contents live
 * only in this process: a restarted tmpfs starts empty, and vfs says so.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

/* What one request works on: its mount, its node and the window. */
struct req {
	struct tmpfs_mount *rq_mt;
	struct tmpfs_node *rq_node;
	struct fs_window *rq_win;
	const struct message *rq_m;
	struct message *rq_reply;
	char rq_name[XPATH_MAX], rq_name2[XPATH_MAX];
};

int64_t
tmpfs_clock_ns(void)
{
	return (int64_t)clock_now_ns();
}

/* Copies a name out of the window (the client may change it meanwhile). */
static int
name_get(char *dst, const char *src)
{
	memcpy(dst, src, XPATH_MAX);
	return strnlen(dst, XPATH_MAX) == XPATH_MAX ? -ENAMETOOLONG : 0;
}

/* Answers with n's inode in [1] and its attributes in the window. */
static int
answer_node(struct req *rq, const struct tmpfs_node *n)
{
	rq->rq_win->fw_attr = n->n_attr;
	rq->rq_reply->m_arg[1] = n->n_attr.fa_ino;
	return 0;
}

/* Another inode of the same mount ([1] of FS_LINK and FS_RENAME). */
static struct tmpfs_node *
second_node(struct req *rq, int *err)
{
	uint64_t ino = rq->rq_m->m_arg[1];
	struct tmpfs_node *n = tmpfs_node_get(&rq->rq_mt->m_vol, ino);
	struct tmpfs_mount *other;

	*err = 0;
	if (n == NULL) {
		/* An inode of another of the caller's mounts: a cross-device link. */
		other = tmpfs_mount_of(rq->rq_m->m_source, ino);
		*err = other != NULL && other != rq->rq_mt &&
		        tmpfs_node_get(&other->m_vol, ino) != NULL ?
		    -EXDEV :
		    -ENOENT;
	}
	return n;
}

static int
do_data(struct req *rq)
{
	const struct message *m = rq->rq_m;
	int64_t r;

	if (m->m_arg[2] > FS_DATA_MAX) {
		return -EINVAL;
	}
	if (m->m_type == FS_READ) {
		r = tmpfs_read(rq->rq_node, m->m_arg[1], rq->rq_win->fw_data, m->m_arg[2]);
	} else {
		r = tmpfs_write(rq->rq_node, m->m_arg[1], rq->rq_win->fw_data, m->m_arg[2]);
		if (r >= 0) {
			answer_node(rq, rq->rq_node);
		}
	}
	if (r < 0) {
		return (int)r;
	}
	rq->rq_reply->m_arg[0] = (uint64_t)r;
	return 0;
}

static int
do_names(struct req *rq)
{
	const struct message *m = rq->rq_m;
	struct tmpfs_node *dir = rq->rq_node, *n = NULL, *other;
	int r = name_get(rq->rq_name, rq->rq_win->fw_name);

	if (r != 0) {
		return r;
	}
	switch (m->m_type) {
	case FS_LOOKUP:
		r = tmpfs_lookup(dir, rq->rq_name, &n);
		break;
	case FS_CREATE:
		r = tmpfs_create(dir, rq->rq_name, (uint32_t)m->m_arg[1], (uint32_t)m->m_arg[2],
		    (uint32_t)(m->m_arg[2] >> 32), (uint32_t)m->m_arg[3], &n);
		break;
	case FS_SYMLINK:
		r = name_get(rq->rq_name2, rq->rq_win->fw_name2);
		if (r == 0) {
			r = tmpfs_symlink(dir, rq->rq_name, rq->rq_name2, (uint32_t)m->m_arg[1],
			    (uint32_t)(m->m_arg[1] >> 32), &n);
		}
		break;
	case FS_LINK:
		other = second_node(rq, &r);
		if (other != NULL) {
			r = tmpfs_link(dir, rq->rq_name, other);
			n = other;
		}
		break;
	case FS_UNLINK:
		return tmpfs_unlink(dir, rq->rq_name);
	case FS_RMDIR:
		return tmpfs_rmdir(dir, rq->rq_name);
	default: /* FS_RENAME */
		other = second_node(rq, &r);
		if (other != NULL) {
			r = name_get(rq->rq_name2, rq->rq_win->fw_name2);
		}
		if (other != NULL && r == 0) {
			r = tmpfs_rename(dir, rq->rq_name, other, rq->rq_name2);
		}
		return r;
	}
	if (r != 0) {
		return r;
	}
	answer_node(rq, n);
	if (m->m_type == FS_LINK) {
		rq->rq_reply->m_arg[1] = 0;
	}
	return 0;
}

/* The requests on one node that neither name nor move data. */
static int
do_node(struct req *rq)
{
	const struct message *m = rq->rq_m;
	struct tmpfs_node *n = rq->rq_node;
	struct xstatfs sf;
	struct fs_attr a;
	int64_t r = 0;
	uint64_t cookie;

	switch (m->m_type) {
	case FS_GETATTR:
		break;
	case FS_SETATTR:
		a = rq->rq_win->fw_attr;
		r = tmpfs_setattr(n, (uint32_t)m->m_arg[1], &a);
		break;
	case FS_READLINK:
		r = tmpfs_readlink(n, (char *)rq->rq_win->fw_data, FS_DATA_MAX);
		rq->rq_reply->m_arg[0] = (uint64_t)r;
		return r < 0 ? (int)r : 0;
	case FS_GETDENTS:
		if (m->m_arg[2] > FS_DATA_MAX) {
			return -EINVAL;
		}
		cookie = m->m_arg[1];
		r = tmpfs_getdents(n, &cookie, rq->rq_win->fw_data, m->m_arg[2]);
		rq->rq_reply->m_arg[0] = (uint64_t)r;
		rq->rq_reply->m_arg[1] = cookie;
		return r < 0 ? (int)r : 0;
	case FS_STATFS:
		if (n != rq->rq_mt->m_vol.v_root) {
			return -EINVAL;
		}
		tmpfs_statfs(&rq->rq_mt->m_vol, &sf);
		sf.sf_flags = rq->rq_mt->m_flags;
		memcpy(rq->rq_win->fw_data, &sf, sizeof(sf));
		return 0;
	case FS_REF:
		return tmpfs_ref(n);
	default: /* FS_PUTNODE */
		return tmpfs_putnode(n);
	}
	if (r < 0) {
		return (int)r;
	}
	rq->rq_win->fw_attr = n->n_attr;
	return 0;
}

static bool
is_change(uint32_t type)
{
	return type == FS_SETATTR || type == FS_WRITE || type == FS_CREATE || type == FS_SYMLINK ||
	    type == FS_LINK || type == FS_UNLINK || type == FS_RMDIR || type == FS_RENAME;
}

static int
tmpfs_request(const struct message *m, struct message *reply)
{
	static struct req rq;

	if (m->m_type == FS_MOUNT) {
		return tmpfs_mount(m, reply);
	}
	if (m->m_type == FS_UNMOUNT) {
		return tmpfs_unmount(m, reply);
	}
	if (m->m_type == FS_SYNC) {
		return 0;
	}
	if (m->m_type < FS_LOOKUP || m->m_type > FS_PUTNODE) {
		return -ENOSYS;
	}
	rq.rq_mt = tmpfs_mount_of(m->m_source, m->m_arg[0]);
	if (rq.rq_mt == NULL) {
		return -EINVAL;
	}
	rq.rq_node = tmpfs_node_get(&rq.rq_mt->m_vol, m->m_arg[0]);
	if (rq.rq_node == NULL) {
		return -ENOENT;
	}
	if (is_change(m->m_type) && (rq.rq_mt->m_flags & XMNT_RDONLY)) {
		return -EROFS;
	}
	rq.rq_win = rq.rq_mt->m_win;
	rq.rq_m = m;
	rq.rq_reply = reply;
	switch (m->m_type) {
	case FS_READ:
	case FS_WRITE:
		return do_data(&rq);
	case FS_LOOKUP:
	case FS_CREATE:
	case FS_SYMLINK:
	case FS_LINK:
	case FS_UNLINK:
	case FS_RMDIR:
	case FS_RENAME:
		return do_names(&rq);
	default:
		return do_node(&rq);
	}
}

static const struct driver_ops tmpfs_ops = {
	.request = tmpfs_request,
	.reply_type = FS_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&tmpfs_ops, argc, argv);
}
