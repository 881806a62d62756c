/*
 * tmpfs volumes and nodes: mount options, the table of nodes by inode
 * number, the size limit, attributes, references from vfs, and freeing a
 * node once it has neither names nor references.
 */
#include <string.h>
#include <xinim/errno.h>
#include "tmpfs.h"

#define SLOT_MASK 0xffffffffull

/* One "size=" value: a decimal count with an optional K, M or G. */
static int
parse_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, unit = 1;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > TMPFS_SIZE_MAX) {
			return -EINVAL;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0) {
		return -EINVAL;
	}
	if (i + 1 == len) {
		switch (s[i]) {
		case 'k':
		case 'K':
			unit = 1ull << 10;
			break;
		case 'm':
		case 'M':
			unit = 1ull << 20;
			break;
		case 'g':
		case 'G':
			unit = 1ull << 30;
			break;
		default:
			return -EINVAL;
		}
	} else if (i != len) {
		return -EINVAL;
	}
	if (v > TMPFS_SIZE_MAX / unit || v * unit < TMPFS_BLOCK || v * unit > TMPFS_SIZE_MAX) {
		return -EINVAL;
	}
	*out = v * unit;
	return 0;
}

/* One "mode=" value: octal, at most 07777. */
static int
parse_mode(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;

	if (len == 0 || len > 5) {
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7') {
			return -EINVAL;
		}
		v = v * 8 + (uint32_t)(s[i] - '0');
	}
	if (v > 07777) {
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int
tmpfs_opts_parse(const char *s, uint64_t *size, uint32_t *mode)
{
	uint64_t sz = TMPFS_SIZE_DEFAULT;
	uint32_t md = TMPFS_ROOT_MODE;

	while (*s != '\0') {
		const char *eq = NULL;
		size_t len = 0;
		int r = 0;

		for (; s[len] != '\0' && s[len] != ','; len++) {
			if (s[len] == '=' && eq == NULL) {
				eq = s + len;
			}
		}

		if (eq != NULL) {
			size_t klen = (size_t)(eq - s), vlen = len - klen - 1;

			if (klen == 4 && strncmp(s, "size", 4) == 0) {
				r = parse_size(eq + 1, vlen, &sz);
			} else if (klen == 4 && strncmp(s, "mode", 4) == 0) {
				r = parse_mode(eq + 1, vlen, &md);
			} else {
				r = -EINVAL;
			}
		}
		if (r != 0) {
			return r;
		}
		s += len;
		if (*s == ',') {
			s++;
		}
	}
	*size = sz;
	*mode = md;
	return 0;
}

int
tmpfs_charge(struct tmpfs_vol *v, uint64_t bytes)
{
	if (bytes > v->v_limit - v->v_used) {
		return -ENOSPC;
	}
	v->v_used += bytes;
	return 0;
}

void
tmpfs_uncharge(struct tmpfs_vol *v, uint64_t bytes)
{
	v->v_used -= bytes;
}

void
tmpfs_touch(struct tmpfs_node *n, bool data)
{
	int64_t now = tmpfs_clock_ns();

	n->n_attr.fa_ctime_ns = now;
	if (data) {
		n->n_attr.fa_mtime_ns = now;
	}
}

int
tmpfs_vol_init(struct tmpfs_vol *v, uint32_t id, uint64_t limit, uint32_t mode)
{
	struct tmpfs_node *root;
	int r;

	if (id == 0 || limit < TMPFS_BLOCK) {
		return -EINVAL;
	}
	memset(v, 0, sizeof(*v));
	v->v_id = id;
	v->v_limit = limit;
	v->v_files_max = limit / TMPFS_BYTES_PER_FILE;
	r = tmpfs_node_new(v, XS_IFDIR | (mode & 07777), 0, 0, &root);
	if (r != 0) {
		tmpfs_mem_free(v->v_nodes);
		v->v_nodes = NULL;
		return r;
	}
	root->n_attr.fa_nlink = 2;
	root->n_dir.d_parent = root;
	v->v_root = root;
	return 0;
}

/* Frees n's memory and its slot, whatever its links and references. */
static void
node_free(struct tmpfs_node *n)
{
	struct tmpfs_vol *v = n->n_vol;

	if (tmpfs_is(n, XS_IFREG)) {
		tmpfs_data_free(n);
	} else if (tmpfs_is(n, XS_IFLNK)) {
		tmpfs_mem_free(n->n_target);
	} else if (tmpfs_is(n, XS_IFDIR)) {
		struct tmpfs_dirent *de = n->n_dir.d_first, *next;

		for (; de != NULL; de = next) {
			next = de->de_next;
			tmpfs_mem_free(de);
		}
	}
	v->v_nodes[(n->n_attr.fa_ino & SLOT_MASK) - 1] = NULL;
	v->v_files--;
	tmpfs_mem_free(n);
}

void
tmpfs_vol_destroy(struct tmpfs_vol *v)
{
	for (uint32_t i = 0; i < v->v_cap; i++) {
		if (v->v_nodes[i] != NULL) {
			node_free(v->v_nodes[i]);
		}
	}
	tmpfs_mem_free(v->v_nodes);
	memset(v, 0, sizeof(*v));
}

bool
tmpfs_vol_busy(const struct tmpfs_vol *v)
{
	for (uint32_t i = 0; i < v->v_cap; i++) {
		if (v->v_nodes[i] != NULL && v->v_nodes[i]->n_refs != 0) {
			return true;
		}
	}
	return false;
}

struct tmpfs_node *
tmpfs_node_get(const struct tmpfs_vol *v, uint64_t ino)
{
	uint64_t slot = ino & SLOT_MASK;

	if (ino >> 32 != v->v_id || slot == 0 || slot > v->v_cap) {
		return NULL;
	}
	return v->v_nodes[slot - 1];
}

void
tmpfs_statfs(const struct tmpfs_vol *v, struct xstatfs *sf)
{
	memset(sf, 0, sizeof(*sf));
	memcpy(sf->sf_type, "tmpfs", sizeof("tmpfs"));
	sf->sf_bsize = TMPFS_BLOCK;
	sf->sf_blocks = v->v_limit / TMPFS_BLOCK;
	sf->sf_bfree = (v->v_limit - v->v_used) / TMPFS_BLOCK;
	sf->sf_files = v->v_files_max;
	sf->sf_ffree = v->v_files_max - v->v_files;
}

/* A free slot (from 0), growing the table when none is left. */
static int
slot_find(struct tmpfs_vol *v, uint32_t *out)
{
	struct tmpfs_node **grown;
	uint32_t cap;

	for (uint32_t i = 0; i < v->v_cap; i++) {
		if (v->v_nodes[i] == NULL) {
			*out = i;
			return 0;
		}
	}
	cap = v->v_cap == 0 ? 16 : v->v_cap * 2;
	grown = tmpfs_mem_realloc(v->v_nodes, cap * sizeof(*grown));
	if (grown == NULL) {
		return -ENOMEM;
	}
	memset(grown + v->v_cap, 0, (cap - v->v_cap) * sizeof(*grown));
	*out = v->v_cap;
	v->v_nodes = grown;
	v->v_cap = cap;
	return 0;
}

int
tmpfs_node_new(struct tmpfs_vol *v, uint32_t mode, uint32_t uid, uint32_t gid,
    struct tmpfs_node **out)
{
	struct tmpfs_node *n;
	uint32_t slot;
	int64_t now;
	int r;

	if (v->v_files >= v->v_files_max) {
		return -ENOSPC;
	}
	r = slot_find(v, &slot);
	if (r != 0) {
		return r;
	}
	n = tmpfs_mem_alloc(sizeof(*n));
	if (n == NULL) {
		return -ENOMEM;
	}
	now = tmpfs_clock_ns();
	n->n_vol = v;
	n->n_attr.fa_ino = (uint64_t)v->v_id << 32 | (slot + 1);
	n->n_attr.fa_mode = mode;
	n->n_attr.fa_uid = uid;
	n->n_attr.fa_gid = gid;
	n->n_attr.fa_atime_ns = now;
	n->n_attr.fa_mtime_ns = now;
	n->n_attr.fa_ctime_ns = now;
	if (tmpfs_is(n, XS_IFDIR)) {
		n->n_dir.d_next_cookie = 2;
	}
	v->v_nodes[slot] = n;
	v->v_files++;
	*out = n;
	return 0;
}

void
tmpfs_node_release(struct tmpfs_node *n)
{
	if (n->n_attr.fa_nlink == 0 && n->n_refs == 0) {
		node_free(n);
	}
}

int
tmpfs_ref(struct tmpfs_node *n)
{
	if (n->n_refs == UINT32_MAX) {
		return -EOVERFLOW;
	}
	n->n_refs++;
	return 0;
}

int
tmpfs_putnode(struct tmpfs_node *n)
{
	if (n->n_refs == 0) {
		return -EINVAL;
	}
	n->n_refs--;
	tmpfs_node_release(n);
	return 0;
}

int
tmpfs_setattr(struct tmpfs_node *n, uint32_t mask, const struct fs_attr *a)
{
	const uint32_t known =
	    FS_SET_MODE | FS_SET_UID | FS_SET_GID | FS_SET_SIZE | FS_SET_ATIME | FS_SET_MTIME;
	int r;

	if ((mask & ~known) != 0) {
		return -EINVAL;
	}
	/* The size first: the one change that can fail. */
	if (mask & FS_SET_SIZE) {
		r = tmpfs_truncate(n, a->fa_size);
		if (r != 0) {
			return r;
		}
	}
	if (mask & FS_SET_MODE) {
		n->n_attr.fa_mode = (n->n_attr.fa_mode & XS_IFMT) | (a->fa_mode & 07777);
	}
	if (mask & FS_SET_UID) {
		n->n_attr.fa_uid = a->fa_uid;
	}
	if (mask & FS_SET_GID) {
		n->n_attr.fa_gid = a->fa_gid;
	}
	tmpfs_touch(n, false);
	if (mask & FS_SET_ATIME) {
		n->n_attr.fa_atime_ns = a->fa_atime_ns;
	}
	if (mask & FS_SET_MTIME) {
		n->n_attr.fa_mtime_ns = a->fa_mtime_ns;
	}
	return 0;
}
