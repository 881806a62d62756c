/*
 * A service's waiting events (evqueue.c): which RS_GET_EVENT hands over
 * next, and how many wait, which each reply reports so that the service
 * stops fetching without a round trip that finds nothing.
 */
#pragma once
#include <stdint.h>

#define RS_EVQ_NONE (-2)  /* nothing waits */
#define RS_EVQ_FAULT (-1) /* the fault to inject goes first */

/* The next event of a service with fault (RS_FAULT_*, 0: none) and
 * deps_changed (bit i: service i of nsvc has a new endpoint): RS_EVQ_FAULT,
 * the index of the dependency, or RS_EVQ_NONE. */
int rs_evq_next(uint32_t fault, uint32_t deps_changed, int nsvc);

/* How many events wait, counted as rs_evq_next() hands them over. */
unsigned rs_evq_count(uint32_t fault, uint32_t deps_changed, int nsvc);
