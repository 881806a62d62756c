/*
 * vfstest's calls to vfs, one per VFS_* request, speaking
 * include/xinim/proto/vfs.h directly (libc's POSIX layer comes later):
 * each returns vfs's answer ([0]: >= 0 or a negative E* code).
 */
#pragma once
#include <stdbool.h>
#include <libsys/testrun.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/fs.h>
#include <xinim/proto/vfs.h>

int v_open(const char *path, uint32_t flags, uint32_t mode);
int v_close(int fd);
int v_read(int fd, void *buf, size_t len);
int v_write(int fd, const void *buf, size_t len);
int64_t v_lseek(int fd, int64_t off, int whence);
int v_stat(const char *path, struct xstat *st, int nofollow);
int v_fstat(int fd, struct xstat *st);
int v_getdents(int fd, void *buf, size_t len);
int v_dup(int fd);
int v_dup2(int fd, int newfd);
int v_fcntl(int fd, int cmd, uint64_t arg);
int v_pipe(int fds[2]);
int v_poll(struct xpollfd *fds, int n, int timeout_ms);
int v_chdir(const char *path);
int v_getcwd(char *buf, size_t len);
int v_mkdir(const char *path, uint32_t mode);
int v_unlink(const char *path);
int v_rmdir(const char *path);
int v_symlink(const char *target, const char *link);
int v_mounts(uint64_t idx, struct vfs_mntent *me, uint64_t *next);
/* A request with just a path ([0, 1]) and [2] arg. */
int v_path_call(uint32_t type, const char *path, uint64_t arg);
int vt_rename(const char *from, const char *to);
/* Whether fstype is mounted on target (VFS_MOUNTS). */
bool vt_mounted(const char *target, const char *fstype);
const char *t_files(void);
const char *t_chr(void);
const char *t_restart(void);
