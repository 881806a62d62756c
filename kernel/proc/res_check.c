/*
 * Privilege-record checks (kern/res_check.h): IRQ lines, MMIO windows, the
 * I/O permission bitmap.  Pure code, shared by the kernel calls and the
 * host unit tests.
 *
 * Entry points: res_check_irq, res_check_dev, res_check_mmio,
 * res_check_is_ram, res_check_io_open, res_check_io_bitmap.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/res_check.h>
#include <kern/string.h>
#include <xinim/errno.h>

/* A count of a record, clamped to its array.  The acquire load pairs with
 * KC_DEV_GRANT's release store (kern/priv_grant.h): entries below the
 * count read are complete. */
static unsigned
clamp_count(const uint32_t *count, unsigned max)
{
	uint32_t n = __atomic_load_n(count, __ATOMIC_ACQUIRE);

	return n < max ? n : max;
}

bool
res_check_irq(const struct priv_desc *pd, unsigned line)
{
	unsigned n = clamp_count(&pd->pd_irq_count, PRIV_IRQ_MAX);

	for (unsigned i = 0; i < n; i++) {
		if (pd->pd_irq[i] == line) {
			return true;
		}
	}
	return false;
}

bool
res_check_dev(const struct priv_desc *pd, uint32_t bdf)
{
	unsigned n = clamp_count(&pd->pd_dev_count, PRIV_DEV_MAX);

	for (unsigned i = 0; i < n; i++) {
		if (pd->pd_dev[i] == bdf) {
			return true;
		}
	}
	return false;
}

int
res_check_mmio(const struct priv_desc *pd, uint64_t phys, uint64_t len)
{
	unsigned n = clamp_count(&pd->pd_mmio_count, PRIV_MMIO_MAX);
	uint64_t end = phys + len;

	if (len == 0 || end < phys) {
		return -EINVAL;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct priv_mmio_range *r = &pd->pd_mmio[i];
		uint64_t rend = r->pmm_base + r->pmm_size;

		/* A range that wraps in the record itself grants nothing. */
		if (r->pmm_size == 0 || rend < r->pmm_base) {
			continue;
		}
		if (phys >= r->pmm_base && end <= rend) {
			return 0;
		}
	}
	return -EPERM;
}

bool
res_check_is_ram(const struct mem_range *map, unsigned n, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t rend = map[i].base + map[i].length;

		if (map[i].type != MEM_USABLE && map[i].type != MEM_ACPI_RECLAIM &&
		    map[i].type != MEM_ACPI_NVS) {
			continue;
		}
		if (rend < map[i].base) {
			rend = UINT64_MAX; /* a range that wraps reaches the top */
		}
		if (base < rend && map[i].base < end) {
			return true;
		}
	}
	return false;
}

unsigned
res_check_io_open(uint8_t *bitmap, uint32_t base, uint32_t count)
{
	uint32_t end = base + count;
	unsigned opened = 0;

	if (end > RES_IO_PORTS || end < base) {
		end = RES_IO_PORTS;
	}
	for (uint32_t port = base; port < end; port++) {
		if (bitmap[port / 8] & (1u << (port % 8))) {
			bitmap[port / 8] &= (uint8_t) ~(1u << (port % 8));
			opened++;
		}
	}
	return opened;
}

unsigned
res_check_io_bitmap(const struct priv_desc *pd, uint8_t *bitmap)
{
	unsigned n = clamp_count(&pd->pd_io_count, PRIV_IO_MAX);
	unsigned allowed = 0;

	memset(bitmap, 0xff, RES_IOBITMAP_BYTES);
	for (unsigned i = 0; i < n; i++) {
		allowed += res_check_io_open(bitmap, pd->pd_io[i].pio_base, pd->pd_io[i].pio_count);
	}
	return allowed;
}
