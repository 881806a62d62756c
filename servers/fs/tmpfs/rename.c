/*
 * tmpfs_rename(): rename(2)'s rules within one volume.  Every check comes
 * before any change, and the only allocation (a new entry, when the new
 * name is free) comes before anything is taken away, so a failed rename
 * leaves both directories as they were.
 *
 *   the old name missing                      ENOENT
 *   both names the same node                  nothing to do (0)
 *   a directory onto a non-directory          ENOTDIR
 *   a non-directory onto a directory          EISDIR
 *   a directory onto a non-empty directory    ENOTEMPTY
 *   a directory into itself or below          EINVAL
 *   a new parent with too many links          EMLINK
 */
#include <string.h>
#include <xinim/errno.h>
#include "tmpfs.h"

/* True when dir is n or lies below n. */
static bool
is_below(const struct tmpfs_node *dir, const struct tmpfs_node *n)
{
	for (;;) {
		if (dir == n) {
			return true;
		}
		if (dir->n_dir.d_parent == dir) {
			return false;
		}
		dir = dir->n_dir.d_parent;
	}
}

/* What replacing the node t with n requires. */
static int
replace_check(const struct tmpfs_node *n, const struct tmpfs_node *t)
{
	bool n_dir = tmpfs_is(n, XS_IFDIR), t_dir = tmpfs_is(t, XS_IFDIR);

	if (n_dir && !t_dir) {
		return -ENOTDIR;
	}
	if (!n_dir && t_dir) {
		return -EISDIR;
	}
	if (t_dir && t->n_dir.d_count != 0) {
		return -ENOTEMPTY;
	}
	return 0;
}

int
tmpfs_rename(struct tmpfs_node *odir, const char *oname, struct tmpfs_node *ndir, const char *nname)
{
	struct tmpfs_dirent *ode, *oprev = NULL, *nde;
	struct tmpfs_node *n, *t = NULL;
	bool is_dir;
	int r;

	if (!tmpfs_is(odir, XS_IFDIR) || !tmpfs_is(ndir, XS_IFDIR)) {
		return -ENOTDIR;
	}
	r = tmpfs_name_check(oname);
	if (r == 0) {
		r = tmpfs_name_check(nname);
	}
	if (r != 0) {
		return r;
	}
	ode = tmpfs_dir_find(odir, oname, &oprev);
	if (ode == NULL) {
		return -ENOENT;
	}
	if (ndir->n_attr.fa_nlink == 0) {
		return -ENOENT;
	}
	n = ode->de_node;
	is_dir = tmpfs_is(n, XS_IFDIR);
	nde = tmpfs_dir_find(ndir, nname, NULL);
	if (nde != NULL) {
		t = nde->de_node;
		if (t == n) {
			return 0;
		}
		r = replace_check(n, t);
		if (r != 0) {
			return r;
		}
	}
	if (is_dir && is_below(ndir, n)) {
		return -EINVAL;
	}
	if (is_dir && ndir != odir && t == NULL && ndir->n_attr.fa_nlink >= TMPFS_LINK_MAX) {
		return -EMLINK;
	}

	if (nde != NULL) {
		/* The target's entry now names n: no allocation needed. */
		nde->de_node = n;
		tmpfs_touch(ndir, true);
	} else {
		r = tmpfs_dir_add(ndir, nname, n);
		if (r != 0) {
			return r;
		}
	}
	/* The old entry may have moved in the list: find it again. */
	ode = tmpfs_dir_find(odir, oname, &oprev);
	tmpfs_dir_remove(odir, ode, oprev);
	if (is_dir && odir != ndir) {
		n->n_dir.d_parent = ndir;
		odir->n_attr.fa_nlink--;
		ndir->n_attr.fa_nlink++;
	}
	tmpfs_touch(n, false);
	if (t != NULL) {
		if (tmpfs_is(t, XS_IFDIR)) {
			/* ndir loses the replaced directory's "..". */
			ndir->n_attr.fa_nlink--;
			t->n_attr.fa_nlink = 0;
		} else {
			t->n_attr.fa_nlink--;
		}
		tmpfs_touch(t, false);
		tmpfs_node_release(t);
	}
	return 0;
}
