/*
 * vfs's private header: the mount table, nodes, open files, per-process
 * tables, pipes and waiting requests, and the entry points of each file.
 *
 * The pure parts (no IPC) are resolve.c (path resolution over lookup
 * callbacks), perm.c (permission checks), fdtable.c (processes,
 * descriptors, open files), mount.c (the mount table) and fstab.c (the
 * fstab parser); they are tested on the host.  The rest talks to file
 * systems (fsc.c), character drivers (chr.c), disk drivers (blk.c) and
 * clients.
 *
 * vfs runs each request on a worker of its own (worker.c: user-level
 * threads on one kernel thread), so many are in flight at once: a
 * request that must wait (for a file system, a device, a pipe, a poll)
 * sleeps where it is while the others go on.  Workers switch only in
 * vfs_sleep(), so the tables need no locks; but anything a handler looked
 * up before a call that may sleep (every file-system call, every wait)
 * can have changed after it.  The rules: an open file used across a wait
 * holds a reference (f_refs); a process's table outlives its exit while
 * one of its requests runs (vfs_proc_hold); a mount being mounted is
 * reserved (m_mounting).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libbdev/bdev.h>
#include <xinim/fs.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>
#include <xinim/proto/vfs.h>

#define VFS_NPROC 128
#define VFS_NFILP 512
#define VFS_NVNODE 512
#define VFS_NMOUNT 16
#define VFS_NWORKER 32 /* requests in service at once (more queue) */
#define VFS_PIPE_SIZE 4096

/* A node as resolution sees it: mount index, inode and attributes. */
struct vfs_node {
	int vn_mnt;
	uint64_t vn_ino;
	struct fs_attr vn_attr;
};

/* One mounted file system.  m_parent/m_covered: the directory it hides
 * (m_parent -1 for the root mount).  m_ep is ENDPOINT_NONE while its
 * server is down; m_gen counts its restarts, so nodes opened before one
 * are known to be stale. */
struct vmount {
	bool m_used;
	bool m_mounting; /* reserved: its FS_MOUNT is in flight */
	char m_source[64];
	char m_opts[64];
	char m_target[128];
	char m_type[16];
	uint32_t m_flags;
	uint32_t m_dev; /* the source's rdev when a block special file, else 0 */
	endpoint_t m_ep;
	int64_t m_grant;
	uint64_t m_root;
	int m_parent;
	uint64_t m_covered;
	uint32_t m_gen;
};

/* A pipe's ring buffer and how many open files read and write it. */
struct vpipe {
	uint8_t pp_buf[VFS_PIPE_SIZE];
	uint32_t pp_head, pp_len;
	int pp_readers, pp_writers;
};

/* An open node: shared by every open file on it.  v_mnt -1: a pipe. */
struct vnode {
	int v_refs;
	int v_mnt;
	uint64_t v_ino;
	uint32_t v_gen;
	uint32_t v_mode;
	uint32_t v_rdev;
	uint64_t v_size; /* regular files: the size as the server last said */
	struct vpipe *v_pipe;
};

/* An open file description: shared by dup() and inheritance. */
struct vfilp {
	int f_refs;
	struct vnode *f_vn;
	uint64_t f_pos;
	uint32_t f_flags; /* XO_* as opened (access mode, append, nonblock) */
	uint64_t f_cookie;
	char *f_path; /* directories: the canonical path (fchdir) */
};

/* A process as vfs knows it. */
struct vproc {
	bool p_used;
	bool p_dead; /* exited while a request of its was in service */
	int p_hold;  /* requests of its in service (vfs_proc_hold) */
	endpoint_t p_ep;
	uint32_t p_uid, p_gid, p_umask;
	char p_cwd[XPATH_MAX];
	struct vfilp *p_fd[XOPEN_MAX];
	uint8_t p_fdflags[XOPEN_MAX]; /* XFD_CLOEXEC */
};

/* perm.c */
/* Whether uid/gid may do want (XR_OK | XW_OK | XX_OK) to a node of mode
 * owned by ouid/ogid: root passes all but execute without any x bit. */
