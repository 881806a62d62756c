/*
 * tmpfs: read-write file systems in memory (include/xinim/proto/fs.h),
 * each mount with its own size limit.  libfsdriver runs the loop and
 * hands each request, copied and checked, to one callback here, which
 * finds its inode in the ring's mount (-ENOENT otherwise) and calls the
 * core (tmpfs.h).  Data moves in one kernel call per 16 blocks, straight
 * between the request's grant and the file's blocks (tmpfs_map).
 * The contents live only in this process: a restarted tmpfs starts
 * empty, and vfs says so.
 */
#include <libfsdriver/fsdriver.h>
#include <xinim/kcall.h>
#include <libsys/clock.h>
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

#define CHUNK 8192

static uint8_t chunk[CHUNK];

int64_t
tmpfs_clock_ns(void)
{
	return (int64_t)clock_now_ns();
}

static struct tmpfs_vol *
vol(struct fsdriver_req *rq)
{
	return &((struct tmpfs_mount *)rq->fr_mount)->m_vol;
}

/* The node ino of the request's mount; NULL with *err set otherwise
 * (-EXDEV for an inode of another of the client's mounts). */
static struct tmpfs_node *
node(struct fsdriver_req *rq, uint64_t ino, int64_t *err)
{
	struct tmpfs_node *n = tmpfs_node_get(vol(rq), ino);

	*err = 0;
	if (n == NULL) {
		*err =
		    tmpfs_mount_other(rq->fr_client, ino, rq->fr_mount) != NULL ? -EXDEV : -ENOENT;
	}
	return n;
}

/* Answers with n's inode and attributes. */
static int64_t
answer(struct fsdriver_req *rq, const struct tmpfs_node *n)
{
	rq->fr_attr = n->n_attr;
	rq->fr_rp.node.fn_ino = n->n_attr.fa_ino;
	return 0;
}

static int64_t
t_lookup(struct fsdriver_req *rq)
{
	struct tmpfs_node *dir, *n;
	int64_t r;

	dir = node(rq, rq->fr_rq.node.fn_ino, &r);
	if (dir == NULL) {
		return r;
	}
	r = tmpfs_lookup(dir, rq->fr_name, &n);
	return r != 0 ? r : answer(rq, n);
}

static int64_t
t_getattr(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.node.fn_ino, &r);

	return n == NULL ? r : answer(rq, n);
}

static int64_t
t_setattr(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.setattr.fsa_ino, &r);

	if (n == NULL) {
		return r;
	}
	r = tmpfs_setattr(n, rq->fr_rq.setattr.fsa_mask, &rq->fr_attr_in);
	return r != 0 ? r : answer(rq, n);
}

/* Moves [done, done + len) of the request straight between its grant and
 * n's blocks, SAFECOPY_VEC_MAX blocks per kernel call: the bytes moved,
 * 0 at the end of the file, or an error. */
static int64_t
t_data(struct fsdriver_req *rq, struct tmpfs_node *n, bool write)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	struct tmpfs_piece tp[SAFECOPY_VEC_MAX];
	struct fsdriver_piece fp[SAFECOPY_VEC_MAX];
	uint64_t done = 0;

	while (done < io->fio_len) {
		size_t covered;
		int np = tmpfs_map(n, io->fio_off + done, (size_t)(io->fio_len - done), write, tp,
		    SAFECOPY_VEC_MAX, &covered);
		int c;

		if (np <= 0) {
			return done != 0 ? (int64_t)done : np;
		}
		for (int i = 0; i < np; i++) {
			fp[i] = (struct fsdriver_piece){ tp[i].tp_addr, tp[i].tp_len };
		}
		c = fsdriver_copy_vec(rq, done, fp, np, !write);
		if (c != 0) {
			/* Blocks made for bytes that never came stay zeros. */
			for (int i = 0; write && i < np; i++) {
				memset(tp[i].tp_addr, 0, tp[i].tp_len);
			}
			return done != 0 ? (int64_t)done : c;
		}
		if (write) {
			tmpfs_wrote(n, io->fio_off + done, covered);
		}
		done += covered;
	}
	return (int64_t)done;
}

static int64_t
t_read(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.io.fio_ino, &r);

	if (n == NULL) {
		return r;
	}
	r = t_data(rq, n, false);
	if (r > 0) {
		tmpfs_was_read(n);
	}
	return r;
}

