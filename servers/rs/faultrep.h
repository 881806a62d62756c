/*
 * A repeated fault (`service fault NAME KIND --every MS --count N`) as a
 * pure schedule: rs injects the first one when asked, and this says when
 * each of the others is due.  An injection goes to whatever instance is
 * running when it is due; while none runs (the service is restarting) it
 * waits, and the next one is due a full period after it actually went
 * out, so injections are never closer than the period.  No clock of its
 * own: the host test drives it with a fake one.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/proto/rs.h>

struct rs_faultrep {
	uint32_t fr_kind;  /* RS_FAULT_* still to inject, 0: nothing scheduled */
	uint32_t fr_left;  /* injections still to come */
	uint64_t fr_every; /* ns between injections */
	uint64_t fr_next;  /* when the next one is due */
};

/* Checks a request for count injections every_ms apart (count 0 or 1:
 * once, every_ms ignored): 0, or -EINVAL when count is past
 * RS_FAULT_COUNT_MAX or a repetition has a period of 0 or past
 * RS_FAULT_EVERY_MAX_MS. */
int rs_faultrep_check(uint64_t every_ms, uint64_t count);

/* Schedules the count - 1 injections of kind that follow the one made at
 * now (nothing when count <= 1), replacing any schedule in fr. */
void rs_faultrep_start(struct rs_faultrep *fr, uint32_t kind, uint64_t every_ms, uint64_t count,
    uint64_t now);

/* Drops what is left of fr's schedule. */
void rs_faultrep_cancel(struct rs_faultrep *fr);

/* At now, with an instance running or not: the kind to inject now (and
 * the schedule moves on), or 0 when none is due or none can take it. */
uint32_t rs_faultrep_due(struct rs_faultrep *fr, uint64_t now, bool running);

/* When the next injection is due, 0 when none is scheduled. */
uint64_t rs_faultrep_deadline(const struct rs_faultrep *fr);
