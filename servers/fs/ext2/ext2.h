/*
 * ext2's core: one mounted file system (struct e2fs) over a block
 * device seen through a small seam (struct e2_dev), with the buffer
 * cache (cache.c), the superblock and group checks (super.c), the
 * allocators (alloc.c), inodes (inode.c), block mapping (bmap.c),
 * directories (dir.c), file data (file.c) and the namespace operations
 * (ops.c).  None of it knows IPC: the server glue (main.c, mount.c,
 * bdev.c) turns requests into these calls, and the host tests
 * (tests/unit/test_ext2_*.c) run the same code over an image in memory.
 *
 * Every call returns >= 0 or a negative E* code.  Anything read from the
 * disk is checked before it is used: a bad value gives -EIO and one
 * console line (e2_report) that names what is wrong; nothing asserts.
 * A call that reads the disk waits for it (the seam is synchronous).
 * The server may run several calls that only read (lookups, reads,
 * directory listings) on cooperative workers: one of them waiting for
 * the disk lets the others run (d_sleep), so the cache marks a buffer
 * in transfer busy and a second reader of it waits for the first.
 * Calls that change anything run alone.  Nothing here keeps a pointer
 * into a cache buffer across calls.
 *
 * Inode numbers outside are (mount id << 32 | ext2 inode number).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/fs.h>
#include <xinim/proto/fs.h>
#include "ext2_fs.h"

/* A run for e2_dev.d_rwv: r_n buffers of the same length, back to back
 * on the device from byte r_off; r_err is set to 0 or -E*. */
struct e2_run {
	uint64_t r_off;
	void *const *r_bufs;
	int r_n;
	int r_err;
};

/* The block device: byte offsets and lengths, multiples of 512. */
struct e2_dev {
	void *d_ctx;
	/* Reads or writes n buffers of len bytes each, back to back on the
	 * device from off.  0 or -E*. */
	int (*d_rw)(void *ctx, bool write, uint64_t off, void *const *bufs, size_t len, int n);
	/* The same for n runs at once, in flight together where the device
	 * allows: 0 when every run succeeded, else the first run's error.
	 * NULL: the cache calls d_rw for one run after another. */
	int (*d_rwv)(void *ctx, bool write, size_t len, struct e2_run *runs, int n);
	/* For a server whose requests run on workers (d_rw may then sleep
	 * and let another request run): sleep until d_wakeup(chan) (0), or
	 * -EDEADLK when the caller cannot sleep (not on a worker); and wake
	 * the sleepers on chan.  NULL: calls never overlap. */
	int (*d_sleep)(const void *chan);
	void (*d_wakeup)(const void *chan);
	int (*d_flush)(void *ctx);
	uint64_t d_size; /* bytes */
	bool d_ro;
};

#define E2_REFS 128     /* open inodes tracked per mount */
#define E2_RA_BLOCKS 32 /* read-ahead window of a sequential reader, blocks */

struct e2_ref {
	uint32_t r_ino;
	uint32_t r_count;
	bool r_orphan; /* its last name went: deleted at the last e2_putnode */
};

struct e2fs {
	struct e2_dev f_dev;
	uint32_t f_id; /* the high half of the inode numbers outside */
	struct e2_super f_sb;
	struct e2_gd *f_gd; /* f_ngroups, in memory; written back by e2_sync */
	uint32_t f_bsize, f_ngroups, f_gd_blocks, f_ipg, f_bpg, f_isize, f_first_ino;
	uint32_t f_per;      /* block numbers per indirect block */
	bool f_ro;           /* mounted read-only */
	bool f_filetype;     /* entries carry a file type */
	bool f_meta_dirty;   /* superblock or descriptors changed since the last sync */
	bool f_disk_clean;   /* what the disk's superblock says now */
	bool f_broken;       /* a write to the disk failed: stay read-only */
	bool f_mounted;      /* e2_mount has finished */
	bool f_errors;       /* something was reported: E2_ERROR_FS is set */
	int64_t f_time_base; /* seconds at mount, less the clock then */
	struct e2_ref f_refs[E2_REFS];
	uint32_t f_ra_ino; /* read-ahead: the file last read and where it ended */
	uint64_t f_ra_next;
	uint64_t f_ra_end; /* the logical block read-ahead has reached */
};

/* Something wrong on the disk (or with it): formats the line, marks a
 * mounted writable file system as having errors (E2_ERROR_FS reaches the
 * disk with the next sync, for e2fsck; fs is changed only there) and
 * hands the line to e2_console, the seam: printf in the server, counted
 * by the host tests. */
