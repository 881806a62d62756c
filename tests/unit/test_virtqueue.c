/* unit-sources: lib/libvirtio/virtqueue.c */
/*
 * Split virtqueues against a simulated device that reads the rings the
 * way a device does (physical address = host address here): layout and
 * alignment, add -> consume -> harvest cycles past 16-bit index
 * wraparound, chains with readable and writable segments, exhaustion,
 * kick decisions with and without event index, and a malicious device
 * writing ids out of range, ids not in flight, duplicate completions,
 * lengths larger than the buffer and an impossible used index; indirect
 * tables (one ring descriptor per chain, the table's shape, a full ring,
 * bad tables refused).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* The simulated device: its view of one queue. */
struct sim {
	unsigned size;
	struct desc *desc;
	uint16_t *avail; /* flags, idx, ring[size], used_event */
	uint16_t *used;  /* flags, idx, then {u32 id, u32 len}[size], avail_event */
	uint16_t last_avail;
	unsigned consumed;
};

static struct virtq vq;
static struct virtq_slot slots[VIRTQ_SIZE_MAX];
static void *mem;
static struct sim dev;

static void
setup_queue(unsigned size, int event_idx)
{
	size_t len = virtq_mem_size(size);

	free(mem);
	mem = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);
	assert_non_null(mem);
	memset(mem, 0xa5, len); /* init must clear it */
	assert_int_equal(virtq_init(&vq, size, mem, (uint64_t)(uintptr_t)mem, slots, event_idx), 0);
	dev = (struct sim){ .size = size };
	dev.desc = (struct desc *)(uintptr_t)vq.vq_desc_phys;
	dev.avail = (uint16_t *)(uintptr_t)vq.vq_avail_phys;
	dev.used = (uint16_t *)(uintptr_t)vq.vq_used_phys;
}

static int
teardown(void **state)
{
	free(mem);
	mem = NULL;
	return 0;
}

static uint32_t *
used_elem(unsigned slot)
{
	return (uint32_t *)(dev.used + 2) + 2 * (slot % dev.size);
}

/* Publishes a used entry as the device would. */
static void
dev_complete(uint32_t id, uint32_t len)
{
	uint32_t *e = used_elem(dev.used[1]);

	e[0] = id;
	e[1] = len;
	dev.used[1]++;
}

/*
 * Consumes up to max available chains: checks the chain's shape, fills
 * each writable segment with its byte count's low byte and completes it
 * with the number of bytes written.  Returns the number consumed.
 */
static unsigned
dev_consume(unsigned max)
{
	unsigned n = 0;

	while (dev.last_avail != dev.avail[1] && n < max) {
		uint16_t head = dev.avail[2 + dev.last_avail % dev.size];
		uint32_t written = 0;
		unsigned i = head, hops = 0;
		int seen_write = 0;

		struct desc *table = dev.desc;
		unsigned limit = dev.size;

		assert_true(head < dev.size);
		/* An indirect chain: the ring descriptor names a table, which
		 * is walked instead, from its entry 0. */
		if (dev.desc[head].flags & VIRTQ_DESC_F_INDIRECT) {
			assert_int_equal(dev.desc[head].flags, VIRTQ_DESC_F_INDIRECT);
			assert_int_equal(dev.desc[head].len % 16, 0);
			table = (struct desc *)(uintptr_t)dev.desc[head].addr;
			limit = dev.desc[head].len / 16;
			i = 0;
		}
		for (;;) {
			struct desc *d = &table[i];

			assert_true(++hops <= limit);
			assert_false(d->flags & VIRTQ_DESC_F_INDIRECT);
			if (d->flags & VIRTQ_DESC_F_WRITE) {
				memset((void *)(uintptr_t)d->addr, (int)(d->len & 0xff), d->len);
				written += d->len;
				seen_write = 1;
			} else {
				assert_false(seen_write); /* readable ones come first */
			}
			if (!(d->flags & VIRTQ_DESC_F_NEXT)) {
				break;
			}
			i = d->next;
			assert_true(i < limit);
		}
		dev.last_avail++;
		/* With event index, ask to be kicked at the next new buffer. */
		*(uint16_t *)(used_elem(0) + 2 * dev.size) = dev.last_avail;
		dev_complete(head, written);
		dev.consumed++;
		n++;
	}
	return n;
}

