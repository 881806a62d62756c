/*
 * Packing directory entries (struct xdirent, xinim/fs.h) for
 * FS_GETDENTS: the one encoder every file system uses.  Pure code, also
 * built into the host unit tests of the file systems.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Writes the record for name (name_len bytes, no NUL needed) at buf when
 * it fits in room bytes: its length (8-byte aligned, padding zeroed), or
 * 0 when it does not fit. */
size_t xdirent_put(void *buf, size_t room, uint64_t ino, uint32_t mode, const char *name,
    size_t name_len);
