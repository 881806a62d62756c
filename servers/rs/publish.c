/*
 * rs and the name service.  rs starts ds before any service, as its
 * registrar: ds is given the argument "-", which tells it to take the
 * endpoint of whoever notifies it first, and rs notifies every child it
 * starts (no kernel call tells rs its own endpoint, so it cannot write
 * it on ds's command line).  From then on rs keeps ds's entry of each
 * service equal to its current instance: published when it is spawned,
 * replaced after every restart, removed while none runs (stopped,
 * crashed and waiting, FAILED).  rs never calls ds (a stuck ds must not
 * stall recovery): it marks the entry changed and notifies ds, which
 * pulls the changes with RS_DS_NEXT, so ds follows rs shortly after.  Processes started by rs find ds by
 * asking rs (RS_DS_ENDPOINT), which libsys's ds client does on its own.
 *
 * ds is started here and not from services.conf: every service needs it
 * before it starts, its argument names rs, and rs itself must know which
 * process it is.  When it dies rs starts a new one at once and hands it
 * every service's current endpoint again; libsys's clients notice the
 * dead endpoint and ask rs for the new one.  What only the old ds knew
 * is lost: names processes published for themselves, and subscriptions.
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
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
	printf("rs: started ds (ep %d)\n", ep);
}

bool
rs_ds_exited(const struct exit_info *ei)
{
	int n = 0;

	if (ds_ep < 0 || ei->ei_endpoint != ds_ep) {
		return false;
	}
	printf("rs: ds ended (cause %u); starting a new one\n", (unsigned)ei->ei_cause);
	ds_ep = ENDPOINT_NONE;
	rs_ds_start();
	for (int i = 0; i < rs_svc_count(); i++) {
		struct rs_svc *sv = rs_svc_at(i);

		sv->sv_pub_ep = ENDPOINT_NONE;
		sv->sv_pub_dirty = false;
		rs_svc_publish(sv);
		n += sv->sv_pub_dirty;
	}
	printf("rs: %d services published again\n", n);
	return true;
}

int
rs_ds_fault(void)
{
	if (ds_ep < 0) {
		return -ESRCH;
	}
	printf("rs: killing ds on request\n");
	return kc_proc_kill(ds_ep);
}

void
rs_svc_publish(struct rs_svc *sv)
{
	endpoint_t want = sv->sv_ep;

	if (sv->sv_st.st_state == RS_STOPPING) {
		want = ENDPOINT_NONE;
	}
	if (ds_ep < 0 || want == sv->sv_pub_ep) {
		return;
	}
	sv->sv_pub_ep = want;
	sv->sv_pub_dirty = true;
	if (ipc_notify(ds_ep) != 0) {
		printf("rs: cannot notify ds of %s\n", sv->sv_conf->sc_name);
	}
}

int
rs_ds_next(const struct message *m, struct message *r)
{
	struct message tmp;

	if (ds_ep < 0 || m->m_source != ds_ep) {
		return -EPERM;
	}
	for (int i = 0; i < rs_svc_count(); i++) {
		struct rs_svc *sv = rs_svc_at(i);

		if (!sv->sv_pub_dirty) {
			continue;
		}
		sv->sv_pub_dirty = false;
		rs_name_pack(&tmp, 0, sv->sv_conf->sc_name);
		memcpy(&r->m_arg[1], &tmp.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
		r->m_arg[1 + RS_NAME_ARGS] = (uint64_t)(int64_t)sv->sv_pub_ep;
		return 0;
	}
	return -ENOENT;
}
