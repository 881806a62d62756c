/*
 * vfs's side of include/xinim/proto/fs.h above the rings (fsring.c):
 * attaching and mounting a server, calls to a mount's server, the lookup
 * callbacks path resolution uses, and the table of open nodes (FS_REF on
 * the first open of a node, FS_PUTNODE after its last close).
 *
 * A server that died answers -EDEADSRCDST: the mount is marked down and
 * the call fails with -EIO.  The next call to that mount looks the
 * server up in ds again and mounts it again at the same place; nodes
 * opened before are stale from then on (-EIO), and vfs says so once.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

static struct vnode vnodes[VFS_NVNODE];

/* Hands mount idx's server (m_ep set) a fresh ring and mounts it: the
 * root into m_root. */
static int
fsc_mount_call(int idx)
{
	struct vmount *mt = &vfs_mounts[idx];
	struct message m = { .m_type = FS_ATTACH };
	struct msg_vfs_fs_attach *at = MSG_PAYLOAD(&m, struct msg_vfs_fs_attach);
	struct fs_slot rq = { .fs_op = FS_MOUNT };
	void *area = vfs_fs_area(idx);
	int64_t g;
	int err;

	if (mt->m_grant > 0) {
		kc_grant_revoke(mt->m_grant);
		mt->m_grant = 0;
	}
	g = kc_grant_create(mt->m_ep, area, vfs_fs_area_size(),
	    GRANT_READ | GRANT_WRITE | GRANT_MAP);
	if (g < 0) {
		return (int)g;
	}
	at->fat_grant = g;
	at->fat_size = vfs_fs_area_size();
	err = ipc_call(mt->m_ep, &m);
	if (err == 0) {
		err = (int)MSG_PAYLOAD(&m, struct msg_fs_vfs_attached)->fad_result;
	}
	if (err < 0) {
		kc_grant_revoke(g);
		return err;
	}
	mt->m_grant = g;
	/* The source, then the options after a comma ("none,size=8M"). */
	strlcpy(rq.fs_name2, mt->m_source, sizeof(rq.fs_name2));
	if (mt->m_opts[0] != '\0') {
		strlcat(rq.fs_name2, ",", sizeof(rq.fs_name2));
		strlcat(rq.fs_name2, mt->m_opts, sizeof(rq.fs_name2));
	}
	rq.fs_rq.mount.fm_flags = mt->m_flags;
	rq.fs_rq.mount.fm_dev = mt->m_dev;
	err = vfs_fs_ring_call(idx, &rq);
	if (err == 0) {
		err = (int)rq.fs_result;
	}
	if (err < 0) {
		kc_grant_revoke(g);
		mt->m_grant = 0;
		return err;
	}
	mt->m_root = rq.fs_rp.node.fn_ino;
	return 0;
}

/* Finds mount idx's server again after it died, and mounts it anew. */
static int
fsc_remount(int idx)
{
	struct vmount *mt = &vfs_mounts[idx];
	endpoint_t ep = ds_lookup(mt->m_type);
	int err;

	if (ep < 0) {
		return -EIO;
	}
	mt->m_ep = ep;
	err = fsc_mount_call(idx);
	if (err != 0) {
		mt->m_ep = ENDPOINT_NONE;
		return -EIO;
	}
	mt->m_gen++;
	printf("vfs: %s on %s restarted: %s\n", mt->m_type, mt->m_target,
	    strcmp(mt->m_type, "tmpfs") == 0 ? "its files are gone" : "open files on it are stale");
	return 0;
}

endpoint_t
vfs_fs_ep(int mnt)
{
	struct vmount *mt;

	if (mnt < 0 || mnt >= VFS_NMOUNT || !vfs_mounts[mnt].m_used) {
		return -EIO;
	}
	mt = &vfs_mounts[mnt];
	if (mt->m_ep == ENDPOINT_NONE && fsc_remount(mnt) != 0) {
		return -EIO;
	}
	return mt->m_ep;
}

int
vfs_fs_call(int mnt, struct fs_slot *rq)
{
	endpoint_t ep = vfs_fs_ep(mnt);
	int err;

	if (ep < 0) {
		return -EIO;
	}
	err = vfs_fs_ring_call(mnt, rq);
	if (err == -EDEADSRCDST) {
		/* Died before it saw the request: find the new instance now. */
		fsc_remount(mnt);
		return -EIO;
	}
	return err < 0 ? -EIO : (int)rq->fs_result;
}

