/*
 * rs: the first process, started by the kernel with every privilege.  For
 * now it is init alone: with `run=PROGRAM ARGS` on the kernel command line
 * it runs that program from the boot image and powers off with its status
 * (run.c); without, it idles in its receive loop.  It reads and checks
 * services.conf (services.c); starting and restarting services (the
 * Reincarnation Server proper) comes later.
 */
#include <libsys/bootimage.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "rs.h"

int
main(int argc, char **argv)
{
	const struct bootimage_info *bi;
	struct message m;

	printf("rs: started\n");
	bi = bootimage_info();
	if (bi == NULL) {
		printf("rs: no boot image: nothing to start\n");
	}
	rs_services_load(bi);
	printf("xinim: system ready\n");
	if (bi != NULL && bi->bi_cmdline[0] != '\0') {
		rs_run(bi->bi_cmdline);
	}
	for (;;) {
		/* Services and their requests come with the next issue. */
		ipc_receive(ENDPOINT_ANY, &m);
	}
}
