/*
 * The order and count of the events one service has waiting for
 * RS_GET_EVENT (svc.c keeps them as a fault kind and a bitmap of
 * dependencies with a new endpoint): a fault first, then dependency
 * changes in service order.  Pure functions, unit-tested
 * (tests/unit/test_rs_evqueue.c).
 */
#include <stdint.h>
#include "evqueue.h"

int
rs_evq_next(uint32_t fault, uint32_t deps_changed, int nsvc)
{
	if (fault != 0) {
		return RS_EVQ_FAULT;
	}
	for (int i = 0; i < nsvc && i < 32; i++) {
		if ((deps_changed & (1u << i)) != 0) {
			return i;
		}
	}
	return RS_EVQ_NONE;
}

unsigned
rs_evq_count(uint32_t fault, uint32_t deps_changed, int nsvc)
{
	unsigned n = fault != 0;

	for (int i = 0; i < nsvc && i < 32; i++) {
		n += (deps_changed >> i) & 1;
	}
	return n;
}
