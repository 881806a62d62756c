/*
 * fsdriver_main(): libdriver's loop with the file-system protocol on
 * top.  FS_ATTACH maps a client's area and opens a ring; a notification
 * from a client drains its rings; rings of dead clients are dropped
 * (fsdriver.h says when).  Other messages and notifications go to the
 * file system's own request() and notify().
 */
#include <libdriver/driver.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "fsdriver_int.h"

static const struct fsdriver_ops *fs_ops;
static struct fsdriver_ring rings[FSDRIVER_RINGS];

/* Unmaps and forgets a ring. */
static void
ring_close(struct fsdriver_ring *rg, bool forced)
{
	if (rg->rg_sq.rv_broken || rg->rg_cq.rv_broken || rg->rg_dropped != 0) {
		printf("%s: ring of %d closed (%s, %u bad slot numbers)\n", driver_name(),
		    rg->rg_client, rg->rg_sq.rv_broken || rg->rg_cq.rv_broken ? "broken" : "ok",
		    rg->rg_dropped);
	}
	kc_munmap((uint64_t)(uintptr_t)rg->rg_sh, FS_SHARED_SIZE);
	if (forced) {
		fsdrv_ring_forget(rg, fs_ops);
	} else {
		memset(rg, 0, sizeof(*rg));
	}
}

/* Drops every ring of client (dead, or a stranger in its slot). */
static void
client_drop(endpoint_t client)
{
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (rings[i].rg_used && rings[i].rg_client == client) {
			ring_close(&rings[i], true);
		}
	}
}

/* Serves ring rg and tells its client. */
static void
ring_serve(struct fsdriver_ring *rg)
{
	endpoint_t client = rg->rg_client;
	unsigned what = fsdrv_ring_drain(rg, fs_ops);

	if ((what & FSDRV_CLOSE) != 0) {
		ring_close(rg, rg->rg_sq.rv_broken || rg->rg_cq.rv_broken);
	}
	if ((what & FSDRV_NOTIFY) != 0 && ipc_notify(client) < 0) {
		client_drop(client);
	}
}

int
fsdriver_answer(const struct fsdriver_later *later, const struct fsdriver_req *rq, int64_t result)
{
	struct fsdriver_ring *rg = later->fl_ring;
	endpoint_t client;
	int what;

	if (rg < rings || rg >= rings + FSDRIVER_RINGS || !rg->rg_used ||
	    rg->rg_gen != later->fl_gen) {
		return -ENOENT;
	}
	client = rg->rg_client;
	what = fsdrv_ring_answer(rg, later->fl_slot, rq, result);
	if (what < 0) {
		return what;
	}
	if ((what & FSDRV_CLOSE) != 0) {
		ring_close(rg, true);
	}
	if ((what & FSDRV_NOTIFY) != 0 && ipc_notify(client) < 0) {
		client_drop(client);
	}
	return 0;
}

static struct fsdriver_ring *
ring_free(void)
{
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (!rings[i].rg_used) {
			return &rings[i];
		}
	}
	return NULL;
}

/* No ring free: probe every client; the dead ones' rings go. */
static void
reap_dead(void)
{
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (rings[i].rg_used && ipc_notify(rings[i].rg_client) < 0) {
			client_drop(rings[i].rg_client);
		}
	}
}

/* Maps client's grant after checking it is exactly size bytes. */
static int64_t
area_map(endpoint_t client, int64_t grant, uint64_t size)
{
	uint8_t probe;
	int r = kc_safecopy_from(client, grant, size - 1, &probe, 1);

	if (r != 0) {
		return r;
	}
	if (kc_safecopy_from(client, grant, size, &probe, 1) != -ERANGE) {
		return -EINVAL;
	}
	return kc_grant_map(client, grant);
}

/* FS_ATTACH; answers itself (then serves what already waits). */
static int
fs_attach(const struct message *m, struct message *reply)
{
	const struct msg_vfs_fs_attach *a = MSG_PAYLOAD(m, const struct msg_vfs_fs_attach);
	struct msg_fs_vfs_attached *ad = MSG_PAYLOAD(reply, struct msg_fs_vfs_attached);
	int64_t grant = a->fat_grant, va;
	struct fsdriver_ring *rg;
	bool waiting;

	if (grant < 0 || a->fat_size != FS_SHARED_SIZE) {
		return -EINVAL;
	}
	/* A newer instance in a client's process slot: the old one died. */
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (rings[i].rg_used && rings[i].rg_client != m->m_source &&
		    ENDPOINT_SLOT(rings[i].rg_client) == ENDPOINT_SLOT(m->m_source)) {
			client_drop(rings[i].rg_client);
		}
	}
	rg = ring_free();
	if (rg == NULL) {
		reap_dead();
		rg = ring_free();
	}
	if (rg == NULL) {
		return -ENOSPC;
	}
	va = area_map(m->m_source, grant, FS_SHARED_SIZE);
	if (va < 0) {
		return (int)va;
	}
	waiting = fsdrv_ring_open(rg, m->m_source, grant, (struct fs_shared *)(uintptr_t)va);
	reply->m_type = FS_REPLY;
	ad->fad_result = 0;
	driver_reply(m->m_source, reply);
	if (waiting) {
		ring_serve(rg);
	}
	return DRIVER_NO_REPLY;
}

static int
fs_request(const struct message *m, struct message *reply)
{
	int r;

	if (m->m_type == FS_ATTACH) {
		r = fs_attach(m, reply);
	} else {
		r = fs_ops->request != NULL ? fs_ops->request(m, reply) : -ENOSYS;
	}
	fsdrv_jobs_run();
	return r;
}

static void
fs_notify(endpoint_t from)
{
	bool any = false;

	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (rings[i].rg_used && rings[i].rg_client == from) {
			any = true;
			ring_serve(&rings[i]);
		}
	}
	if (!any && fs_ops->notify != NULL) {
		fs_ops->notify(from);
	}
	fsdrv_jobs_run();
}

static void
fs_timer(void)
{
	if (fs_ops->timer != NULL) {
		fs_ops->timer();
	}
	fsdrv_jobs_run();
}

static struct driver_ops drv;

void
fsdriver_main(const struct fsdriver_ops *ops, int argc, char **argv)
{
	fs_ops = ops;
	drv.init = ops->init;
	drv.request = fs_request;
	drv.notify = fs_notify;
	drv.timer = fs_timer;
	drv.reply_type = FS_REPLY;
	drv.state = ops->state;
	drv.state_size = ops->state_size;
	driver_main(&drv, argc, argv);
}