bool vfs_perm(uint32_t mode, uint32_t ouid, uint32_t ogid, uint32_t uid, uint32_t gid,
    unsigned want);

/* resolve.c */
struct vfs_resolve_ops {
	/* FS_LOOKUP of name in dir: 0 with *out, or an error. */
	int (*lookup)(const struct vfs_node *dir, const char *name, struct vfs_node *out);
	/* FS_READLINK into buf[0..len): the bytes, or an error. */
	int (*readlink)(const struct vfs_node *n, char *buf, size_t len);
	/* The root of the mount covering n (0, *out), or -ENOENT if none. */
	int (*covered)(const struct vfs_node *n, struct vfs_node *out);
	/* The root of everything. */
	int (*root)(struct vfs_node *out);
};

#define VFS_R_NOFOLLOW 1 /* a final symlink is the result */
#define VFS_R_PARENT 2   /* a missing final component is no error */

struct vfs_res {
	bool r_found;          /* r_node is the final component */
	struct vfs_node r_dir; /* the directory holding it */
	struct vfs_node r_node;
	char r_name[XNAME_MAX + 1]; /* its name; "" for "/", "." and ".." */
	char r_path[XPATH_MAX];     /* the canonical path of r_node (or dir/name) */
	bool r_slash;               /* the path ended in a slash */
};

/* Resolves path for uid/gid (cwd: the canonical working directory, for
 * relative paths).  0 with *res, or -ENOENT, -ENOTDIR, -EACCES, -ELOOP,
 * -ENAMETOOLONG or a file system's error. */
int vfs_resolve(const struct vfs_resolve_ops *ops, uint32_t uid, uint32_t gid, const char *cwd,
    const char *path, int flags, struct vfs_res *res);

/* mount.c: the table is vfs_mounts[VFS_NMOUNT]; index 0 is /. */
extern struct vmount vfs_mounts[VFS_NMOUNT];
/* The mount whose root hides (mnt, ino), or -1. */
int vfs_mount_on(int mnt, uint64_t ino);
/* A free slot, or -ENOSPC. */
int vfs_mount_alloc(void);
/* Whether a mount sits on mount mnt (it cannot go first). */
bool vfs_mount_has_children(int mnt);

/* fdtable.c */
extern struct vproc vfs_procs[VFS_NPROC];
/* The table of ep; with create, a fresh one if there is none (uid 0,
 * umask 022, cwd /).  NULL when unknown (or the table is full). */
struct vproc *vfs_proc(endpoint_t ep, bool create);
void vfs_proc_free(struct vproc *p);
/* A request of ep starts or ends: the table of a process that exits
 * meanwhile is freed only after its last request ends.  Release returns
 * the table when that was the last request of a process that exited:
 * the caller closes what the request left open and frees it. */
void vfs_proc_hold(endpoint_t ep);
struct vproc *vfs_proc_release(endpoint_t ep);
/* The lowest free descriptor >= min, or -EMFILE. */
int vfs_fd_free(const struct vproc *p, int min);
/* The open file of fd, or NULL (-EBADF). */
struct vfilp *vfs_fd(const struct vproc *p, int fd);
/* A new open file with one reference, or NULL. */
struct vfilp *vfs_filp_new(struct vnode *vn, uint32_t flags);
/* Installs f as fd, which takes over one reference the caller held
 * (f_refs++ first to share it, as dup does). */
void vfs_fd_install(struct vproc *p, int fd, struct vfilp *f, uint8_t fdflags);
/* Takes fd out of the table; returns its file (whose reference the
 * caller now holds) or NULL. */
struct vfilp *vfs_fd_take(struct vproc *p, int fd);
/* Drops one reference; true when it was the last (f is then free). */
bool vfs_filp_put(struct vfilp *f);

/* fstab.c: splits one fstab line into its four fields (in place).
 * 1 for a mount line, 0 for a blank or comment line, -EINVAL. */
int vfs_fstab_line(char *line, char **source, char **target, char **type, char **opts);
/* Takes "ro" and "rw" out of the comma-separated opts into *flags
 * (XMNT_RDONLY set or cleared; the last one wins) and leaves the other
 * words, for the file system, in out[0..cap): 0, -ENAMETOOLONG. */
