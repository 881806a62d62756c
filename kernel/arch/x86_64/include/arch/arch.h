/*
 * The hooks generic kernel code calls into the architecture layer for.
 */
#pragma once
#include <stdint.h>

/* Prints "  backtrace:" and then the return addresses found by following
 * the frame pointer chain from rbp, one line per frame
 * ("    #n 0x... name+0xoff"), stopping at 16 frames or a bad frame. */
void arch_backtrace(uint64_t rbp);
/* The same for an interrupted context: rip is frame #0, and rsp helps
 * find the caller when rip's function has no frame (yet). */
void arch_backtrace_at(uint64_t rip, uint64_t rsp, uint64_t rbp);
/* Stops every other CPU (NMI or IPI); used by panic. */
void arch_stop_other_cpus(void);
/* Resets the machine: ACPI reset register, then 0xCF9, then the 8042. */
__attribute__((noreturn)) void arch_reboot(void);
/* Interrupts off, halt forever. */
__attribute__((noreturn)) void arch_halt_forever(void);
