/*
 * KC_POWEROFF (rdi: status) -> does not return.  Status 0 powers the
 * machine off through ACPI (QEMU exits 0).  Any other status is written to
 * QEMU's isa-debug-exit device at port 0xf4, which makes QEMU exit with
 * (status << 1) | 1, so scripts see the failure; on a machine without that
 * device it falls back to the ACPI power-off.
 */
#include <arch/io.h>
#include <arch/trap.h>
#include <kern/acpi.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/syscall.h>

#define DEBUG_EXIT_PORT 0xf4

static int64_t
do_poweroff(struct proc *caller, struct trap_frame *tf)
{
	uint32_t status = (uint32_t)tf->rdi;
	int err;

	if (status == 0) {
		kprintf("xinim: powering off\n");
	} else {
		kprintf("xinim: powering off with status %u (asked by %s)\n", status,
		    caller->p_name);
		outl(DEBUG_EXIT_PORT, status);
	}
	err = acpi_poweroff();
	pr_err("xinim: ACPI power-off failed (%d)\n", err);
	return err;
}
KCALL_HANDLER(KC_POWEROFF, do_poweroff);
