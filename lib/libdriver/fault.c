/*
 * Fault injection (RS_FAULT_*, `service fault`), the faults rs must
 * survive: a crash (a store through a null pointer: #PF at 0), a hang
 * (spinning with no heartbeats and no answers), a wild write (a store
 * into the kernel's half of the address space, which a user process can
 * never reach: #PF at that address, not a corrupted neighbour) and an
 * exit with status 1.
 */
#include <libsys/rs.h>
#include <stdint.h>
#include <stdlib.h>
#include "driver_int.h"

/* The kernel image's first page (KERNEL_VMA): mapped, supervisor only. */
#define DRV_WILD_ADDR 0xffffffff80000000ULL

void
driver_fault(unsigned kind)
{
	volatile uint64_t *volatile target = NULL;

	switch (kind) {
	case RS_FAULT_CRASH:
		*target = 1;
		break;
	case RS_FAULT_HANG:
		for (;;) {
			__asm__ volatile("pause");
		}
	case RS_FAULT_WILD_WRITE:
		target = (volatile uint64_t *)DRV_WILD_ADDR;
		*target = 0xbadc0ffee;
		break;
	case RS_FAULT_EXIT:
		exit(1);
	}
}
