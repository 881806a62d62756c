/* dmesg: the kernel's log as the kernel keeps it (KC_KLOG: its last
 * 64 KiB, with what services and programs wrote to the console). */
#include <libsys/kcall.h>
#include <stdio.h>
#include <unistd.h>

#define KLOG_SIZE 65536

static char buf[KLOG_SIZE];

int
main(int argc, char **argv)
{
	int64_t n;

	if (argc > 1) {
		fprintf(stderr, "usage: dmesg\n");
		return 2;
	}
	n = kc_klog(buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "dmesg: cannot read the kernel log (%d)\n", (int)n);
		return 1;
	}
	for (int64_t off = 0; off < n;) {
		ssize_t w = write(1, buf + off, (size_t)(n - off));

		if (w <= 0) {
			return 1;
		}
		off += w;
	}
	return 0;
}
