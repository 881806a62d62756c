/*
 * ext2's mounts: FS_MOUNT opens the source's block device (fm_dev, the
 * rdev vfs found for the source path: 0 is -ENOTBLK), registers the
 * buffer cache with it, reads and checks the file system (ext2.h) and
 * answers with the root.  Options after the source ("/dev/vda,ro"):
 * ro, rw, defaults; anything else is refused.  A device mounted already
 * is -EBUSY.  FS_UNMOUNT syncs, marks the disk clean and closes the
 * device, unless a node is open (-EBUSY); a forced unmount (vfs died)
 * does the same regardless.
 */
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

#ifndef ENOTBLK
#define ENOTBLK 15 /* as xinim/errno.h has it on the vfsblk branch */
#endif

static struct e2_mount mounts[E2_MOUNTS];
static uint32_t next_id = 1;

bool
e2_srv_other(endpoint_t client, uint32_t id, const struct e2_mount *except)
{
	for (int i = 0; i < E2_MOUNTS; i++) {
		if (&mounts[i] != except && mounts[i].m_used && mounts[i].m_client == client &&
		    mounts[i].m_fs.f_id == id) {
			return true;
		}
	}
	return false;
}

/* The options after the first comma: *ro set by "ro".  0 or -EINVAL. */
static int
parse_opts(const char *source, bool *ro)
{
	const char *p = strchr(source, ',');

	while (p != NULL) {
		const char *w = p + 1, *e = strchr(w, ',');
		size_t n = e != NULL ? (size_t)(e - w) : strlen(w);

		if (n == 2 && strncmp(w, "ro", 2) == 0) {
			*ro = true;
		} else if (!((n == 2 && strncmp(w, "rw", 2) == 0) ||
		               (n == 8 && strncmp(w, "defaults", 8) == 0) || n == 0)) {
			printf("ext2: unknown mount option '%.*s'\n", (int)n, w);
			return -EINVAL;
		}
		p = e;
	}
	return 0;
}

int64_t
e2_srv_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	uint32_t rdev = rq->fr_rq.mount.fm_dev;
	bool ro = (flags & XMNT_RDONLY) != 0;
	struct e2_mount *mt = NULL;
	struct e2_dev dev;
	struct e2_inode root;
	void *area;
	size_t len;
	int r;

	if (rdev == 0) {
		printf("ext2: %s is not a block device\n", source);
		return -ENOTBLK;
	}
	r = parse_opts(source, &ro);
	if (r != 0) {
		return r;
	}
	for (int i = 0; i < E2_MOUNTS; i++) {
		if (mounts[i].m_used && mounts[i].m_rdev == rdev) {
			printf("ext2: %s is mounted already\n", source);
			return -EBUSY;
		}
		if (!mounts[i].m_used && mt == NULL) {
			mt = &mounts[i];
		}
	}
	if (mt == NULL) {
		return -ENOSPC;
	}
	memset(mt, 0, sizeof(*mt));
	r = bdev_open(&mt->m_bdev, rdev, !ro);
	if (r == -EROFS && !ro) {
		printf("ext2: %s is a read-only device: mounting it read-only\n", source);
		ro = true;
		r = bdev_open(&mt->m_bdev, rdev, false);
	}
	if (r != 0) {
		printf("ext2: cannot open %s (rdev 0x%x): %d\n", source, rdev, r);
		return r == -ENODEV || r == -ENXIO ? r : -EIO;
	}
	if (mt->m_bdev.b_geom.bg_sector_size == 0 || mt->m_bdev.b_geom.bg_sector_size > 1024) {
		printf("ext2: %s has %u-byte sectors: not supported\n", source,
		    mt->m_bdev.b_geom.bg_sector_size);
		r = -EINVAL;
		goto fail;
	}
	e2_cache_area(&area, &len);
	r = bdev_region(&mt->m_bdev, area, len);
	if (r != 0) {
		printf("ext2: cannot register the cache with %s: %d\n", source, r);
	}
	dev = e2_disk_dev(&mt->m_bdev);
	r = e2_mount(&mt->m_fs, &dev, next_id, ro);
	if (r != 0) {
		printf("ext2: %s: mount refused\n", source);
		goto fail;
	}
	r = e2_iget(&mt->m_fs, E2_ROOT_INO, &root);
	if (r == 0 && (root.i_mode & XS_IFMT) != XS_IFDIR) {
		printf("ext2: %s: the root inode is not a directory\n", source);
		r = -EIO;
	}
	if (r != 0) {
		e2_cache_drop(&mt->m_fs);
		goto fail_fs;
	}
	next_id = next_id == UINT32_MAX ? 1 : next_id + 1;
	mt->m_used = true;
	mt->m_client = rq->fr_client;
	mt->m_rdev = rdev;
	printf("ext2: %s mounted %s (%u-byte blocks, %u groups)%s\n", source,
	    mt->m_fs.f_ro ? "read-only" : "read-write", mt->m_fs.f_bsize, mt->m_fs.f_ngroups,
	    mt->m_fs.f_ro && !ro ? ": see above why" : "");
	e2_attr(&mt->m_fs, E2_ROOT_INO, &root, &rq->fr_attr);
	rq->fr_rp.node.fn_ino = rq->fr_attr.fa_ino;
	*mount = mt;
	return 0;
