/*
 * Split virtqueues (virtqueue.h): layout, the descriptor free list, adding
 * chains, the kick decision, harvesting used entries.  Everything the
 * device can write (the used ring, avail_event, used->flags) is read once
 * into a local and checked before it is used; the free list and chain
 * links are kept in the driver's slot array, never read back from the
 * descriptor table.
 */
#include <stddef.h>
#include <stdint.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>
#include <xinim/errno.h>

struct virtq_desc {
	uint64_t d_addr;
	uint32_t d_len;
	uint16_t d_flags;
	uint16_t d_next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtio descriptor is 16 bytes");

/* Offsets inside the rings. */
#define AVAIL_FLAGS 0
#define AVAIL_IDX 2
#define AVAIL_RING 4
#define USED_FLAGS 0
#define USED_IDX 2
#define USED_RING 4

/* Queue sizes the specification allows for a split ring. */
static int
size_ok(unsigned size)
{
	return size != 0 && size <= VIRTQ_SIZE_MAX && (size & (size - 1)) == 0;
}

/* The available ring follows the descriptor table directly (its 2-byte
 * alignment is implied); the used ring starts at the next 4 bytes. */
static size_t
avail_offset(unsigned size)
{
	return (size_t)16 * size;
}

static size_t
used_offset(unsigned size)
{
	return (avail_offset(size) + 6 + (size_t)2 * size + 3) & ~(size_t)3;
}

size_t
virtq_mem_size(unsigned size)
{
	if (!size_ok(size)) {
		return 0;
	}
	return used_offset(size) + 6 + (size_t)8 * size;
}

/* Ring fields are reached through volatile pointers: the device reads
 * and writes them behind the compiler's back. */
static volatile uint16_t *
ring16(struct virtq *vq, size_t off)
{
	return (volatile uint16_t *)(vq->vq_mem + off);
}

static volatile struct virtq_desc *
desc(struct virtq *vq, unsigned i)
{
	return (volatile struct virtq_desc *)vq->vq_mem + i;
}

int
virtq_init(struct virtq *vq, unsigned size, void *mem, uint64_t phys, struct virtq_slot *slots,
    int event_idx)
{
	size_t len = virtq_mem_size(size);

	if (len == 0 || ((uintptr_t)mem & 15) != 0 || (phys & 15) != 0 || slots == NULL) {
		return -EINVAL;
	}
	*vq = (struct virtq){ 0 };
	vq->vq_size = (uint16_t)size;
	vq->vq_mem = mem;
	vq->vq_avail_off = avail_offset(size);
	vq->vq_used_off = used_offset(size);
	vq->vq_desc_phys = phys;
	vq->vq_avail_phys = phys + vq->vq_avail_off;
	vq->vq_used_phys = phys + vq->vq_used_off;
	vq->vq_slots = slots;
	vq->vq_event_idx = event_idx != 0;
	for (size_t i = 0; i < len; i++) {
		vq->vq_mem[i] = 0;
	}
	/* The free list starts in order; the end is marked by size. */
	for (unsigned i = 0; i < size; i++) {
		slots[i] = (struct virtq_slot){ .sl_next = (uint16_t)(i + 1) };
	}
	vq->vq_free_head = 0;
	vq->vq_num_free = (uint16_t)size;
	return 0;
}

/* Checks a chain of n_out readable then n_in writable segments: 0 with
 * *in_len the writable bytes, or -EINVAL.  Changes nothing. */
static int
chain_check(const struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in,
    uint64_t *in_len)
{
	unsigned n = n_out + n_in;

	*in_len = 0;
	if (n_out > vq->vq_size || n_in > vq->vq_size || n == 0 || n > vq->vq_size) {
		return -EINVAL;
	}
	for (unsigned k = 0; k < n; k++) {
		if (bufs[k].vb_len == 0) {
			return -EINVAL;
		}
		if (k >= n_out) {
			*in_len += bufs[k].vb_len;
		}
	}
	return *in_len > UINT32_MAX ? -EINVAL : 0;
}

/* Records the chain at head (count descriptors of the ring) as in
 * flight and publishes it in the available ring. */
static void
publish(struct virtq *vq, unsigned head, unsigned count, uint64_t in_len, void *cookie)
{
	vq->vq_slots[head].sl_cookie = cookie;
	vq->vq_slots[head].sl_in_len = (uint32_t)in_len;
	vq->vq_slots[head].sl_count = (uint16_t)count;
	vq->vq_slots[head].sl_inflight = 1;
	vq->vq_inflight++;

	ring16(vq, vq->vq_avail_off + AVAIL_RING)[vq->vq_avail_idx & (vq->vq_size - 1)] =
	    (uint16_t)head;
	/* The descriptors and the ring entry before the index that
	 * publishes them. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->vq_avail_idx++;
	*ring16(vq, vq->vq_avail_off + AVAIL_IDX) = vq->vq_avail_idx;
}

/*
 * Validates the whole request before touching the rings, so a refused add
 * changes nothing; then writes the descriptors, the available ring entry
 * and, last, the index that hands them to the device.
 */
int
virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in,
    void *cookie)
{
	unsigned n = n_out + n_in, head = vq->vq_free_head, i = head;
	uint64_t in_len;
	int err = chain_check(vq, bufs, n_out, n_in, &in_len);

	if (err != 0) {
		return err;
	}
	if (n > vq->vq_num_free) {
		return -ENOSPC;
	}
	/* Taking the first n free descriptors: their free-list links are
	 * already the chain's links. */
	for (unsigned k = 0; k < n; k++) {
		volatile struct virtq_desc *d = desc(vq, i);
		uint16_t flags = k >= n_out ? VIRTQ_DESC_F_WRITE : 0;

		if (k + 1 < n) {
			flags |= VIRTQ_DESC_F_NEXT;
		}
		d->d_addr = bufs[k].vb_phys;
		d->d_len = bufs[k].vb_len;
		d->d_flags = flags;
		d->d_next = k + 1 < n ? vq->vq_slots[i].sl_next : 0;
		if (k + 1 < n) {
			i = vq->vq_slots[i].sl_next;
		}
	}
	vq->vq_free_head = vq->vq_slots[i].sl_next;
	vq->vq_num_free = (uint16_t)(vq->vq_num_free - n);
	publish(vq, head, n, in_len, cookie);
	return (int)head;
}

/*
 * An indirect table is linked 0 -> 1 -> ... -> n-1 by NEXT; the ring's
 * one descriptor names the table with VIRTQ_DESC_F_INDIRECT alone (the
 * specification forbids NEXT and WRITE with it).
 */
int
virtq_add_indirect(struct virtq *vq, const struct virtq_buf *bufs, unsigned n_out, unsigned n_in,
    void *table, uint64_t table_phys, void *cookie)
{
	volatile struct virtq_desc *t = table, *d;
	unsigned n = n_out + n_in, head = vq->vq_free_head;
	uint64_t in_len;
	int err = chain_check(vq, bufs, n_out, n_in, &in_len);

	if (err != 0) {
		return err;
	}
	if (table == NULL || ((uintptr_t)table & 15) != 0 || (table_phys & 15) != 0) {
		return -EINVAL;
	}
	if (vq->vq_num_free == 0) {
		return -ENOSPC;
	}
	for (unsigned k = 0; k < n; k++) {
		uint16_t flags = k >= n_out ? VIRTQ_DESC_F_WRITE : 0;

		if (k + 1 < n) {
			flags |= VIRTQ_DESC_F_NEXT;
		}
		t[k].d_addr = bufs[k].vb_phys;
		t[k].d_len = bufs[k].vb_len;
		t[k].d_flags = flags;
		t[k].d_next = k + 1 < n ? (uint16_t)(k + 1) : 0;
	}
	d = desc(vq, head);
	d->d_addr = table_phys;
	d->d_len = (uint32_t)VIRTQ_INDIRECT_BYTES(n);
	d->d_flags = VIRTQ_DESC_F_INDIRECT;
	d->d_next = 0;
	vq->vq_free_head = vq->vq_slots[head].sl_next;
	vq->vq_num_free--;
	publish(vq, head, 1, in_len, cookie);
	return (int)head;
}

int
virtq_kick_needed(struct virtq *vq)
{
	uint16_t old = vq->vq_kicked_idx, new = vq->vq_avail_idx;

	/* The new avail->idx must be visible before we read what the
	 * device asked for, or both sides may wait for each other. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->vq_kicked_idx = new;
	if (vq->vq_event_idx) {
		uint16_t event = *ring16(vq, vq->vq_used_off + USED_RING + (size_t)8 * vq->vq_size);

		/* Kick if event is one of the indices old..new-1 we just
		 * passed, in 16-bit modular arithmetic. */
		return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
	}
	/* Nothing new since the last decision: nothing to tell. */
	if (new == old) {
		return 0;
	}
	return (*ring16(vq, vq->vq_used_off + USED_FLAGS) & VIRTQ_USED_F_NO_NOTIFY) == 0;
}