int vfs_mount_opts(const char *opts, char *out, size_t cap, uint32_t *flags);

/* fsc.c: calls to file systems and the node table. */
extern const struct vfs_resolve_ops vfs_fs_ops;
/* Sends the request *rq (fs_op, fs_rq, names, fs_attr filled in) to
 * mnt's server and waits for the answer, which lands in *rq: fs_result
 * (also returned), fs_rp, fs_attr, fs_name2 for FS_READLINK.  -EIO when
 * the server died (mounted again meanwhile, or on the next call). */
int vfs_fs_call(int mnt, struct fs_slot *rq);
/* mnt's server (mounted again first if it had died), or -EIO. */
endpoint_t vfs_fs_ep(int mnt);
/* Mounts type on target (an existing directory node) as mount idx. */
int vfs_fs_mount(int idx, const struct vfs_node *covered, int parent);
/* rs says the service name is now ep (ENDPOINT_NONE: down): its mounts
 * from an older instance are down, to be mounted again on next use. */
void vfs_fs_dep_changed(const char *name, endpoint_t ep);
/* After FS_UNMOUNT: the ring is revoked, the slot free. */
void vfs_fs_detach(int mnt);
int vfs_fs_getattr(int mnt, uint64_t ino, struct fs_attr *a);

/* fsring.c: the rings under vfs_fs_call. */
/* A fresh shared area for mount idx (anything in flight fails). */
void *vfs_fs_area(int idx);
size_t vfs_fs_area_size(void);
/* One request on mount idx's ring (its m_ep set): 0 with the answer in
 * *rq (fs_result -EIO if the server died meanwhile), or the transport's
 * error: -EDEADSRCDST (the server is gone), -EIO, -EAGAIN.  The server's
 * own results, whatever they are, never look like the transport's. */
int vfs_fs_ring_call(int idx, struct fs_slot *rq);
/* Mount idx's server is gone: its requests fail with -EIO. */
void vfs_fs_down(int idx);
/* Whether mount idx has requests in flight. */
bool vfs_fs_inflight(int idx);
/* A notification from from: true when it serves a mount (its answers
 * taken). */
bool vfs_fs_notified(endpoint_t from);
/* The watchdog: the earlier of next and its own deadline; its tick. */
uint64_t vfs_fs_watch(uint64_t next);
void vfs_fs_tick(void);
struct vnode *vfs_vnode_get(const struct vfs_node *n);
struct vnode *vfs_vnode_pipe(void);
/* A free pipe buffer (free: no reader, no writer), zeroed; NULL if none. */
struct vpipe *vfs_pipe_new(void);
/* Named pipes (fifo.c): attaches vn's pipe for an open with XO_* flags:
 * 0, -ENXIO, -ENFILE. */
int vfs_fifo_attach(struct vnode *vn, uint32_t flags);
void vfs_vnode_put(struct vnode *vn);
/* A server said (mnt, ino) is size bytes long now: open nodes learn it. */
void vfs_vnode_size(int mnt, uint64_t ino, uint64_t size);
/* Whether vn's server restarted since it was opened. */
bool vfs_vnode_stale(const struct vnode *vn);
/* Closes an open file's last reference (pipes, devices, nodes). */
void vfs_filp_close(struct vfilp *f);
/* Whether any open node sits on mount mnt. */
bool vfs_vnode_busy(int mnt);

/* Shared request helpers (main.c). */
struct vfs_req {
	struct vproc *q_p;
	const struct message *q_m;
	struct message *q_r;
};
/* Copies the path of [n, n+1] from the caller into buf (XPATH_MAX). */
int vfs_get_path(const struct message *m, int n, char *buf);
int vfs_resolve_for(struct vproc *p, const char *path, int flags, struct vfs_res *res);
void vfs_stat_fill(struct xstat *st, const struct fs_attr *a, int mnt);

/* open.c: node helpers the handlers share. */
int vfs_create(const struct vfs_node *dir, const char *name, uint32_t mode, uint32_t uid,
    uint32_t gid, uint32_t rdev, struct vfs_node *out);
