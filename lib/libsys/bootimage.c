/*
 * The boot image from user space (see libsys/bootimage.h): one
 * KC_BOOTIMAGE, then the kernel's own cpio reader (kernel/lib/cpio.c,
 * compiled into libsys) over the mapped archive.
 */
#include <libsys/bootimage.h>
#include <libsys/kcall.h>
#include <stdint.h>
#include <string.h>
#include <xinim/cpio.h>
#include <xinim/errno.h>

static struct bootimage_info info;
static int info_state; /* 0: not asked, 1: have it, < 0: the error */

const struct bootimage_info *
bootimage_info(void)
{
	if (info_state == 0) {
		int err = kc_bootimage(&info);

		info_state = err == 0 ? 1 : err;
	}
	return info_state == 1 ? &info : NULL;
}

int
bootimage_find(const char *path, const void **data, size_t *len)
{
	const struct bootimage_info *bi = bootimage_info();
	size_t off = 0, plen = strlen(path);
	struct cpio_entry e;
	int r;

	if (bi == NULL) {
		return info_state;
	}
	while (
	    (r = cpio_next((const uint8_t *)(uintptr_t)bi->bi_vaddr, bi->bi_size, &off, &e)) == 0) {
		if (e.name_len == plen && memcmp(e.name, path, plen) == 0) {
			*data = e.data;
			*len = e.size;
			return 0;
		}
	}
	return r < 0 ? -EBADMSG : -ENOENT;
}
