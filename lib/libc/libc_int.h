/*
 * libc's internal interfaces: turning negative E* results into errno,
 * one request to vfs or pm, and what the start code learned from the
 * stack (lib/libc/start.c).
 */
#pragma once
#include <libsys/ds.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>

/* r >= 0: r; else errno = -r and -1. */
long libc_ret(long r);

/* One request to vfs (or pm) through ds_call(): the reply's [0], or the
 * IPC error; *m holds the reply. */
long libc_vfs(struct message *m);
long libc_pm(struct message *m);
/* The same, lending n buffers (GRANT_* access, grant id in [arg]). */
long libc_vfs_lend(struct message *m, const struct ds_lend *l, unsigned n);
/* A request whose path travels at [arg] (grant) and [arg + 1] (length),
 * lending up to two more buffers.  -ENAMETOOLONG for a path of
 * XPATH_MAX bytes or more. */
long libc_vfs_path(struct message *m, unsigned arg, const char *path, const struct ds_lend *more,
    unsigned n);

/* Set by the start code: pm started us (descriptors 0-2 are vfs's). */
extern int libc_posix;

/* Flushes every stream (exit()). */
void libc_stdio_flush_all(void);
/* Links stdin, stdout and stderr (the start code, before main). */
void libc_stdio_init(void);

/* read(), write() and close() returning the negative code (stdio). */
long libc_fd_read(int fd, void *buf, size_t n);
long libc_fd_write(int fd, const void *buf, size_t n);
long libc_fd_close(int fd);
/* isatty() without errno: 1 or 0. */
int libc_fd_isatty(int fd);
