/*
 * Exceptions raised by user code (see trap_user_fault() in arch/trap.h).
 * The kernel never stops because of them: the faulting process is
 * reported in one line and ended, its parent gets the vector, the address
 * (CR2 for a page fault, else rip) and rip in its exit record.
 *
 * A #GP from an in, out, ins or outs instruction means a port the process
 * has no privilege for (the TSS I/O bitmap said no); it ends with
 * EXIT_IOPORT rather than EXIT_FAULT, so that a driver with a wrong
 * privilege record is told apart from a crashed one.  Unless the port is
 * one the process's own bitmap allows: KC_DEV_GRANT gave it while the
 * process ran here with an older copy, which is reloaded, and the
 * instruction runs again.
 */
#include <stdbool.h>
#include <arch/cpu.h>
#include <arch/iobitmap.h>
#include <arch/trap.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/vm.h>
#include "trapinfo.h"

#define INSN_MAX 15 /* the longest x86 instruction */

/* The size of an in, out, ins or outs opcode's access: one byte for the
 * even opcodes, else two with an operand-size prefix, four without. */
static unsigned
trap_user_io_width(uint8_t opcode, bool opsize16)
{
	if ((opcode & 1) == 0) {
		return 1;
	}
	return opsize16 ? 2 : 4;
}

/* Whether the instruction at f's rip accesses an I/O port; if so, which
 * ports (*port, *width bytes from it).  Its bytes are read through the
 * page tables; an unreadable one ends the decoding. */
static bool
trap_user_is_io(const struct trap_frame *f, uint32_t *port, unsigned *width)
{
	bool opsize16 = false;

	for (unsigned i = 0; i < INSN_MAX; i++) {
		uint8_t b, imm;

		if (copy_from_user(&b, f->rip + i, 1) != 0) {
			return false;
		}
		switch (b) {
		case 0x66: /* operand size */
			opsize16 = true;
			continue;
		case 0x26: /* segment overrides */
		case 0x2E:
		case 0x36:
		case 0x3E:
		case 0x64:
		case 0x65:
		case 0x67: /* address size */
		case 0xF0: /* lock */
		case 0xF2: /* repne */
		case 0xF3: /* rep */
			continue;
		case 0xE4: /* in, out with an immediate port */
		case 0xE5:
		case 0xE6:
		case 0xE7:
			if (copy_from_user(&imm, f->rip + i + 1, 1) != 0) {
				return false;
			}
			*port = imm;
			*width = trap_user_io_width(b, opsize16);
			return true;
		case 0x6C: /* ins, outs */
		case 0x6D:
		case 0x6E:
		case 0x6F:
		case 0xEC: /* in, out with the port in dx */
		case 0xED:
		case 0xEE:
		case 0xEF:
			*port = (uint16_t)f->rdx;
			*width = trap_user_io_width(b, opsize16);
			return true;
		default:
			/* A REX prefix comes last, right before the opcode. */
			if (b >= 0x40 && b <= 0x4F) {
				continue;
			}
			return false;
		}
	}
	return false;
}

/*
 * Whether the #GP came from a stale copy of p's I/O bitmap on this CPU:
 * p's own bitmap allows the ports, which KC_DEV_GRANT can open while p
 * runs, and the copy does not.  The copy is then reloaded and the
 * instruction may simply run again.  Interrupts are still off: the copy
 * checked is the one the instruction faulted on.
 */
static bool
trap_user_io_stale(struct proc *p, uint32_t port, unsigned width)
{
	const uint8_t *bitmap = __atomic_load_n(&p->p_iobitmap, __ATOMIC_ACQUIRE);

	return bitmap != NULL && iobitmap_refresh(bitmap, p->p_endpoint, port, width);
}

void
trap_user_fault(struct trap_frame *f)
{
	struct proc *p = proc_current();
	unsigned v = (unsigned)f->vector;
	uint64_t addr = v == T_PF ? read_cr2() : f->rip;
	uint32_t cause = EXIT_FAULT, port;
	unsigned width;

	if (p == NULL) {
		trap_fatal(f);
	}
	if (v == T_GP && trap_user_is_io(f, &port, &width)) {
		if (trap_user_io_stale(p, port, width)) {
			return;
		}
		cause = EXIT_IOPORT;
	}
	irq_enable();
	kprintf("proc %s (ep %d): %s %s%s at rip 0x%lx addr 0x%lx \u2014 stopped\n", p->p_name,
	    p->p_endpoint, trapinfo_mnemonic(v), trapinfo_name(v),
	    cause == EXIT_IOPORT ? " (I/O port)" : "", f->rip, addr);
	proc_exit(cause, 0, v, addr, f->rip);
}
