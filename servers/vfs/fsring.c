/*
 * The rings to file systems (include/xinim/proto/fs.h): each mount has a
 * shared area of its own (two libring rings and FS_RING_SLOTS request
 * slots) that its server maps at FS_ATTACH.  A worker's request is copied
 * into a free slot, the slot's number goes on the submission ring, and
 * the worker sleeps on the slot until the server's completion comes back;
 * meanwhile vfs serves everyone else.  A notification from a server
 * drains the completion rings of every mount it serves: each answer is
 * copied out of shared memory once into the waiting worker's own copy of
 * the request, and nothing more is asked to learn that the ring is empty.
 *
 * A server that dies with requests in flight is noticed by the notify of
 * the next submission or by the watchdog (vfs_fs_tick, every
 * FSRING_WATCH_NS while anything is in flight): its requests fail with
 * -EIO and the mount is marked down, to be mounted again on its next use
 * (fsc.c).  A server that writes nonsense into the rings (a slot number
 * out of range or not in flight, an implausible index) is treated as
 * dead.
 *
 * Outside a worker (vfs's start-up, before the loop runs) a request waits
 * by receiving from the server itself.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define FSRING_WATCH_NS (250 * 1000000ULL)
#define ALL_SLOTS (FS_RING_SLOTS == 32 ? 0xffffffffu : (1u << FS_RING_SLOTS) - 1)

union fs_area {
	struct fs_shared a_sh;
	uint8_t a_bytes[FS_SHARED_SIZE];
};

struct vring {
	struct ring_view r_sq, r_cq;
	uint32_t r_busy;                       /* slots in use */
	struct fs_slot *r_priv[FS_RING_SLOTS]; /* each request's own copy */
	bool r_done[FS_RING_SLOTS];
};

static union fs_area areas[VFS_NMOUNT] __attribute__((aligned(4096)));
static struct vring rings[VFS_NMOUNT];
static uint64_t watch_next; /* the watchdog's next look, 0: idle */

/* Ends every request in flight on mount idx with err. */
static void
fsring_fail(int idx, int err)
{
	struct vring *r = &rings[idx];

	for (int s = 0; s < FS_RING_SLOTS; s++) {
		if ((r->r_busy & (1u << s)) != 0 && !r->r_done[s]) {
			r->r_priv[s]->fs_result = err;
			r->r_done[s] = true;
			vfs_wakeup(&r->r_done[s]);
		}
	}
	r->r_busy = 0;
	vfs_wakeup(&r->r_busy);
}

void
vfs_fs_down(int idx)
{
	vfs_mounts[idx].m_ep = ENDPOINT_NONE;
	fsring_fail(idx, -EIO);
}

void *
vfs_fs_area(int idx)
{
	struct fs_shared *sh = &areas[idx].a_sh;
	struct vring *r = &rings[idx];

	fsring_fail(idx, -EIO);
	memset(&areas[idx], 0, sizeof(areas[idx]));
	memset(r, 0, sizeof(*r));
	ring_attach(&r->r_sq, sh->fs_sq, FS_RING_SLOTS, sizeof(uint32_t), true, true);
	ring_attach(&r->r_cq, sh->fs_cq, FS_RING_SLOTS, sizeof(uint32_t), false, true);
	/* Both sides start asleep: the server wants a notification for the
	 * first request, and vfs for every answer until it says otherwise. */
	((struct ring *)sh->fs_sq)->r_cons_wait = 1;
	((struct ring *)sh->fs_cq)->r_cons_wait = 1;
	return &areas[idx];
}

size_t
vfs_fs_area_size(void)
{
	return sizeof(union fs_area);
}

/* Takes the answers on mount idx's completion ring. */
static void
fsring_drain(int idx)
{
	struct vring *r = &rings[idx];
	struct fs_shared *sh = &areas[idx].a_sh;

	do {
		volatile uint32_t *e;

		while ((e = ring_cons_next(&r->r_cq)) != NULL) {
			uint32_t s = *e;
			struct fs_slot *mine, *theirs;

			if (s >= FS_RING_SLOTS || (r->r_busy & (1u << s)) == 0 || r->r_done[s]) {
				printf("vfs: %s on %s answered slot %u, which was not asked: "
				       "treating it as dead\n",
				    vfs_mounts[idx].m_type, vfs_mounts[idx].m_target, s);
				vfs_fs_down(idx);
				return;
			}
			mine = r->r_priv[s];
			theirs = &sh->fs_slots[s];
			mine->fs_result = theirs->fs_result;
			memcpy(&mine->fs_rp, (const void *)&theirs->fs_rp, sizeof(mine->fs_rp));
			memcpy(&mine->fs_attr, (const void *)&theirs->fs_attr,
			    sizeof(mine->fs_attr));
			if (mine->fs_op == FS_READLINK) {
				memcpy(mine->fs_name2, (const void *)theirs->fs_name2,
				    sizeof(mine->fs_name2));
			}
			r->r_done[s] = true;
			r->r_busy &= ~(1u << s);
			vfs_wakeup(&r->r_done[s]);
			vfs_wakeup(&r->r_busy);
		}
		ring_cons_commit(&r->r_cq);
		if (r->r_cq.rv_broken) {
			printf("vfs: %s on %s broke its ring: treating it as dead\n",
			    vfs_mounts[idx].m_type, vfs_mounts[idx].m_target);
			vfs_fs_down(idx);
			return;
		}
	} while (!ring_cons_idle(&r->r_cq));
}

