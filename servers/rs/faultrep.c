/*
 * The schedule of a repeated fault (faultrep.h).
 */
#include <xinim/errno.h>
#include "faultrep.h"

#define FAULTREP_NS_PER_MS 1000000ull

int
rs_faultrep_check(uint64_t every_ms, uint64_t count)
{
	if (count > RS_FAULT_COUNT_MAX) {
		return -EINVAL;
	}
	if (count > 1 && (every_ms == 0 || every_ms > RS_FAULT_EVERY_MAX_MS)) {
		return -EINVAL;
	}
	return 0;
}

void
rs_faultrep_start(struct rs_faultrep *fr, uint32_t kind, uint64_t every_ms, uint64_t count,
    uint64_t now)
{
	rs_faultrep_cancel(fr);
	if (count <= 1 || kind == 0 || rs_faultrep_check(every_ms, count) != 0) {
		return;
	}
	fr->fr_kind = kind;
	fr->fr_left = (uint32_t)(count - 1);
	fr->fr_every = every_ms * FAULTREP_NS_PER_MS;
	fr->fr_next = now + fr->fr_every;
}

void
rs_faultrep_cancel(struct rs_faultrep *fr)
{
	fr->fr_kind = 0;
	fr->fr_left = 0;
	fr->fr_every = 0;
	fr->fr_next = 0;
}

uint32_t
rs_faultrep_due(struct rs_faultrep *fr, uint64_t now, bool running)
{
	uint32_t kind = fr->fr_kind;

	if (fr->fr_left == 0 || now < fr->fr_next || !running) {
		return 0;
	}
	/* Spaced from this injection, not from when it was due: one
	 * postponed by a restart does not bring the next one closer. */
	fr->fr_next = now + fr->fr_every;
	if (--fr->fr_left == 0) {
		rs_faultrep_cancel(fr);
	}
	return kind;
}

uint64_t
rs_faultrep_deadline(const struct rs_faultrep *fr)
{
	return fr->fr_left > 0 ? fr->fr_next : 0;
}
