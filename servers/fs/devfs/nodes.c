/*
 * devfs's node table: the root directory (index 0) and the device nodes,
 * looked up by name and listed by getdents in table order (cookie 0 is
 * ".", 1 is "..", then 2 + the index of each device).  The standard
 * nodes are those of proto/chr.h's majors: null, zero and random on
 * devfs's own major 1, console on the tty's major 4.
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "devfs.h"

static struct devfs_node nodes[DEVFS_NODES];

struct devfs_node *
devfs_node(uint32_t idx)
{
	if (idx >= DEVFS_NODES || !nodes[idx].dn_used) {
		return NULL;
	}
	return &nodes[idx];
}

/* Takes slot idx for a node of this name and mode. */
static void
node_make(uint32_t idx, const char *name, uint32_t mode, uint32_t rdev)
{
	struct devfs_node *n = &nodes[idx];
	int64_t now = devfs_clock_ns();

	memset(n, 0, sizeof(*n));
	n->dn_used = true;
	memcpy(n->dn_name, name, strlen(name) + 1); /* checked: at most DEVFS_NAME_MAX */
	n->dn_attr.fa_ino = idx + 1;
	n->dn_attr.fa_mode = mode;
	n->dn_attr.fa_nlink = (mode & XS_IFMT) == XS_IFDIR ? 2 : 1;
	n->dn_attr.fa_rdev = rdev;
	n->dn_attr.fa_atime_ns = now;
	n->dn_attr.fa_mtime_ns = now;
	n->dn_attr.fa_ctime_ns = now;
}

int
devfs_lookup(const char *name)
{
	if (strlen(name) > XNAME_MAX) {
		return -ENAMETOOLONG;
	}
	for (uint32_t i = 1; i < DEVFS_NODES; i++) {
		if (nodes[i].dn_used && strcmp(nodes[i].dn_name, name) == 0) {
			return (int)i;
		}
	}
	return -ENOENT;
}

int
devfs_node_add(const char *name, uint32_t mode, uint32_t rdev)
{
	uint32_t type = mode & XS_IFMT;
	size_t len = strlen(name);

	if ((type != XS_IFCHR && type != XS_IFBLK) || (mode & ~(XS_IFMT | 07777)) != 0 ||
	    len == 0 || len > DEVFS_NAME_MAX || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		return -EINVAL;
	}
	if (devfs_lookup(name) >= 0) {
		return -EEXIST;
	}
	for (uint32_t i = 1; i < DEVFS_NODES; i++) {
		if (!nodes[i].dn_used) {
			node_make(i, name, mode, rdev);
			nodes[0].dn_attr.fa_size += 32;
			nodes[0].dn_attr.fa_mtime_ns = nodes[i].dn_attr.fa_mtime_ns;
			return 0;
		}
	}
	return -ENOSPC;
}

void
devfs_nodes_init(void)
{
	memset(nodes, 0, sizeof(nodes));
	node_make(0, "", XS_IFDIR | 0755, 0);
	nodes[0].dn_attr.fa_size = 64;
	devfs_node_add("null", XS_IFCHR | 0666, XDEV_MAKE(CHR_MAJOR_MEM, CHR_MINOR_NULL));
	devfs_node_add("zero", XS_IFCHR | 0666, XDEV_MAKE(CHR_MAJOR_MEM, CHR_MINOR_ZERO));
	devfs_node_add("random", XS_IFCHR | 0666, XDEV_MAKE(CHR_MAJOR_MEM, CHR_MINOR_RANDOM));
	devfs_node_add("console", XS_IFCHR | 0620, XDEV_MAKE(CHR_MAJOR_TTY, CHR_MINOR_CONSOLE));
}

int64_t
devfs_getdents(uint32_t mount_id, uint64_t *cookie, void *buf, size_t len)
{
	uint64_t c = *cookie, high = (uint64_t)mount_id << 32;
	uint8_t *out = buf;
	size_t done = 0, put;

	for (; c < 2 + DEVFS_NODES - 1; c++) {
		const struct devfs_node *n = c < 2 ? &nodes[0] : &nodes[c - 1];
		const char *name = c == 0 ? "." : c == 1 ? ".." : n->dn_name;

		if (!n->dn_used) {
			continue;
		}
		put = xdirent_put(out + done, len - done, high | n->dn_attr.fa_ino,
		    n->dn_attr.fa_mode, name, strlen(name));
		if (put == 0) {
			if (done == 0) {
				return -EINVAL; /* not even one record fits */
			}
			break;
		}
		done += put;
	}
	*cookie = c;
	return (int64_t)done;
}

int
devfs_setattr(struct devfs_node *n, uint32_t mask, const struct fs_attr *a)
{
	const uint32_t known =
	    FS_SET_MODE | FS_SET_UID | FS_SET_GID | FS_SET_SIZE | FS_SET_ATIME | FS_SET_MTIME;

	if ((mask & ~known) != 0) {
		return -EINVAL;
	}
	if ((mask & FS_SET_SIZE) && n == &nodes[0]) {
		return -EISDIR;
	}
	if (mask & FS_SET_MODE) {
		n->dn_attr.fa_mode = (n->dn_attr.fa_mode & XS_IFMT) | (a->fa_mode & 07777);
	}
	if (mask & FS_SET_UID) {
		n->dn_attr.fa_uid = a->fa_uid;
	}
	if (mask & FS_SET_GID) {
		n->dn_attr.fa_gid = a->fa_gid;
	}
	n->dn_attr.fa_ctime_ns = devfs_clock_ns();
	if (mask & FS_SET_ATIME) {
		n->dn_attr.fa_atime_ns = a->fa_atime_ns;
	}
	if (mask & FS_SET_MTIME) {
		n->dn_attr.fa_mtime_ns = a->fa_mtime_ns;
	}
	return 0;
}

bool
devfs_busy(void)
{
	for (uint32_t i = 0; i < DEVFS_NODES; i++) {
		if (nodes[i].dn_used && nodes[i].dn_refs != 0) {
			return true;
		}
	}
	return false;
}
