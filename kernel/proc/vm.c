/*
 * Process address spaces (see kern/vm.h): the policy over the page-table
 * mechanics of arch/uvm.h.  Ranges are checked here; every user access
 * goes through vm_translate(), which never touches user memory itself.
 */
#include <arch/memlayout.h>
#include <arch/uvm.h>
#include <kern/frame.h>
#include <kern/pageref.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <kern/vm.h>
#include <xinim/errno.h>

bool
vm_user_range(uint64_t va, uint64_t len)
{
	return len > 0 && va >= VM_USER_MIN && va < VM_USER_END && len <= VM_USER_END - va;
}

static bool
vm_aligned(uint64_t va, uint64_t len)
{
	return ((va | len) & (VM_PAGE - 1)) == 0;
}

static unsigned
vm_uvm_rights(unsigned prot)
{
	/* PROT_READ, PROT_WRITE and PROT_EXEC have the UVM_* values. */
	return prot & (UVM_READ | UVM_WRITE | UVM_EXEC);
}

int
vm_create(struct proc *p)
{
	p->p_vm_lock = SPINLOCK_INIT("proc vm");
	p->p_mmap_next = VM_MMAP_BASE;
	p->p_frames = 0;
	p->p_bootimage_va = 0;
	p->p_cr3 = uvm_create();
	return p->p_cr3 != 0 ? 0 : -ENOMEM;
}

void
vm_destroy(struct proc *p)
{
	bool was = spin_lock_irqsave(&p->p_vm_lock);
	uint64_t cr3 = p->p_cr3;

	p->p_cr3 = 0;
	spin_unlock_irqrestore(&p->p_vm_lock, was);
	if (cr3 != 0) {
		uvm_destroy(cr3);
	}
	p->p_frames = 0;
}

/* Fails with -EEXIST when any page of the range is mapped. */
static int
vm_range_free(struct proc *p, uint64_t va, uint64_t len)
{
	uint64_t pa;
	unsigned f;

	for (uint64_t off = 0; off < len; off += VM_PAGE) {
		if (uvm_lookup(p->p_cr3, va + off, &pa, &f)) {
			return -EEXIST;
		}
	}
	return 0;
}

/* Maps one page under the lock, so that third-party readers see whole
 * entries. */
static int
vm_map_one(struct proc *p, uint64_t va, uint64_t pa, unsigned flags)
{
	bool was = spin_lock_irqsave(&p->p_vm_lock);
	int err = uvm_map(p->p_cr3, va, pa, flags);

	spin_unlock_irqrestore(&p->p_vm_lock, was);
	return err;
}

int
vm_map_anon(struct proc *p, uint64_t va, uint64_t len, unsigned prot)
{
	uint64_t off;
	int err;

	if (!vm_user_range(va, len) || !vm_aligned(va, len)) {
		return -EINVAL;
	}
	err = vm_range_free(p, va, len);
	if (err != 0) {
		return err;
	}
	for (off = 0; off < len; off += VM_PAGE) {
		uint64_t frame = frame_alloc(0, FRAME_ZERO);

		if (frame == 0) {
			err = -ENOMEM;
			goto undo;
		}
		err = vm_map_one(p, va + off, frame, vm_uvm_rights(prot));
		if (err != 0) {
			frame_free(frame, 0);
			goto undo;
		}
		p->p_frames++;
	}
	return 0;

undo:
	vm_unmap(p, va, off);
	return err;
}

int
vm_map_borrowed(struct proc *p, uint64_t va, uint64_t pa, uint64_t len, unsigned prot,
    unsigned flags)
{
	unsigned f = vm_uvm_rights(prot) | UVM_BORROWED;
	uint64_t off;
	int err;

	if (!vm_user_range(va, len) || !vm_aligned(va, len) || (pa & (VM_PAGE - 1)) != 0) {
		return -EINVAL;
	}
	if ((flags & VM_MAP_UNCACHED) != 0) {
		f |= UVM_UNCACHED;
	}
	err = vm_range_free(p, va, len);
	if (err != 0) {
		return err;
	}
	for (off = 0; off < len; off += VM_PAGE) {
		err = vm_map_one(p, va + off, pa + off, f);
		if (err != 0) {
			vm_unmap(p, va, off);
			return err;
		}
	}
	return 0;
}

uint64_t
vm_reserve(struct proc *p, uint64_t len)
{
	uint64_t va = p->p_mmap_next;

	len = (len + VM_PAGE - 1) & ~(VM_PAGE - 1);
	if (len == 0 || len > VM_MMAP_END - va || VM_MMAP_END - va - len < VM_PAGE) {
		return 0;
	}
	p->p_mmap_next = va + len + VM_PAGE;
	return va;
}