int vfs_dir_writable(const struct vproc *p, const struct vfs_node *dir, uint32_t uid, uint32_t gid);
int vfs_setattr(int mnt, uint64_t ino, uint32_t mask, const struct fs_attr *a);
int vfs_close_fd(struct vproc *p, int fd);
/* attr.c: makes newfd (>= 0; closed first) or the lowest free one >= min
 * share fd's open file; the new descriptor or an error. */
int vfs_dup(struct vproc *p, int fd, int newfd, int min, uint8_t fdflags);

/* Handlers: each returns [0] of the reply or an error (sleeping as it
 * needs to). */
int vfs_do_open(struct vfs_req *q);
/* A named pipe's open waits for the other side: fd, or an error (fd is
 * closed then). */
int vfs_fifo_open_wait(struct vfs_req *q, int fd);
int vfs_open_path(struct vproc *p, const char *path, uint32_t flags, uint32_t mode, uint32_t uid,
    uint32_t gid, int minfd);
int vfs_do_close(struct vfs_req *q);
int vfs_do_rw(struct vfs_req *q);
int vfs_do_lseek(struct vfs_req *q);
int vfs_do_stat(struct vfs_req *q);
int vfs_do_fstat(struct vfs_req *q);
int vfs_do_truncate(struct vfs_req *q);
int vfs_do_fsync(struct vfs_req *q);
int vfs_do_getdents(struct vfs_req *q);
int vfs_do_dup(struct vfs_req *q);
int vfs_do_fcntl(struct vfs_req *q);
int vfs_do_ioctl(struct vfs_req *q);
/* sync.c: VFS_SYNC, FS_SYNC (inode 0) to every mount. */
int vfs_do_sync(struct vfs_req *q);
int vfs_do_mkdir(struct vfs_req *q);
int vfs_do_remove(struct vfs_req *q);
int vfs_do_link(struct vfs_req *q);
int vfs_do_readlink(struct vfs_req *q);
int vfs_do_chmod(struct vfs_req *q);
int vfs_do_chown(struct vfs_req *q);
int vfs_do_chdir(struct vfs_req *q);
int vfs_do_getcwd(struct vfs_req *q);
int vfs_do_access(struct vfs_req *q);
int vfs_do_pipe(struct vfs_req *q);
int vfs_do_poll(struct vfs_req *q);
int vfs_do_mount(struct vfs_req *q);
int vfs_do_umount(struct vfs_req *q);
int vfs_do_mounts(struct vfs_req *q);
int vfs_do_statfs(struct vfs_req *q);
int vfs_do_pm(struct vfs_req *q);
/* mounts.c: initfs on /, then /etc/fstab; non-zero when / failed. */
int vfs_mount_boot(void);

/* pipe.c */
int vfs_pipe_read(struct vfilp *f, endpoint_t ep, int64_t grant, size_t len);
int vfs_pipe_write(struct vfilp *f, endpoint_t ep, int64_t grant, size_t len);
short vfs_pipe_poll(struct vfilp *f, short events);
/* Wakes whoever waits on pp (readers, writers, opens, polls). */
void vfs_pipe_changed(struct vpipe *pp);

/* chr.c */
int vfs_chr_open(struct vnode *vn, uint32_t flags, endpoint_t ep);
void vfs_chr_close(struct vnode *vn);
/* A read or write of a device: the bytes, or an error (it sleeps while
 * the driver works). */
int vfs_chr_rw(struct vfilp *f, const struct message *m);
int vfs_chr_ioctl(struct vnode *vn, uint64_t cmd, uint64_t arg);
short vfs_chr_poll(struct vnode *vn, short events, bool notify);
void vfs_chr_notified(endpoint_t from);

/* blkio.c: a read (rd) or write of [off, off + len) of device b,
 * through the request's grant [1] from its m_source: the bytes moved, 0
 * at the end, -ENOSPC writing at the end, or an error. */
#define VFS_BLK_NIO 8              /* direct requests in flight per transfer */
#define VFS_BLK_BOUNCE (64 * 1024) /* bytes of one unaligned window */
struct vfs_blkreq {
	struct bdev_io rq_io;
	int64_t rq_result;
	void *rq_wait; /* blk.c's */
};
int64_t vfs_blk_transfer(struct bdev *b, const struct message *m, bool rd, uint64_t off,
    uint64_t len);

