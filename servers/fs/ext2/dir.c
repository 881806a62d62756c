/*
 * Directories: blocks of variable-length entries (struct e2_dirent).
 * Each block is checked as a whole before any entry in it is used
 * (e2_dirblock_check: lengths that are multiples of 4, at least 8 plus
 * the name, inside the block, inode numbers within the count), so a bad
 * entry is reported and answered -EIO instead of being followed.
 * Adding takes an unused entry or the slack after one, else a new block
 * at the end; removing merges the entry into the one before it in its
 * block.  A directory changed here loses its hash index flag (dir_index
 * is not kept up to date; e2fsck accepts a plain directory).
 * getdents cookies are byte offsets in the directory.
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

static uint32_t
name_len(const struct e2fs *fs, const struct e2_dirent *d)
{
	return fs->f_filetype ? d->d_name_len : d->d_name_len | (uint32_t)d->d_file_type << 8;
}

int
e2_dirblock_check(const struct e2fs *fs, uint32_t dir, uint64_t lbn, const uint8_t *blk)
{
	uint32_t off = 0;

	while (off < fs->f_bsize) {
		const struct e2_dirent *d = (const struct e2_dirent *)(blk + off);
		uint32_t left = fs->f_bsize - off;
		const char *why = NULL;

		if (left < 8) {
			why = "runs past the block";
		} else if (d->d_rec_len < 8 || (d->d_rec_len & 3) != 0 || d->d_rec_len > left) {
			why = "has a bad record length";
		} else if (8 + name_len(fs, d) > d->d_rec_len) {
			why = "has a name longer than its record";
		} else if (d->d_inode > fs->f_sb.s_inodes_count) {
			why = "names an inode beyond the count";
		} else if (d->d_inode != 0 && name_len(fs, d) == 0) {
			why = "has an empty name";
		}
		if (why != NULL) {
			e2_report(fs,
			    "directory %u, block %llu: the entry at offset %u %s (rec_len %u)", dir,
			    (unsigned long long)lbn, off, why, left >= 8 ? d->d_rec_len : 0);
			return -EIO;
		}
		off += d->d_rec_len;
	}
	return 0;
}

/* Called for each checked block of a directory: > 0 stops the walk (found),
 * < 0 is an error. */
typedef int (*walk_fn)(struct e2fs *fs, struct e2_buf *b, uint64_t lbn, void *arg);