static void
test_layout(void **state)
{
	assert_int_equal(virtq_mem_size(0), 0);
	assert_int_equal(virtq_mem_size(3), 0);
	assert_int_equal(virtq_mem_size(65536), 0);
	assert_int_equal(virtq_mem_size(1), 16 + 8 + 14);
	/* 256: desc 4096, avail 4096+518 -> used at 4616, 2054 bytes. */
	assert_int_equal(virtq_mem_size(256), 4616 + 2054);
	assert_int_equal(virtq_mem_size(VIRTQ_SIZE_MAX), 16 * 32768 + 65544 + 262150);
	setup_queue(256, 0);
	assert_int_equal(vq.vq_avail_phys - vq.vq_desc_phys, 4096);
	assert_int_equal(vq.vq_used_phys - vq.vq_desc_phys, 4616);
	assert_int_equal(vq.vq_used_phys % 4, 0);
	assert_int_equal(vq.vq_num_free, 256);
	assert_int_equal(dev.avail[1], 0);
	assert_int_equal(dev.used[1], 0);
	/* Each size's used ring is 4-aligned. */
	for (unsigned s = 1; s <= VIRTQ_SIZE_MAX; s *= 2) {
		setup_queue(s, 1);
		assert_int_equal(vq.vq_used_phys % 4, 0);
		assert_int_equal(vq.vq_num_free, s);
	}
	/* Misaligned memory or physical address, no slots, bad size. */
	assert_int_equal(virtq_init(&vq, 8, (char *)mem + 8, 0x1000, slots, 0), -EINVAL);
	assert_int_equal(virtq_init(&vq, 8, mem, 0x1004, slots, 0), -EINVAL);
	assert_int_equal(virtq_init(&vq, 8, mem, 0x1000, NULL, 0), -EINVAL);
	assert_int_equal(virtq_init(&vq, 12, mem, 0x1000, slots, 0), -EINVAL);
}

/* Data buffers: one per descriptor index at most, 64 bytes each. */
static uint8_t bufs[64][64];

static void
test_cycle_wraparound(void **state)
{
	const unsigned size = 8;
	unsigned added = 0, harvested = 0, next_cookie = 1, expect_cookie = 1;

	setup_queue(size, 0);
	/* 70,000 chains: 3x the queue many times over and past the 16-bit
	 * index wrap of both rings. */
	while (harvested < 70000) {
		struct virtq_done done;
		int r;

		for (;;) {
			unsigned k = next_cookie % 3 + 1; /* chains of 1..3 */
			struct virtq_buf b[3];

			for (unsigned j = 0; j < k; j++) {
				b[j].vb_phys =
				    (uint64_t)(uintptr_t)bufs[(next_cookie * 3 + j) % 64];
				b[j].vb_len = 8 + j;
			}
			r = virtq_add(&vq, b, 1, k - 1, (void *)(uintptr_t)next_cookie);
			if (r == -ENOSPC) {
				break;
			}
			assert_true(r >= 0 && r < (int)size);
			next_cookie++;
			added++;
		}
		dev_consume(added % 5 + 1);
		while ((r = virtq_harvest(&vq, &done)) == 1) {
			unsigned k = expect_cookie % 3 + 1;
			uint32_t want = k == 1 ? 0 : (k == 2 ? 9 : 9 + 10);

			/* The device completes in order, so cookies come back in
			 * order, with the bytes it wrote. */
			assert_int_equal((uintptr_t)done.dn_cookie, expect_cookie);
			assert_int_equal(done.dn_len, want);
			assert_false(done.dn_bad_len);
			expect_cookie++;
			harvested++;
		}
		assert_int_equal(r, 0);
	}
	dev_consume(size);
	while (virtq_harvest(&vq, &(struct virtq_done){ 0 }) == 1) {
	}
	assert_int_equal(vq.vq_num_free, size);
	assert_int_equal(vq.vq_inflight, 0);
	assert_int_equal(vq.vq_bad, 0);
	assert_true(vq.vq_avail_idx < added); /* it wrapped */
}