int
vfs_fs_mount(int idx, const struct vfs_node *covered, int parent)
{
	struct vmount *mt = &vfs_mounts[idx];
	endpoint_t ep = ds_lookup(mt->m_type);
	int err;

	if (ep < 0) {
		mt->m_mounting = false;
		return -ENODEV;
	}
	mt->m_ep = ep;
	mt->m_parent = parent;
	mt->m_covered = covered != NULL ? covered->vn_ino : 0;
	err = fsc_mount_call(idx);
	mt->m_mounting = false;
	if (err != 0) {
		mt->m_ep = ENDPOINT_NONE;
		return err;
	}
	mt->m_used = true;
	return 0;
}

void
vfs_fs_detach(int mnt)
{
	struct vmount *mt = &vfs_mounts[mnt];

	if (mt->m_grant > 0) {
		kc_grant_revoke(mt->m_grant);
	}
	mt->m_grant = 0;
	vfs_fs_down(mnt);
	mt->m_used = false;
}

/*
 * What a read-only mount (initfs on /) answered to FS_LOOKUP and
 * FS_GETATTR, kept: nothing can change it but a restart of its server,
 * which changes the mount's generation.  Resolving /tmp/x then asks
 * initfs nothing.  An entry with an empty name is a node's attributes.
 */
#define NCACHE 64

struct ncache {
	bool nc_used;
	int nc_mnt;
	uint32_t nc_gen;
	uint64_t nc_dir;
	char nc_name[XNAME_MAX + 1];
	struct vfs_node nc_node;
};

static struct ncache ncache[NCACHE];
static unsigned ncache_next;

static bool
ncache_usable(int mnt)
{
	return (vfs_mounts[mnt].m_flags & XMNT_RDONLY) != 0 &&
	    vfs_mounts[mnt].m_ep != ENDPOINT_NONE;
}

static bool
ncache_get(int mnt, uint64_t dir, const char *name, struct vfs_node *out)
{
	if (!ncache_usable(mnt)) {
		return false;
	}
	for (int i = 0; i < NCACHE; i++) {
		const struct ncache *c = &ncache[i];

		if (c->nc_used && c->nc_mnt == mnt && c->nc_gen == vfs_mounts[mnt].m_gen &&
		    c->nc_dir == dir && strcmp(c->nc_name, name) == 0) {
			*out = c->nc_node;
			return true;
		}
	}
	return false;
}

static void
ncache_put(int mnt, uint64_t dir, const char *name, const struct vfs_node *n)
{
	struct ncache *c;

	if (!ncache_usable(mnt) || strlen(name) > XNAME_MAX) {
		return;
	}
	c = &ncache[ncache_next++ % NCACHE];
	c->nc_used = true;
	c->nc_mnt = mnt;
	c->nc_gen = vfs_mounts[mnt].m_gen;
	c->nc_dir = dir;
	strlcpy(c->nc_name, name, sizeof(c->nc_name));
	c->nc_node = *n;
}

/* vfs_fs_call, and once more when the server turns out to have died
 * meanwhile (the call mounted it again: a new generation), to the new
 * instance: the first path after a restart resolves.  Only for calls
 * that change nothing (lookup, getattr): the dead server may have seen
 * the first one. */
static int
fsc_call_again(int mnt, struct fs_slot *rq)
{
	uint32_t gen = mnt >= 0 && mnt < VFS_NMOUNT ? vfs_mounts[mnt].m_gen : 0;
	int err = vfs_fs_call(mnt, rq);

	if (err == -EIO && mnt >= 0 && mnt < VFS_NMOUNT && vfs_mounts[mnt].m_gen != gen &&
	    vfs_mounts[mnt].m_ep != ENDPOINT_NONE) {
		err = vfs_fs_call(mnt, rq);
	}
	return err;
}

int
vfs_fs_getattr(int mnt, uint64_t ino, struct fs_attr *a)
{
	struct fs_slot rq = { .fs_op = FS_GETATTR, .fs_rq.node.fn_ino = ino };
	struct vfs_node n;
	int err;

	if (ncache_get(mnt, ino, "", &n)) {
		*a = n.vn_attr;
		return 0;
	}
	err = fsc_call_again(mnt, &rq);
	if (err < 0) {
		return err;
	}
	*a = rq.fs_attr;
	n = (struct vfs_node){ .vn_mnt = mnt, .vn_ino = ino, .vn_attr = *a };
	ncache_put(mnt, ino, "", &n);
	return 0;
}

