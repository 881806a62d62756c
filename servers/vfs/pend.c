/*
 * Requests that wait: a read of an empty pipe, a write to a full one, a
 * device request the driver answered -EINPROGRESS, a poll with nothing
 * ready.  Each is parked with its original message and served again
 * from the start whenever something may have changed (after every other
 * request, a driver's notification, the timer); the handler sees through
 * vfs_pend_current() that it is a retry.  The answer goes out with
 * driver_reply().  Poll timeouts use libdriver's one timer.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

struct vpend {
	bool pd_used;
	struct message pd_m;
	uint64_t pd_deadline; /* 0: none */
};

static struct vpend pends[VFS_NPEND];
static int pend_cur = -1;
static bool retrying;
static int reserved = -1;   /* a slot taken on a first try, not parked yet */
uint64_t vfs_pend_deadline; /* set by a handler before VFS_WAIT */

bool
vfs_pend_settle(const struct message *m, int v)
{
	int slot = reserved;

	reserved = -1;
	if (v != VFS_WAIT) {
		if (slot >= 0) {
			pends[slot].pd_used = false;
		}
		vfs_pend_deadline = 0;
		return false;
	}
	if (slot < 0) {
		for (int i = 0; i < VFS_NPEND && slot < 0; i++) {
			if (!pends[i].pd_used) {
				slot = i;
			}
		}
		if (slot < 0) {
			vfs_pend_deadline = 0;
			return false;
		}
	}
	pends[slot].pd_used = true;
	pends[slot].pd_m = *m;
	pends[slot].pd_deadline = vfs_pend_deadline;
	vfs_pend_deadline = 0;
	return true;
}

int
vfs_pend_current(void)
{
	return pend_cur;
}

/* The slot m would take if parked now (device requests need its number
 * before they wait), or -1 when none is free. */
int
vfs_pend_reserve(const struct message *m)
{
	if (pend_cur >= 0) {
		return pend_cur;
	}
	for (int i = 0; i < VFS_NPEND; i++) {
		if (!pends[i].pd_used) {
			pends[i].pd_used = true;
			pends[i].pd_m = *m;
			pends[i].pd_deadline = 0;
			reserved = i;
			return i;
		}
	}
	return -1;
}

uint64_t
vfs_pend_deadline_of(int slot)
{
	return slot >= 0 && slot < VFS_NPEND ? pends[slot].pd_deadline : 0;
}

/* Serves slot i again; frees it and replies unless it still waits. */
static bool
pend_try(int i)
{
	struct message r = { .m_type = VFS_REPLY };
	int v;

	pend_cur = i;
	v = vfs_dispatch(&pends[i].pd_m, &r);
	pend_cur = -1;
	if (v == VFS_WAIT) {
		return false;
	}
	if (v < 0) {
		r = (struct message){ .m_type = VFS_REPLY };
	}
	r.m_arg[0] = (uint64_t)(int64_t)v;
	pends[i].pd_used = false;
	driver_reply(pends[i].pd_m.m_source, &r);
	return true;
}

/* Sets the timer for the nearest poll deadline. */
static void
pend_arm(void)
{
	uint64_t next = 0, now = clock_now_ns();

	for (int i = 0; i < VFS_NPEND; i++) {
		uint64_t d = pends[i].pd_deadline;

		if (pends[i].pd_used && d != 0 && (next == 0 || d < next)) {
			next = d;
		}
	}
	driver_timer(next == 0 ? 0 : next > now ? next - now : 1);
}

void
vfs_pend_retry(void)
{
	bool progress = true;
	int rounds = 0;

	if (retrying) {
		return;
	}
	retrying = true;
	while (progress && rounds++ < 8) {
		progress = false;
		for (int i = 0; i < VFS_NPEND; i++) {
			if (pends[i].pd_used && pend_try(i)) {
				progress = true;
			}
		}
	}
	retrying = false;
	pend_arm();
}

void
vfs_pend_done(int pend, int result)
{
	(void)result;
	if (pend >= 0 && pend < VFS_NPEND && pends[pend].pd_used) {
		pend_try(pend);
	}
}

void
vfs_pend_drop(endpoint_t ep)
{
	for (int i = 0; i < VFS_NPEND; i++) {
		if (pends[i].pd_used && pends[i].pd_m.m_source == ep) {
			vfs_chr_cancel(i);
			pends[i].pd_used = false;
		}
	}
}

void
vfs_pend_timer(void)
{
	vfs_pend_retry();
}