static void
test_chain_shape(void **state)
{
	struct virtq_buf b[4] = {
		{ (uint64_t)(uintptr_t)bufs[0], 16 },
		{ (uint64_t)(uintptr_t)bufs[1], 32 },
		{ (uint64_t)(uintptr_t)bufs[2], 40 },
		{ (uint64_t)(uintptr_t)bufs[3], 3 },
	};
	struct virtq_done done;
	int head, i;

	setup_queue(16, 0);
	memset(bufs, 0, sizeof(bufs));
	head = virtq_add(&vq, b, 2, 2, &done);
	assert_true(head >= 0);
	assert_int_equal(vq.vq_num_free, 12);
	/* The device sees 2 readable then 2 writable, linked by NEXT. */
	i = head;
	for (int k = 0; k < 4; k++) {
		struct desc *d = &dev.desc[i];

		assert_int_equal(d->addr, b[k].vb_phys);
		assert_int_equal(d->len, b[k].vb_len);
		assert_int_equal(!!(d->flags & VIRTQ_DESC_F_WRITE), k >= 2);
		assert_int_equal(!!(d->flags & VIRTQ_DESC_F_NEXT), k < 3);
		i = d->next;
	}
	assert_int_equal(dev_consume(1), 1);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal(done.dn_id, head);
	assert_int_equal(done.dn_len, 43);
	assert_int_equal(bufs[2][39], 40);
	assert_int_equal(bufs[3][2], 3);
	assert_int_equal(bufs[0][0], 0); /* readable: untouched */
	assert_int_equal(vq.vq_num_free, 16);
}

static void
test_exhaustion(void **state)
{
	struct virtq_buf b[5];
	struct virtq_done done;

	for (int k = 0; k < 5; k++) {
		b[k] = (struct virtq_buf){ (uint64_t)(uintptr_t)bufs[k], 8 };
	}
	setup_queue(4, 0);
	assert_int_equal(virtq_add(&vq, b, 0, 0, NULL), -EINVAL);
	assert_int_equal(virtq_add(&vq, b, 3, 2, NULL), -EINVAL); /* longer than the queue */
	assert_int_equal(virtq_add(&vq, b, 0xffffffffu, 3, NULL), -EINVAL); /* n wraps to 2 */
	b[1].vb_len = 0;
	assert_int_equal(virtq_add(&vq, b, 1, 1, NULL), -EINVAL);
	b[1].vb_len = 8;
	assert_true(virtq_add(&vq, b, 1, 1, NULL) >= 0);
	assert_true(virtq_add(&vq, b, 1, 0, NULL) >= 0);
	/* One left: a chain of two does not fit and changes nothing. */
	assert_int_equal(virtq_add(&vq, b, 1, 1, NULL), -ENOSPC);
	assert_int_equal(vq.vq_num_free, 1);
	assert_int_equal(dev.avail[1], 2);
	assert_true(virtq_add(&vq, b, 0, 1, NULL) >= 0);
	assert_int_equal(virtq_add(&vq, b, 0, 1, NULL), -ENOSPC);
	dev_consume(1);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal(vq.vq_num_free, 2);
	assert_true(virtq_add(&vq, b, 1, 1, NULL) >= 0);
	assert_int_equal(vq.vq_num_free, 0);
}

static void
test_malicious_device(void **state)
{
	struct virtq_buf b[2] = { { (uint64_t)(uintptr_t)bufs[0], 16 },
		{ (uint64_t)(uintptr_t)bufs[1], 8 } };
	struct virtq_done done;
	int h1, h2;

	setup_queue(8, 0);
	h1 = virtq_add(&vq, b, 1, 1, (void *)1);
	h2 = virtq_add(&vq, &b[1], 0, 1, (void *)2);
	/* Id out of range, then the middle of h1's chain (not a head). */
	dev_complete(8, 0);
	assert_int_equal(virtq_harvest(&vq, &done), -EIO);
	dev_complete(0xffffffff, 0);
	assert_int_equal(virtq_harvest(&vq, &done), -EIO);
	dev_complete(dev.desc[h1].next, 8);
	assert_int_equal(virtq_harvest(&vq, &done), -EIO);
	assert_int_equal(virtq_harvest(&vq, &done), 0);
	assert_int_equal(vq.vq_bad, 3);
	assert_int_equal(vq.vq_num_free, 5);
	/* A length larger than the writable part: clamped and flagged. */
	dev_complete((uint32_t)h1, 4096);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal((uintptr_t)done.dn_cookie, 1);
	assert_int_equal(done.dn_len, 8);
	assert_true(done.dn_bad_len);
	/* The same head completed twice. */
	dev_complete((uint32_t)h1, 0);
	assert_int_equal(virtq_harvest(&vq, &done), -EIO);
	assert_int_equal(vq.vq_num_free, 7);
	/* The genuine completion still works. */
	dev_complete((uint32_t)h2, 8);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal((uintptr_t)done.dn_cookie, 2);
	assert_int_equal(done.dn_len, 8);
	assert_int_equal(virtq_harvest(&vq, &done), 0);
	/* A used index far ahead of what is in flight. */
	h1 = virtq_add(&vq, b, 1, 1, (void *)3);
	dev.used[1] += 100;
	assert_int_equal(virtq_harvest(&vq, &done), -EIO);
	assert_int_equal(vq.vq_bad, 6);
	assert_int_equal(vq.vq_num_free, 6);
}