static int
fsc_lookup(const struct vfs_node *dir, const char *name, struct vfs_node *out)
{
	struct fs_slot rq = { .fs_op = FS_LOOKUP, .fs_rq.node.fn_ino = dir->vn_ino };
	int err;

	if (name[0] != '\0' && ncache_get(dir->vn_mnt, dir->vn_ino, name, out)) {
		return 0;
	}
	strlcpy(rq.fs_name, name, sizeof(rq.fs_name));
	err = fsc_call_again(dir->vn_mnt, &rq);
	if (err < 0) {
		return err;
	}
	out->vn_mnt = dir->vn_mnt;
	out->vn_ino = rq.fs_rp.node.fn_ino;
	out->vn_attr = rq.fs_attr;
	if (name[0] != '\0') {
		ncache_put(dir->vn_mnt, dir->vn_ino, name, out);
	}
	return 0;
}

static int
fsc_readlink(const struct vfs_node *n, char *buf, size_t len)
{
	struct fs_slot rq = { .fs_op = FS_READLINK, .fs_rq.node.fn_ino = n->vn_ino };
	int r = vfs_fs_call(n->vn_mnt, &rq);

	if (r < 0) {
		return r;
	}
	if ((size_t)r > len) {
		r = (int)len;
	}
	if ((size_t)r > sizeof(rq.fs_name2)) {
		r = (int)sizeof(rq.fs_name2);
	}
	memcpy(buf, rq.fs_name2, (size_t)r);
	return r;
}

static int
fsc_covered(const struct vfs_node *n, struct vfs_node *out)
{
	int i = vfs_mount_on(n->vn_mnt, n->vn_ino);

	if (i < 0) {
		return -ENOENT;
	}
	out->vn_mnt = i;
	out->vn_ino = vfs_mounts[i].m_root;
	return vfs_fs_getattr(i, out->vn_ino, &out->vn_attr);
}

static int
fsc_root(struct vfs_node *out)
{
	if (!vfs_mounts[0].m_used) {
		return -ENOENT;
	}
	out->vn_mnt = 0;
	out->vn_ino = vfs_mounts[0].m_root;
	return vfs_fs_getattr(0, out->vn_ino, &out->vn_attr);
}

const struct vfs_resolve_ops vfs_fs_ops = {
	.lookup = fsc_lookup,
	.readlink = fsc_readlink,
	.covered = fsc_covered,
	.root = fsc_root,
};

struct vnode *
vfs_vnode_get(const struct vfs_node *n)
{
	struct vnode *free_vn = NULL;
	uint32_t gen = vfs_mounts[n->vn_mnt].m_gen;
	struct fs_slot rq = { .fs_op = FS_REF, .fs_rq.node.fn_ino = n->vn_ino };

	for (int i = 0; i < VFS_NVNODE; i++) {
		struct vnode *vn = &vnodes[i];

		if (vn->v_refs > 0 && vn->v_mnt == n->vn_mnt && vn->v_ino == n->vn_ino &&
		    vn->v_gen == gen) {
			vn->v_refs++;
			return vn;
		}
		if (vn->v_refs == 0 && free_vn == NULL) {
			free_vn = vn;
		}
	}
	if (free_vn == NULL) {
		return NULL;
	}
	/* Filled in before the call waits, so that another open of the same
	 * node meanwhile shares it instead of taking a second slot. */
	memset(free_vn, 0, sizeof(*free_vn));
	free_vn->v_refs = 1;
	free_vn->v_mnt = n->vn_mnt;
	free_vn->v_ino = n->vn_ino;
	free_vn->v_gen = gen;
	free_vn->v_mode = n->vn_attr.fa_mode;
	free_vn->v_rdev = n->vn_attr.fa_rdev;
	free_vn->v_size = n->vn_attr.fa_size;
	if (vfs_fs_call(n->vn_mnt, &rq) < 0) {
		free_vn->v_refs--;
		return NULL;
	}
	return free_vn;
}

struct vpipe *
vfs_pipe_new(void)
{
	static struct vpipe pipes[VFS_NVNODE / 8];

	for (size_t i = 0; i < sizeof(pipes) / sizeof(pipes[0]); i++) {
		if (pipes[i].pp_readers == 0 && pipes[i].pp_writers == 0) {
			memset(&pipes[i], 0, sizeof(pipes[i]));
			return &pipes[i];
		}
	}
	return NULL;
}

