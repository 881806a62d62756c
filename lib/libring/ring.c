/*
 * The single-producer single-consumer ring (libring/ring.h).
 *
 * Ordering: an entry is written before the index that publishes it
 * (release store), and read after the index that says it is there
 * (acquire load).  The sleep protocol needs more: "set my wait flag, then
 * read the other index" must not be reordered (a store followed by a load
 * of another location may be, even on x86), so both idle calls and both
 * commits put a full fence between the store and the load.
 */
#include <libring/ring.h>
#include <string.h>
#include <xinim/errno.h>

#define LOAD_ACQ(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_REL(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)

int
ring_attach(struct ring_view *v, void *mem, uint32_t n, uint32_t esize, bool producer, bool init)
{
	struct ring *r = mem;

	if (n == 0 || (n & (n - 1)) != 0 || esize == 0 || mem == NULL) {
		return -EINVAL;
	}
	if (init) {
		memset(r, 0, sizeof(*r));
	}
	v->rv_ring = r;
	v->rv_data = (uint8_t *)mem + sizeof(*r);
	v->rv_size = n;
	v->rv_esize = esize;
	v->rv_producer = producer;
	v->rv_broken = false;
	v->rv_mine = LOAD_ACQ(producer ? &r->r_prod : &r->r_cons);
	v->rv_pub = v->rv_mine;
	return 0;
}

/* The peer's index, checked against what this side has published: the
 * consumer may have taken only entries the producer published (never
 * more), and the producer may fill at most size entries past what the
 * consumer handed back, and never go back behind what the consumer has
 * taken.  Marks the view broken otherwise. */
static bool
ring_peer(struct ring_view *v, uint32_t *peer)
{
	uint32_t p = LOAD_ACQ(v->rv_producer ? &v->rv_ring->r_cons : &v->rv_ring->r_prod);
	bool ok;

	if (v->rv_producer) {
		ok = v->rv_pub - p <= v->rv_size;
	} else {
		ok = p - v->rv_pub <= v->rv_size && p - v->rv_pub >= v->rv_mine - v->rv_pub;
	}
	if (!ok) {
		v->rv_broken = true;
		return false;
	}
	*peer = p;
	return true;
}

uint32_t
ring_count(struct ring_view *v)
{
	uint32_t p;

	if (v->rv_broken || !ring_peer(v, &p)) {
		return 0;
	}
	return v->rv_producer ? v->rv_mine - p : p - v->rv_mine;
}

static void *
ring_entry(struct ring_view *v, uint32_t idx)
{
	return v->rv_data + (size_t)(idx & (v->rv_size - 1)) * v->rv_esize;
}

void *
ring_prod_next(struct ring_view *v)
{
	uint32_t cons;
	void *e;

	if (v->rv_broken || !ring_peer(v, &cons) || v->rv_mine - cons >= v->rv_size) {
		return NULL;
	}
	e = ring_entry(v, v->rv_mine);
	v->rv_mine++;
	return e;
}

bool
ring_prod_commit(struct ring_view *v)
{
	struct ring *r = v->rv_ring;

	if (v->rv_pub == v->rv_mine) {
		return false;
	}
	STORE_REL(&r->r_prod, v->rv_mine);
	v->rv_pub = v->rv_mine;
	FENCE();
	/* The flag is cleared by whoever notifies, so a burst costs one. */
	return LOAD_ACQ(&r->r_cons_wait) != 0 &&
	    __atomic_exchange_n(&r->r_cons_wait, 0, __ATOMIC_ACQ_REL) != 0;
}

bool
ring_prod_idle(struct ring_view *v)
{
	struct ring *r = v->rv_ring;
	uint32_t cons;

	STORE_REL(&r->r_prod_wait, 1);
	FENCE();
	if (v->rv_broken || !ring_peer(v, &cons)) {
		return true;
	}
	if (v->rv_mine - cons < v->rv_size) {
		STORE_REL(&r->r_prod_wait, 0);
		return false;
	}
	return true;
}

void *
ring_cons_next(struct ring_view *v)
{
	uint32_t prod;
	void *e;

	if (v->rv_broken || !ring_peer(v, &prod) || prod == v->rv_mine) {
		return NULL;
	}
	e = ring_entry(v, v->rv_mine);
	v->rv_mine++;
	return e;
}

bool
ring_cons_commit(struct ring_view *v)
{
	struct ring *r = v->rv_ring;

	if (v->rv_pub == v->rv_mine) {
		return false;
	}
	STORE_REL(&r->r_cons, v->rv_mine);
	v->rv_pub = v->rv_mine;
	FENCE();
	return LOAD_ACQ(&r->r_prod_wait) != 0 &&
	    __atomic_exchange_n(&r->r_prod_wait, 0, __ATOMIC_ACQ_REL) != 0;
}

bool
ring_cons_idle(struct ring_view *v)
{
	struct ring *r = v->rv_ring;
	uint32_t prod;

	STORE_REL(&r->r_cons_wait, 1);
	FENCE();
	if (v->rv_broken || !ring_peer(v, &prod)) {
		return true;
	}
	if (prod != v->rv_mine) {
		STORE_REL(&r->r_cons_wait, 0);
		return false;
	}
	return true;
}