static int
dir_inode(struct e2fs *fs, uint32_t dir, struct e2_inode *in)
{
	int r = e2_iget(fs, dir, in);

	if (r != 0) {
		return r;
	}
	if ((in->i_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	if (in->i_links_count == 0) {
		return -ENOENT; /* removed, still open: empty, nothing goes in */
	}
	if (in->i_size % fs->f_bsize != 0) {
		e2_report(fs, "directory %u: size %u is not whole blocks", dir, in->i_size);
		return -EIO;
	}
	return 0;
}

static int
walk(struct e2fs *fs, uint32_t dir, struct e2_inode *in, uint64_t first, walk_fn fn, void *arg)
{
	uint64_t nblk = in->i_size / fs->f_bsize;

	for (uint64_t lbn = first; lbn < nblk; lbn++) {
		struct e2_buf *b;
		uint32_t blk;
		int r = e2_bmap(fs, dir, in, lbn, false, &blk);

		if (r != 0) {
			return r;
		}
		if (blk == 0) {
			e2_report(fs, "directory %u: block %llu is a hole", dir,
			    (unsigned long long)lbn);
			return -EIO;
		}
		b = e2_bget(fs, blk, false, &r);
		if (b == NULL) {
			return r;
		}
		r = e2_dirblock_check(fs, dir, lbn, b->b_data);
		if (r == 0) {
			r = fn(fs, b, lbn, arg);
		}
		e2_bput(b);
		if (r != 0) {
			return r;
		}
	}
	return 0;
}

/* What a search looks for and what it does with the entry. */
enum {
	FIND,
	REMOVE,
	SET
};
struct search {
	const char *name;
	size_t len;
	int what;
	uint32_t ino;  /* FIND, REMOVE: out; SET: in */
	uint32_t mode; /* SET: the new target's mode */
};

static int
search_fn(struct e2fs *fs, struct e2_buf *b, uint64_t lbn, void *arg)
{
	struct search *s = arg;
	struct e2_dirent *prev = NULL;

	for (uint32_t off = 0; off < fs->f_bsize;) {
		struct e2_dirent *d = (struct e2_dirent *)(b->b_data + off);

		if (d->d_inode != 0 && name_len(fs, d) == s->len &&
		    memcmp(d->d_name, s->name, s->len) == 0) {
			if (s->what == SET) {
				d->d_inode = s->ino;
				if (fs->f_filetype) {
					d->d_file_type = (uint8_t)e2_mode_to_ft(s->mode);
				}
				e2_bdirty(b);
				return 1;
			}
			s->ino = d->d_inode;
			if (s->what == REMOVE) {
				if (prev != NULL) {
					prev->d_rec_len =
					    (uint16_t)(prev->d_rec_len + d->d_rec_len);
				} else {
					d->d_inode = 0;
				}
				e2_bdirty(b);
			}
			return 1;
		}
		prev = d;
		off += d->d_rec_len;
	}
	return 0;
}

/* Runs a search of dir; changing searches clear the index flag and
 * stamp the directory. */
static int
search(struct e2fs *fs, uint32_t dir, struct search *s)
{
	struct e2_inode in;
	int r = dir_inode(fs, dir, &in);

	if (r != 0) {
		return r;
	}
	s->len = strlen(s->name);
	if (s->len == 0 || s->len > 255) {
		return -ENOENT;
	}
	r = walk(fs, dir, &in, 0, search_fn, s);
	if (r < 0) {
		return r;
	}
	if (r == 0) {
		return -ENOENT;
	}
	if (s->what != FIND) {
		in.i_flags &= ~(uint32_t)E2_INDEX_FL;
		in.i_mtime = in.i_ctime = e2_now(fs);
		return e2_iput(fs, dir, &in);
	}
	return 0;
}

int
e2_dir_lookup(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino)
{
	struct search s = { .name = name, .what = FIND };
	int r = search(fs, dir, &s);

	if (r == 0 && (s.ino == 0 || s.ino > fs->f_sb.s_inodes_count)) {
		return -EIO;
	}
	*ino = s.ino;
	return r;
}

int
e2_dir_remove(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino)
{
	struct search s = { .name = name, .what = REMOVE };
	int r = search(fs, dir, &s);

	*ino = s.ino;
	return r;
}

int
e2_dir_set(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino, uint32_t mode)
{
	struct search s = { .name = name, .what = SET, .ino = ino, .mode = mode };

	return search(fs, dir, &s);
}

/* Writes an entry at d with record length rec. */
static void
put_entry(const struct e2fs *fs, struct e2_dirent *d, uint32_t rec, const char *name, size_t len,
    uint32_t ino, uint32_t mode)
{
	d->d_inode = ino;
	d->d_rec_len = (uint16_t)rec;
	d->d_name_len = (uint8_t)len;
	d->d_file_type = fs->f_filetype ? (uint8_t)e2_mode_to_ft(mode) : 0;
	memcpy(d->d_name, name, len);
}

struct adding {
	const char *name;
	size_t len;
	uint32_t ino, mode;
};

static int
add_fn(struct e2fs *fs, struct e2_buf *b, uint64_t lbn, void *arg)
{
	struct adding *a = arg;
	uint32_t need = E2_DIRENT_LEN(a->len);

	for (uint32_t off = 0; off < fs->f_bsize;) {
		struct e2_dirent *d = (struct e2_dirent *)(b->b_data + off);
		uint32_t used = d->d_inode != 0 ? E2_DIRENT_LEN(name_len(fs, d)) : 0;

		if (d->d_rec_len >= used + need) {
			if (used == 0) {
				put_entry(fs, d, d->d_rec_len, a->name, a->len, a->ino, a->mode);
			} else {
				uint32_t rest = d->d_rec_len - used;

				d->d_rec_len = (uint16_t)used;
				put_entry(fs, (struct e2_dirent *)(b->b_data + off + used), rest,
				    a->name, a->len, a->ino, a->mode);
			}
			e2_bdirty(b);
			return 1;
		}
		off += d->d_rec_len;
	}
	return 0;
}

int
e2_dir_add(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino, uint32_t mode)
{
	struct adding a = { .name = name, .len = strlen(name), .ino = ino, .mode = mode };
	struct e2_inode in;
	struct e2_buf *b;
	uint32_t blk;
	uint64_t lbn;
	int r = dir_inode(fs, dir, &in);

	if (r != 0) {
		return r;
	}
	if (a.len == 0 || a.len > 255) {
		return -ENAMETOOLONG;
	}
	r = walk(fs, dir, &in, 0, add_fn, &a);
	if (r < 0) {
		return r;
	}
	if (r == 0) {
		/* No room: a new block at the end. */
		lbn = in.i_size / fs->f_bsize;
		r = e2_bmap(fs, dir, &in, lbn, true, &blk);
		if (r != 0) {
			e2_iput(fs, dir, &in);
			return r;
		}
		b = e2_bget(fs, blk, true, &r);
		if (b == NULL) {
			e2_iput(fs, dir, &in);
			return r;
		}
		put_entry(fs, (struct e2_dirent *)b->b_data, fs->f_bsize, name, a.len, ino, mode);
		e2_bdirty(b);
		e2_bput(b);
		in.i_size += fs->f_bsize;
	}
	in.i_flags &= ~(uint32_t)E2_INDEX_FL;
	in.i_mtime = in.i_ctime = e2_now(fs);
	return e2_iput(fs, dir, &in);
}

static int
empty_fn(struct e2fs *fs, struct e2_buf *b, uint64_t lbn, void *arg)
{
	for (uint32_t off = 0; off < fs->f_bsize;) {
		struct e2_dirent *d = (struct e2_dirent *)(b->b_data + off);
		uint32_t n = name_len(fs, d);
		bool dot = (n == 1 && d->d_name[0] == '.') ||
		    (n == 2 && d->d_name[0] == '.' && d->d_name[1] == '.');

		if (d->d_inode != 0 && !dot) {
			return 1;
		}
		off += d->d_rec_len;
	}
	return 0;
}

int
e2_dir_empty(struct e2fs *fs, uint32_t dir)
{
	struct e2_inode in;
	int r = dir_inode(fs, dir, &in);

	if (r != 0) {
		return r;
	}
	r = walk(fs, dir, &in, 0, empty_fn, NULL);
	return r < 0 ? r : r == 0;
}

int
e2_dir_init(struct e2fs *fs, uint32_t dir, struct e2_inode *in, uint32_t parent)
{
	struct e2_buf *b;
	uint32_t blk;
	int r = e2_bmap(fs, dir, in, 0, true, &blk);

	if (r != 0) {
		return r;
	}
	b = e2_bget(fs, blk, true, &r);
	if (b == NULL) {
		return r;
	}
	put_entry(fs, (struct e2_dirent *)b->b_data, 12, ".", 1, dir, XS_IFDIR);
	put_entry(fs, (struct e2_dirent *)(b->b_data + 12), fs->f_bsize - 12, "..", 2, parent,
	    XS_IFDIR);
	e2_bdirty(b);
	e2_bput(b);
	in->i_size = fs->f_bsize;
	return 0;
}

static const uint32_t ft_mode[E2_FT_MAX] = {
	0,
	XS_IFREG,
	XS_IFDIR,
	XS_IFCHR,
	XS_IFBLK,
	XS_IFIFO,
	XS_IFSOCK,
	XS_IFLNK,
};

struct listing {
	uint64_t *cookie;
	uint8_t *buf;
	size_t room, used;
	bool full;
};

static int
list_fn(struct e2fs *fs, struct e2_buf *b, uint64_t lbn, void *arg)
{
	struct listing *l = arg;
	uint64_t base = lbn * fs->f_bsize;

	for (uint32_t off = 0; off < fs->f_bsize;) {
		struct e2_dirent *d = (struct e2_dirent *)(b->b_data + off);
		uint32_t mode = 0;

		if (base + off >= *l->cookie && d->d_inode != 0) {
			size_t n;

			if (fs->f_filetype && d->d_file_type < E2_FT_MAX) {
				mode = ft_mode[d->d_file_type];
			} else {
				struct e2_inode in;

				if (e2_iget(fs, d->d_inode, &in) == 0) {
					mode = in.i_mode;
				}
			}
			n = xdirent_put(l->buf + l->used, l->room - l->used,
			    (uint64_t)fs->f_id << 32 | d->d_inode, mode, d->d_name,
			    name_len(fs, d));
			if (n == 0) {
				l->full = true;
				*l->cookie = base + off;
				return 1;
			}
			l->used += n;
		}
		off += d->d_rec_len;
		if (base + off > *l->cookie) {
			*l->cookie = base + off;
		}
	}
	return 0;
}

int64_t
e2_getdents(struct e2fs *fs, uint32_t dir, uint64_t *cookie, void *buf, size_t room)
{
	struct listing l = { .cookie = cookie, .buf = buf, .room = room };
	struct e2_inode in;
	int r = dir_inode(fs, dir, &in);

	if (r != 0) {
		return r;
	}
	if (*cookie >= in.i_size) {
		return 0;
	}
	r = walk(fs, dir, &in, *cookie / fs->f_bsize, list_fn, &l);
	if (r < 0) {
		return r;
	}
	if (l.full && l.used == 0) {
		return -EINVAL;
	}
	return (int64_t)l.used;
}
