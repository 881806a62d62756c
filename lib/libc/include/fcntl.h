/*
 * open() and fcntl(): the flags are vfs's (xinim/fs.h).
 */
#pragma once
#include <sys/types.h>
#include <xinim/fs.h>

#define O_RDONLY XO_RDONLY
#define O_WRONLY XO_WRONLY
#define O_RDWR XO_RDWR
#define O_ACCMODE XO_ACCMODE
#define O_CREAT XO_CREAT
#define O_EXCL XO_EXCL
#define O_NOCTTY XO_NOCTTY
#define O_TRUNC XO_TRUNC
#define O_APPEND XO_APPEND
#define O_NONBLOCK XO_NONBLOCK
#define O_DIRECTORY XO_DIRECTORY
#define O_NOFOLLOW XO_NOFOLLOW
#define O_CLOEXEC XO_CLOEXEC

#define F_DUPFD XF_DUPFD
#define F_GETFD XF_GETFD
#define F_SETFD XF_SETFD
#define F_GETFL XF_GETFL
#define F_SETFL XF_SETFL
#define FD_CLOEXEC XFD_CLOEXEC

/* mode (with O_CREAT) is an unsigned int argument after flags. */
int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);
