/*
 * The namespace: lookup, create (files, directories, devices, FIFOs,
 * sockets), symlinks (fast: the target in i_block when shorter than 60
 * bytes; slow: one block), hard links, unlink and rmdir, rename, and
 * setattr, each keeping link counts as e2fsck counts them: a file's
 * links are its names, a directory's are 2 plus its subdirectories.  An
 * inode that loses its last name while vfs holds it open is deleted at
 * its last FS_PUTNODE.
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

#define LINK_MAX 32000
#define WALK_MAX 65536 /* ".." steps before a directory loop is declared */

static uint32_t generation = 1;

static bool
is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Reads a directory's inode, -ENOTDIR for anything else. */
static int
get_dir(struct e2fs *fs, uint32_t dir, struct e2_inode *in)
{
	int r = e2_iget(fs, dir, in);

	if (r == 0 && (in->i_mode & XS_IFMT) != XS_IFDIR) {
		r = -ENOTDIR;
	}
	return r;
}

/* Reads the inode an entry names; a free inode there is corruption. */
static int
get_named(struct e2fs *fs, uint32_t dir, uint32_t ino, struct e2_inode *in)
{
	int r = e2_iget(fs, ino, in);

	if (r == 0 && (in->i_mode == 0 || (in->i_links_count == 0 && !e2_referenced(fs, ino)))) {
		e2_report(fs, "directory %u names inode %u, which is free", dir, ino);
		r = -EIO;
	}
	return r;
}

/* Adds delta to the link count of ino. */
static int
links_add(struct e2fs *fs, uint32_t ino, int delta)
{
	struct e2_inode in;
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if (delta < 0 && in.i_links_count < (uint32_t)-delta) {
		e2_report(fs, "inode %u: link count %u would go below zero", ino, in.i_links_count);
		return -EIO;
	}
	in.i_links_count = (uint16_t)(in.i_links_count + delta);
	in.i_ctime = e2_now(fs);
	if (in.i_links_count == 0) {
		e2_ref_orphan(fs, ino);
	}
	return e2_iput(fs, ino, &in);
}

/* Drops one name of ino (all of a directory's): deleted at no links
 * unless open. */
static int
drop_name(struct e2fs *fs, uint32_t ino, bool dir)
{
	struct e2_inode in;
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if (dir || in.i_links_count <= 1) {
		in.i_links_count = 0;
	} else {
		in.i_links_count--;
	}
	in.i_ctime = e2_now(fs);
	if (in.i_links_count == 0 && !e2_referenced(fs, ino)) {
		return e2_idelete(fs, ino, &in);
	}
	if (in.i_links_count == 0) {
		e2_ref_orphan(fs, ino);
	}
	return e2_iput(fs, ino, &in);
}

int
e2_lookup(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino)
{
	struct e2_inode in;
	int r = e2_dir_lookup(fs, dir, name, ino);

	return r != 0 ? r : get_named(fs, dir, *ino, &in);
}

/* Makes inode *ino of mode in dir, named name, before its contents. */
static int
new_inode(struct e2fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
    uint32_t gid, uint32_t *ino, struct e2_inode *in)
{
	struct e2_inode din;
	uint32_t other;
	int r;

	if (strlen(name) > 255) {
		return -ENAMETOOLONG;
	}
	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		return -EINVAL;
	}
	r = get_dir(fs, dir, &din);
	if (r != 0) {
		return r;
	}
	if (din.i_links_count == 0) {
		return -ENOENT;
	}
	r = e2_dir_lookup(fs, dir, name, &other);
	if (r == 0) {
		return -EEXIST;
	}
	if (r != -ENOENT) {
		return r;
	}
	if ((mode & XS_IFMT) == XS_IFDIR && din.i_links_count >= LINK_MAX) {
		return -EMLINK;
	}
	r = e2_ialloc(fs, dir, mode, ino);
	if (r != 0) {
		return r;
	}
	r = e2_iinit_extra(fs, *ino);
	if (r != 0) {
		e2_ifree(fs, *ino, (mode & XS_IFMT) == XS_IFDIR);
		return r;
	}
	memset(in, 0, sizeof(*in));
	in->i_mode = (uint16_t)mode;
	in->i_uid = (uint16_t)uid;
	in->i_uid_high = (uint16_t)(uid >> 16);
	in->i_gid = (uint16_t)gid;
	in->i_gid_high = (uint16_t)(gid >> 16);
	in->i_atime = in->i_ctime = in->i_mtime = e2_now(fs);
	in->i_links_count = 1;
	in->i_generation = generation++;
	return 0;
}

/* Names the new inode in dir, or undoes it. */
static int
name_inode(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino, struct e2_inode *in)
{
	int r = e2_iput(fs, ino, in);

	if (r == 0) {
		r = e2_dir_add(fs, dir, name, ino, in->i_mode);
	}
	if (r != 0) {
		e2_idelete(fs, ino, in);
	}
	return r;
}

