/*
 * slowfs: a deliberately slow read-only file system for tests of vfs's
 * concurrency (user/tests/iotest).  Its root directory (inode 1) holds
 * one file, `data` (inode 2), of SLOWFS_SIZE bytes, byte i being
 * i & 0xff.  Every FS_READ is answered only `delay` milliseconds after it
 * came (mount option delay=MS, SLOWFS_DELAY_DEFAULT otherwise), without
 * holding the server up: reads are deferred (fsdriver_defer) and
 * answered from the timer, so many wait at once and everything else is
 * answered at once.
 *
 * tree.c is pure (the options, the two nodes, the directory, the bytes);
 * main.c is the server.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/proto/fs.h>

#define SLOWFS_ROOT_INO 1
#define SLOWFS_DATA_INO 2
#define SLOWFS_SIZE 65536
#define SLOWFS_DELAY_DEFAULT 2000 /* ms */
#define SLOWFS_DELAY_MAX 60000

/* "none,delay=MS": words without '=' are ignored; 0 or -EINVAL. */
int slowfs_opts_parse(const char *s, uint32_t *delay_ms);
/* Inode ino's attributes: 0 or -ENOENT. */
int slowfs_attr(uint64_t ino, struct fs_attr *a);
/* name in directory dir: the inode, -ENOENT or -ENOTDIR. */
int64_t slowfs_lookup(uint64_t dir, const char *name);
/* struct xdirent records of the root from *cookie on: bytes (0: no
 * more), -ENOTDIR, -ENOENT, -EINVAL (not even one fits). */
int64_t slowfs_getdents(uint64_t dir, uint64_t *cookie, void *buf, size_t len);
/* The file's bytes [off, off + len) into buf (len clamped at the end):
 * the count. */
size_t slowfs_fill(uint64_t off, void *buf, size_t len);
