/*
 * tmpfs's private header.  The core (vol.c, dir.c, rename.c, data.c) is
 * pure C over the nodes of one volume: it knows nothing of IPC, so the
 * host unit tests (tests/unit/test_tmpfs.c) link it as it is.  The
 * server glue (main.c, mount.c) maps vfs's window, turns requests into
 * core calls and answers; mem.c and the clock below are the two seams
 * the tests replace.
 *
 * A volume is one mount: its nodes, its size limit and its root.  Inode
 * numbers are the volume's id in the high 32 bits and the node's slot
 * (from 1) in the low ones, so they are unique across the server's
 * mounts.  Every core call returns >= 0 or a negative E* code and
 * changes nothing when it fails, except a write that stops when the
 * volume fills (it returns what it wrote).
 *
 * Memory: file data lives in 4 KiB blocks, found through one array of
 * block pointers per file (a hole is a NULL pointer and reads as zeros).
 * Blocks and the pages of those arrays are charged to the volume's
 * limit (ENOSPC beyond it); nodes are limited in number (v_files_max).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/fs.h>
#include <xinim/proto/fs.h>

#define TMPFS_BLOCK 4096
#define TMPFS_SIZE_DEFAULT (8ull << 20)
#define TMPFS_SIZE_MAX (1ull << 40)
#define TMPFS_FILE_MAX (1ull << 40) /* bytes of one file: EFBIG beyond */
#define TMPFS_LINK_MAX 32000        /* links to one node: EMLINK beyond */
#define TMPFS_BYTES_PER_FILE 1024   /* v_files_max is the limit / this */
#define TMPFS_ROOT_MODE 01777       /* the root, unless mode= says */

struct tmpfs_node;

/* One name in a directory; de_cookie orders the entries for getdents. */
struct tmpfs_dirent {
	struct tmpfs_dirent *de_next;
	struct tmpfs_node *de_node;
	uint64_t de_cookie;
	char de_name[]; /* NUL-terminated */
};

struct tmpfs_dir {
	struct tmpfs_dirent *d_first, *d_last; /* in cookie order */
	struct tmpfs_node *d_parent;           /* "..": itself for the root */
	uint64_t d_next_cookie;                /* 0 and 1 are "." and ".." */
	uint32_t d_count;                      /* entries besides . and .. */
};

struct tmpfs_file {
	uint8_t **f_blocks; /* f_slots pointers, NULL for a hole */
	uint64_t f_slots;
};

struct tmpfs_node {
	struct fs_attr n_attr; /* fa_ino, fa_size, fa_mode, fa_nlink... */
	struct tmpfs_vol *n_vol;
	uint32_t n_refs; /* FS_REF minus FS_PUTNODE */
	union {
		struct tmpfs_dir n_dir;   /* XS_IFDIR */
		struct tmpfs_file n_file; /* XS_IFREG */
		char *n_target;           /* XS_IFLNK */
	};
};

struct tmpfs_vol {
	uint32_t v_id;    /* high half of the inode numbers, never 0 */
	uint64_t v_limit; /* bytes */
	uint64_t v_used;  /* bytes charged: data blocks, block arrays */
	uint64_t v_files_max, v_files;
	struct tmpfs_node **v_nodes; /* by slot - 1; NULL: free */
	uint32_t v_cap;
	struct tmpfs_node *v_root;
};

/* Seams: zeroed memory, resizing, freeing (mem.c), and the time in ns
 * (main.c: clock_now_ns()). */
void *tmpfs_mem_alloc(size_t n);
void *tmpfs_mem_realloc(void *p, size_t n);
void tmpfs_mem_free(void *p);
int64_t tmpfs_clock_ns(void);

/* vol.c: volumes, nodes, attributes. */

/* Parses mount options "size=N[K|M|G],mode=OCTAL" (words without '='
 * are ignored: the source, such as "none").  -EINVAL for anything else. */
int tmpfs_opts_parse(const char *s, uint64_t *size, uint32_t *mode);
/* Makes an empty volume with its root directory (mode, owner 0). */
int tmpfs_vol_init(struct tmpfs_vol *v, uint32_t id, uint64_t limit, uint32_t mode);
/* Frees every node and block of the volume. */
void tmpfs_vol_destroy(struct tmpfs_vol *v);
/* True while some node of the volume is referenced (FS_REF). */
bool tmpfs_vol_busy(const struct tmpfs_vol *v);
/* The node with inode number ino, or NULL. */
struct tmpfs_node *tmpfs_node_get(const struct tmpfs_vol *v, uint64_t ino);
void tmpfs_statfs(const struct tmpfs_vol *v, struct xstatfs *sf);
/* A new node of mode's type, with nlink 0 (the caller links it). */
int tmpfs_node_new(struct tmpfs_vol *v, uint32_t mode, uint32_t uid, uint32_t gid,
    struct tmpfs_node **out);
