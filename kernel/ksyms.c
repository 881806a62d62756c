/*
 * Address-to-name lookup over the generated symbol table.
 */
#include <stddef.h>
#include <kern/ksyms.h>

struct ksym {
	uint64_t addr;
	uint32_t name;
	uint32_t pad;
};

extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];
extern const char __text_start[], __text_end[];

const char *
ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	if (addr < (uint64_t)__text_start || addr >= (uint64_t)__text_end || ksyms_count == 0 ||
	    addr < ksyms_table[0].addr) {
		return NULL;
	}
	/* The last entry whose address is <= addr. */
	size_t lo = 0, hi = ksyms_count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= addr) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	*offset = addr - ksyms_table[lo].addr;
	return &ksyms_names[ksyms_table[lo].name];
}
