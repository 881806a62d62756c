/*
 * rs: the first process, started by the kernel with every privilege, and
 * the Reincarnation Server.  It starts ds, the name service (publish.c),
 * reads services.conf (services.c), starts the boot services in dependency order, waits until each has registered
 * (or a few seconds passed), prints `xinim: system ready`, and then runs
 * the `run=` program if there is one, else bin/init (run.c).  From then on it serves: the
 * kernel's exit and alarm notifications drive the recovery policy
 * (watch.c), and the requests of proto/rs.h are answered (request.c).
 */
#include <libsys/bootimage.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "rs.h"
#include "svc.h"

/* Collects every ended child. */
static void
rs_reap(void)
{
	struct exit_info ei;

	while (kc_proc_wait(ENDPOINT_ANY, &ei) == 0) {
		if (!rs_run_exited(&ei) && !rs_ds_exited(&ei)) {
			rs_svc_exited(&ei);
		}
	}
}

int
main(int argc, char **argv)
{
	const struct bootimage_info *bi;
	struct message m;
	bool ready = false;

	printf("rs: started\n");
	bi = bootimage_info();
	if (bi == NULL) {
		printf("rs: no boot image: nothing to start\n");
	}
	rs_ds_start();
	rs_services_load(bi);
	rs_services_start();
	for (;;) {
		rs_svc_tick();
		if (!ready && !rs_svc_booting()) {
			ready = true;
			printf("xinim: system ready\n");
			if (bi != NULL && bi->bi_cmdline[0] != '\0') {
				rs_run_start(bi->bi_cmdline);
			} else if (bi != NULL) {
				rs_run_init();
			}
			continue;
		}
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			continue;
		}
		if (m.m_type == MSG_NOTIFY) {
			if (m.m_source == ENDPOINT_KERNEL && (m.m_arg[0] & NOTIFY_EXIT) != 0) {
				rs_reap();
			}
			continue;
		}
		rs_request(&m);
	}
}
