/*
 * strerror(): a short English text for every code of xinim/errno.h.
 */
#include <string.h>
#include <xinim/errno.h>

static const char *const texts[] = {
	[0] = "success",
	[EPERM] = "operation not permitted",
	[ENOENT] = "no such file or directory",
	[ESRCH] = "no such process",
	[EINTR] = "interrupted",
	[EIO] = "input/output error",
	[ENXIO] = "no such device or address",
	[E2BIG] = "argument list too long",
	[ENOEXEC] = "not an executable",
	[EBADF] = "bad file descriptor",
	[ECHILD] = "no child process",
	[EAGAIN] = "try again",
	[ENOMEM] = "out of memory",
	[EACCES] = "permission denied",
	[EFAULT] = "bad address",
	[ENOTBLK] = "block device required",
	[EBUSY] = "resource busy",
	[EEXIST] = "file exists",
	[EXDEV] = "cross-device link",
	[ENODEV] = "no such device",
	[ENOTDIR] = "not a directory",
	[EISDIR] = "is a directory",
	[EINVAL] = "invalid argument",
	[ENFILE] = "too many open files in the system",
	[EMFILE] = "too many open files",
	[ENOTTY] = "not a terminal",
	[EFBIG] = "file too large",
	[ENOSPC] = "no space left on device",
	[ESPIPE] = "illegal seek",
	[EROFS] = "read-only file system",
	[EMLINK] = "too many links",
	[EPIPE] = "broken pipe",
	[ERANGE] = "result out of range",
	[EDEADLK] = "would deadlock",
	[ENAMETOOLONG] = "file name too long",
	[ENOSYS] = "function not implemented",
	[ENOTEMPTY] = "directory not empty",
	[ELOOP] = "too many levels of symbolic links",
	[EBADMSG] = "corrupt data",
	[EOVERFLOW] = "value too large",
	[ENOTSUP] = "not supported",
	[ETIMEDOUT] = "timed out",
	[EINPROGRESS] = "in progress",
	[EDEADSRCDST] = "dead or stale endpoint",
	[ECALLDENIED] = "not allowed by the privilege record",
	[ENOTREADY] = "destination not waiting for a reply",
};

const char *
strerror(int err)
{
	if (err < 0) {
		err = -err;
	}
	if ((unsigned)err < sizeof(texts) / sizeof(texts[0]) && texts[err] != NULL) {
		return texts[err];
	}
	return "unknown error";
}
