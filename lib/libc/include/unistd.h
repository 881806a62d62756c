/*
 * The POSIX calls on descriptors, paths and the process itself.  Each is
 * one request to vfs or pm (xinim/proto/vfs.h, pm.h); on failure they
 * return -1 with the code in errno.
 */
#pragma once
#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define R_OK 4
#define W_OK 2
#define X_OK 1
#define F_OK 0

extern char **environ;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int fd, int newfd);
int pipe(int fds[2]);
int fsync(int fd);
/* Every mounted file system writes back what it holds: 0, or -1 with errno
 * (the first failure; the others are still synced). */
int sync(void);
int truncate(const char *path, off_t len);
int ftruncate(int fd, off_t len);
int isatty(int fd);

int chdir(const char *path);
int fchdir(int fd);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int link(const char *old, const char *new_path);
int symlink(const char *target, const char *link_path);
ssize_t readlink(const char *path, char *buf, size_t size);
int rename(const char *old, const char *new_path);
int access(const char *path, int mode);

pid_t getpid(void);
pid_t getppid(void);
pid_t getpgrp(void);
int setpgid(pid_t pid, pid_t pgid);
uid_t getuid(void);
gid_t getgid(void);
uid_t geteuid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);

unsigned sleep(unsigned seconds);
int usleep(useconds_t us);
__attribute__((noreturn)) void _exit(int status);
