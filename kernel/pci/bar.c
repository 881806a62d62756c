/*
 * Pure PCI helpers: decoding a Base Address Register from its value and
 * its size mask, and the words the boot log uses for sizes and classes.
 *
 * A BAR's low bits say what it is.  Bit 0 set: an I/O range, address in
 * bits 31:2.  Bit 0 clear: memory, with bits 2:1 the type (0 32-bit, 1 the
 * old below-1-MiB kind, 2 64-bit taking the next slot as the high half,
 * 3 reserved), bit 3 prefetchable, address in bits 31:4.  After all ones
 * are written, the bits that stay zero are those inside the decoded range,
 * so the lowest writable address bit is the size.
 */
#include <xinim/errno.h>
#include <kern/pci.h>
#include <kern/printf.h>

#define BAR_IO 0x1
#define BAR_IO_ADDR_MASK 0xfffffffcu
#define BAR_MEM_TYPE_SHIFT 1
#define BAR_MEM_TYPE_64 2
#define BAR_MEM_TYPE_RESERVED 3
#define BAR_MEM_PREFETCH 0x8
#define BAR_MEM_ADDR_MASK 0xfffffff0u

/* The lowest set bit: the size of a naturally aligned decoded range. */
static uint64_t
lowest_bit(uint64_t writable)
{
	return writable & (~writable + 1);
}

int
pci_bar_decode(const uint32_t *vals, const uint32_t *masks, unsigned index, unsigned count,
    struct pci_bar *out)
{
	*out = (struct pci_bar){ .kind = PCI_BAR_NONE };
	if (index >= count) {
		return -EINVAL;
	}
	uint32_t v = vals[index];
	if ((v & BAR_IO) != 0) {
		/* Some devices decode only 16 address bits: the rest read 0. */
		uint32_t writable = masks[index] & BAR_IO_ADDR_MASK;
		if (writable == 0) {
			return 1;
		}
		out->kind = PCI_BAR_IO;
		out->base = v & BAR_IO_ADDR_MASK;
		out->size = lowest_bit(writable);
		return 1;
	}

	unsigned type = (v >> BAR_MEM_TYPE_SHIFT) & 3;
	if (type == BAR_MEM_TYPE_RESERVED) {
		return -EINVAL;
	}
	bool prefetch = (v & BAR_MEM_PREFETCH) != 0;
	if (type == BAR_MEM_TYPE_64) {
		if (index + 1 >= count) {
			return -EINVAL;
		}
		uint64_t writable =
		    (uint64_t)masks[index + 1] << 32 | (masks[index] & BAR_MEM_ADDR_MASK);
		if (writable != 0) {
			out->kind = PCI_BAR_MEM64;
			out->prefetchable = prefetch;
			out->base = (uint64_t)vals[index + 1] << 32 | (v & BAR_MEM_ADDR_MASK);
			out->size = lowest_bit(writable);
		}
		return 2;
	}

	uint32_t writable = masks[index] & BAR_MEM_ADDR_MASK;
	if (writable != 0) {
		out->kind = PCI_BAR_MEM32;
		out->prefetchable = prefetch;
		out->base = v & BAR_MEM_ADDR_MASK;
		out->size = lowest_bit(writable);
	}
	return 1;
}

/* BAR sizes are powers of two, so the unit is exact whenever it applies. */
void
pci_format_size(uint64_t size, char *buf, size_t len)
{
	static const char units[] = { 'K', 'M', 'G', 'T' };
	int unit = -1;

	while (unit < 3 && size >= 1024 && size % 1024 == 0) {
		size /= 1024;
		unit++;
	}
	if (unit < 0) {
		ksnprintf(buf, len, "%lu", (unsigned long)size);
	} else {
		ksnprintf(buf, len, "%lu%c", (unsigned long)size, units[unit]);
	}
}

/* Base class codes from the PCI Code and ID Assignment specification. */
const char *
pci_class_name(uint8_t class_code)
{
	static const char *const names[] = {
		"unclassified",
		"storage",
		"network",
		"display",
		"multimedia",
		"memory",
		"bridge",
		"communication",
		"system",
		"input",
		"docking",
		"processor",
		"serial bus",
		"wireless",
		"intelligent i/o",
		"satellite",
		"encryption",
		"signal processing",
		"accelerator",
		"instrumentation",
	};

	if (class_code < sizeof(names) / sizeof(names[0])) {
		return names[class_code];
	}
	if (class_code == 0x40) {
		return "coprocessor";
	}
	return "other";
}