static void
test_kick_no_event_idx(void **state)
{
	struct virtq_buf b = { (uint64_t)(uintptr_t)bufs[0], 8 };

	setup_queue(8, 0);
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 1);
	dev.used[0] = VIRTQ_USED_F_NO_NOTIFY;
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 0);
	dev.used[0] = 0;
	assert_int_equal(virtq_kick_needed(&vq), 0); /* nothing added since */
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 1);
	/* Interrupt suppression is a flag in the available ring. */
	virtq_intr_disable(&vq);
	assert_int_equal(dev.avail[0], VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_int_equal(virtq_intr_enable(&vq), 0);
	assert_int_equal(dev.avail[0], 0);
	dev_consume(1);
	assert_int_equal(virtq_intr_enable(&vq), 1); /* work is waiting */
}

static void
test_kick_event_idx(void **state)
{
	struct virtq_buf b = { (uint64_t)(uintptr_t)bufs[0], 8 };
	uint16_t *avail_event;
	struct virtq_done done;

	setup_queue(4, 1);
	avail_event = (uint16_t *)(used_elem(0) + 2 * dev.size);
	/* The device wants a kick when avail reaches index 2 (its 3rd). */
	*avail_event = 2;
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 0); /* 0..0 */
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 0); /* 1..1 */
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 1); /* 2..2 */
	/* Several adds between two decisions: kick if event is among them. */
	dev_consume(3);
	while (virtq_harvest(&vq, &done) == 1) {
	}
	*avail_event = 4;
	for (int k = 0; k < 3; k++) {
		assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	}
	assert_int_equal(virtq_kick_needed(&vq), 1); /* 3..5 holds 4 */
	/* Across the 16-bit wrap. */
	dev_consume(3);
	while (virtq_harvest(&vq, &done) == 1) {
	}
	while (vq.vq_avail_idx != 0xffff) {
		assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
		dev_consume(1);
		assert_int_equal(virtq_harvest(&vq, &done), 1);
	}
	/* Decided at 0xffff; the device wants a kick at index 1. */
	*avail_event = 1;
	virtq_kick_needed(&vq);
	for (int k = 0; k < 2; k++) {
		assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	}
	assert_int_equal(vq.vq_avail_idx, 1);
	assert_int_equal(virtq_kick_needed(&vq), 0); /* 0xffff..0 */
	assert_true(virtq_add(&vq, &b, 1, 0, NULL) >= 0);
	assert_int_equal(virtq_kick_needed(&vq), 1); /* 1..1 */
	/* used_event is what intr_enable publishes. */
	dev_consume(3);
	while (virtq_harvest(&vq, &done) == 1) {
	}
	assert_int_equal(virtq_intr_enable(&vq), 0);
	assert_int_equal(dev.avail[2 + dev.size], vq.vq_last_used);
}

/* Indirect chains: one ring descriptor each, so a queue of 8 holds 8
 * chains of 6 segments; the table is linked in order, readable first. */
