/*
 * Path resolution, component by component, over lookup callbacks (so it
 * is tested on the host with a fake file system).  The walk keeps a stack
 * of the directories it went through and the canonical path beside it:
 * ".." pops the stack, which also climbs out of a mount's root to the
 * directory it covers, and at / stays at /.  Stepping onto a covered
 * directory continues at the mount's root.  Symbolic links are expanded
 * in place (the rest of the path appended to the target), at most
 * XSYMLOOP_MAX per resolution; a relative path starts with the working
 * directory's own canonical path.  Every directory searched needs
 * execute permission.
 */
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define DEPTH_MAX (XPATH_MAX / 2 + 1)

/* One directory of the walk: the node and where its name starts in the
 * canonical path (popping truncates there). */
struct rs_ent {
	struct vfs_node e_node;
	size_t e_off;
};

/* A walk's scratch space: too big for a worker's stack (vfs runs many
 * requests at once, each on its own small stack), so it is allocated for
 * each resolution. */
struct rs_walk {
	struct rs_ent stack[DEPTH_MAX];
	char work[2 * XPATH_MAX + 2];
	char link_buf[XPATH_MAX];
};

/* Takes the next component off *rest into comp; its length, 0 at the
 * end, or -ENAMETOOLONG. */
static int
rs_next(const char **rest, char *comp)
{
	const char *p = *rest, *s;
	size_t len;

	while (*p == '/') {
		p++;
	}
	s = p;
	while (*p != '\0' && *p != '/') {
		p++;
	}
	len = (size_t)(p - s);
	*rest = p;
	if (len > XNAME_MAX) {
		return -ENAMETOOLONG;
	}
	memcpy(comp, s, len);
	comp[len] = '\0';
	return (int)len;
}

/* Whether only slashes are left. */
static bool
rs_at_end(const char *rest)
{
	while (*rest == '/') {
		rest++;
	}
	return *rest == '\0';
}

/* Replaces the walk's remaining path with target + "/" + rest. */
static int
rs_splice(char *work, const char *target, size_t tlen, const char *rest)
{
	size_t rlen = strlen(rest);

	if (tlen + 1 + rlen >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	memmove(work + tlen + 1, rest, rlen + 1);
	memcpy(work, target, tlen);
	work[tlen] = '/';
	return 0;
}

/* Follows mounts hiding n. */
static void
rs_cross(const struct vfs_resolve_ops *ops, struct vfs_node *n)
{
	struct vfs_node root;
	int guard = 0;

	while (guard++ < VFS_NMOUNT && ops->covered(n, &root) == 0) {
		*n = root;
	}
}

static int
rs_walk(struct rs_walk *w, const struct vfs_resolve_ops *ops, uint32_t uid, uint32_t gid,
    const char *cwd, const char *path, int flags, struct vfs_res *res)
{
	struct rs_ent *stack = w->stack;
	char *work = w->work, *link_buf = w->link_buf;
	size_t plen = strnlen(path, XPATH_MAX), clen = 0, depth = 1;
	char comp[XNAME_MAX + 1];
	const char *rest;
	int links = 0, err, n;

	memset(res, 0, sizeof(*res));
	if (plen >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	if (plen == 0) {
		return -ENOENT;
	}
	res->r_slash = path[plen - 1] == '/';
	if (path[0] == '/') {
		memcpy(work, path, plen + 1);
	} else {
		clen = strnlen(cwd, XPATH_MAX);
		if (clen + 1 + plen >= sizeof(w->work)) {
			return -ENAMETOOLONG;
		}
		memcpy(work, cwd, clen);
		work[clen] = '/';
		memcpy(work + clen + 1, path, plen + 1);
	}
	err = ops->root(&stack[0].e_node);
	if (err != 0) {
		return err;
	}
	stack[0].e_off = 0;
	res->r_path[0] = '\0';
	clen = 0;
	rest = work;
	for (;;) {
		struct rs_ent *top = &stack[depth - 1];
		struct vfs_node child;
		bool last;

		n = rs_next(&rest, comp);
		if (n < 0) {
			return n;
		}
		if (n == 0) {
			break;
		}
		last = rs_at_end(rest);
		if ((top->e_node.vn_attr.fa_mode & XS_IFMT) != XS_IFDIR) {
			return -ENOTDIR;
		}
		if (!vfs_perm(top->e_node.vn_attr.fa_mode, top->e_node.vn_attr.fa_uid,
		        top->e_node.vn_attr.fa_gid, uid, gid, XX_OK)) {
			return -EACCES;
		}
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
			if (comp[1] == '.' && depth > 1) {
				depth--;
				clen = stack[depth].e_off;
			}
			res->r_name[0] = '\0';
			continue;
		}
		err = ops->lookup(&top->e_node, comp, &child);
		if (err == -ENOENT && last && (flags & VFS_R_PARENT) != 0) {
			res->r_dir = top->e_node;
			memcpy(res->r_name, comp, (size_t)n + 1);
			if (clen + 1 + (size_t)n >= XPATH_MAX) {
				return -ENAMETOOLONG;
			}
			res->r_path[clen] = '/';
			memcpy(res->r_path + clen + 1, comp, (size_t)n + 1);
			return 0;
		}
		if (err != 0) {
			return err;
		}
		rs_cross(ops, &child);
		if ((child.vn_attr.fa_mode & XS_IFMT) == XS_IFLNK &&
		    (!last || (flags & VFS_R_NOFOLLOW) == 0 || res->r_slash)) {
			if (++links > XSYMLOOP_MAX) {
				return -ELOOP;
			}
			n = ops->readlink(&child, link_buf, sizeof(w->link_buf) - 1);
			if (n < 0) {
				return n;
			}
			if (n == 0) {
				return -ENOENT;
			}
			err = rs_splice(work, link_buf, (size_t)n, rest);
			if (err != 0) {
				return err;
			}
			rest = work;
			if (link_buf[0] == '/') {
				depth = 1;
				clen = 0;
			}
			continue;
		}
		if (depth == DEPTH_MAX || clen + 1 + (size_t)n >= XPATH_MAX) {
			return -ENAMETOOLONG;
		}
		stack[depth].e_node = child;
		stack[depth].e_off = clen;
		res->r_path[clen] = '/';
		memcpy(res->r_path + clen + 1, comp, (size_t)n + 1);
		clen += 1 + (size_t)n;
		memcpy(res->r_name, comp, (size_t)n + 1);
		depth++;
	}
	/* The final node is the top of the stack; its directory below it. */
	res->r_found = true;
	res->r_node = stack[depth - 1].e_node;
	res->r_dir = stack[depth > 1 ? depth - 2 : 0].e_node;
	res->r_path[clen] = '\0';
	if (clen == 0) {
		memcpy(res->r_path, "/", 2);
		res->r_name[0] = '\0';
	}
	if (res->r_slash && (res->r_node.vn_attr.fa_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	return 0;
}

int
vfs_resolve(const struct vfs_resolve_ops *ops, uint32_t uid, uint32_t gid, const char *cwd,
    const char *path, int flags, struct vfs_res *res)
{
	struct rs_walk *w = malloc(sizeof(*w));
	int err;

	if (w == NULL) {
		memset(res, 0, sizeof(*res));
		return -ENOMEM;
	}
	err = rs_walk(w, ops, uid, gid, cwd, path, flags, res);
	free(w);
	return err;
}
