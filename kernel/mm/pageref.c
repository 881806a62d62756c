/*
 * Shared-frame reference counts (kern/pageref.h): a small hash table of
 * the frames some address space borrows, keyed by frame number, each
 * entry counting borrowers and remembering whether the owner has already
 * let go.  One lock, taken with interrupts off.
 *
 * Entry points: pageref_borrow, pageref_owner_drop, pageref_borrow_drop,
 * pageref_count.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/pageref.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>

#define PAGEREF_BUCKETS 256

struct pageref {
	uint64_t pr_pfn;
	uint32_t pr_borrowers; /* > 0 while the entry exists */
	bool pr_orphaned;      /* the owner unmapped it: the last borrower frees */
	struct pageref *pr_next;
};

static struct spinlock pageref_lock = SPINLOCK_INIT("pageref");
static struct pageref *pageref_table[PAGEREF_BUCKETS]; /* guarded by pageref_lock */
static uint64_t pageref_entries;

/* The link that points at pfn's entry, or at the end of its bucket. */
static struct pageref **
pageref_find(uint64_t pfn)
{
	struct pageref **link = &pageref_table[(pfn ^ (pfn >> 8)) % PAGEREF_BUCKETS];

	while (*link != NULL && (*link)->pr_pfn != pfn) {
		link = &(*link)->pr_next;
	}
	return link;
}

int
pageref_borrow(uint64_t pa)
{
	struct pageref *fresh = kzalloc(sizeof(*fresh)), **link;
	bool was;

	if (fresh == NULL) {
		return -ENOMEM;
	}
	was = spin_lock_irqsave(&pageref_lock);
	link = pageref_find(pa / FRAME_SIZE);
	if (*link == NULL) {
		fresh->pr_pfn = pa / FRAME_SIZE;
		*link = fresh;
		fresh = NULL;
		pageref_entries++;
	}
	(*link)->pr_borrowers++;
	spin_unlock_irqrestore(&pageref_lock, was);
	kfree(fresh);
	return 0;
}

bool
pageref_owner_drop(uint64_t pa)
{
	struct pageref **link;
	bool was, free_now = true;

	if (__atomic_load_n(&pageref_entries, __ATOMIC_RELAXED) == 0) {
		return true;
	}
	was = spin_lock_irqsave(&pageref_lock);
	link = pageref_find(pa / FRAME_SIZE);
	if (*link != NULL) {
		(*link)->pr_orphaned = true;
		free_now = false;
	}
	spin_unlock_irqrestore(&pageref_lock, was);
	return free_now;
}

void
pageref_borrow_drop(uint64_t pa)
{
	struct pageref **link, *gone = NULL;
	bool was, orphaned = false;

	if (__atomic_load_n(&pageref_entries, __ATOMIC_RELAXED) == 0) {
		return;
	}
	was = spin_lock_irqsave(&pageref_lock);
	link = pageref_find(pa / FRAME_SIZE);
	if (*link != NULL && --(*link)->pr_borrowers == 0) {
		gone = *link;
		orphaned = gone->pr_orphaned;
		*link = gone->pr_next;
		pageref_entries--;
	}
	spin_unlock_irqrestore(&pageref_lock, was);
	kfree(gone);
	if (orphaned) {
		frame_free(pa & ~(FRAME_SIZE - 1), 0);
	}
}

uint64_t
pageref_count(void)
{
	return __atomic_load_n(&pageref_entries, __ATOMIC_RELAXED);
}
