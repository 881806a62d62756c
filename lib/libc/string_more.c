/*
 * The string functions user programs need beyond the kernel's set
 * (kernel/lib/string.c), and strerror().
 */
#include <errno.h>
#include <string.h>

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c) {
			last = s;
		}
		if (*s == '\0') {
			return (char *)last;
		}
	}
}

char *
strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncmp(haystack, needle, n) == 0) {
			return (char *)haystack;
		}
		if (*haystack == '\0') {
			break;
		}
	}
	return NULL;
}

size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size) {
		return size + strlen(src);
	}
	return d + strlcpy(dst + d, src, size - d);
}

const char *
strerror(int err)
{
	static const struct {
		int code;
		const char *text;
	} texts[] = {
		{ EPERM, "operation not permitted" },
		{ ENOENT, "no such entry" },
		{ ESRCH, "no such process" },
		{ EINTR, "interrupted" },
		{ EIO, "input/output error" },
		{ E2BIG, "argument list too long" },
		{ ENOEXEC, "not an executable" },
		{ ECHILD, "no child process" },
		{ EAGAIN, "try again" },
		{ ENOMEM, "out of memory" },
		{ EACCES, "permission denied" },
		{ EFAULT, "bad address" },
		{ EBUSY, "resource busy" },
		{ EEXIST, "already exists" },
		{ EINVAL, "invalid argument" },
		{ ENOSPC, "no space left" },
		{ ENXIO, "no such device or address" },
		{ ENODEV, "no such device" },
		{ ERANGE, "out of range" },
		{ EDEADLK, "would deadlock" },
		{ EBADMSG, "corrupt data" },
		{ EOVERFLOW, "value too large" },
		{ ENAMETOOLONG, "name too long" },
		{ ENOSYS, "no such call" },
		{ ENOTSUP, "not supported" },
		{ ETIMEDOUT, "timed out" },
		{ EDEADSRCDST, "dead or stale endpoint" },
		{ ECALLDENIED, "not allowed by the privilege record" },
		{ ENOTREADY, "destination not waiting for a reply" },
	};

	if (err < 0) {
		err = -err;
	}
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (texts[i].code == err) {
			return texts[i].text;
		}
	}
	return "unknown error";
}