bool
vfs_fs_notified(endpoint_t from)
{
	bool ours = false;

	for (int i = 0; i < VFS_NMOUNT; i++) {
		if ((vfs_mounts[i].m_used || vfs_mounts[i].m_mounting) && from > 0 &&
		    vfs_mounts[i].m_ep == from) {
			ours = true;
			fsring_drain(i);
		}
	}
	return ours;
}

int
vfs_fs_ring_call(int idx, struct fs_slot *rq)
{
	struct vmount *mt = &vfs_mounts[idx];
	struct vring *r = &rings[idx];
	struct fs_slot *sl;
	endpoint_t ep = mt->m_ep;
	volatile uint32_t *e;
	int s, err;

	while (r->r_busy == ALL_SLOTS && mt->m_ep == ep) {
		if (vfs_worker_self() == NULL) {
			return -EAGAIN;
		}
		vfs_sleep_uninterruptible(&r->r_busy);
	}
	if (mt->m_ep != ep || ep == ENDPOINT_NONE) {
		return -EIO;
	}
	s = __builtin_ctz(~r->r_busy);
	sl = &areas[idx].a_sh.fs_slots[s];
	sl->fs_op = rq->fs_op;
	sl->fs_result = 0;
	sl->fs_rq = rq->fs_rq;
	sl->fs_attr = rq->fs_attr;
	memcpy(sl->fs_name, rq->fs_name, sizeof(sl->fs_name));
	memcpy(sl->fs_name2, rq->fs_name2, sizeof(sl->fs_name2));
	e = ring_prod_next(&r->r_sq);
	if (e == NULL) {
		vfs_fs_down(idx);
		return -EIO;
	}
	*e = (uint32_t)s;
	r->r_busy |= 1u << s;
	r->r_priv[s] = rq;
	r->r_done[s] = false;
	if (ring_prod_commit(&r->r_sq)) {
		err = ipc_notify(ep);
		if (err == -EDEADSRCDST) {
			vfs_fs_down(idx);
			return -EDEADSRCDST;
		}
	}
	if (watch_next == 0) {
		watch_next = clock_now_ns() + FSRING_WATCH_NS;
	}
	while (!r->r_done[s]) {
		struct message m;

		if (vfs_worker_self() != NULL) {
			vfs_sleep_uninterruptible(&r->r_done[s]);
			continue;
		}
		/* Start-up: wait for this server alone. */
		if (ipc_receive(ep, &m) == -EDEADSRCDST) {
			vfs_fs_down(idx);
		} else {
			fsring_drain(idx);
		}
	}
	return 0;
}

bool
vfs_fs_inflight(int idx)
{
	return rings[idx].r_busy != 0;
}

uint64_t
vfs_fs_watch(uint64_t next)
{
	if (watch_next != 0 && (next == 0 || watch_next < next)) {
		return watch_next;
	}
	return next;
}

void
vfs_fs_tick(void)
{
	uint64_t now = clock_now_ns();
	bool busy = false;

	if (watch_next == 0 || now < watch_next) {
		return;
	}
	for (int i = 0; i < VFS_NMOUNT; i++) {
		if (rings[i].r_busy == 0 || vfs_mounts[i].m_ep == ENDPOINT_NONE) {
			continue;
		}
		/* A notification the server did not need costs it one look at
		 * its rings; one to a dead server tells us it is dead. */
		if (ipc_notify(vfs_mounts[i].m_ep) == -EDEADSRCDST) {
			printf("vfs: %s on %s died with requests in flight\n", vfs_mounts[i].m_type,
			    vfs_mounts[i].m_target);
			vfs_fs_down(i);
		} else {
			busy = true;
		}
	}
	watch_next = busy ? now + FSRING_WATCH_NS : 0;
}