static void
test_indirect(void **state)
{
	static uint8_t data[8][6][64];
	static struct desc tables[9][8] __attribute__((aligned(16)));
	struct virtq_buf b[6];
	struct virtq_done done;
	int heads[8];

	setup_queue(8, 1);
	memset(data, 0, sizeof(data));
	for (int c = 0; c < 8; c++) {
		for (int k = 0; k < 6; k++) {
			b[k] = (struct virtq_buf){ (uint64_t)(uintptr_t)data[c][k],
				(uint32_t)(16 + k) };
		}
		heads[c] = virtq_add_indirect(&vq, b, 2, 4, tables[c],
		    (uint64_t)(uintptr_t)tables[c], &data[c]);
		assert_true(heads[c] >= 0);
		assert_int_equal(vq.vq_num_free, 7 - c);
	}
	/* The table: 2 readable, then 4 writable, linked 0..5. */
	for (int k = 0; k < 6; k++) {
		assert_int_equal(tables[3][k].addr, (uint64_t)(uintptr_t)data[3][k]);
		assert_int_equal(tables[3][k].len, 16 + k);
		assert_int_equal(!!(tables[3][k].flags & VIRTQ_DESC_F_WRITE), k >= 2);
		assert_int_equal(!!(tables[3][k].flags & VIRTQ_DESC_F_NEXT), k < 5);
		if (k < 5) {
			assert_int_equal(tables[3][k].next, k + 1);
		}
	}
	assert_int_equal(dev.desc[heads[3]].len, 6 * 16);
	/* Full: the ring has no descriptor left, whatever the table. */
	assert_int_equal(virtq_add_indirect(&vq, b, 1, 0, tables[8], (uint64_t)(uintptr_t)tables[8],
	                     NULL),
	    -ENOSPC);
	assert_int_equal(dev_consume(8), 8);
	for (int c = 0; c < 8; c++) {
		assert_int_equal(virtq_harvest(&vq, &done), 1);
		assert_ptr_equal(done.dn_cookie, &data[c]);
		assert_int_equal(done.dn_id, heads[c]);
		assert_int_equal(done.dn_len, 18 + 19 + 20 + 21);
		assert_int_equal(data[c][5][20], 21);
		assert_int_equal(data[c][0][0], 0); /* readable: untouched */
	}
	assert_int_equal(virtq_harvest(&vq, &done), 0);
	assert_int_equal(vq.vq_num_free, 8);
	/* Bad tables and chains change nothing. */
	assert_int_equal(virtq_add_indirect(&vq, b, 1, 0, NULL, 0, NULL), -EINVAL);
	assert_int_equal(virtq_add_indirect(&vq, b, 1, 0, (uint8_t *)tables[0] + 8,
	                     (uint64_t)(uintptr_t)tables[0] + 8, NULL),
	    -EINVAL);
	assert_int_equal(virtq_add_indirect(&vq, b, 0, 0, tables[0], (uint64_t)(uintptr_t)tables[0],
	                     NULL),
	    -EINVAL);
	b[1].vb_len = 0;
	assert_int_equal(virtq_add_indirect(&vq, b, 1, 2, tables[0], (uint64_t)(uintptr_t)tables[0],
	                     NULL),
	    -EINVAL);
	assert_int_equal(virtq_add_indirect(&vq, b, 5, 5, tables[0], (uint64_t)(uintptr_t)tables[0],
	                     NULL),
	    -EINVAL); /* more than vq_size segments */
	assert_int_equal(vq.vq_num_free, 8);
	assert_int_equal(vq.vq_inflight, 0);
	/* Mixed with direct chains in one queue. */
	b[1].vb_len = 17;
	assert_true(virtq_add(&vq, b, 1, 2, NULL) >= 0);
	assert_true(
	    virtq_add_indirect(&vq, b, 1, 2, tables[0], (uint64_t)(uintptr_t)tables[0], NULL) >= 0);
	assert_int_equal(vq.vq_num_free, 4);
	assert_int_equal(dev_consume(2), 2);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal(virtq_harvest(&vq, &done), 1);
	assert_int_equal(vq.vq_num_free, 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_layout, teardown),
		cmocka_unit_test_teardown(test_cycle_wraparound, teardown),
		cmocka_unit_test_teardown(test_chain_shape, teardown),
		cmocka_unit_test_teardown(test_exhaustion, teardown),
		cmocka_unit_test_teardown(test_malicious_device, teardown),
		cmocka_unit_test_teardown(test_kick_no_event_idx, teardown),
		cmocka_unit_test_teardown(test_kick_event_idx, teardown),
		cmocka_unit_test_teardown(test_indirect, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
