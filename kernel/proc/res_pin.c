/*
 * Pins for DMA (KC_GRANT_PHYS, KC_GRANT_UNPIN): a driver turns a window
 * of a grant made to it (direct or passed on) into the physical ranges a
 * device can reach, and the frames behind them stay allocated until the
 * driver lets go, whatever the owner of the memory does meanwhile.
 *
 * A pin holds one pageref borrow (kern/pageref.h) on each frame of the
 * window, as a KC_GRANT_MAP mapping does: when the owner unmaps a pinned
 * frame or dies, the frame is orphaned instead of freed, and the pin's
 * release frees it.  So a device never writes into memory that has gone
 * to somebody else.  Pins are the pinner's (res_state.rs_pins): only its
 * own kernel calls and its teardown (res_pin_release) touch the list, so
 * it needs no lock.  The grant is checked, along its whole chain, for
 * every page as it is pinned.
 *
 * Entry points: res_grant_phys, res_grant_unpin, res_pin_release.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/uvm.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/pageref.h>
#include <kern/res.h>
#include <kern/spinlock.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

#define PIN_PAGES_MAX (GRANT_PIN_MAX / VM_PAGE + 1) /* an unaligned window spans one more */

struct grant_pin {
	struct grant_pin *gp_next;
	endpoint_t gp_owner; /* the arguments it was made with, for unpinning */
	int64_t gp_grant;
	uint64_t gp_offset;
	uint64_t gp_len;
	unsigned gp_pages; /* frames borrowed, in gp_pa */
	uint64_t gp_pa[];
};

/* Borrows the frame of owner's own memory at page va.  Under owner's
 * p_vm_lock, so the mapping cannot change in between. */
static int
pin_borrow(struct proc *owner, uint64_t va, uint64_t *pa)
{
	unsigned flags;
	bool was = spin_lock_irqsave(&owner->p_vm_lock);
	int err;

	if (owner->p_cr3 == 0 || !uvm_lookup(owner->p_cr3, va, pa, &flags)) {
		err = -EFAULT;
	} else if ((flags & (UVM_BORROWED | UVM_UNCACHED)) != 0) {
		err = -EFAULT;
	} else {
		err = pageref_borrow(*pa);
	}
	spin_unlock_irqrestore(&owner->p_vm_lock, was);
	return err;
}

/* Gives back every frame of pin and the pin itself. */
static void
pin_free(struct grant_pin *pin)
{
	for (unsigned i = 0; i < pin->gp_pages; i++) {
		pageref_borrow_drop(pin->gp_pa[i]);
	}
	kfree(pin);
}

/* Borrows the frames of [offset, offset+len) of the grant, page by page
 * with the chain checked again for each; first is where byte 0 is in
 * the owner. */
static int
pin_frames(struct proc *caller, const struct grant_chain *c, endpoint_t owner_ep, int64_t id,
    unsigned access, uint64_t first, struct grant_pin *pin, unsigned pages)
{
	uint64_t done = 0;

	for (unsigned k = 0; k < pages; k++) {
		uint64_t chunk = VM_PAGE - ((first + done) & (VM_PAGE - 1));
		struct res_grant_end end;
		bool was;
		int err;

		if (chunk > pin->gp_len - done) {
			chunk = pin->gp_len - done;
		}
		was = res_grant_chain_lock(c);
		err = res_grant_chain_walk(c, caller, owner_ep, id, access, pin->gp_offset + done,
		    chunk, &end);
		if (err == 0) {
			err =
			    pin_borrow(end.ge_owner, end.ge_addr & ~(VM_PAGE - 1), &pin->gp_pa[k]);
		}
		res_grant_chain_unlock(c, was);
		if (err != 0) {
			return err;
		}
		pin->gp_pages++;
		done += chunk;
	}
	return 0;
}

/* The segments of pin's frames into segs (room for max); how many are
 * needed, which may be more than max. */
