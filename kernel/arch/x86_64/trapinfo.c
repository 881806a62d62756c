/*
 * Names of the 32 exceptions, error-code decoding and frame-chain checks
 * (see trapinfo.h).  Sources: Intel SDM vol. 3, chapter 6 (table 6-1 and
 * the per-exception error code descriptions), and the AMD APM vol. 2 for
 * vectors 28-30.
 */
#include <kern/printf.h>
#include <kern/string.h>
#include "trapinfo.h"

struct exc_info {
	const char *mnemonic;
	const char *name;
	bool error;
};

static const struct exc_info exceptions[32] = {
	[0] = { "#DE", "divide error", false },
	[1] = { "#DB", "debug", false },
	[2] = { "NMI", "non-maskable interrupt", false },
	[3] = { "#BP", "breakpoint", false },
	[4] = { "#OF", "overflow", false },
	[5] = { "#BR", "bound range exceeded", false },
	[6] = { "#UD", "invalid opcode", false },
	[7] = { "#NM", "device not available", false },
	[8] = { "#DF", "double fault", true },
	[9] = { "#CSO", "coprocessor segment overrun", false },
	[10] = { "#TS", "invalid TSS", true },
	[11] = { "#NP", "segment not present", true },
	[12] = { "#SS", "stack-segment fault", true },
	[13] = { "#GP", "general protection", true },
	[14] = { "#PF", "page fault", true },
	[15] = { "#RSV", "reserved", false },
	[16] = { "#MF", "x87 floating-point error", false },
	[17] = { "#AC", "alignment check", true },
	[18] = { "#MC", "machine check", false },
	[19] = { "#XM", "SIMD floating-point exception", false },
	[20] = { "#VE", "virtualization exception", false },
	[21] = { "#CP", "control protection", true },
	[22] = { "#RSV", "reserved", false },
	[23] = { "#RSV", "reserved", false },
	[24] = { "#RSV", "reserved", false },
	[25] = { "#RSV", "reserved", false },
	[26] = { "#RSV", "reserved", false },
	[27] = { "#RSV", "reserved", false },
	[28] = { "#HV", "hypervisor injection", false },
	[29] = { "#VC", "VMM communication", true },
	[30] = { "#SX", "security exception", true },
	[31] = { "#RSV", "reserved", false },
};

const char *
trapinfo_mnemonic(unsigned vector)
{
	return vector < 32 ? exceptions[vector].mnemonic : "IRQ";
}

const char *
trapinfo_name(unsigned vector)
{
	return vector < 32 ? exceptions[vector].name : "interrupt";
}

bool
trapinfo_has_error(unsigned vector)
{
	return vector < 32 && exceptions[vector].error;
}

/* "write, not present, supervisor", then any rarer bit that is set. */
static int
decode_pf(uint64_t e, char *buf, size_t size)
{
	const char *access = "read";

	if (e & PF_FETCH) {
		access = "instruction fetch";
	} else if (e & PF_WRITE) {
		access = "write";
	}
	return ksnprintf(buf, size, "%s, %s, %s%s%s%s%s", access,
	    (e & PF_PRESENT) ? "protection violation" : "not present",
	    (e & PF_USER) ? "user" : "supervisor", (e & PF_RSVD) ? ", reserved bit set" : "",
	    (e & PF_PK) ? ", protection key" : "", (e & PF_SHADOW) ? ", shadow stack" : "",
	    (e & PF_SGX) ? ", SGX" : "");
}

/* Segment-selector error codes (#TS, #NP, #SS, #GP): bit 0 says the event
 * was external, bit 1 that the index is an IDT vector, else bit 2 picks
 * the LDT over the GDT; the selector index sits in bits 3-15. */
static int
decode_selector(uint64_t e, char *buf, size_t size)
{
	const char *ext = (e & 1) ? ", external event" : "";

	if (e == 0) {
		return ksnprintf(buf, size, "%s", "");
	}
	if (e & 2) {
		return ksnprintf(buf, size, "IDT vector %lu%s", (unsigned long)((e >> 3) & 0x1FFF),
		    ext);
	}
	return ksnprintf(buf, size, "%s selector 0x%lx%s", (e & 4) ? "LDT" : "GDT",
	    (unsigned long)(e & 0xFFF8), ext);
}

