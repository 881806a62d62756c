/*
 * The table of finished results waiting for CHR_DONE (chardriver_int.h):
 * pure code, no IPC, tested on the host (tests/unit/test_chardriver.c).
 * One array in finishing order; removing an entry shifts the later ones
 * down, so every caller's results stay in order.  CHARDRIVER_DONE_MAX is
 * small: a linear scan is the whole index.
 */
#include <xinim/errno.h>
#include "chardriver_int.h"

/* Removes entry i, keeping the order of the others. */
static void
queue_remove(struct cdrv_queue *q, unsigned i)
{
	q->q_n--;
	for (; i < q->q_n; i++) {
		q->q_e[i] = q->q_e[i + 1];
	}
}

unsigned
cdrv_queue_count(const struct cdrv_queue *q, endpoint_t to)
{
	unsigned n = 0;

	for (unsigned i = 0; i < q->q_n; i++) {
		n += q->q_e[i].de_to == to;
	}
	return n;
}

int
cdrv_queue_push(struct cdrv_queue *q, const struct cdrv_entry *e)
{
	int before = (int)cdrv_queue_count(q, e->de_to);

	if (e->de_kind == CHR_DONE_READY) {
		for (unsigned i = 0; i < q->q_n; i++) {
			struct cdrv_entry *o = &q->q_e[i];

			if (o->de_to == e->de_to && o->de_kind == CHR_DONE_READY &&
			    o->de_a == e->de_a) {
				o->de_b |= e->de_b;
				return before;
			}
		}
	}
	if (q->q_n == CHARDRIVER_DONE_MAX) {
		return -ENOSPC;
	}
	q->q_e[q->q_n++] = *e;
	return before;
}

int
cdrv_queue_pop(struct cdrv_queue *q, endpoint_t to, struct cdrv_entry *out, uint64_t *more)
{
	for (unsigned i = 0; i < q->q_n; i++) {
		if (q->q_e[i].de_to != to) {
			continue;
		}
		*out = q->q_e[i];
		queue_remove(q, i);
		*more = cdrv_queue_count(q, to);
		return 0;
	}
	return -ENOENT;
}

unsigned
cdrv_queue_cancel(struct cdrv_queue *q, endpoint_t to, uint64_t id)
{
	unsigned n = 0;

	for (unsigned i = 0; i < q->q_n;) {
		const struct cdrv_entry *e = &q->q_e[i];

		if (e->de_to == to && e->de_kind == CHR_DONE_IO && e->de_a == id) {
			queue_remove(q, i);
			n++;
		} else {
			i++;
		}
	}
	return n;
}

unsigned
cdrv_queue_drop(struct cdrv_queue *q, endpoint_t to)
{
	unsigned n = 0;

	for (unsigned i = 0; i < q->q_n;) {
		if (q->q_e[i].de_to == to) {
			queue_remove(q, i);
			n++;
		} else {
			i++;
		}
	}
	return n;
}