/* blk.c: block special files through libbdev (blkio.c: transfers). */
/* Opens the device of vn (v_rdev) for an open with XO_* flags: 0,
 * -ENXIO (no such device or driver), -EROFS (writing a read-only one),
 * -ENFILE. */
int vfs_blk_open(struct vnode *vn, uint32_t flags);
/* An open file of vn's device closed; the last one closes the device. */
void vfs_blk_close(struct vnode *vn);
/* A read (rd) or write of the request's [2] bytes at byte off through
 * its grant [1]: the bytes moved, 0 at the end, or an error (-ENOSPC
 * writing at the end).  It sleeps while the driver works. */
int64_t vfs_blk_rw(struct vfilp *f, const struct message *m, bool rd, uint64_t off);
/* The device's size in bytes: 0 with *size, or -EIO. */
int vfs_blk_size(struct vnode *vn, uint64_t *size);
/* Everything written to vn's device reaches stable storage (BLK_FLUSH). */
int vfs_blk_sync(struct vnode *vn);
/* A notification from from: true when it is a disk driver of ours. */
bool vfs_blk_notified(endpoint_t from);
/* Submits the n requests (their bi_done and bi_arg are set here) and
 * sleeps until every one has its rq_result. */
void vfs_blk_run(struct bdev *b, struct vfs_blkreq *r, unsigned n);
/* Copies n bytes between buf and [off, off + n) of the request's grant
 * [1] (to: into the program's buffer): >= 0 or an error. */
int vfs_blk_copy(const struct message *m, uint64_t off, void *buf, size_t n, bool to);
/* The watchdog (bdev_check() while requests are pending): the earlier
 * of next and its deadline; its tick. */
uint64_t vfs_blk_watch(uint64_t next);
void vfs_blk_tick(void);

/* xfer.c: the grant a server copies a request's data through. */
struct vfs_xfer {
	int64_t x_grant; /* 0: none (no data) */
};
/* [off, off+len) of the grant cgrant client made us, passed on to
 * grantee with access (GRANT_READ, GRANT_WRITE): 0 or an error. */
int vfs_xfer_client(struct vfs_xfer *x, endpoint_t grantee, endpoint_t client, int64_t cgrant,
    uint64_t off, uint64_t len, unsigned access);
/* Our own buf for grantee. */
int vfs_xfer_local(struct vfs_xfer *x, endpoint_t grantee, void *buf, size_t len, unsigned access);
void vfs_xfer_end(struct vfs_xfer *x);

/* worker.c: requests in service, and waiting. */
struct worker;
/* Starts request m on a worker: 0 with *r when it finished at once, an
 * error, or DRIVER_NO_REPLY (the worker replies when done). */
int vfs_worker_start(const struct message *m, struct message *r);
/* Runs fn on a free worker at once, until it first sleeps: 0, or
 * -EAGAIN when every worker is busy. */
int vfs_worker_spawn(void (*fn)(void));
/* Resumes the workers woken since, starts queued requests, arms the
 * timer.  Call after every event. */
void vfs_worker_run(void);
void vfs_worker_timer(void);
/* The worker running now; NULL in the main loop. */
struct worker *vfs_worker_self(void);
/* Sleeps until vfs_wakeup(chan) (0), the
 * deadline passes (-ETIMEDOUT; 0: none) or the client died (-EINTR). */
int vfs_sleep(const void *chan, uint64_t deadline);
/* The same, but not ended by the client's death (waits that must see
 * their answer: file-system calls).  Check the condition again after. */
int vfs_sleep_uninterruptible(const void *chan);
void vfs_wakeup(const void *chan);
/* ep died: its requests' waits answer -EINTR, no reply goes out. */
void vfs_worker_cancel(endpoint_t ep);
/* What poll sleeps on: woken by every change of a pipe or a device. */
extern const char vfs_poll_chan;
/* Serves one request: the handler's answer (main.c). */
int vfs_dispatch(const struct message *m, struct message *r);