fail_fs:
	e2_unmount(&mt->m_fs);
fail:
	bdev_close(&mt->m_bdev);
	memset(mt, 0, sizeof(*mt));
	return r == -ENOMEM ? r : r == -EIO ? -EIO : -EINVAL;
}

int64_t
e2_srv_unmount(struct fsdriver_req *rq)
{
	struct e2_mount *mt = rq->fr_mount;
	int r;

	if (!rq->fr_forced) {
		if (rq->fr_rq.node.fn_ino != ((uint64_t)mt->m_fs.f_id << 32 | E2_ROOT_INO)) {
			return -EINVAL;
		}
		for (int i = 0; i < E2_REFS; i++) {
			if (mt->m_fs.f_refs[i].r_count > 0) {
				return -EBUSY;
			}
		}
	}
	/* Open but unlinked inodes go now: nothing can reach them after. */
	for (int i = 0; i < E2_REFS; i++) {
		if (mt->m_fs.f_refs[i].r_count > 0) {
			mt->m_fs.f_refs[i].r_count = 1;
			e2_putnode(&mt->m_fs, mt->m_fs.f_refs[i].r_ino);
		}
	}
	r = e2_unmount(&mt->m_fs);
	if (r != 0) {
		printf("ext2: unmount: writing back failed (%d)\n", r);
	}
	bdev_close(&mt->m_bdev);
	memset(mt, 0, sizeof(*mt));
	return 0;
}

void
e2_srv_writeback(void)
{
	for (int i = 0; i < E2_MOUNTS; i++) {
		struct e2fs *fs = &mounts[i].m_fs;

		if (mounts[i].m_used && !fs->f_ro && (fs->f_meta_dirty || e2_cache_dirty(fs))) {
			e2_sync(fs, true);
		}
	}
}

bool
e2_srv_check(void)
{
	bool any = false;

	for (int i = 0; i < E2_MOUNTS; i++) {
		if (mounts[i].m_bdev.b_open && bdev_pending(&mounts[i].m_bdev) != 0) {
			bdev_check(&mounts[i].m_bdev);
			any = true;
		}
	}
	return any;
}

void
e2_srv_poll(endpoint_t from)
{
	for (int i = 0; i < E2_MOUNTS; i++) {
		if (mounts[i].m_bdev.b_open && bdev_from(&mounts[i].m_bdev, from)) {
			bdev_poll(&mounts[i].m_bdev);
		}
	}
}
