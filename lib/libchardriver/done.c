/*
 * Results that finish after their request was answered -EINPROGRESS, and
 * select readiness: they wait in the process's one table (queue.c) until
 * their caller fetches them with CHR_DONE.  The caller is notified only
 * when it had nothing waiting; it then fetches while cd_more says more
 * wait (the contract in chardriver.h).  Entry points:
 * chardriver_done_io() and chardriver_ready(); request.c takes results
 * out (CHR_DONE, CHR_CANCEL).
 */
#include <xinim/errno.h>
#include "chardriver_int.h"

struct cdrv_queue cdrv_done;

/* The table is full: asks every caller with results whether it lives (a
 * notification, harmless to a caller that has results waiting anyway)
 * and drops the results of those that are gone. */
static void
done_purge_dead(void)
{
	endpoint_t seen[CHARDRIVER_DONE_MAX];
	unsigned nseen = 0;

	for (unsigned i = 0; i < cdrv_done.q_n; i++) {
		endpoint_t to = cdrv_done.q_e[i].de_to;
		bool known = false;

		for (unsigned j = 0; j < nseen; j++) {
			known = known || seen[j] == to;
		}
		if (!known) {
			seen[nseen++] = to;
		}
	}
	for (unsigned j = 0; j < nseen; j++) {
		if (cdrv_notify(seen[j]) == -EDEADSRCDST) {
			cdrv_queue_drop(&cdrv_done, seen[j]);
		}
	}
}

/* Queues e and notifies its caller when that caller had nothing
 * waiting.  A caller that is gone loses it and what else it had. */
static int
done_push(const struct cdrv_entry *e)
{
	int before = cdrv_queue_push(&cdrv_done, e);

	if (before == -ENOSPC) {
		done_purge_dead();
		before = cdrv_queue_push(&cdrv_done, e);
	}
	if (before < 0) {
		return before;
	}
	if (before == 0 && cdrv_notify(e->de_to) == -EDEADSRCDST) {
		cdrv_queue_drop(&cdrv_done, e->de_to);
		return -EDEADSRCDST;
	}
	return 0;
}

int
chardriver_done_io(endpoint_t caller, uint64_t id, int64_t result)
{
	struct cdrv_entry e = { caller, CHR_DONE_IO, id, result };

	return done_push(&e);
}

int
chardriver_ready(endpoint_t caller, uint64_t minor, uint64_t bits)
{
	struct cdrv_entry e = { caller, CHR_DONE_READY, minor, (int64_t)bits };

	return done_push(&e);
}
