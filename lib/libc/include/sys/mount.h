/*
 * Mounting (XINIM's calls, shaped after the BSD and Linux ones): mount()
 * attaches a file system of type (a server's name: "tmpfs") at target,
 * with options for its server ("size=8M"); umount() detaches it;
 * statfs() tells its size and use; mount_next() walks the mount table.  Errors set errno.
 */
#pragma once
#include <stdint.h>
#include <xinim/proto/vfs.h>

#define MNT_RDONLY XMNT_RDONLY

/* 0, or -1 with errno (ENOENT, ENOTDIR, EBUSY, EPERM, ENODEV...). */
int mount(const char *source, const char *target, const char *type, unsigned flags,
    const char *options);
int umount(const char *target);

/* What the file system holding path has and has free: 0, or -1. */
int statfs(const char *path, struct xstatfs *out);

/* The entry at *cursor (0 first) into *out, *cursor moved to the next:
 * 1, 0 after the last, -1 with errno.  Strings in *out end in a NUL. */
int mount_next(uint64_t *cursor, struct vfs_mntent *out);
