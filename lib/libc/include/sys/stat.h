/*
 * File status and modes (vfs's struct xstat turned into POSIX's struct
 * stat), and the calls that read or change them.
 */
#pragma once
#include <sys/types.h>
#include <xinim/fs.h>

struct stat {
	dev_t st_dev;
	ino_t st_ino;
	mode_t st_mode;
	nlink_t st_nlink;
	uid_t st_uid;
	gid_t st_gid;
	dev_t st_rdev;
	off_t st_size;
	blksize_t st_blksize;
	blkcnt_t st_blocks;
	struct timespec st_atim, st_mtim, st_ctim;
};
#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

#define S_IFMT XS_IFMT
#define S_IFSOCK XS_IFSOCK
#define S_IFLNK XS_IFLNK
#define S_IFREG XS_IFREG
#define S_IFBLK XS_IFBLK
#define S_IFDIR XS_IFDIR
#define S_IFCHR XS_IFCHR
#define S_IFIFO XS_IFIFO
#define S_ISUID XS_ISUID
#define S_ISGID XS_ISGID
#define S_ISVTX XS_ISVTX
#define S_IRWXU XS_IRWXU
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG XS_IRWXG
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO XS_IRWXO
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001

#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m)&S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);
/* A node of the type in mode (S_IFIFO, S_IFREG, S_IFSOCK; devices for
 * root), and a named pipe. */
int mknod(const char *path, mode_t mode, dev_t dev);
int mkfifo(const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int chown(const char *path, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
mode_t umask(mode_t mask);