int
vm_unmap(struct proc *p, uint64_t va, uint64_t len)
{
	if (len == 0) {
		return 0;
	}
	if (!vm_user_range(va, len) || !vm_aligned(va, len)) {
		return -EINVAL;
	}
	for (uint64_t off = 0; off < len; off += VM_PAGE) {
		bool was = spin_lock_irqsave(&p->p_vm_lock);
		uint64_t pa, next = uvm_skip_absent(p->p_cr3, va + off);
		unsigned f;
		int err = -ENOENT;

		/* Regions without page tables are skipped whole: a range may
		 * span all of user space (2^35 pages). */
		if (next == va + off) {
			err = uvm_unmap(p->p_cr3, va + off, &pa, &f);
		} else {
			off = next - va - VM_PAGE;
		}
		spin_unlock_irqrestore(&p->p_vm_lock, was);
		if (err != 0) {
			continue;
		}
		/* Shared frames (kern/pageref.h) go when their last user does. */
		if ((f & UVM_BORROWED) != 0) {
			pageref_borrow_drop(pa);
		} else {
			if (pageref_owner_drop(pa)) {
				frame_free(pa, 0);
			}
			p->p_frames--;
		}
	}
	return 0;
}

/*
 * The kernel address of user address va in p, valid up to the end of its
 * page, or NULL when the page is not a present user page of memory (or is
 * read-only and write is asked).  p_vm_lock held, or p is the caller.
 */
static uint8_t *
vm_translate(struct proc *p, uint64_t va, bool write)
{
	uint64_t pa;
	unsigned f;

	if (p->p_cr3 == 0 || va < VM_USER_MIN || va >= VM_USER_END) {
		return NULL;
	}
	if (!uvm_lookup(p->p_cr3, va, &pa, &f)) {
		return NULL;
	}
	if (write && (f & UVM_WRITE) == 0) {
		return NULL;
	}
	/* Device memory (KC_MMIO_MAP) need not be in the direct map, and
	 * kernel copies through it would be wrong anyway: refused. */
	if ((f & UVM_UNCACHED) != 0) {
		return NULL;
	}
	return phys_to_virt(pa);
}

/* Locks p unless it is NULL (kernel memory) or the caller itself. */
static bool
vm_lock_other(struct proc *p, struct proc *self, bool *was)
{
	if (p == NULL || p == self) {
		return false;
	}
	*was = spin_lock_irqsave(&p->p_vm_lock);
	return true;
}

int
vm_copy(struct proc *from, uint64_t fva, struct proc *to, uint64_t tva, size_t len, unsigned flags)
{
	struct proc *self = proc_current();
	bool force = (flags & VM_COPY_FORCE) != 0;

	/* Wrapping ranges are refused whole, before anything is copied. */
	if ((from != NULL && !vm_user_range(fva, len)) ||
	    (to != NULL && !vm_user_range(tva, len))) {
		return len == 0 ? 0 : -EFAULT;
	}
	while (len > 0) {
		struct proc *first = from, *second = to;
		bool w1 = false, w2 = false, l1, l2;
		size_t n = len;
		uint8_t *src, *dst;
		int err = 0;

		if (from != NULL && n > VM_PAGE - (fva & (VM_PAGE - 1))) {
			n = VM_PAGE - (fva & (VM_PAGE - 1));
		}
		if (to != NULL && n > VM_PAGE - (tva & (VM_PAGE - 1))) {
			n = VM_PAGE - (tva & (VM_PAGE - 1));
		}
		/* Two locks only when neither side is the caller: by address,
		 * released in the reverse order. */
		if (from != NULL && to != NULL && from > to) {
			first = to;
			second = from;
		}
		l1 = vm_lock_other(first, self, &w1);
		l2 = second != first && vm_lock_other(second, self, &w2);
		src = from != NULL ? vm_translate(from, fva, false) : (uint8_t *)fva;
		dst = to != NULL ? vm_translate(to, tva, !force) : (uint8_t *)tva;
		if (src == NULL || dst == NULL) {
			err = -EFAULT;
		} else {
			memcpy(dst, src, n);
		}
		if (l2) {
			spin_unlock_irqrestore(&second->p_vm_lock, w2);
		}
		if (l1) {
			spin_unlock_irqrestore(&first->p_vm_lock, w1);
		}
		if (err != 0) {
			return err;
		}
		fva += n;
		tva += n;
		len -= n;
	}
	return 0;
}

int
copy_from_user(void *dst, uint64_t usrc, size_t len)
{
	struct proc *self = proc_current();

	if (self == NULL) {
		return -EFAULT;
	}
	return vm_copy(self, usrc, NULL, (uint64_t)dst, len, 0);
}

int
copy_to_user(uint64_t udst, const void *src, size_t len)
{
	struct proc *self = proc_current();

	if (self == NULL) {
		return -EFAULT;
	}
	return vm_copy(NULL, (uint64_t)src, self, udst, len, 0);
}