static int64_t
t_write(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.io.fio_ino, &r);

	if (n == NULL) {
		return r;
	}
	r = t_data(rq, n, true);
	if (r < 0) {
		return r;
	}
	answer(rq, n);
	rq->fr_rp.node.fn_ino = 0;
	return r;
}

static int64_t
t_create(struct fsdriver_req *rq)
{
	const struct fs_rq_create *c = &rq->fr_rq.create;
	struct tmpfs_node *dir, *n;
	int64_t r;

	dir = node(rq, c->fc_dir, &r);
	if (dir == NULL) {
		return r;
	}
	if (rq->fr_op == FS_SYMLINK) {
		r = tmpfs_symlink(dir, rq->fr_name, rq->fr_name2, c->fc_uid, c->fc_gid, &n);
	} else {
		r = tmpfs_create(dir, rq->fr_name, c->fc_mode, c->fc_uid, c->fc_gid, c->fc_rdev,
		    &n);
	}
	return r != 0 ? r : answer(rq, n);
}

static int64_t
t_readlink(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.node.fn_ino, &r);

	return n == NULL ? r : tmpfs_readlink(n, rq->fr_out2, sizeof(rq->fr_out2));
}

static int64_t
t_link(struct fsdriver_req *rq)
{
	struct tmpfs_node *dir, *n;
	int64_t r;

	dir = node(rq, rq->fr_rq.link.fl_dir, &r);
	n = dir != NULL ? node(rq, rq->fr_rq.link.fl_ino, &r) : NULL;
	if (n == NULL) {
		return r;
	}
	r = tmpfs_link(dir, rq->fr_name, n);
	if (r != 0) {
		return r;
	}
	answer(rq, n);
	rq->fr_rp.node.fn_ino = 0;
	return 0;
}

static int64_t
t_remove(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *dir = node(rq, rq->fr_rq.node.fn_ino, &r);

	if (dir == NULL) {
		return r;
	}
	return rq->fr_op == FS_RMDIR ? tmpfs_rmdir(dir, rq->fr_name) :
	                               tmpfs_unlink(dir, rq->fr_name);
}

static int64_t
t_rename(struct fsdriver_req *rq)
{
	struct tmpfs_node *odir, *ndir;
	int64_t r;

	odir = node(rq, rq->fr_rq.rename.fr_olddir, &r);
	ndir = odir != NULL ? node(rq, rq->fr_rq.rename.fr_newdir, &r) : NULL;
	if (ndir == NULL) {
		return r;
	}
	return tmpfs_rename(odir, rq->fr_name, ndir, rq->fr_name2);
}

static int64_t
t_getdents(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t cookie = io->fio_off;
	int64_t r;
	struct tmpfs_node *n = node(rq, io->fio_ino, &r);

	if (n == NULL) {
		return r;
	}
	r = tmpfs_getdents(n, &cookie, chunk, io->fio_len > CHUNK ? CHUNK : (size_t)io->fio_len);
	return fsdriver_dents_answer(rq, r, chunk, cookie);
}

static int64_t
t_statfs(struct fsdriver_req *rq)
{
	struct tmpfs_mount *mt = rq->fr_mount;

	if (rq->fr_rq.node.fn_ino != mt->m_vol.v_root->n_attr.fa_ino) {
		return -EINVAL;
	}
	tmpfs_statfs(&mt->m_vol, &rq->fr_rp.statfs);
	rq->fr_rp.statfs.sf_flags = rq->fr_flags;
	return 0;
}

static int64_t
t_ref(struct fsdriver_req *rq)
{
	int64_t r;
	struct tmpfs_node *n = node(rq, rq->fr_rq.node.fn_ino, &r);

	if (n == NULL) {
		return r;
	}
	return rq->fr_op == FS_REF ? tmpfs_ref(n) : tmpfs_putnode(n);
}

static const struct fsdriver_ops tmpfs_ops = {
	.mount = tmpfs_mount,
	.unmount = tmpfs_unmount,
	.lookup = t_lookup,
	.getattr = t_getattr,
	.setattr = t_setattr,
	.read = t_read,
	.write = t_write,
	.create = t_create,
	.symlink = t_create,
	.readlink = t_readlink,
	.link = t_link,
	.unlink = t_remove,
	.rmdir = t_remove,
	.rename = t_rename,
	.getdents = t_getdents,
	.statfs = t_statfs,
	.ref = t_ref,
	.putnode = t_ref,
};

int
main(int argc, char **argv)
{
	fsdriver_main(&tmpfs_ops, argc, argv);
}