struct vnode *
vfs_vnode_pipe(void)
{
	struct vpipe *pp = vfs_pipe_new();

	for (int i = 0; pp != NULL && i < VFS_NVNODE; i++) {
		struct vnode *vn = &vnodes[i];

		if (vn->v_refs == 0) {
			memset(vn, 0, sizeof(*vn));
			vn->v_refs = 1;
			vn->v_mnt = -1;
			vn->v_mode = XS_IFIFO | 0600;
			vn->v_pipe = pp;
			return vn;
		}
	}
	return NULL;
}

void
vfs_vnode_put(struct vnode *vn)
{
	struct fs_slot rq = { .fs_op = FS_PUTNODE, .fs_rq.node.fn_ino = vn->v_ino };

	if (vn->v_refs > 1) {
		vn->v_refs--;
		return;
	}
	/* The last reference stays until the server has heard of it, so a
	 * new open of the same node meanwhile does not reuse the slot. */
	if (vn->v_mnt >= 0 && !vfs_vnode_stale(vn)) {
		vfs_fs_call(vn->v_mnt, &rq);
	}
	if (--vn->v_refs > 0 && !vfs_vnode_stale(vn)) {
		/* Opened again while the server was told: it is open after all. */
		rq = (struct fs_slot){ .fs_op = FS_REF, .fs_rq.node.fn_ino = vn->v_ino };
		vfs_fs_call(vn->v_mnt, &rq);
	}
}

bool
vfs_vnode_stale(const struct vnode *vn)
{
	/* A mount whose server died is mounted again on its next use, and
	 * what was open on it does not come back. */
	return vn->v_mnt >= 0 &&
	    (vn->v_gen != vfs_mounts[vn->v_mnt].m_gen ||
	        vfs_mounts[vn->v_mnt].m_ep == ENDPOINT_NONE);
}

void
vfs_fs_dep_changed(const char *name, endpoint_t ep)
{
	for (int i = 0; i < VFS_NMOUNT; i++) {
		struct vmount *mt = &vfs_mounts[i];

		if (mt->m_used && strcmp(mt->m_type, name) == 0 && mt->m_ep != ENDPOINT_NONE &&
		    mt->m_ep != ep) {
			vfs_fs_down(i);
		}
	}
}

void
vfs_filp_close(struct vfilp *f)
{
	struct vnode *vn = f->f_vn;

	free(f->f_path);
	f->f_path = NULL;
	if (vn->v_pipe != NULL) {
		if ((f->f_flags & XO_ACCMODE) != XO_WRONLY) {
			vn->v_pipe->pp_readers--;
		}
		if ((f->f_flags & XO_ACCMODE) != XO_RDONLY) {
			vn->v_pipe->pp_writers--;
		}
		vfs_pipe_changed(vn->v_pipe);
		/* A named pipe nobody has open lets its buffer go (and what
		 * was left in it, as POSIX says). */
		if (vn->v_mnt >= 0 && vn->v_pipe->pp_readers <= 0 && vn->v_pipe->pp_writers <= 0) {
			vn->v_pipe->pp_readers = vn->v_pipe->pp_writers = 0;
			vn->v_pipe = NULL;
		}
	} else if ((vn->v_mode & XS_IFMT) == XS_IFCHR && !vfs_vnode_stale(vn)) {
		vfs_chr_close(vn);
	} else if ((vn->v_mode & XS_IFMT) == XS_IFBLK) {
		vfs_blk_close(vn); /* stale or not: the device is ours, not devfs's */
	}
	vfs_vnode_put(vn);
}

bool
vfs_vnode_busy(int mnt)
{
	for (int i = 0; i < VFS_NVNODE; i++) {
		if (vnodes[i].v_refs > 0 && vnodes[i].v_mnt == mnt) {
			return true;
		}
	}
	return false;
}

void
vfs_vnode_size(int mnt, uint64_t ino, uint64_t size)
{
	for (int i = 0; i < VFS_NVNODE; i++) {
		struct vnode *vn = &vnodes[i];

		if (vn->v_refs > 0 && vn->v_mnt == mnt && vn->v_ino == ino &&
		    !vfs_vnode_stale(vn)) {
			vn->v_size = size;
		}
	}
}
