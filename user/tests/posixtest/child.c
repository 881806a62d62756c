/*
 * posixtest's child: gives up root (setuid) and checks that the
 * permission bits now hold against it.  Exits 0 when all did.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "posixtest.h"

static int bad;

static void
want(const char *what, int r, int e)
{
	const char *why = pt_errno(what, r, e);

	if (why != NULL) {
		printf("posixtest child: %s\n", why);
		bad++;
	}
}

int
pt_child_user(void)
{
	char buf[8];
	int fd;

	if (setuid(PT_USER) != 0 || getuid() != PT_USER) {
		printf("posixtest child: setuid(%d): %s\n", PT_USER, strerror(errno));
		return 1;
	}
	want("reading root's 0600 file", open(PT_SECRET, O_RDONLY), EACCES);
	want("writing root's 0644 file", open(PT_PUBLIC, O_WRONLY), EACCES);
	want("creating in root's 0755 directory", open(PT_DIR "/mine", O_CREAT | O_WRONLY, 0644),
	    EACCES);
	want("chmod of root's file", chmod(PT_PUBLIC, 0666), EPERM);
	want("back to root", setuid(0), EPERM);
	fd = open(PT_PUBLIC, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf)) != 5) {
		printf("posixtest child: root's 0644 file is not readable\n");
		bad++;
	}
	if (fd >= 0) {
		close(fd);
	}
	return bad == 0 ? 0 : 1;
}
