/*
 * Safecopy: the grantee of a grant copies between its own buffer and the
 * window (KC_SAFECOPY_FROM, KC_SAFECOPY_TO), and a batch of such copies
 * in one call (KC_SAFECOPY_V).  The grant may be direct or indirect; the
 * copy always lands in the memory at the end of the chain.
 *
 * No pointer of either process is trusted: the window is checked against
 * every grant of the chain, then the bytes move a page of the owner's
 * memory at a time with vm_copy(), which walks both page tables and
 * copies through the direct map.  For each page the chain's tables are
 * read-locked (res_grant_chain.c) and the chain checked again, so a
 * revocation anywhere along it, or the death of any process on it, is
 * seen at the next page, and the owner's memory cannot go away while a
 * page is copied.  Copies through different processes' grants take
 * different locks and run in parallel.
 *
 * Entry points: res_safecopy, res_safecopy_vec.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

int
res_safecopy(struct proc *caller, endpoint_t owner_ep, int64_t id, uint64_t offset, uint64_t uaddr,
    uint64_t len, bool to_owner)
{
	unsigned access = to_owner ? GRANT_WRITE : GRANT_READ;
	struct grant_chain c;
	struct res_grant_end end = { 0 };
	uint64_t first, done = 0;
	bool was;
	int err;

	if (!vm_user_range(uaddr, len)) {
		return len == 0 ? -EINVAL : -EFAULT;
	}
	err = res_grant_chain_learn(caller, owner_ep, id, access, offset, len, &c, &end);
	/* Every link adds a constant to the offset, so byte `done` of the
	 * copy is at first + done in the owner. */
	first = end.ge_addr;
	while (err == 0 && done < len) {
		uint64_t chunk = VM_PAGE - ((first + done) & (VM_PAGE - 1));

		if (chunk > len - done) {
			chunk = len - done;
		}
		was = res_grant_chain_lock(&c);
		err = res_grant_chain_walk(&c, caller, owner_ep, id, access, offset + done, chunk,
		    &end);
		if (err == 0) {
			err = to_owner ?
			    vm_copy(caller, uaddr + done, end.ge_owner, end.ge_addr, chunk, 0) :
			    vm_copy(end.ge_owner, end.ge_addr, caller, uaddr + done, chunk, 0);
		}
		res_grant_chain_unlock(&c, was);
		done += chunk;
	}
	if (err != 0) {
		pr_debug("res: %s: safecopy %s %d grant %ld: %d\n", caller->p_name,
		    to_owner ? "to" : "from", owner_ep, id, err);
	}
	return err;
}

int64_t
res_safecopy_vec(struct proc *caller, const struct safecopy_vec *v, size_t n)
{
	uint64_t total = 0;

	/* The whole vector is checked before the first byte moves. */
	if (n == 0 || n > SAFECOPY_VEC_MAX) {
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((v[i].sv_dir != SAFECOPY_FROM && v[i].sv_dir != SAFECOPY_TO) ||
		    v[i].sv_len == 0 || v[i].sv_len > SAFECOPY_VEC_BYTES - total) {
			pr_debug("res: %s: safecopy vector entry %zu malformed\n", caller->p_name,
			    i);
			return -EINVAL;
		}
		if (!vm_user_range(v[i].sv_addr, v[i].sv_len)) {
			return -EFAULT;
		}
		total += v[i].sv_len;
	}
	for (size_t i = 0; i < n; i++) {
		int err = res_safecopy(caller, v[i].sv_owner, v[i].sv_grant, v[i].sv_offset,
		    v[i].sv_addr, v[i].sv_len, v[i].sv_dir == SAFECOPY_TO);

		if (err != 0) {
			return err;
		}
	}
	return (int64_t)total;
}
