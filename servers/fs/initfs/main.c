/*
 * initfs, the read-only root file system: the boot image as a tree
 * (tree.c), served over include/xinim/proto/fs.h under libdriver.  The
 * archive comes from KC_BOOTIMAGE (a read-only mapping of the kernel's
 * copy); names and data travel through the window vfs grants at
 * FS_MOUNT.  Every request that would change something answers -EROFS.
 * The tree is rebuilt from the same archive after a restart, so inode
 * numbers stay the same across instances.
 */
#include <libdriver/driver.h>
#include <libsys/bootimage.h>
#include <libsys/grant.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "initfs.h"

static struct initfs_tree tree;
static struct fs_window *win; /* the mapped window, NULL before FS_MOUNT */
static endpoint_t win_owner = ENDPOINT_NONE;
static int64_t win_grant = -1;
static unsigned mounts;

/* FS_MOUNT: map the window unless it is the one we have. */
static int
initfs_mount(const struct message *m, struct message *r)
{
	int64_t va;

	if ((m->m_arg[2] & XMNT_RDONLY) == 0) {
		return -EROFS;
	}
	if (m->m_arg[1] < sizeof(struct fs_window)) {
		return -EINVAL;
	}
	if (win == NULL || win_owner != m->m_source || win_grant != (int64_t)m->m_arg[0]) {
		va = kc_grant_map(m->m_source, (int64_t)m->m_arg[0]);
		if (va < 0) {
			printf("initfs: cannot map the window of %d (%d)\n", m->m_source, (int)va);
			return (int)va;
		}
		win = (struct fs_window *)(uintptr_t)va;
		win_owner = m->m_source;
		win_grant = (int64_t)m->m_arg[0];
	}
	mounts++;
	r->m_arg[1] = INITFS_ROOT_INO;
	return initfs_attr(&tree, INITFS_ROOT_INO, &win->fw_attr);
}

/* FS_STATFS: the archive's size in 512-byte blocks, none free. */
static int
initfs_statfs(void)
{
	struct xstatfs *sf = (struct xstatfs *)win->fw_data;
	uint64_t bytes = 0;

	memset(sf, 0, sizeof(*sf));
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

/* The requests that read: m is from the window's owner. */
static int
initfs_serve(const struct message *m, struct message *r)
{
	const struct initfs_node *n;
	int64_t v;
	uint64_t cookie;

	switch (m->m_type) {
	case FS_UNMOUNT:
		if (mounts > 0) {
			mounts--;
		}
		return 0;
	case FS_LOOKUP:
		win->fw_name[XNAME_MAX] = '\0';
		v = initfs_lookup(&tree, m->m_arg[0], win->fw_name);
		if (v < 0) {
			return (int)v;
		}
		r->m_arg[1] = (uint64_t)v;
		return initfs_attr(&tree, (uint64_t)v, &win->fw_attr);
	case FS_GETATTR:
		return initfs_attr(&tree, m->m_arg[0], &win->fw_attr);
	case FS_READ:
		v = initfs_read(&tree, m->m_arg[0], m->m_arg[1], win->fw_data,
		    m->m_arg[2] > FS_DATA_MAX ? FS_DATA_MAX : m->m_arg[2]);
		return (int)v;
	case FS_READLINK:
		n = initfs_node(&tree, m->m_arg[0]);
		if (n == NULL) {
			return -ENOENT;
		}
		if ((n->in_mode & XS_IFMT) != XS_IFLNK) {
			return -EINVAL;
		}
		v = initfs_read(&tree, m->m_arg[0], 0, win->fw_data,
		    n->in_size > XPATH_MAX - 1 ? XPATH_MAX - 1 : n->in_size);
		return (int)v;
	case FS_GETDENTS:
		cookie = m->m_arg[1];
		v = initfs_getdents(&tree, m->m_arg[0], &cookie, win->fw_data,
		    m->m_arg[2] > FS_DATA_MAX ? FS_DATA_MAX : m->m_arg[2]);
		r->m_arg[1] = cookie;
		return (int)v;
	case FS_SYNC:
	case FS_REF:
	case FS_PUTNODE:
		return 0;
	case FS_STATFS:
		return initfs_statfs();
	case FS_SETATTR:
	case FS_WRITE:
	case FS_CREATE:
	case FS_SYMLINK:
	case FS_LINK:
	case FS_UNLINK:
	case FS_RMDIR:
	case FS_RENAME:
		return -EROFS;
	}
	return -ENOSYS;
}

static int
initfs_request(const struct message *m, struct message *r)
{
	int err;

	if (m->m_type == FS_MOUNT) {
		err = initfs_mount(m, r);
	} else if (win == NULL || m->m_source != win_owner) {
		err = -EPERM;
	} else {
		err = initfs_serve(m, r);
	}
	if (err < 0) {
		return err;
	}
	r->m_arg[0] = (uint64_t)err;
	return 0;
}

static int
initfs_init(int argc, char **argv, bool restored)
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

static const struct driver_ops initfs_ops = {
	.init = initfs_init,
	.request = initfs_request,
	.reply_type = FS_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&initfs_ops, argc, argv);
}