static unsigned
pin_segments(const struct grant_pin *pin, uint64_t first, struct phys_seg *segs, unsigned max)
{
	uint64_t done = 0;
	unsigned n = 0;

	for (unsigned k = 0; k < pin->gp_pages; k++) {
		uint64_t in = (first + done) & (VM_PAGE - 1), chunk = VM_PAGE - in;
		uint64_t pa;

		if (chunk > pin->gp_len - done) {
			chunk = pin->gp_len - done;
		}
		pa = pin->gp_pa[k] + in;
		if (n > 0 && n <= max && segs[n - 1].ps_addr + segs[n - 1].ps_len == pa) {
			segs[n - 1].ps_len += chunk;
		} else {
			if (n < max) {
				segs[n] = (struct phys_seg){ pa, chunk };
			}
			n++;
		}
		done += chunk;
	}
	return n;
}

int64_t
res_grant_phys(struct proc *caller, endpoint_t owner_ep, int64_t id, uint64_t offset, uint64_t len,
    uint64_t segs, uint64_t nsegs)
{
	struct res_state *rs;
	struct grant_chain c;
	struct res_grant_end end = { 0 };
	struct grant_pin *pin = NULL;
	struct phys_seg *out = NULL;
	unsigned access = GRANT_READ, pages, n;
	int64_t err;

	if (len == 0 || len > GRANT_PIN_MAX || nsegs == 0) {
		err = -EINVAL;
		goto refused;
	}
	/* No window needs more segments than it has pages. */
	if (nsegs > PIN_PAGES_MAX) {
		nsegs = PIN_PAGES_MAX;
	}
	if (!vm_user_range(segs, nsegs * sizeof(struct phys_seg))) {
		err = -EFAULT;
		goto refused;
	}
	rs = res_state_get(caller);
	if (rs == NULL) {
		return -ENOMEM;
	}
	if (rs->rs_npins >= GRANT_PINS_MAX) {
		err = -ENOSPC;
		goto refused;
	}
	/* Either right will do (see xinim/kcall.h). */
	err = res_grant_chain_learn(caller, owner_ep, id, access, offset, len, &c, &end);
	if (err == -EACCES) {
		access = GRANT_WRITE;
		err = res_grant_chain_learn(caller, owner_ep, id, access, offset, len, &c, &end);
	}
	if (err != 0) {
		goto refused;
	}
	pages = (unsigned)(((end.ge_addr + len - 1) / VM_PAGE) - end.ge_addr / VM_PAGE + 1);
	pin = kzalloc(sizeof(*pin) + pages * sizeof(pin->gp_pa[0]));
	out = kmalloc(pages * sizeof(*out));
	if (pin == NULL || out == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	pin->gp_owner = owner_ep;
	pin->gp_grant = id;
	pin->gp_offset = offset;
	pin->gp_len = len;
	err = pin_frames(caller, &c, owner_ep, id, access, end.ge_addr, pin, pages);
	if (err != 0) {
		goto fail;
	}
	n = pin_segments(pin, end.ge_addr, out, pages);
	if (n > nsegs) {
		err = -E2BIG;
		goto fail;
	}
	err = copy_to_user(segs, out, n * sizeof(*out));
	if (err != 0) {
		goto fail;
	}
	kfree(out);
	pin->gp_next = rs->rs_pins;
	rs->rs_pins = pin;
	rs->rs_npins++;
	return n;

fail:
	kfree(out);
	if (pin != NULL) {
		pin_free(pin);
	}
refused:
	pr_debug("res: %s: pin of %d's grant %ld [%#lx+%#lx) refused (%ld)\n", caller->p_name,
	    owner_ep, id, offset, len, err);
	return err;
}

int
res_grant_unpin(struct proc *caller, endpoint_t owner_ep, int64_t id, uint64_t offset, uint64_t len)
{
	struct res_state *rs = caller->p_res;
	struct grant_pin **link;

	if (rs == NULL) {
		return -ENOENT;
	}
	for (link = &rs->rs_pins; *link != NULL; link = &(*link)->gp_next) {
		struct grant_pin *pin = *link;

		if (pin->gp_owner == owner_ep && pin->gp_grant == id && pin->gp_offset == offset &&
		    pin->gp_len == len) {
			*link = pin->gp_next;
			rs->rs_npins--;
			pin_free(pin);
			return 0;
		}
	}
	return -ENOENT;
}

void
res_pin_release(struct proc *p)
{
	struct res_state *rs = p->p_res;

	while (rs != NULL && rs->rs_pins != NULL) {
		struct grant_pin *pin = rs->rs_pins;

		rs->rs_pins = pin->gp_next;
		rs->rs_npins--;
		pin_free(pin);
	}
}
