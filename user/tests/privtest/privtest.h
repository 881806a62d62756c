/*
 * privtest: shared between the parent side (main.c) and the child cases
 * (cases.c).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/priv.h>

#define PRIVTEST_HOLE 0x4000000000ULL    /* a 4 GiB range with nothing in it */
#define PRIVTEST_HPET 0xfed00000ULL      /* the HPET's registers (q35) */
#define PRIVTEST_RAM 0x100000ULL         /* RAM, listed as MMIO to see it refused */
#define PRIVTEST_DMA_QUOTA (64ULL << 10) /* bytes */

/* A record with KC_CONSOLE_WRITE (for printf) and extra_kcalls only. */
void privtest_base(struct priv_desc *pd, uint64_t extra_kcalls);

/* Runs child case c in mode with arg and record pd; NULL when it exited
 * with status 0, else why not. */
const char *privtest_expect_ok(const char *c, const char *mode, const char *arg,
    const struct priv_desc *pd);

/* Runs child case c in mode (deny, allow, ...) with arg; the exit status:
 * 0 when everything came out as the case expects. */
int privtest_child(const char *c, const char *mode, const char *arg);

/* The PCI tests (pci.c): the PCI calls refused without the privilege and
 * working with it, KC_DEV_GRANT to a running child, and an MSI from
 * virtio-rng delivered to it. */
const char *privtest_pci(void);
const char *privtest_devgrant(void);
const char *privtest_msi(void);

/* Their children (pci_cases.c, msi.c), as privtest_child's cases. */
int privtest_case_pci(bool allow, const char *arg);
int privtest_case_grant(const char *arg);
int privtest_case_msi(void);

/* Prints why child case c (mode) failed, with a value; returns 1. */
int privtest_fail(const char *c, const char *mode, const char *what, long got);

/* Exit status of a child that could not run its test (the device is in
 * use by a driver): the parent says so and passes. */
#define PRIVTEST_SKIPPED 2
