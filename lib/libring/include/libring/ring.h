/*
 * libring: single-producer single-consumer rings in shared memory, with
 * notification suppression.  One side fills entries, the other takes
 * them; neither needs a lock or a system call per entry, and each side
 * asks to be notified only when it is about to sleep.
 *
 * The shared part (struct ring, then the entries) is written by both
 * sides, so neither trusts it: each side keeps its own index in private
 * memory (struct ring_view) and reads only the other side's index from
 * the shared header, checking that it is plausible (never more than the
 * ring's size ahead).  A ring found implausible is marked broken
 * (rv_broken) and yields nothing more: the caller treats its peer as
 * faulty.  The entry count must be a power of two; the size of an entry
 * is the caller's.
 *
 * Notification protocol (the usual "flag, fence, check again"):
 *   producer: fill entries, ring_prod_commit(); if it returns true,
 *             notify the consumer.
 *   consumer: take entries, ring_cons_commit() (true: notify the
 *             producer, which waited for space); when none is left call
 *             ring_cons_idle(): true means the wait flag is set and the
 *             ring still empty, so sleep until notified; false means
 *             entries arrived meanwhile: take them.
 * The side that notifies clears the flag it answered, and a side that is
 * busy leaves its own flag clear, so a burst costs at most one
 * notification.
 *
 * Not thread-safe on one side: one producer and one consumer, each a
 * single thread (or a single event loop).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The shared header; the entries follow it.  The two halves sit in
 * separate cache lines so the sides do not write one line. */
struct ring {
	uint32_t r_prod;      /* entries published (free-running); producer writes */
	uint32_t r_prod_wait; /* 1: producer sleeps until space frees */
	uint32_t r_pad0[14];
	uint32_t r_cons;      /* entries taken (free-running); consumer writes */
	uint32_t r_cons_wait; /* 1: consumer sleeps until an entry comes */
	uint32_t r_pad1[14];
};
_Static_assert(sizeof(struct ring) == 128, "ring header is two cache lines");

/* One side's private view of a ring. */
struct ring_view {
	struct ring *rv_ring;
	uint8_t *rv_data;  /* the entries */
	uint32_t rv_size;  /* entries, a power of two */
	uint32_t rv_esize; /* bytes per entry */
	uint32_t rv_mine;  /* our index (prod or cons), the truth */
	uint32_t rv_pub;   /* what we last published of rv_mine */
	bool rv_producer;
	bool rv_broken; /* the peer's index was implausible */
};

/* Bytes a ring of n entries of esize bytes needs (a constant expression). */
#define RING_BYTES(n, esize) (sizeof(struct ring) + (size_t)(n) * (esize))

static inline size_t
ring_bytes(uint32_t n, uint32_t esize)
{
	return sizeof(struct ring) + (size_t)n * esize;
}

/* Sets up v over mem (ring_bytes(n, esize) bytes) as the producer or the
 * consumer.  With init, zeroes the header (the side that creates the
 * shared memory does this once, before the other side attaches).  The
 * view takes its index from the header as it is.  0, or -EINVAL when n
 * is not a power of two or esize is 0. */
int ring_attach(struct ring_view *v, void *mem, uint32_t n, uint32_t esize, bool producer,
    bool init);

/* Producer: the next free entry to fill, or NULL when the ring is full
 * (or broken).  Entries taken this way are published by
 * ring_prod_commit(), in order. */
void *ring_prod_next(struct ring_view *v);
/* Publishes the entries filled since the last commit; true when the
 * consumer asked to be notified. */
bool ring_prod_commit(struct ring_view *v);
/* Before sleeping on a full ring: true when it is still full (the
 * consumer will notify us), false when space freed meanwhile. */
bool ring_prod_idle(struct ring_view *v);

/* Consumer: the next published entry, or NULL when there is none (or the
 * ring is broken).  The entry stays ours until ring_cons_commit(); read
 * what you need from it once: the producer may not change it, but a
 * faulty one might. */
void *ring_cons_next(struct ring_view *v);
/* Hands the entries taken since the last commit back; true when the
 * producer asked to be notified. */
bool ring_cons_commit(struct ring_view *v);
/* Before sleeping on an empty ring: true when it is still empty (the
 * producer will notify us), false when entries arrived meanwhile (the
 * wait flag is cleared again). */
bool ring_cons_idle(struct ring_view *v);

/* Entries published and not yet taken, as this side sees them. */
uint32_t ring_count(struct ring_view *v);
