/*
 * Split virtqueues (virtio 1.x section 2.7) in caller-provided memory.
 * The rings live in one DMA buffer (KC_DMA_ALLOC gives its address in
 * the driver and its physical address for the device); the driver's own
 * bookkeeping (free list, which chains are in flight, their cookies and
 * writable lengths) lives in a separate slot array that the device never
 * sees, so nothing the device writes can redirect the driver: a used
 * entry with an id out of range, not in flight or completed twice is
 * counted and reported, and a length larger than the buffer is clamped.
 *
 * Memory layout for a queue of N entries (N a power of two <= 32768):
 * descriptor table 16*N bytes (16-aligned), then the available ring
 * 6 + 2*N bytes (2-aligned: flags, idx, ring[N], used_event), then the
 * used ring 6 + 8*N bytes at the next 4-byte boundary (flags, idx,
 * ring[N] of {id, len}, avail_event).  Rings are little-endian, as is
 * the CPU.  One thread uses a queue at a time: no locking inside.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* One segment of a buffer chain, by physical address. */
struct virtq_buf {
	uint64_t vb_phys;
	uint32_t vb_len;
};

/* Driver-private state of one descriptor. */
struct virtq_slot {
	void *sl_cookie;     /* the caller's, for a chain head */
	uint32_t sl_in_len;  /* head: total device-writable bytes */
	uint16_t sl_next;    /* free list link, or the next in its chain */
	uint16_t sl_count;   /* head: descriptors in the chain */
	uint8_t sl_inflight; /* head: given to the device, not yet used */
};

/* A completed chain, from virtq_harvest. */
struct virtq_done {
	void *dn_cookie;
	uint32_t dn_len;    /* bytes the device wrote, at most sl_in_len */
	uint16_t dn_id;     /* the chain's head descriptor */
	uint8_t dn_bad_len; /* the device claimed more than the buffer */
};

struct virtq {
	uint16_t vq_size;
	uint16_t vq_num_free;   /* free descriptors */
	uint16_t vq_free_head;  /* vq_size when none */
	uint16_t vq_avail_idx;  /* our copy of avail->idx */
	uint16_t vq_kicked_idx; /* avail->idx at the last kick decision */
	uint16_t vq_last_used;  /* next used entry to look at */
	uint8_t vq_event_idx;   /* VIRTIO_F_EVENT_IDX negotiated */
	unsigned vq_inflight;   /* chains the device holds */
	unsigned vq_bad;        /* device misbehaviours seen */
	volatile uint8_t *vq_mem;
	uint64_t vq_desc_phys, vq_avail_phys, vq_used_phys;
	size_t vq_avail_off, vq_used_off;
	struct virtq_slot *vq_slots;
};

/* Bytes of DMA memory a queue of size entries needs; 0 if size is not
 * a power of two in 1..32768. */
size_t virtq_mem_size(unsigned size);

/*
 * Prepares a queue of size entries over mem (virtq_mem_size bytes,
 * 16-byte aligned, physical address phys) and slots (size entries).
 * Zeroes the rings.  event_idx: VIRTIO_F_EVENT_IDX was negotiated.
 * Returns 0 or -EINVAL (bad size, misaligned memory).
 */
int virtq_init(struct virtq *vq, unsigned size, void *mem, uint64_t phys, struct virtq_slot *slots,
    int event_idx);

/*
 * Makes a chain of n_out device-readable then n_in device-writable
 * segments available to the device; cookie comes back from
 * virtq_harvest.  Returns the head id (>= 0), -ENOSPC if fewer than
 * n_out + n_in descriptors are free, -EINVAL if the chain is empty, has
 * an empty segment or more writable bytes than 32 bits hold.
 */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in,
    void *cookie);

/* Bytes of an indirect table of n descriptors (16 each). */
#define VIRTQ_INDIRECT_BYTES(n) ((size_t)(n)*16)

/*
 * The same chain as virtq_add, but written into an indirect descriptor
 * table (VIRTIO_F_INDIRECT_DESC negotiated): table is the caller's
 * memory of VIRTQ_INDIRECT_BYTES(n_out + n_in) bytes at least, 16-byte
 * aligned, at physical address table_phys, which must stay untouched
 * until the chain is harvested.  The ring gives the chain one
 * descriptor, whatever its length, so a queue holds vq_size of them.
 * Returns the head id, -ENOSPC when no descriptor is free, -EINVAL as
 * virtq_add, and for a misaligned table or more than vq_size segments
 * (the specification's limit on one table).
 */
int virtq_add_indirect(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out,
    unsigned n_in, void *table, uint64_t table_phys, void *cookie);

/*
 * Whether the device must be notified of the chains added since the last
 * call: with event index, if avail_event lies among them; without, unless
 * the device set VIRTQ_USED_F_NO_NOTIFY.  Returns 1 or 0.
 */
int virtq_kick_needed(struct virtq *vq);

/*
 * Takes the next used entry.  Returns 1 with *done filled and its
 * descriptors free again; 0 if there is none; -EIO if the device wrote an
 * impossible entry (id out of range or not in flight: skipped, counted in
 * vq_bad) or an impossible used->idx (the queue is unusable: reset).
 */
int virtq_harvest(struct virtq *vq, struct virtq_done *done);

/* Asks the device not to interrupt for used buffers (a hint). */
void virtq_intr_disable(struct virtq *vq);

/* Asks for an interrupt at the next used buffer.  Returns 1 if used
 * entries are already waiting (harvest them: no interrupt may come). */
int virtq_intr_enable(struct virtq *vq);
