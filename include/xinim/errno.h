/*
 * Error codes shared by the kernel and user space.  Functions return them
 * negated (-EINVAL); user space sees them positive in errno.  The numbers
 * follow the traditional Unix values so that tools and tests read them
 * without a table.
 */
#pragma once

#define EPERM 1         /* operation not permitted */
#define ENOENT 2        /* no such file, table or entry */
#define ESRCH 3         /* no such process */
#define EINTR 4         /* interrupted */
#define EIO 5           /* input/output error; hardware did not respond */
#define ENXIO 6         /* no such device or address */
#define E2BIG 7         /* argument list too long */
#define ENOEXEC 8       /* not an executable */
#define EBADF 9         /* bad descriptor */
#define ECHILD 10       /* no child process */
#define EAGAIN 11       /* try again */
#define ENOMEM 12       /* out of memory */
#define EACCES 13       /* permission denied */
#define EFAULT 14       /* bad address */
#define ENOTBLK 15      /* a block device is required */
#define EBUSY 16        /* resource busy */
#define EEXIST 17       /* already exists */
#define EXDEV 18        /* cross-device link */
#define ENODEV 19       /* no such device */
#define ENOTDIR 20      /* not a directory */
#define EISDIR 21       /* is a directory */
#define EINVAL 22       /* invalid argument or malformed data */
#define ENFILE 23       /* too many open files in the system */
#define EMFILE 24       /* too many open files */
#define ENOTTY 25       /* not a terminal */
#define EFBIG 27        /* file too large */
#define ENOSPC 28       /* no space left */
#define ESPIPE 29       /* illegal seek */
#define EROFS 30        /* read-only file system */
#define EMLINK 31       /* too many links */
#define EPIPE 32        /* broken pipe */
#define ERANGE 34       /* result out of range */
#define EDEADLK 35      /* would deadlock */
#define ENAMETOOLONG 36 /* name too long */
#define ENOSYS 38       /* no such call */
#define ENOTEMPTY 39    /* directory not empty */
#define ELOOP 40        /* too many symbolic links */
#define EBADMSG 74      /* corrupt message or table (bad checksum) */
#define EOVERFLOW 75    /* value too large */
#define ENOTSUP 95      /* operation not supported */
#define ETIMEDOUT 110   /* timed out */
#define EINPROGRESS 115 /* will finish later (chr.h: a CHR_DONE follows) */

/* IPC-specific codes, after the Unix range. */
#define EDEADSRCDST 200 /* the peer endpoint is dead or stale (wrong generation) */
#define ECALLDENIED 201 /* the privilege record does not allow this IPC target or call */
#define ENOTREADY 202   /* reply: the destination is not waiting for a reply from us */
