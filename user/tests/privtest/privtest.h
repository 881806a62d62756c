/*
 * privtest: shared between the parent side (main.c) and the child cases
 * (cases.c).
 */
#pragma once
#include <stdint.h>
#include <xinim/priv.h>

#define PRIVTEST_HOLE 0x4000000000ULL    /* a 4 GiB range with nothing in it */
#define PRIVTEST_HPET 0xfed00000ULL      /* the HPET's registers (q35) */
#define PRIVTEST_RAM 0x100000ULL         /* RAM, listed as MMIO to see it refused */
#define PRIVTEST_DMA_QUOTA (64ULL << 10) /* bytes */

/* A record with KC_CONSOLE_WRITE (for printf) and extra_kcalls only. */
void privtest_base(struct priv_desc *pd, uint64_t extra_kcalls);

/* Runs child case c in mode (deny, allow, ...) with arg; the exit status:
 * 0 when everything came out as the case expects. */
int privtest_child(const char *c, const char *mode, const char *arg);