void e2_report(const struct e2fs *fs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void e2_console(const char *line);
/* Seconds since 1970 as this mount counts them (the seam's clock). */
uint32_t e2_now(const struct e2fs *fs);
int64_t e2_clock_ns(void); /* the seam: nanoseconds since boot */

/* --- cache.c: the buffer cache, shared by every mount of the server.
 * Buffers are E2_MAX_BLOCK bytes each in one static, page-aligned area
 * (e2_cache_area, for bdev_region).  A buffer is held between get and
 * put; a dirty one is written back when it is evicted or synced. */
#define E2_CACHE_BUFS 512
struct e2_buf {
	struct e2fs *b_fs;
	uint32_t b_blk;
	uint32_t b_hold;
	bool b_valid, b_dirty;
	bool b_busy; /* being read or written: wait (d_sleep) before use */
	uint8_t *b_data;
	struct e2_buf *b_hnext;
	struct e2_buf *b_prev, *b_next; /* LRU order: least recently used first */
};
void e2_cache_area(void **addr, size_t *len);
/* Block blk of fs, read unless fresh (then zeroed: a block just
 * allocated).  NULL with *err: -EIO (blk outside the disk, read error),
 * -ENOMEM (every buffer held). */
struct e2_buf *e2_bget(struct e2fs *fs, uint32_t blk, bool fresh, int *err);
/* Block blk for a caller that overwrites all of it: not read when not
 * cached (then b_valid is false, and the caller sets it once the bytes
 * are in, or calls e2_bdrop()). */
struct e2_buf *e2_bget_over(struct e2fs *fs, uint32_t blk, int *err);
/* Releases b, and forgets it when it was never filled (!b_valid). */
void e2_bdrop(struct e2_buf *b);
void e2_bput(struct e2_buf *b);
void e2_bdirty(struct e2_buf *b);
/* Reads the blocks of blks[] not yet cached (runs of neighbours in one
 * device request); errors are ignored (the real read reports them). */
void e2_readahead(struct e2fs *fs, const uint32_t *blks, int n);
/* Writes fs's dirty buffers: 0 or the first error. */
int e2_cache_flush(struct e2fs *fs);
/* Forgets fs's buffers (unmount), dirty or not. */
void e2_cache_drop(struct e2fs *fs);
/* Forgets block blk if cached (freed: its contents no longer matter). */
void e2_cache_forget(struct e2fs *fs, uint32_t blk);

/* --- super.c: mount, sync, unmount. */
/* Reads and checks the superblock and descriptors; ro asks read-only
 * (the result may be read-only anyway: fs->f_ro says, with a message).
 * Marks a writable mount not clean on the disk. */
int e2_mount(struct e2fs *fs, const struct e2_dev *dev, uint32_t id, bool ro);
/* Everything dirty to the disk, then a flush; clean says whether to mark
 * the disk clean afterwards (the mark is removed again before the next
 * write reaches the disk). */
int e2_sync(struct e2fs *fs, bool clean);
/* Syncs, marks clean, frees fs's memory. */
int e2_unmount(struct e2fs *fs);
/* Before any buffer is written: a disk marked clean is marked not clean. */
int e2_before_write(struct e2fs *fs);
/* The pure superblock check (no device): 0 or -EINVAL with a message. */
int e2_super_check(const struct e2fs *fs, const struct e2_super *sb, uint64_t dev_bytes);
/* Whether group g holds a superblock backup. */
bool e2_group_has_super(const struct e2fs *fs, uint32_t g);
void e2_statfs(const struct e2fs *fs, struct xstatfs *sf);

/* --- alloc.c: bitmaps and free counts. */
/* A free block, near goal: *blk.  -ENOSPC, -EIO. */
int e2_balloc(struct e2fs *fs, uint32_t goal, uint32_t *blk);
int e2_bfree(struct e2fs *fs, uint32_t blk);
/* A free inode for a node of mode, near the directory dir's group. */
int e2_ialloc(struct e2fs *fs, uint32_t dir, uint32_t mode, uint32_t *ino);
int e2_ifree(struct e2fs *fs, uint32_t ino, bool was_dir);
/* Whether blk may hold data (inside the disk, not the superblock or a
 * group's metadata is not checked here). */
bool e2_blk_ok(const struct e2fs *fs, uint32_t blk);

/* --- inode.c */
int e2_iget(struct e2fs *fs, uint32_t ino, struct e2_inode *in);
int e2_iput(struct e2fs *fs, uint32_t ino, const struct e2_inode *in);
/* A fresh inode's first bytes past the 128 (i_extra_isize) set up. */
int e2_iinit_extra(struct e2fs *fs, uint32_t ino);
uint64_t e2_size(const struct e2_inode *in);
void e2_set_size(struct e2fs *fs, struct e2_inode *in, uint64_t size);
uint32_t e2_mode_to_ft(uint32_t mode);
void e2_attr(const struct e2fs *fs, uint32_t ino, const struct e2_inode *in, struct fs_attr *a);
bool e2_fast_symlink(const struct e2_inode *in);
/* Frees the inode's blocks, its attribute block and the inode. */
int e2_idelete(struct e2fs *fs, uint32_t ino, struct e2_inode *in);
/* Open references (FS_REF, FS_PUTNODE): an unlinked inode lives on until
 * its last reference goes. */
int e2_ref(struct e2fs *fs, uint32_t ino);
int e2_putnode(struct e2fs *fs, uint32_t ino);
bool e2_referenced(const struct e2fs *fs, uint32_t ino);
/* ino, referenced, has no names left (e2_putnode deletes it). */
void e2_ref_orphan(struct e2fs *fs, uint32_t ino);
/* Whether e2_putnode(ino) now only counts: no disk, no change but the
 * count (so it may run beside reads). */
bool e2_putnode_counts(const struct e2fs *fs, uint32_t ino);

/* --- bmap.c: logical block lbn of the inode to a disk block (0: a hole).
 * With alloc, holes on the way are filled (the inode's i_block and
 * i_blocks change: the caller writes it back). */
int e2_bmap(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t lbn, bool alloc,
    uint32_t *blk);
/* Frees every block at or after logical block from (indirect blocks that
 * become empty too). */
int e2_btrunc(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t from);
/* The largest logical block count a file may have. */
uint64_t e2_max_blocks(const struct e2fs *fs);

/* --- file.c: data.  A piece of a block for e2_read's caller, who may
 * keep buf (a cache buffer) and copy later, but only until the next
 * call with buf NULL and len 0: e2_read then needs the buffers back
 * (it is about to read more), and the caller copies what it kept.
 * For e2_write, where to fill buf from. */
typedef int (*e2_copy_fn)(void *arg, uint64_t off, void *buf, size_t len);
int64_t e2_read(struct e2fs *fs, uint32_t ino, uint64_t off, uint64_t len, e2_copy_fn out,
    void *arg);
int64_t e2_write(struct e2fs *fs, uint32_t ino, uint64_t off, uint64_t len, e2_copy_fn in,
    void *arg);
int e2_truncate(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t size);

/* --- dir.c: entries.  A block's entries are checked as a whole before
 * any is used (e2_dirblock_check). */
int e2_dirblock_check(const struct e2fs *fs, uint32_t dir, uint64_t lbn, const uint8_t *blk);
int e2_dir_lookup(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino);
int e2_dir_add(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino, uint32_t mode);
/* Removes name; *ino is the inode it named. */
int e2_dir_remove(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino);
/* Points name at ino instead (rename over), or ".." at a new parent. */
int e2_dir_set(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino, uint32_t mode);
/* 1 when only "." and ".." are left, 0 otherwise. */
int e2_dir_empty(struct e2fs *fs, uint32_t dir);
/* "." and ".." of a new directory in its first block. */
int e2_dir_init(struct e2fs *fs, uint32_t dir, struct e2_inode *in, uint32_t parent);
/* Records from *cookie (a byte offset) into buf: bytes, *cookie moved. */
int64_t e2_getdents(struct e2fs *fs, uint32_t dir, uint64_t *cookie, void *buf, size_t room);

/* --- ops.c: the namespace, with link counts. */
int e2_lookup(struct e2fs *fs, uint32_t dir, const char *name, uint32_t *ino);
int e2_create(struct e2fs *fs, uint32_t dir, const char *name, uint32_t mode, uint32_t uid,
    uint32_t gid, uint32_t rdev, uint32_t *ino);
int e2_symlink(struct e2fs *fs, uint32_t dir, const char *name, const char *target, uint32_t uid,
    uint32_t gid, uint32_t *ino);
int64_t e2_readlink(struct e2fs *fs, uint32_t ino, char *buf, size_t room);
int e2_link(struct e2fs *fs, uint32_t dir, const char *name, uint32_t ino);
int e2_unlink(struct e2fs *fs, uint32_t dir, const char *name, bool rmdir);
int e2_rename(struct e2fs *fs, uint32_t odir, const char *oname, uint32_t ndir, const char *nname);
int e2_setattr(struct e2fs *fs, uint32_t ino, uint32_t mask, const struct fs_attr *a);

/* Whether fs has dirty buffers (cache.c). */
bool e2_cache_dirty(const struct e2fs *fs);
