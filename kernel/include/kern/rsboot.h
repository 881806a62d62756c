/*
 * Starting the first process.  The kernel starts exactly one user
 * process itself: rs, from bin/rs in the boot image, with every
 * privilege.  Everything else is started by rs.
 */
#pragma once

/* Loads and starts bin/rs; run is the `run=` value of the command line
 * ("" if none), which rs gets through KC_BOOTIMAGE.  Reports a missing or
 * broken bin/rs and returns; the kernel then idles. */
void rs_boot(const char *run);

/* The `run=` value given to rs_boot(). */
const char *rs_boot_run(void);
