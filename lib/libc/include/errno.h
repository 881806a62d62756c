/*
 * Error codes: the kernel's (xinim/errno.h).  The POSIX calls of libc
 * return -1 and leave the code, positive, in errno; libsys's calls and
 * kernel calls return it negated instead.
 */
#pragma once
#include <xinim/errno.h>

extern int errno;
