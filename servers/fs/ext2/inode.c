/*
 * Inodes: reading and writing one (the first 128 bytes, in its inode
 * table's cached block; the rest of a larger inode is left alone), its
 * attributes as vfs sees them, deleting one (blocks, attribute block,
 * bitmap), and the open references that keep an unlinked inode alive.
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

/* Where inode ino lies: its block and the offset in it. */
static int
locate(struct e2fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
	uint32_t g, idx;
	uint64_t byte;

	if (ino == 0 || ino > fs->f_sb.s_inodes_count) {
		e2_report(fs, "inode %u is out of range (1..%u)", ino, fs->f_sb.s_inodes_count);
		return -EIO;
	}
	g = (ino - 1) / fs->f_ipg;
	idx = (ino - 1) % fs->f_ipg;
	byte = (uint64_t)idx * fs->f_isize;
	*blk = fs->f_gd[g].bg_inode_table + (uint32_t)(byte / fs->f_bsize);
	*off = (uint32_t)(byte % fs->f_bsize);
	return 0;
}

int
e2_iget(struct e2fs *fs, uint32_t ino, struct e2_inode *in)
{
	uint32_t blk, off;
	struct e2_buf *b;
	int err = locate(fs, ino, &blk, &off);

	if (err != 0) {
		return err;
	}
	b = e2_bget(fs, blk, false, &err);
	if (b == NULL) {
		return err;
	}
	memcpy(in, b->b_data + off, sizeof(*in));
	e2_bput(b);
	return 0;
}

int
e2_iput(struct e2fs *fs, uint32_t ino, const struct e2_inode *in)
{
	uint32_t blk, off;
	struct e2_buf *b;
	int err = locate(fs, ino, &blk, &off);

	if (err != 0) {
		return err;
	}
	b = e2_bget(fs, blk, false, &err);
	if (b == NULL) {
		return err;
	}
	memcpy(b->b_data + off, in, sizeof(*in));
	e2_bdirty(b);
	e2_bput(b);
	return 0;
}

int
e2_iinit_extra(struct e2fs *fs, uint32_t ino)
{
	uint32_t blk, off;
	struct e2_buf *b;
	int err;

	if (fs->f_isize <= E2_GOOD_OLD_INODE_SIZE) {
		return 0;
	}
	err = locate(fs, ino, &blk, &off);
	if (err != 0) {
		return err;
	}
	b = e2_bget(fs, blk, false, &err);
	if (b == NULL) {
		return err;
	}
	memset(b->b_data + off, 0, fs->f_isize);
	if (fs->f_isize >= E2_GOOD_OLD_INODE_SIZE + 32) {
		/* i_extra_isize: the fields up to i_projid, all zero. */
		b->b_data[off + 128] = 32;
	}
	e2_bdirty(b);
	e2_bput(b);
	return 0;
}

uint64_t
e2_size(const struct e2_inode *in)
{
	if ((in->i_mode & XS_IFMT) == XS_IFREG) {
		return (uint64_t)in->i_size_high << 32 | in->i_size;
	}
	return in->i_size;
}

void
e2_set_size(struct e2fs *fs, struct e2_inode *in, uint64_t size)
{
	in->i_size = (uint32_t)size;
	if ((in->i_mode & XS_IFMT) == XS_IFREG) {
		in->i_size_high = (uint32_t)(size >> 32);
		if (size > 0x7fffffffu &&
		    (fs->f_sb.s_feature_ro_compat & E2_RO_COMPAT_LARGE_FILE) == 0) {
			fs->f_sb.s_feature_ro_compat |= E2_RO_COMPAT_LARGE_FILE;
			fs->f_meta_dirty = true;
		}
	}
}

uint32_t
e2_mode_to_ft(uint32_t mode)
{
	switch (mode & XS_IFMT) {
	case XS_IFREG:
		return E2_FT_REG_FILE;
	case XS_IFDIR:
		return E2_FT_DIR;
	case XS_IFCHR:
		return E2_FT_CHRDEV;
	case XS_IFBLK:
		return E2_FT_BLKDEV;
	case XS_IFIFO:
		return E2_FT_FIFO;
	case XS_IFSOCK:
		return E2_FT_SOCK;
	case XS_IFLNK:
		return E2_FT_SYMLINK;
	default:
		return E2_FT_UNKNOWN;
	}
}

bool
e2_fast_symlink(const struct e2_inode *in)
{
	/* Linux's rule: a symlink without data blocks (an attribute block
	 * may be counted in i_blocks). */
	return (in->i_mode & XS_IFMT) == XS_IFLNK && in->i_blocks == 0;
}

