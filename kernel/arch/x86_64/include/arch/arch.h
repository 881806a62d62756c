/*
 * The hooks generic kernel code calls into the architecture layer for.
 */
#pragma once
#include <stdint.h>

/* Prints a backtrace starting from the frame pointer rbp, one line per
 * frame ("  #n 0x... name+0xoff"), stopping at 16 frames or a bad frame. */
void arch_backtrace(uint64_t rbp);
/* Stops every other CPU (NMI or IPI); used by panic. */
void arch_stop_other_cpus(void);
/* Resets the machine: ACPI reset register, then 0xCF9, then the 8042. */
__attribute__((noreturn)) void arch_reboot(void);
/* Interrupts off, halt forever. */
__attribute__((noreturn)) void arch_halt_forever(void);
