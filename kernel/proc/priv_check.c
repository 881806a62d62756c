/*
 * Privilege-record checks (see kern/priv_check.h).  Ranges are compared
 * as half-open intervals in 64-bit arithmetic, so no sum can wrap.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/priv_check.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

#define PORT_END 0x10000ULL
#define KCALL_BITS ((1ULL << KC_COUNT) - 1)
#define KNOWN_FLAGS PRIV_IPC_ANY

int
priv_check_wellformed(const struct priv_desc *pd)
{
	if (pd->pd_ipc_count > PRIV_IPC_MAX || pd->pd_io_count > PRIV_IO_MAX ||
	    pd->pd_irq_count > PRIV_IRQ_MAX || pd->pd_mmio_count > PRIV_MMIO_MAX ||
	    pd->pd_dev_count > PRIV_DEV_MAX) {
		return -EINVAL;
	}
	if ((pd->pd_kcalls & ~KCALL_BITS) != 0 || (pd->pd_flags & ~(uint32_t)KNOWN_FLAGS) != 0) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < pd->pd_io_count; i++) {
		const struct priv_io_range *r = &pd->pd_io[i];

		if (r->pio_count == 0 || (uint64_t)r->pio_base + r->pio_count > PORT_END) {
			return -EINVAL;
		}
	}
	for (uint32_t i = 0; i < pd->pd_mmio_count; i++) {
		const struct priv_mmio_range *r = &pd->pd_mmio[i];

		if (r->pmm_size == 0 || r->pmm_base + r->pmm_size < r->pmm_base) {
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Whether [lo, hi) is covered by the union of n ranges given as bases and
 * sizes: walk from lo, each step jumping to the end of a range that holds
 * the current point.  At most n steps, since each uses a range that ends
 * further than the last.
 */
static bool
covered(uint64_t lo, uint64_t hi, const uint64_t *base, const uint64_t *size, uint32_t n)
{
	uint64_t at = lo;

	for (uint32_t step = 0; step <= n && at < hi; step++) {
		uint64_t next = at;

		for (uint32_t i = 0; i < n; i++) {
			if (base[i] <= at && at - base[i] < size[i] && base[i] + size[i] > next) {
				next = base[i] + size[i];
			}
		}
		if (next == at) {
			return false;
		}
		at = next;
	}
	return at >= hi;
}

static bool
ipc_target_ok(endpoint_t ep, const struct priv_desc *parent, endpoint_t parent_ep)
{
	if ((parent->pd_flags & PRIV_IPC_ANY) != 0 || ep == parent_ep) {
		return true;
	}
	for (uint32_t i = 0; i < parent->pd_ipc_count; i++) {
		if (parent->pd_ipc[i] == ep) {
			return true;
		}
	}
	return false;
}

static bool
irq_ok(uint8_t irq, const struct priv_desc *parent)
{
	for (uint32_t i = 0; i < parent->pd_irq_count; i++) {
		if (parent->pd_irq[i] == irq) {
			return true;
		}
	}
	return false;
}

static bool
dev_ok(uint32_t bdf, const struct priv_desc *parent)
{
	for (uint32_t i = 0; i < parent->pd_dev_count; i++) {
		if (parent->pd_dev[i] == bdf) {
			return true;
		}
	}
	return false;
}

int
priv_check_subset(const struct priv_desc *child, const struct priv_desc *parent,
    endpoint_t parent_ep)
{
	uint64_t base[PRIV_MMIO_MAX > PRIV_IO_MAX ? PRIV_MMIO_MAX : PRIV_IO_MAX];
	uint64_t size[sizeof(base) / sizeof(base[0])];

	if ((child->pd_kcalls & ~parent->pd_kcalls) != 0 ||
	    (child->pd_flags & ~parent->pd_flags) != 0 ||
	    child->pd_dma_quota > parent->pd_dma_quota) {
		return -EPERM;
	}
	for (uint32_t i = 0; i < child->pd_ipc_count; i++) {
		if (!ipc_target_ok(child->pd_ipc[i], parent, parent_ep)) {
			return -EPERM;
		}
	}
	for (uint32_t i = 0; i < child->pd_irq_count; i++) {
		if (!irq_ok(child->pd_irq[i], parent)) {
			return -EPERM;
		}
	}
	for (uint32_t i = 0; i < child->pd_dev_count; i++) {
		if (!dev_ok(child->pd_dev[i], parent)) {
			return -EPERM;
		}
	}
	for (uint32_t i = 0; i < parent->pd_io_count; i++) {
		base[i] = parent->pd_io[i].pio_base;
		size[i] = parent->pd_io[i].pio_count;
	}
	for (uint32_t i = 0; i < child->pd_io_count; i++) {
		uint64_t lo = child->pd_io[i].pio_base;

		if (!covered(lo, lo + child->pd_io[i].pio_count, base, size, parent->pd_io_count)) {
			return -EPERM;
		}
	}
	for (uint32_t i = 0; i < parent->pd_mmio_count; i++) {
		base[i] = parent->pd_mmio[i].pmm_base;
		size[i] = parent->pd_mmio[i].pmm_size;
	}
	for (uint32_t i = 0; i < child->pd_mmio_count; i++) {
		uint64_t lo = child->pd_mmio[i].pmm_base;

		if (!covered(lo, lo + child->pd_mmio[i].pmm_size, base, size,
		        parent->pd_mmio_count)) {
			return -EPERM;
		}
	}
	return 0;
}
