/*
 * Privilege-record checks (kern/res_check.h): IRQ lines, MMIO windows, the
 * I/O permission bitmap and the decoding of I/O instructions.  Pure code,
 * shared by the kernel calls and the host unit tests.
 *
 * Entry points: res_check_irq, res_check_mmio, res_check_is_ram,
 * res_check_io_bitmap, res_check_io_insn.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/res_check.h>
#include <kern/string.h>
#include <xinim/errno.h>

#define X86_MAX_INSN 15 /* the architectural limit on an instruction's length */

static unsigned
clamp_count(uint32_t count, unsigned max)
{
	return count < max ? count : max;
}

bool
res_check_irq(const struct priv_desc *pd, unsigned line)
{
	unsigned n = clamp_count(pd->pd_irq_count, PRIV_IRQ_MAX);

	for (unsigned i = 0; i < n; i++) {
		if (pd->pd_irq[i] == line) {
			return true;
		}
	}
	return false;
}

int
res_check_mmio(const struct priv_desc *pd, uint64_t phys, uint64_t len)
{
	unsigned n = clamp_count(pd->pd_mmio_count, PRIV_MMIO_MAX);
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
res_check_io_bitmap(const struct priv_desc *pd, uint8_t *bitmap)
{
	unsigned n = clamp_count(pd->pd_io_count, PRIV_IO_MAX);
	unsigned allowed = 0;

	memset(bitmap, 0xff, RES_IOBITMAP_BYTES);
	for (unsigned i = 0; i < n; i++) {
		uint32_t port = pd->pd_io[i].pio_base;
		uint32_t end = port + pd->pd_io[i].pio_count;

		if (end > RES_IO_PORTS) {
			end = RES_IO_PORTS;
		}
		for (; port < end; port++) {
			if (bitmap[port / 8] & (1u << (port % 8))) {
				bitmap[port / 8] &= (uint8_t) ~(1u << (port % 8));
				allowed++;
			}
		}
	}
	return allowed;
}

/* Legacy prefixes (operand and address size, segment overrides, LOCK,
 * REP) may come in any number before the opcode; a REX prefix only right
 * before it. */
static bool
is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x66:
	case 0x67:
	case 0x2e:
	case 0x36:
	case 0x3e:
	case 0x26:
	case 0x64:
	case 0x65:
	case 0xf0:
	case 0xf2:
	case 0xf3:
		return true;
	default:
		return false;
	}
}

int
res_check_io_insn(const uint8_t *code, size_t n, uint16_t dx)
{
	size_t i = 0;

	if (n > X86_MAX_INSN) {
		n = X86_MAX_INSN;
	}
	while (i < n && is_legacy_prefix(code[i])) {
		i++;
	}
	if (i < n && (code[i] & 0xf0) == 0x40) {
		i++;
	}
	if (i >= n) {
		return -1;
	}
	switch (code[i]) {
	case 0xe4: /* IN AL/eAX, imm8 */
	case 0xe5:
	case 0xe6: /* OUT imm8, AL/eAX */
	case 0xe7:
		return i + 1 < n ? code[i + 1] : -1;
	case 0xec: /* IN AL/eAX, DX */
	case 0xed:
	case 0xee: /* OUT DX, AL/eAX */
	case 0xef:
	case 0x6c: /* INS */
	case 0x6d:
	case 0x6e: /* OUTS */
	case 0x6f:
		return dx;
	default:
		return -1;
	}
}
