/*
 * rs: the first process.  For now it announces itself and idles; later
 * stages start programs from the boot image.
 */
#include <libsys/kcall.h>
#include <libsys/syscall.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	struct bootimage_info bi;
	int err;

	printf("rs: started\n");
	err = kc_bootimage(&bi);
	if (err != 0) {
		printf("rs: no boot image (%d)\n", err);
	}
	printf("xinim: system ready\n");
	for (;;) {
		sys_yield();
	}
}
