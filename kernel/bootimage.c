/*
 * Locating and checking the boot image.
 */
#include <arch/memlayout.h>
#include <kern/bootimage.h>
#include <kern/bootinfo.h>
#include <kern/cpio.h>
#include <kern/log.h>

struct boot_image boot_image;

int
bootimage_init(void)
{
	if (boot_info.module_count == 0) {
		pr_warn("boot image: none (no boot module was loaded)\n");
		return -1;
	}
	const struct boot_module *m = &boot_info.modules[0];
	const uint8_t *buf = phys_to_virt(m->start);
	size_t len = m->end - m->start, off = 0;
	struct cpio_entry e;
	unsigned files = 0;
	int r;

	while ((r = cpio_next(buf, len, &off, &e)) == 0) {
		files++;
	}
	if (r < 0) {
		pr_warn("boot image: '%s' is corrupt at byte %zu (%s); ignored\n", m->name, off,
		    r == CPIO_ERR_TRUNCATED ? "truncated" : "bad header");
		return -1;
	}
	boot_image = (struct boot_image){ m->start, len, files };
	pr_info("boot image: %u entries, %zu bytes at 0x%lx\n", files, len, m->start);
	return 0;
}
