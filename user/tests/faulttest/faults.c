/*
 * The child side of each fault: one wrong thing per function, which the
 * kernel must stop (the process ends with EXIT_FAULT or EXIT_IOPORT) while
 * the system goes on.  The table of tests and their expectations is at
 * the end.
 */
#include <stddef.h>
#include <stdint.h>
#include "faulttest.h"

/* A `ret` in .data: writable, hence never executable. */
uint8_t fault_data_code[16] __attribute__((aligned(16))) = { 0xc3 };

static void
null_read(void)
{
	(void)*(volatile uint64_t *)0;
}

static void
null_write(void)
{
	*(volatile uint64_t *)0 = 1;
}

static void
kernel_read(void)
{
	(void)*(volatile uint64_t *)KERNEL_ADDR;
}

static void
kernel_jump(void)
{
	((void (*)(void))KERNEL_ADDR)();
}

static void
noncanonical_read(void)
{
	(void)*(volatile uint64_t *)NONCANONICAL_ADDR;
}

static void
text_write(void)
{
	*(volatile uint8_t *)(uintptr_t)text_write = 0x90;
}

static void
data_exec(void)
{
	((void (*)(void))(uintptr_t)fault_data_code)();
}

static void
halt(void)
{
	__asm__ volatile("hlt");
}

static void
irq_off(void)
{
	__asm__ volatile("cli");
}

static void
invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

static void
breakpoint(void)
{
	__asm__ volatile("int3");
}

static void
divide_by_zero(void)
{
	volatile int zero = 0, one = 1;

	one = one / zero;
}

static void
io_port(void)
{
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
}

/* The x87 FPU (and MMX, which shares its registers): the kernel saves
 * no FPU state across switches, so a process must not use it, or it
 * would see and disturb another's. */
static void
x87(void)
{
	__asm__ volatile("fldz\n\tfstp %%st(0)" : : : "memory");
}

static void
mmx(void)
{
	__asm__ volatile("pxor %%mm0, %%mm0" : : : "memory");
}

/* SSE, for the same reason. */
static void
sse(void)
{
	__asm__ volatile("xorps %%xmm0, %%xmm0" : : : "memory");
}

/* SYSCALL from 32-bit code (the user code segment 0x1b exists for
 * SYSRET's sake): it must not reach the kernel's 64-bit entry. */
static void
compat_syscall(void)
{
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"
	                 "pushq $0x1b\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 ".code32\n"
	                 "1:\tsyscall\n\t"
	                 "ud2\n"
	                 ".code64"
	                 :
	                 :
	                 : "rax", "memory");
}

/* Runs until it is killed. */
static void
spin(void)
{
	for (;;) {
		__asm__ volatile("pause");
	}
}

/* Recurses until the stack runs into its guard page (the depth limit
 * only hides that from the compiler: no stack is that deep). */
static volatile unsigned recurse_limit = ~0u;

static unsigned
recurse(unsigned depth)
{
	volatile uint8_t frame[512];

	frame[0] = (uint8_t)depth;
	if (depth == recurse_limit) {
		return 0;
	}
	return recurse(depth + 1) + frame[0];
}

static void
stack_overflow(void)
{
	recurse(0);
}

/* A test whose child ends with the fault vec (at addr, when given). */
#define FAULT(name, vec)                                           \
	{                                                          \
		.ft_name = #name, .ft_child = name, .ft_expect = { \
			.fe_cause = EXIT_FAULT,                    \
			.fe_vector = (vec)                         \
		}                                                  \
	}
#define FAULT_AT(name, vec, addr)                                  \
	{                                                          \
		.ft_name = #name, .ft_child = name, .ft_expect = { \
			.fe_cause = EXIT_FAULT,                    \
			.fe_vector = (vec),                        \
			.fe_check_addr = true,                     \
			.fe_addr = (addr)                          \
		}                                                  \
	}
/* A test whose child checks calls and exits 0. */
#define CLEAN(name)                                                                         \
	{                                                                                   \
		.ft_name = #name, .ft_child = name, .ft_expect = {.fe_cause = EXIT_NORMAL } \
	}

const struct fault_test fault_tests[] = {
	FAULT_AT(null_read, 14, 0),
	FAULT_AT(null_write, 14, 0),
	FAULT_AT(kernel_read, 14, KERNEL_ADDR),
	FAULT_AT(kernel_jump, 14, KERNEL_ADDR),
	FAULT(noncanonical_read, 13),
	FAULT(text_write, 14),
	FAULT_AT(data_exec, 14, (uint64_t)(uintptr_t)fault_data_code),
	FAULT(halt, 13),
	FAULT(irq_off, 13),
	FAULT(invalid_opcode, 6),
	FAULT(breakpoint, 3),
	FAULT(divide_by_zero, 0),
	FAULT(compat_syscall, 6),
	FAULT(x87, 7),
	FAULT(mmx, 6),
	FAULT(sse, 6),
	FAULT(stack_overflow, 14),
	{ .ft_name = "io_port",
	    .ft_child = io_port,
	    .ft_expect = { .fe_cause = EXIT_IOPORT, .fe_vector = 13 } },
	{ .ft_name = "kill_running",
	    .ft_child = spin,
	    .ft_expect = { .fe_cause = EXIT_KILLED },
	    .ft_kill = true },
	{ .ft_name = "many_children", .ft_parent = many_children },
	CLEAN(ptr_console_write),
	CLEAN(ptr_sysinfo),
	CLEAN(ptr_wait),
	CLEAN(ptr_create),
	CLEAN(ptr_bootimage),
	CLEAN(ptr_denied),
	CLEAN(munmap_huge),
};

const unsigned fault_test_count = sizeof(fault_tests) / sizeof(fault_tests[0]);
