/*
 * What the boot loader told us, in one loader-independent form.  Filled by
 * bootinfo_parse() from a Multiboot 1 or Multiboot 2 information block
 * before anything else runs; read-only afterwards.
 */
#pragma once
#include <stdint.h>

#define BOOT_MMAP_MAX 128
#define BOOT_MODULES_MAX 16
#define BOOT_CMDLINE_MAX 4096
#define BOOT_NAME_MAX 64

enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIM = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

struct mem_range {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum mem_type */
};

struct boot_module {
	uint64_t start;           /* physical */
	uint64_t end;             /* physical, exclusive */
	char name[BOOT_NAME_MAX]; /* the module's command line */
};

struct boot_info {
	const char *loader; /* "multiboot1" or "multiboot2" */
	char loader_name[BOOT_NAME_MAX];
	char cmdline[BOOT_CMDLINE_MAX];
	unsigned mmap_count;
	struct mem_range mmap[BOOT_MMAP_MAX];
	unsigned module_count;
	struct boot_module modules[BOOT_MODULES_MAX];
	uint64_t rsdp_phys;            /* 0: search for it */
	uint64_t info_phys, info_size; /* the loader's block, to keep */
};

extern struct boot_info boot_info;

/* Fills boot_info from the loader's block; returns 0 or -1 (unknown magic). */
int bootinfo_parse(uint32_t magic, uint64_t info_phys);
