/*
 * The POSIX scalar types, sized for x86_64 and for the records vfs and
 * pm exchange (xinim/fs.h: 64-bit sizes and offsets, 32-bit ids).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

typedef int pid_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint32_t mode_t;
typedef uint32_t dev_t;
typedef uint64_t ino_t;
typedef uint32_t nlink_t;
typedef int64_t off_t;
typedef int64_t ssize_t;
typedef int64_t time_t;
typedef int64_t blksize_t;
typedef int64_t blkcnt_t;
typedef uint32_t useconds_t;
typedef int64_t suseconds_t;
typedef int clockid_t;

#ifndef XINIM_TIMESPEC_DEFINED
#define XINIM_TIMESPEC_DEFINED
struct timespec {
	time_t tv_sec;
	long tv_nsec;
};
#endif
