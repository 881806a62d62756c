/*
 * Files as user space and the servers see them: file types and
 * permission bits, open flags, the stat and directory-entry records that
 * travel through grants, and the limits vfs enforces.  The values are the
 * traditional Unix ones (Linux's), so that tools and tests read them
 * without a table.  libc's <sys/stat.h>, <fcntl.h> and <dirent.h> are
 * built on this header.
 */
#pragma once
#include <stdint.h>

#define XPATH_MAX 1024 /* bytes of a path, with its NUL */
#define XNAME_MAX 255  /* bytes of one path component */
#define XSYMLOOP_MAX 8 /* symbolic links followed in one resolution */
#define XOPEN_MAX 64   /* descriptors per process */

/* File types (st_mode & XS_IFMT). */
#define XS_IFMT 0170000
#define XS_IFSOCK 0140000
#define XS_IFLNK 0120000
#define XS_IFREG 0100000
#define XS_IFBLK 0060000
#define XS_IFDIR 0040000
#define XS_IFCHR 0020000
#define XS_IFIFO 0010000
/* Permission bits. */
#define XS_ISUID 04000
#define XS_ISGID 02000
#define XS_ISVTX 01000
#define XS_IRWXU 00700
#define XS_IRWXG 00070
#define XS_IRWXO 00007

/* open() flags. */
#define XO_RDONLY 00
#define XO_WRONLY 01
#define XO_RDWR 02
#define XO_ACCMODE 03
#define XO_CREAT 0100
#define XO_EXCL 0200
#define XO_NOCTTY 0400
#define XO_TRUNC 01000
#define XO_APPEND 02000
#define XO_NONBLOCK 04000
#define XO_DIRECTORY 0200000
#define XO_NOFOLLOW 0400000
#define XO_CLOEXEC 02000000

/* lseek() whence. */
#define XSEEK_SET 0
#define XSEEK_CUR 1
#define XSEEK_END 2

/* access() modes. */
#define XR_OK 4
#define XW_OK 2
#define XX_OK 1
#define XF_OK 0

/* fcntl() commands and descriptor flags. */
#define XF_DUPFD 0
#define XF_GETFD 1
#define XF_SETFD 2
#define XF_GETFL 3
#define XF_SETFL 4
#define XFD_CLOEXEC 1

/* A device number: major << 8 | minor. */
#define XDEV_MAJOR(d) ((uint32_t)(d) >> 8)
#define XDEV_MINOR(d) ((uint32_t)(d)&0xff)
#define XDEV_MAKE(ma, mi) ((uint32_t)(ma) << 8 | (uint32_t)(mi))

/* stat(): what vfs fills in (st_dev is the mount's number). */
struct xstat {
	uint64_t st_ino;
	uint64_t st_size;
	uint64_t st_blocks; /* 512-byte units */
	int64_t st_atime_ns, st_mtime_ns, st_ctime_ns;
	uint32_t st_dev;
	uint32_t st_rdev; /* character and block devices */
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid, st_gid;
	uint32_t st_blksize;
	uint32_t st_pad;
};

/*
 * getdents(): records packed back to back, each xd_reclen bytes (8-byte
 * aligned), the name NUL-terminated.  xd_type is the XS_IF* type >> 12.
 */
struct xdirent {
	uint64_t xd_ino;
	uint16_t xd_reclen;
	uint8_t xd_type;
	char xd_name[]; /* NUL-terminated */
};

/* statfs(). */
struct xstatfs {
	char sf_type[16]; /* "tmpfs", "initfs", ... */
	uint64_t sf_bsize;
	uint64_t sf_blocks, sf_bfree;
	uint64_t sf_files, sf_ffree;
	uint32_t sf_flags; /* XMNT_* */
	uint32_t sf_pad;
};

/* mount() flags. */
#define XMNT_RDONLY 1
