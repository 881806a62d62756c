/*
 * The boot image from user space: KC_BOOTIMAGE maps the cpio archive
 * read-only into the caller; these find files in it.
 */
#pragma once
#include <stddef.h>
#include <xinim/kcall.h>

/* The boot image's location and the `run=` value, fetched (and mapped)
 * on first use; NULL when there is none or the call is not allowed. */
const struct bootimage_info *bootimage_info(void);

/* The file at path ("bin/rs") in the boot image: 0 with *data and *len
 * set, -ENOENT when absent, -EBADMSG for a corrupt archive, or the
 * KC_BOOTIMAGE error. */
int bootimage_find(const char *path, const void **data, size_t *len);