/* Frees n once nothing names it and nothing references it. */
void tmpfs_node_release(struct tmpfs_node *n);
int tmpfs_ref(struct tmpfs_node *n);
int tmpfs_putnode(struct tmpfs_node *n);
/* FS_SETATTR: applies the FS_SET_* fields of a (a size truncates). */
int tmpfs_setattr(struct tmpfs_node *n, uint32_t mask, const struct fs_attr *a);
/* Sets fa_ctime_ns (and fa_mtime_ns when data) to now. */
void tmpfs_touch(struct tmpfs_node *n, bool data);
/* Charges or returns bytes of the volume's limit: -ENOSPC when full. */
int tmpfs_charge(struct tmpfs_vol *v, uint64_t bytes);
void tmpfs_uncharge(struct tmpfs_vol *v, uint64_t bytes);

/* dir.c: names. */

/* 0 for a usable name, -EINVAL ("", ".", "..", a '/'), -ENAMETOOLONG. */
int tmpfs_name_check(const char *name);
int tmpfs_lookup(struct tmpfs_node *dir, const char *name, struct tmpfs_node **out);
/* FS_CREATE: a regular file, directory, FIFO, device or socket. */
int tmpfs_create(struct tmpfs_node *dir, const char *name, uint32_t mode, uint32_t uid,
    uint32_t gid, uint32_t rdev, struct tmpfs_node **out);
int tmpfs_symlink(struct tmpfs_node *dir, const char *name, const char *target, uint32_t uid,
    uint32_t gid, struct tmpfs_node **out);
/* Copies the target (no NUL) into buf; its length. */
int tmpfs_readlink(const struct tmpfs_node *n, char *buf, size_t cap);
int tmpfs_link(struct tmpfs_node *dir, const char *name, struct tmpfs_node *n);
int tmpfs_unlink(struct tmpfs_node *dir, const char *name);
int tmpfs_rmdir(struct tmpfs_node *dir, const char *name);
/* struct xdirent records from *cookie on into buf; bytes, 0 at the end. */
int64_t tmpfs_getdents(struct tmpfs_node *dir, uint64_t *cookie, void *buf, size_t len);
/* The entry named name in dir (and the one before it, for unlinking). */
struct tmpfs_dirent *tmpfs_dir_find(struct tmpfs_node *dir, const char *name,
    struct tmpfs_dirent **prev);
/* Adds an entry (allocated here) or takes one out (freed here). */
int tmpfs_dir_add(struct tmpfs_node *dir, const char *name, struct tmpfs_node *n);
void tmpfs_dir_remove(struct tmpfs_node *dir, struct tmpfs_dirent *de, struct tmpfs_dirent *prev);

/* rename.c */
int tmpfs_rename(struct tmpfs_node *odir, const char *oname, struct tmpfs_node *ndir,
    const char *nname);

/* data.c: file contents. */
int64_t tmpfs_read(struct tmpfs_node *n, uint64_t off, void *buf, size_t len);

/* Where [off, off + len) of n's file lies in memory, for copies straight
 * from and into its blocks: at most max pieces (holes read from a block
 * of zeros, never to be written), *covered the bytes they hold (reads stop
 * at the end of the file).  For write the blocks are made (-ENOSPC,
 * -EFBIG when none could be); the size grows only by tmpfs_wrote() once
 * the bytes are in.  Returns the number of pieces or an error. */
struct tmpfs_piece {
	void *tp_addr;
	size_t tp_len;
};
int tmpfs_map(struct tmpfs_node *n, uint64_t off, size_t len, bool write, struct tmpfs_piece *p,
    int max, size_t *covered);
/* len bytes at off were written through tmpfs_map(): size and times. */
void tmpfs_wrote(struct tmpfs_node *n, uint64_t off, size_t len);
/* A read through tmpfs_map() happened: the access time. */
void tmpfs_was_read(struct tmpfs_node *n);
int64_t tmpfs_write(struct tmpfs_node *n, uint64_t off, const void *buf, size_t len);
int tmpfs_truncate(struct tmpfs_node *n, uint64_t size);
/* Frees every block and the block array (the node is going). */
void tmpfs_data_free(struct tmpfs_node *n);

static inline bool
tmpfs_is(const struct tmpfs_node *n, uint32_t type)
{
	return (n->n_attr.fa_mode & XS_IFMT) == type;
}
