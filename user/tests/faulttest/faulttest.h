/*
 * faulttest: private declarations.  Each test runs in a child process
 * (this same program, started as `faulttest child NAME`), which either
 * faults on purpose or checks system calls and exits with 0 for success.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/kcall.h>

/* What the parent expects to learn of the child's end. */
struct fault_expect {
	uint32_t fe_cause;  /* EXIT_* */
	uint32_t fe_vector; /* for EXIT_FAULT and EXIT_IOPORT */
	bool fe_check_addr;
	uint64_t fe_addr; /* ei_addr, when fe_check_addr */
};

struct fault_test {
	const char *ft_name;
	void (*ft_child)(void); /* runs in the child; returns only to exit(0) */
	struct fault_expect ft_expect;
	bool ft_kill; /* the parent kills the child (KC_PROC_KILL) once it runs */
	/* A test that is all on the parent's side instead: true when it
	 * passed, else false with why filled in. */
	bool (*ft_parent)(char *why, size_t size);
};

extern const struct fault_test fault_tests[];
extern const unsigned fault_test_count;

/* Addresses the expectations refer to. */
#define KERNEL_ADDR 0xffffffff80100000ULL
#define NONCANONICAL_ADDR 0x0000800000000000ULL
extern uint8_t fault_data_code[]; /* a `ret` in writable, non-executable data */

/* The bad-pointer checks (pointers.c): each returns in the child only if
 * every call gave the expected error; else it exits with 1. */
void ptr_console_write(void);
void ptr_sysinfo(void);
void ptr_wait(void);
void ptr_create(void);
void ptr_bootimage(void);
void ptr_denied(void);
void munmap_huge(void);

/* Parent-side tests (main.c). */
bool many_children(char *why, size_t size);

/* Runs `faulttest child what` (killing it once it runs when kill is set)
 * and collects how it ended; returns 0 or an error. */
int run_child(const char *what, bool kill, struct exit_info *ei);