/* Returns the chain at head to the free list. */
static void
free_chain(struct virtq *vq, unsigned head)
{
	struct virtq_slot *s = vq->vq_slots;
	unsigned i = head;

	for (unsigned k = 1; k < s[head].sl_count; k++) {
		i = s[i].sl_next;
	}
	s[i].sl_next = vq->vq_free_head;
	vq->vq_free_head = (uint16_t)head;
	vq->vq_num_free = (uint16_t)(vq->vq_num_free + s[head].sl_count);
	s[head].sl_inflight = 0;
	s[head].sl_cookie = NULL;
	vq->vq_inflight--;
}

/*
 * Every value read from the used ring is copied to a local once, so a
 * device changing it between the check and the use cannot win.
 */
int
virtq_harvest(struct virtq *vq, struct virtq_done *done)
{
	uint16_t used_idx = *ring16(vq, vq->vq_used_off + USED_IDX);
	volatile uint32_t *elem;
	uint32_t id, len;

	if (used_idx == vq->vq_last_used) {
		return 0;
	}
	/* The device cannot have used more chains than it was given. */
	if ((uint16_t)(used_idx - vq->vq_last_used) > vq->vq_inflight) {
		vq->vq_bad++;
		return -EIO;
	}
	/* Read the entry only after seeing the index that published it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	elem = (volatile uint32_t *)(vq->vq_mem + vq->vq_used_off + USED_RING) +
	    2 * (vq->vq_last_used & (vq->vq_size - 1));
	id = elem[0];
	len = elem[1];
	vq->vq_last_used++;
	if (id >= vq->vq_size || !vq->vq_slots[id].sl_inflight) {
		vq->vq_bad++;
		return -EIO;
	}
	done->dn_cookie = vq->vq_slots[id].sl_cookie;
	done->dn_id = (uint16_t)id;
	done->dn_len = len;
	done->dn_bad_len = 0;
	if (len > vq->vq_slots[id].sl_in_len) {
		done->dn_len = vq->vq_slots[id].sl_in_len;
		done->dn_bad_len = 1;
		vq->vq_bad++;
	}
	free_chain(vq, id);
	return 1;
}

void
virtq_intr_disable(struct virtq *vq)
{
	if (!vq->vq_event_idx) {
		*ring16(vq, vq->vq_avail_off + AVAIL_FLAGS) = VIRTQ_AVAIL_F_NO_INTERRUPT;
	}
}

int
virtq_intr_enable(struct virtq *vq)
{
	if (vq->vq_event_idx) {
		*ring16(vq, vq->vq_avail_off + AVAIL_RING + (size_t)2 * vq->vq_size) =
		    vq->vq_last_used;
	} else {
		*ring16(vq, vq->vq_avail_off + AVAIL_FLAGS) = 0;
	}
	/* Publish the request before looking for entries that came first. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return *ring16(vq, vq->vq_used_off + USED_IDX) != vq->vq_last_used;
}
