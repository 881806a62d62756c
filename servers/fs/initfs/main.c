/*
 * initfs, the read-only root file system: the boot image as a tree
 * (tree.c), served over include/xinim/proto/fs.h under libfsdriver.  The
 * archive comes from KC_BOOTIMAGE (a read-only mapping of the kernel's
 * copy); data goes straight from it into each request's grant.  Every
 * mount is read-only (fo_read_only: libfsdriver answers -EROFS to every
 * change and to a writable mount).  The tree is rebuilt from the same
 * archive after a restart, so inode numbers stay the same across
 * instances; every mount shows the same tree.
 */
#include <libfsdriver/fsdriver.h>
#include <libsys/bootimage.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "initfs.h"

#define CHUNK 8192

static struct initfs_tree tree;
static uint8_t chunk[CHUNK];

static int64_t
i_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	rq->fr_rp.node.fn_ino = INITFS_ROOT_INO;
	return initfs_attr(&tree, INITFS_ROOT_INO, &rq->fr_attr);
}

static int64_t
i_lookup(struct fsdriver_req *rq)
{
	int64_t v = initfs_lookup(&tree, rq->fr_rq.node.fn_ino, rq->fr_name);

	if (v < 0) {
		return v;
	}
	rq->fr_rp.node.fn_ino = (uint64_t)v;
	return initfs_attr(&tree, (uint64_t)v, &rq->fr_attr);
}

static int64_t
i_getattr(struct fsdriver_req *rq)
{
	return initfs_attr(&tree, rq->fr_rq.node.fn_ino, &rq->fr_attr);
}

static int64_t
i_read(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t done = 0;
	int64_t r = 0;

	while (done < io->fio_len) {
		size_t want = io->fio_len - done > CHUNK ? CHUNK : (size_t)(io->fio_len - done);

		r = initfs_read(&tree, io->fio_ino, io->fio_off + done, chunk, want);
		if (r > 0) {
			int c = fsdriver_copy_out(rq, done, chunk, (size_t)r);

			r = c != 0 ? c : r;
		}
		if (r <= 0) {
			return done != 0 ? (int64_t)done : r;
		}
		done += (uint64_t)r;
		if ((size_t)r < want) {
			break;
		}
	}
	return (int64_t)done;
}

static int64_t
i_readlink(struct fsdriver_req *rq)
{
	const struct initfs_node *n = initfs_node(&tree, rq->fr_rq.node.fn_ino);

	if (n == NULL) {
		return -ENOENT;
	}
	if ((n->in_mode & XS_IFMT) != XS_IFLNK) {
		return -EINVAL;
	}
	return initfs_read(&tree, rq->fr_rq.node.fn_ino, 0, rq->fr_out2,
	    n->in_size > XPATH_MAX - 1 ? XPATH_MAX - 1 : n->in_size);
}

static int64_t
i_getdents(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t cookie = io->fio_off;
	int64_t r = initfs_getdents(&tree, io->fio_ino, &cookie, chunk,
	    io->fio_len > CHUNK ? CHUNK : (size_t)io->fio_len);

	return fsdriver_dents_answer(rq, r, chunk, cookie);
}

/* An inode must exist for FS_REF and FS_PUTNODE too. */
static int64_t
i_node(struct fsdriver_req *rq)
{
	return initfs_node(&tree, rq->fr_rq.node.fn_ino) != NULL || rq->fr_op == FS_SYNC ? 0 :
	                                                                                   -ENOENT;
}

/* FS_STATFS: the archive's size in 512-byte blocks, none free. */
static int64_t
i_statfs(struct fsdriver_req *rq)
{
	struct xstatfs *sf = &rq->fr_rp.statfs;
	uint64_t bytes = 0;

	if (rq->fr_rq.node.fn_ino != INITFS_ROOT_INO) {
		return -EINVAL;
	}
	strlcpy(sf->sf_type, "initfs", sizeof(sf->sf_type));
	for (uint32_t i = 0; i < tree.it_count; i++) {
		bytes += tree.it_nodes[i].in_size;
	}
	sf->sf_bsize = 512;
	sf->sf_blocks = (bytes + 511) / 512;
	sf->sf_files = tree.it_count;
	sf->sf_flags = XMNT_RDONLY;
	return 0;
}

static int
i_init(int argc, char **argv, bool restored)
{
	const struct bootimage_info *bi = bootimage_info();
	int err;

	if (bi == NULL) {
		printf("initfs: no boot image\n");
		return 1;
	}
	err = initfs_tree_build(&tree, (const uint8_t *)(uintptr_t)bi->bi_vaddr, bi->bi_size);
	if (err != 0) {
		printf("initfs: the boot image is damaged (%d); serving what was readable\n", err);
	}
	if (tree.it_count == 0) {
		return 1;
	}
	return 0;
}

static const struct fsdriver_ops initfs_ops = {
	.init = i_init,
	.mount = i_mount,
	.lookup = i_lookup,
	.getattr = i_getattr,
	.read = i_read,
	.readlink = i_readlink,
	.getdents = i_getdents,
	.sync = i_node,
	.statfs = i_statfs,
	.ref = i_node,
	.putnode = i_node,
	.fo_read_only = true,
};

int
main(int argc, char **argv)
{
	fsdriver_main(&initfs_ops, argc, argv);
}
