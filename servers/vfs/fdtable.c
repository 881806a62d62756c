/*
 * Processes, descriptor tables and open file descriptions.  A process
 * gets its table on its first call (or from pm at spawn); descriptors
 * point to open files, which count their references (dup, inheritance)
 * and hold the offset and flags.  Pure code, tested on the host: what a
 * last close means for the node is fsc.c's business.
 */
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

struct vproc vfs_procs[VFS_NPROC];
static struct vfilp filps[VFS_NFILP];

struct vproc *
vfs_proc(endpoint_t ep, bool create)
{
	struct vproc *free_slot = NULL;

	for (int i = 0; i < VFS_NPROC; i++) {
		struct vproc *p = &vfs_procs[i];

		if (p->p_used && !p->p_dead && p->p_ep == ep) {
			return p;
		}
		if (!p->p_used && free_slot == NULL) {
			free_slot = p;
		}
	}
	if (!create || free_slot == NULL) {
		return NULL;
	}
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->p_used = true;
	free_slot->p_ep = ep;
	free_slot->p_umask = 022;
	memcpy(free_slot->p_cwd, "/", 2);
	return free_slot;
}

void
vfs_proc_free(struct vproc *p)
{
	if (p->p_hold > 0) {
		p->p_dead = true; /* its last request frees it */
		return;
	}
	p->p_used = false;
	p->p_dead = false;
	p->p_ep = ENDPOINT_NONE;
}

void
vfs_proc_hold(endpoint_t ep)
{
	struct vproc *p = vfs_proc(ep, true);

	if (p != NULL) {
		p->p_hold++;
	}
}

struct vproc *
vfs_proc_release(endpoint_t ep)
{
	for (int i = 0; i < VFS_NPROC; i++) {
		struct vproc *p = &vfs_procs[i];

		if (p->p_used && p->p_ep == ep && p->p_hold > 0) {
			return --p->p_hold == 0 && p->p_dead ? p : NULL;
		}
	}
	return NULL;
}

int
vfs_fd_free(const struct vproc *p, int min)
{
	for (int fd = min < 0 ? 0 : min; fd < XOPEN_MAX; fd++) {
		if (p->p_fd[fd] == NULL) {
			return fd;
		}
	}
	return -EMFILE;
}

struct vfilp *
vfs_fd(const struct vproc *p, int fd)
{
	if (fd < 0 || fd >= XOPEN_MAX) {
		return NULL;
	}
	return p->p_fd[fd];
}

struct vfilp *
vfs_filp_new(struct vnode *vn, uint32_t flags)
{
	for (int i = 0; i < VFS_NFILP; i++) {
		struct vfilp *f = &filps[i];

		if (f->f_refs == 0) {
			memset(f, 0, sizeof(*f));
			f->f_refs = 1;
			f->f_vn = vn;
			f->f_flags = flags;
			return f;
		}
	}
	return NULL;
}

void
vfs_fd_install(struct vproc *p, int fd, struct vfilp *f, uint8_t fdflags)
{
	p->p_fd[fd] = f;
	p->p_fdflags[fd] = fdflags;
}

struct vfilp *
vfs_fd_take(struct vproc *p, int fd)
{
	struct vfilp *f = vfs_fd(p, fd);

	if (f != NULL) {
		p->p_fd[fd] = NULL;
		p->p_fdflags[fd] = 0;
	}
	return f;
}

bool
vfs_filp_put(struct vfilp *f)
{
	if (f->f_refs <= 0) {
		return false;
	}
	return --f->f_refs == 0;
}