void
e2_attr(const struct e2fs *fs, uint32_t ino, const struct e2_inode *in, struct fs_attr *a)
{
	uint32_t t = in->i_mode & XS_IFMT;

	memset(a, 0, sizeof(*a));
	a->fa_ino = (uint64_t)fs->f_id << 32 | ino;
	a->fa_size = e2_size(in);
	a->fa_blocks = in->i_blocks;
	a->fa_atime_ns = (int64_t)in->i_atime * 1000000000;
	a->fa_mtime_ns = (int64_t)in->i_mtime * 1000000000;
	a->fa_ctime_ns = (int64_t)in->i_ctime * 1000000000;
	a->fa_mode = in->i_mode;
	a->fa_nlink = in->i_links_count;
	a->fa_uid = in->i_uid | (uint32_t)in->i_uid_high << 16;
	a->fa_gid = in->i_gid | (uint32_t)in->i_gid_high << 16;
	if (t == XS_IFCHR || t == XS_IFBLK) {
		if (in->i_block[0] != 0) {
			a->fa_rdev = in->i_block[0] & 0xffff;
		} else {
			uint32_t d = in->i_block[1];

			a->fa_rdev = XDEV_MAKE((d >> 8) & 0xfff, d & 0xff);
		}
	}
}

/* The attribute block loses one reference (freed at none). */
static int
xattr_release(struct e2fs *fs, uint32_t blk)
{
	struct e2_xattr_header *h;
	struct e2_buf *b;
	int err;

	if (!e2_blk_ok(fs, blk)) {
		e2_report(fs, "attribute block %u is outside the disk", blk);
		return -EIO;
	}
	b = e2_bget(fs, blk, false, &err);
	if (b == NULL) {
		return err;
	}
	h = (struct e2_xattr_header *)b->b_data;
	if (h->h_magic != E2_XATTR_MAGIC || h->h_refcount == 0) {
		e2_report(fs, "attribute block %u has a bad header", blk);
		e2_bput(b);
		return -EIO;
	}
	if (--h->h_refcount > 0) {
		e2_bdirty(b);
		e2_bput(b);
		return 0;
	}
	e2_bput(b);
	return e2_bfree(fs, blk);
}

int
e2_idelete(struct e2fs *fs, uint32_t ino, struct e2_inode *in)
{
	uint32_t t = in->i_mode & XS_IFMT;
	int r = 0;

	if (t == XS_IFREG || t == XS_IFDIR || (t == XS_IFLNK && !e2_fast_symlink(in))) {
		r = e2_btrunc(fs, ino, in, 0);
	}
	if (r == 0 && in->i_file_acl != 0) {
		r = xattr_release(fs, in->i_file_acl);
		if (r == 0) {
			in->i_file_acl = 0;
			in->i_blocks = 0;
		}
	}
	if (r != 0) {
		return r;
	}
	in->i_links_count = 0;
	in->i_dtime = e2_now(fs);
	e2_set_size(fs, in, 0);
	r = e2_iput(fs, ino, in);
	return r != 0 ? r : e2_ifree(fs, ino, t == XS_IFDIR);
}

static struct e2_ref *
ref_find(struct e2fs *fs, uint32_t ino)
{
	for (int i = 0; i < E2_REFS; i++) {
		if (fs->f_refs[i].r_count > 0 && fs->f_refs[i].r_ino == ino) {
			return &fs->f_refs[i];
		}
	}
	return NULL;
}

bool
e2_referenced(const struct e2fs *fs, uint32_t ino)
{
	return ref_find((struct e2fs *)fs, ino) != NULL;
}

int
e2_ref(struct e2fs *fs, uint32_t ino)
{
	struct e2_ref *r = ref_find(fs, ino);

	if (r == NULL) {
		for (int i = 0; i < E2_REFS && r == NULL; i++) {
			if (fs->f_refs[i].r_count == 0) {
				r = &fs->f_refs[i];
				r->r_ino = ino;
			}
		}
	}
	if (r == NULL) {
		return -ENFILE;
	}
	r->r_count++;
	return 0;
}

void
e2_ref_orphan(struct e2fs *fs, uint32_t ino)
{
	struct e2_ref *r = ref_find(fs, ino);

	if (r != NULL) {
		r->r_orphan = true;
	}
}

bool
e2_putnode_counts(const struct e2fs *fs, uint32_t ino)
{
	const struct e2_ref *r = ref_find((struct e2fs *)fs, ino);

	return r == NULL || r->r_count > 1 || !r->r_orphan || fs->f_ro;
}

int
e2_putnode(struct e2fs *fs, uint32_t ino)
{
	struct e2_ref *r = ref_find(fs, ino);
	struct e2_inode in;
	bool orphan;
	int err;

	if (r == NULL || --r->r_count > 0) {
		return 0;
	}
	orphan = r->r_orphan;
	r->r_orphan = false;
	if (fs->f_ro || !orphan) {
		return 0; /* still named: nothing to do */
	}
	err = e2_iget(fs, ino, &in);
	if (err == 0 && in.i_links_count == 0 && in.i_mode != 0 && in.i_dtime == 0) {
		err = e2_idelete(fs, ino, &in);
	}
	return err;
}
