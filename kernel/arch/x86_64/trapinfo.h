/*
 * Pure helpers of the x86_64 trap code, kept free of hardware access so
 * that tests/unit/test_trapinfo.c can run them on the host: exception
 * names, error-code decoding and the sanity checks of the frame-pointer
 * walk behind backtraces.  Private to kernel/arch/x86_64/.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Page-fault error code bits (SDM vol. 3, figure 4-12). */
#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_USER (1u << 2)
#define PF_RSVD (1u << 3)
#define PF_FETCH (1u << 4)
#define PF_PK (1u << 5)
#define PF_SHADOW (1u << 6)
#define PF_SGX (1u << 15)

/* "#PF" for 14, "NMI" for 2, "#RSV" for the reserved exception vectors,
 * "IRQ" past 31. */
const char *trapinfo_mnemonic(unsigned vector);
/* "page fault" for 14; "interrupt" past 31. */
const char *trapinfo_name(unsigned vector);
/* Whether the CPU pushes an error code for this vector (trap.S agrees). */
bool trapinfo_has_error(unsigned vector);

/*
 * Writes a human reading of vector's error code into buf, for instance
 * "write, not present, supervisor" for a page fault, or "" when there is
 * nothing to say.  Returns the length the text would have (as snprintf).
 */
int trapinfo_error_decode(unsigned vector, uint64_t error, char *buf, size_t size);

/* A range of kernel memory where a stack frame may live: [lo, hi). */
struct trapinfo_range {
	uint64_t lo;
	uint64_t hi;
};

/*
 * Whether rbp may be followed as the next saved-frame pointer after prev
 * (0 for the first frame): 8-byte aligned, above prev, and with its two
 * words (saved rbp, return address) inside one of the n ranges, the same
 * one as prev.  A frame chain that fails this has ended or is corrupt.
 */
bool trapinfo_frame_ok(uint64_t prev, uint64_t rbp, const struct trapinfo_range *ranges, size_t n);

/*
 * Frame #0 of an interrupted function may have no frame of its own yet:
 * GCC gives none to leaf functions that need no stack, and every function
 * is frameless before its prologue (push %rbp; mov %rsp, %rbp) and at its
 * final ret.  From the function's first TRAPINFO_PROLOGUE_MAX bytes, the
 * offset of rip in it and the opcode byte at rip, this says where the
 * return address is: TRAPINFO_RET_FRAME when [rbp + 8] holds it as usual,
 * else the index of the stack slot (0: [rsp], 1: [rsp + 8]).
 */
#define TRAPINFO_PROLOGUE_MAX 8
#define TRAPINFO_RET_FRAME (-1)
int trapinfo_ret_slot(const uint8_t *code, uint64_t off, uint8_t opcode);

/* Whether the 7 bytes before a would-be return address end with a call
 * instruction (direct, or indirect through a register or memory). */
bool trapinfo_after_call(const uint8_t *before);