/* Control-protection causes (SDM vol. 1, 18.2.3). */
static int
decode_cp(uint64_t e, char *buf, size_t size)
{
	static const char *const causes[] = {
		[1] = "near return",
		[2] = "far return or iret",
		[3] = "missing endbranch",
		[4] = "rstorssp",
		[5] = "setssbsy",
	};
	unsigned code = e & 0x7FFF;

	if (code >= sizeof(causes) / sizeof(causes[0]) || causes[code] == NULL) {
		return ksnprintf(buf, size, "unknown cause");
	}
	return ksnprintf(buf, size, "%s%s", causes[code], (e & 0x8000) ? ", in enclave" : "");
}

int
trapinfo_error_decode(unsigned vector, uint64_t error, char *buf, size_t size)
{
	switch (vector) {
	case 14:
		return decode_pf(error, buf, size);
	case 10:
	case 11:
	case 12:
	case 13:
		return decode_selector(error, buf, size);
	case 21:
		return decode_cp(error, buf, size);
	default:
		return ksnprintf(buf, size, "%s", "");
	}
}

/* The range holding [addr, addr + 16), or -1. */
static int
frame_range(uint64_t addr, const struct trapinfo_range *ranges, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (addr >= ranges[i].lo && addr < ranges[i].hi && ranges[i].hi - addr >= 16) {
			return (int)i;
		}
	}
	return -1;
}

bool
trapinfo_frame_ok(uint64_t prev, uint64_t rbp, const struct trapinfo_range *ranges, size_t n)
{
	if (rbp == 0 || (rbp & 7) != 0 || rbp <= prev) {
		return false;
	}
	int r = frame_range(rbp, ranges, n);
	if (r < 0) {
		return false;
	}
	return prev == 0 || frame_range(prev, ranges, n) == r;
}

int
trapinfo_ret_slot(const uint8_t *code, uint64_t off, uint8_t opcode)
{
	static const uint8_t endbr64[4] = { 0xF3, 0x0F, 0x1E, 0xFA };
	static const uint8_t prologue[4] = { 0x55, 0x48, 0x89, 0xE5 };
	uint64_t p = 0;

	if (memcmp(code, endbr64, sizeof(endbr64)) == 0) {
		p = sizeof(endbr64);
	}
	if (memcmp(code + p, prologue, sizeof(prologue)) != 0 || off <= p || opcode == 0xC3) {
		return 0;
	}
	if (off == p + 1) {
		return 1; /* %rbp pushed, not yet the frame pointer */
	}
	return TRAPINFO_RET_FRAME;
}

/* Whether an 0xFF opcode with this ModRM byte is `call` (reg field 2)
 * using one of the addressing modes in the mods bit set. */
static bool
call_modrm(uint8_t modrm, unsigned mods)
{
	return ((modrm >> 3) & 7) == 2 && (mods & (1u << (modrm >> 6))) != 0;
}

bool
trapinfo_after_call(const uint8_t *before)
{
	const uint8_t *end = before + 7;

	/* call rel32 */
	if (end[-5] == 0xE8) {
		return true;
	}
	/* call *%reg or *(%reg): FF, ModRM (a REX prefix may precede) */
	if (end[-2] == 0xFF && call_modrm(end[-1], 1u << 0 | 1u << 3)) {
		return true;
	}
	/* call *disp8(%reg) or *(SIB): FF, ModRM, one more byte */
	if (end[-3] == 0xFF && call_modrm(end[-2], 1u << 0 | 1u << 1)) {
		return true;
	}
	/* call *disp32(%reg) or *disp32(%rip): FF, ModRM, four bytes */
	return end[-6] == 0xFF && call_modrm(end[-5], 1u << 0 | 1u << 2);
}
