/*
 * Reads the Multiboot 1 and Multiboot 2 information blocks into the
 * loader-independent struct boot_info.  Runs on the boot page tables, where
 * the first 4 GiB are reachable through the direct map.
 */
#include <stdint.h>
#include <arch/memlayout.h>
#include <kern/bootinfo.h>
#include <kern/string.h>

#define MB1_BOOT_MAGIC 0x2BADB002
#define MB2_BOOT_MAGIC 0x36D76289

#define MB1_FLAG_MEM (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS (1u << 3)
#define MB1_FLAG_MMAP (1u << 6)
#define MB1_FLAG_LOADER (1u << 9)

struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

struct mb1_module {
	uint32_t start, end, string, reserved;
} __attribute__((packed));

struct mb1_mmap {
	uint32_t size;
	uint64_t base, length;
	uint32_t type;
} __attribute__((packed));

struct mb2_tag {
	uint32_t type, size;
} __attribute__((packed));

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct boot_info boot_info;

static void
copy_str(char *dst, size_t size, uint64_t phys)
{
	if (phys == 0) {
		dst[0] = '\0';
		return;
	}
	strlcpy(dst, phys_to_virt(phys), size);
}

static void
add_range(uint64_t base, uint64_t len, uint32_t type)
{
	if (boot_info.mmap_count >= BOOT_MMAP_MAX || len == 0) {
		return;
	}
	/* Types the spec does not define count as reserved. */
	if (type < MEM_USABLE || type > MEM_BAD) {
		type = MEM_RESERVED;
	}
	boot_info.mmap[boot_info.mmap_count++] = (struct mem_range){ base, len, type };
}

static void
add_module(uint64_t start, uint64_t end, uint64_t name_phys)
{
	if (boot_info.module_count >= BOOT_MODULES_MAX || end <= start) {
		return;
	}
	struct boot_module *m = &boot_info.modules[boot_info.module_count++];
	m->start = start;
	m->end = end;
	copy_str(m->name, sizeof(m->name), name_phys);
}

static void
parse_mb1(const struct mb1_info *mb)
{
	boot_info.loader = "multiboot1";
	boot_info.info_size = sizeof(*mb);
	if (mb->flags & MB1_FLAG_CMDLINE) {
		copy_str(boot_info.cmdline, sizeof(boot_info.cmdline), mb->cmdline);
	}
	if (mb->flags & MB1_FLAG_LOADER) {
		copy_str(boot_info.loader_name, sizeof(boot_info.loader_name),
		    mb->boot_loader_name);
	}
	if (mb->flags & MB1_FLAG_MODS) {
		const struct mb1_module *mods = phys_to_virt(mb->mods_addr);
		for (uint32_t i = 0; i < mb->mods_count; i++) {
			add_module(mods[i].start, mods[i].end, mods[i].string);
		}
	}
	if (mb->flags & MB1_FLAG_MMAP) {
		uint64_t p = mb->mmap_addr, end = p + mb->mmap_length;
		while (p + sizeof(struct mb1_mmap) <= end) {
			const struct mb1_mmap *e = phys_to_virt(p);
			add_range(e->base, e->length, e->type);
			p += e->size + 4;
		}
	} else if (mb->flags & MB1_FLAG_MEM) {
		add_range(0, (uint64_t)mb->mem_lower * 1024, MEM_USABLE);
		add_range(0x100000, (uint64_t)mb->mem_upper * 1024, MEM_USABLE);
	}
}

static void
parse_mb2(uint64_t info_phys)
{
	const uint8_t *base = phys_to_virt(info_phys);
	uint32_t total = *(const uint32_t *)base;

	boot_info.loader = "multiboot2";
	boot_info.info_size = total;
	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(base + off);
		const uint8_t *body = (const uint8_t *)(t + 1);

		if (t->type == MB2_TAG_END || t->size < sizeof(*t)) {
			break;
		}
		switch (t->type) {
		case MB2_TAG_CMDLINE:
			copy_str(boot_info.cmdline, sizeof(boot_info.cmdline), virt_to_phys(body));
			break;
		case MB2_TAG_LOADER:
			copy_str(boot_info.loader_name, sizeof(boot_info.loader_name),
			    virt_to_phys(body));
			break;
		case MB2_TAG_MODULE: {
			const uint32_t *w = (const uint32_t *)body;
			add_module(w[0], w[1], virt_to_phys(&w[2]));
			break;
		}
		case MB2_TAG_MMAP: {
			uint32_t entry_size = ((const uint32_t *)body)[0];
			const uint8_t *e = body + 8;
			const uint8_t *end = (const uint8_t *)t + t->size;
			while (entry_size >= 24 && e + entry_size <= end) {
				const uint64_t *q = (const uint64_t *)e;
				add_range(q[0], q[1], *(const uint32_t *)(e + 16));
				e += entry_size;
			}
			break;
		}
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* The tag holds a copy of the RSDP; keep its address. */
			if (boot_info.rsdp_phys == 0 || t->type == MB2_TAG_ACPI_NEW) {
				boot_info.rsdp_phys = virt_to_phys(body);
			}
			break;
		default:
			break;
		}
		off += (t->size + 7) & ~7u;
	}
}

/*
 * Multiboot 1 loaders put the kernel's path before its arguments.  Drop a
 * first word that looks like a path: arguments always have the form
 * key=value or are bare flags without a '/'.
 */
static void
strip_kernel_path(void)
{
	char *s = boot_info.cmdline;
	size_t n = 0;
	int slash = 0;

	while (s[n] != '\0' && s[n] != ' ') {
		if (s[n] == '=') {
			return;
		}
		slash |= s[n] == '/';
		n++;
	}
	if (!slash) {
		return;
	}
	while (s[n] == ' ') {
		n++;
	}
	memmove(s, s + n, strlen(s + n) + 1);
}

int
bootinfo_parse(uint32_t magic, uint64_t info_phys)
{
	boot_info.info_phys = info_phys;
	if (magic == MB1_BOOT_MAGIC) {
		parse_mb1(phys_to_virt(info_phys));
		strip_kernel_path();
		return 0;
	}
	if (magic == MB2_BOOT_MAGIC) {
		parse_mb2(info_phys);
		strip_kernel_path();
		return 0;
	}
	return -1;
}
