/*
 * The boot image: the first boot module, a cpio archive holding the servers,
 * drivers, etc/ and the base commands.  The kernel only checks it and keeps
 * its location; rs reads it (later issues).
 */
#pragma once
#include <stdint.h>

struct boot_image {
	uint64_t bi_phys; /* 0 when there is none */
	uint64_t bi_size;
	unsigned bi_files;
};

extern struct boot_image boot_image;

/* Finds the boot image among the boot modules, walks it and logs a summary
 * (or what is wrong with it).  Returns 0 when a valid image was found. */
int bootimage_init(void);
