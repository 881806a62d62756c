/*
 * rs and the name service.  rs starts ds before any service, as its
 * registrar: ds is given the argument "-", which tells it to take the
 * endpoint of whoever notifies it first, and rs notifies every child it
 * starts (no kernel call tells rs its own endpoint, so it cannot write
 * it on ds's command line).  From then on rs keeps ds's entry of each
 * service equal to its current instance: published when it is spawned,
 * replaced after every restart, removed while none runs (stopped,
 * crashed and waiting, FAILED).  Processes started by rs find ds by
 * asking rs (RS_DS_ENDPOINT), which libsys's ds client does on its own.
 *
 * ds is started here and not from services.conf: every service needs it
 * before it starts, its argument names rs, and rs itself must know which
 * process it is.  It is not restarted: a new ds would have an empty table
 * and clients that cached the old endpoint.
 */
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "rs.h"
#include "svc.h"

static endpoint_t ds_ep = ENDPOINT_NONE;

endpoint_t
rs_ds_endpoint(void)
{
	return ds_ep;
}

void
rs_ds_start(void)
{
	static char *argv[] = { "ds", "-", NULL };
	struct priv_desc pd;
	endpoint_t ep;

	memset(&pd, 0, sizeof(pd));
	pd.pd_flags = PRIV_IPC_ANY;
	ep = spawn_boot("ds", argv, &pd);
	if (ep < 0) {
		printf("rs: cannot start ds: %s; names are not published\n", strerror(ep));
		return;
	}
	ipc_notify(ep);
	ds_ep = ep;
	ds_init(ep);
	printf("rs: started ds (ep %d)\n", ep);
}

void
rs_svc_publish(struct rs_svc *sv)
{
	const char *name = sv->sv_conf->sc_name;
	endpoint_t want = sv->sv_ep;
	int err;

	if (sv->sv_st.st_state == RS_STOPPING) {
		want = ENDPOINT_NONE;
	}
	if (ds_ep < 0 || want == sv->sv_pub_ep) {
		return;
	}
	if (want == ENDPOINT_NONE) {
		err = ds_unpublish(name);
	} else {
		err = ds_publish(name, want);
	}
	if (err != 0 && err != -ENOENT) {
		printf("rs: ds: cannot %s %s: %s\n",
		    want == ENDPOINT_NONE ? "unpublish" : "publish", name, strerror(err));
	}
	sv->sv_pub_ep = want;
}
