/*
 * fsclient (libfsdriver/fsclient.h): one ring to one server, one request
 * at a time, for tests.  Slot 0.. are used in turn so that a test sees
 * fresh slots; every number coming back is checked.
 */
#include <libfsdriver/fsclient.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <string.h>
#include <xinim/errno.h>

#define TIMEOUT_MS 5000

int
fsclient_attach(struct fsclient *c, endpoint_t server, struct fs_shared *area, uint64_t size)
{
	struct message m = { .m_type = FS_ATTACH };
	struct msg_vfs_fs_attach *a = MSG_PAYLOAD(&m, struct msg_vfs_fs_attach);
	int r;

	memset(c, 0, sizeof(*c));
	memset(area, 0, FS_SHARED_SIZE);
	c->fc_server = server;
	c->fc_area = area;
	c->fc_timeout_ms = TIMEOUT_MS;
	ring_attach(&c->fc_sq, area->fs_sq, FS_RING_SLOTS, sizeof(uint32_t), true, true);
	ring_attach(&c->fc_cq, area->fs_cq, FS_RING_SLOTS, sizeof(uint32_t), false, true);
	c->fc_grant =
	    kc_grant_create(server, area, FS_SHARED_SIZE, GRANT_READ | GRANT_WRITE | GRANT_MAP);
	if (c->fc_grant < 0) {
		return (int)c->fc_grant;
	}
	a->fat_grant = c->fc_grant;
	a->fat_size = size;
	r = ipc_call(server, &m);
	if (r == 0) {
		r = (int)MSG_PAYLOAD(&m, struct msg_fs_vfs_attached)->fad_result;
	}
	if (r != 0) {
		fsclient_detach(c);
	}
	return r;
}

void
fsclient_detach(struct fsclient *c)
{
	if (c->fc_grant >= 0) {
		kc_grant_revoke(c->fc_grant);
	}
	c->fc_grant = -1;
}

struct fs_slot *
fsclient_slot(struct fsclient *c)
{
	c->fc_last = (c->fc_last + 1) % FS_RING_SLOTS;
	memset(&c->fc_area->fs_slots[c->fc_last], 0, sizeof(struct fs_slot));
	return &c->fc_area->fs_slots[c->fc_last];
}

int
fsclient_submit(struct fsclient *c)
{
	uint32_t *e = ring_prod_next(&c->fc_sq);

	if (e == NULL) {
		return -EAGAIN;
	}
	*e = c->fc_last;
	if (ring_prod_commit(&c->fc_sq)) {
		return ipc_notify(c->fc_server);
	}
	return 0;
}

int64_t
fsclient_wait(struct fsclient *c)
{
	bool armed = false;
	int64_t r = -ETIMEDOUT;

	for (;;) {
		uint32_t *e = ring_cons_next(&c->fc_cq);
		struct message m;

		if (e != NULL) {
			uint32_t idx = *e;

			ring_cons_commit(&c->fc_cq);
			r = idx == c->fc_last ? c->fc_area->fs_slots[idx].fs_result : -EBADMSG;
			break;
		}
		if (c->fc_cq.rv_broken) {
			r = -EBADMSG;
			break;
		}
		if (!ring_cons_idle(&c->fc_cq)) {
			continue;
		}
		if (!armed) {
			kc_alarm((uint64_t)c->fc_timeout_ms * 1000000ull);
			armed = true;
		}
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			continue;
		}
		if (m.m_type == MSG_NOTIFY && m.m_source == ENDPOINT_KERNEL &&
		    (m.m_arg[0] & NOTIFY_ALARM) != 0) {
			armed = false;
			break;
		}
	}
	if (armed) {
		kc_alarm(0);
	}
	return r;
}

int64_t
fsclient_call(struct fsclient *c)
{
	int r = fsclient_submit(c);

	return r != 0 ? r : fsclient_wait(c);
}