int
e2_create(struct e2fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
    uint32_t gid, uint32_t rdev, uint32_t *ino)
{
	struct e2_inode in;
	uint32_t t = mode & XS_IFMT;
	int r;

	if (t != XS_IFREG && t != XS_IFDIR && t != XS_IFCHR && t != XS_IFBLK && t != XS_IFIFO &&
	    t != XS_IFSOCK) {
		return -EINVAL;
	}
	r = new_inode(fs, dir, name, mode & (XS_IFMT | 07777), uid, gid, ino, &in);
	if (r != 0) {
		return r;
	}
	if (t == XS_IFCHR || t == XS_IFBLK) {
		in.i_block[0] = rdev & 0xffff;
	}
	if (t == XS_IFDIR) {
		in.i_links_count = 2;
		r = e2_dir_init(fs, *ino, &in, dir);
		if (r != 0) {
			e2_idelete(fs, *ino, &in);
			return r;
		}
	}
	r = name_inode(fs, dir, name, *ino, &in);
	if (r == 0 && t == XS_IFDIR) {
		r = links_add(fs, dir, 1);
	}
	return r;
}

int
e2_symlink(struct e2fs *fs, uint32_t dir, const char *name, const char *target, uint32_t uid,
    uint32_t gid, uint32_t *ino)
{
	size_t len = strlen(target);
	struct e2_inode in;
	struct e2_buf *b;
	uint32_t blk;
	int r;

	if (len == 0) {
		return -ENOENT;
	}
	if (len >= fs->f_bsize || len >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	r = new_inode(fs, dir, name, XS_IFLNK | 0777, uid, gid, ino, &in);
	if (r != 0) {
		return r;
	}
	if (len < sizeof(in.i_block)) {
		memcpy(in.i_block, target, len);
	} else {
		r = e2_bmap(fs, *ino, &in, 0, true, &blk);
		b = r == 0 ? e2_bget(fs, blk, true, &r) : NULL;
		if (b == NULL) {
			e2_idelete(fs, *ino, &in);
			return r;
		}
		memcpy(b->b_data, target, len);
		e2_bdirty(b);
		e2_bput(b);
	}
	in.i_size = (uint32_t)len;
	return name_inode(fs, dir, name, *ino, &in);
}

int64_t
e2_readlink(struct e2fs *fs, uint32_t ino, char *buf, size_t room)
{
	struct e2_inode in;
	struct e2_buf *b;
	uint32_t blk;
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if ((in.i_mode & XS_IFMT) != XS_IFLNK) {
		return -EINVAL;
	}
	if (in.i_size > room || in.i_size >= fs->f_bsize ||
	    (e2_fast_symlink(&in) && in.i_size >= sizeof(in.i_block))) {
		e2_report(fs, "symlink %u: bad length %u", ino, in.i_size);
		return -EIO;
	}
	if (e2_fast_symlink(&in)) {
		memcpy(buf, in.i_block, in.i_size);
		return in.i_size;
	}
	r = e2_bmap(fs, ino, &in, 0, false, &blk);
	if (r == 0 && blk == 0) {
		e2_report(fs, "symlink %u has no block", ino);
		r = -EIO;
	}
	b = r == 0 ? e2_bget(fs, blk, false, &r) : NULL;
	if (b == NULL) {
		return r;
	}
	memcpy(buf, b->b_data, in.i_size);
	e2_bput(b);
	return in.i_size;
}

int
e2_link(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino)
{
	struct e2_inode in, din;
	uint32_t other;
	int r = get_dir(fs, dir, &din);

	if (r != 0) {
		return r;
	}
	if (din.i_links_count == 0) {
		return -ENOENT;
	}
	r = e2_iget(fs, ino, &in);
	if (r != 0) {
		return r;
	}
	if ((in.i_mode & XS_IFMT) == XS_IFDIR) {
		return -EPERM;
	}
	if (in.i_links_count == 0) {
		return -ENOENT;
	}
	if (in.i_links_count >= LINK_MAX) {
		return -EMLINK;
	}
	if (strlen(name) > 255) {
		return -ENAMETOOLONG;
	}
	r = e2_dir_lookup(fs, dir, name, &other);
	if (r == 0) {
		return -EEXIST;
	}
	if (r != -ENOENT) {
		return r;
	}
	r = e2_dir_add(fs, dir, name, ino, in.i_mode);
	return r != 0 ? r : links_add(fs, ino, 1);
}

int
e2_unlink(struct e2fs *fs, uint32_t dir, const char *name, bool rmdir)
{
	struct e2_inode in;
	uint32_t ino, gone;
	int r;

	if (is_dot(name)) {
		return rmdir ? (strcmp(name, ".") == 0 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	}
	r = e2_lookup(fs, dir, name, &ino);
	if (r == 0) {
		r = e2_iget(fs, ino, &in);
	}
	if (r != 0) {
		return r;
	}
	if (rmdir) {
		if ((in.i_mode & XS_IFMT) != XS_IFDIR) {
			return -ENOTDIR;
		}
		r = e2_dir_empty(fs, ino);
		if (r <= 0) {
			return r < 0 ? r : -ENOTEMPTY;
		}
	} else if ((in.i_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	r = e2_dir_remove(fs, dir, name, &gone);
	if (r == 0 && rmdir) {
		r = links_add(fs, dir, -1);
	}
	return r != 0 ? r : drop_name(fs, ino, rmdir);
}

/* Whether dir lies under (or is) top: by ".." up to the root. */
static int
under(struct e2fs *fs, uint32_t dir, uint32_t top)
{
	for (int steps = 0; steps < WALK_MAX; steps++) {
		uint32_t up;
		int r;

		if (dir == top) {
			return 1;
		}
		if (dir == E2_ROOT_INO) {
			return 0;
		}
		r = e2_dir_lookup(fs, dir, "..", &up);
		if (r != 0) {
			return r == -ENOENT ? -EIO : r;
		}
		dir = up;
	}
	e2_report(fs, "directory loop: no way from directory %u up to the root", dir);
	return -EIO;
}

int
e2_rename(struct e2fs *fs, uint32_t odir, const char *oname, uint32_t ndir, const char *nname)
{
	struct e2_inode s, t, nd;
	uint32_t sino, tino, gone;
	bool sdir, exists;
	int r;

	if (is_dot(oname) || is_dot(nname)) {
		return -EINVAL;
	}
	if (strlen(nname) > 255) {
		return -ENAMETOOLONG;
	}
	r = get_dir(fs, ndir, &nd);
	if (r == 0) {
		r = e2_lookup(fs, odir, oname, &sino);
	}
	if (r == 0) {
		r = e2_iget(fs, sino, &s);
	}
	if (r != 0) {
		return r;
	}
	if (nd.i_links_count == 0) {
		return -ENOENT;
	}
	sdir = (s.i_mode & XS_IFMT) == XS_IFDIR;
	if (sdir && odir != ndir) {
		r = under(fs, ndir, sino);
		if (r != 0) {
			return r < 0 ? r : -EINVAL;
		}
		if (nd.i_links_count >= LINK_MAX) {
			return -EMLINK;
		}
	}
	r = e2_lookup(fs, ndir, nname, &tino);
	exists = r == 0;
	if (r != 0 && r != -ENOENT) {
		return r;
	}
	if (exists) {
		if (tino == sino) {
			return 0;
		}
		r = e2_iget(fs, tino, &t);
		if (r != 0) {
			return r;
		}
		if (((t.i_mode & XS_IFMT) == XS_IFDIR) != sdir) {
			return sdir ? -ENOTDIR : -EISDIR;
		}
		if (sdir) {
			r = e2_dir_empty(fs, tino);
			if (r <= 0) {
				return r < 0 ? r : -ENOTEMPTY;
			}
		}
		r = e2_dir_set(fs, ndir, nname, sino, s.i_mode);
		if (r == 0 && sdir) {
			r = links_add(fs, ndir, -1); /* the replaced directory's ".." */
		}
		if (r == 0) {
			r = drop_name(fs, tino, sdir);
		}
	} else {
		r = e2_dir_add(fs, ndir, nname, sino, s.i_mode);
	}
	if (r == 0) {
		r = e2_dir_remove(fs, odir, oname, &gone);
	}
	if (r == 0 && sdir && odir != ndir) {
		r = e2_dir_set(fs, sino, "..", ndir, XS_IFDIR);
		if (r == 0) {
			r = links_add(fs, odir, -1);
		}
		if (r == 0) {
			r = links_add(fs, ndir, 1);
		}
	}
	if (r == 0) {
		r = links_add(fs, sino, 0);
	}
	return r;
}

int
e2_setattr(struct e2fs *fs, uint32_t ino, uint32_t mask, const struct fs_attr *a)
{
	struct e2_inode in;
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if ((mask & FS_SET_SIZE) != 0) {
		r = e2_truncate(fs, ino, &in, a->fa_size);
		if (r != 0) {
			e2_iput(fs, ino, &in);
			return r;
		}
	}
	if ((mask & FS_SET_MODE) != 0) {
		in.i_mode = (uint16_t)((in.i_mode & XS_IFMT) | (a->fa_mode & 07777));
	}
	if ((mask & FS_SET_UID) != 0) {
		in.i_uid = (uint16_t)a->fa_uid;
		in.i_uid_high = (uint16_t)(a->fa_uid >> 16);
	}
	if ((mask & FS_SET_GID) != 0) {
		in.i_gid = (uint16_t)a->fa_gid;
		in.i_gid_high = (uint16_t)(a->fa_gid >> 16);
	}
	if ((mask & FS_SET_ATIME) != 0) {
		in.i_atime = (uint32_t)(a->fa_atime_ns / 1000000000);
	}
	if ((mask & FS_SET_MTIME) != 0) {
		in.i_mtime = (uint32_t)(a->fa_mtime_ns / 1000000000);
	}
	in.i_ctime = e2_now(fs);
	return e2_iput(fs, ino, &in);
}
