/*
 * Bad pointers handed to the kernel: each call must fail with -EFAULT (a
 * kernel address, an unmapped page, a read-only page written to, a range
 * that wraps around), never fault the kernel or the caller.  And two
 * refusals that are not about pointers: an unknown system call and a
 * kernel call missing from the privilege record.
 */
#include <libsys/kcall.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <xinim/errno.h>
#include "faulttest.h"

#define UNMAPPED_ADDR 0x0000000700000000ULL

/* Exits with 1 after a line saying what went wrong. */
static void
expect(const char *what, int64_t got, int64_t want)
{
	if (got != want) {
		printf("faulttest: %s returned %ld, expected %ld\n", what, (long)got, (long)want);
		exit(1);
	}
}

void
ptr_console_write(void)
{
	expect("console_write(NULL)", kc_console_write(NULL, 8), -EFAULT);
	expect("console_write(kernel)", kc_console_write((const char *)KERNEL_ADDR, 8), -EFAULT);
	expect("console_write(direct map)",
	    kc_console_write((const char *)0xffff800000100000ULL, 8), -EFAULT);
	expect("console_write(unmapped)", kc_console_write((const char *)UNMAPPED_ADDR, 8),
	    -EFAULT);
	expect("console_write(wrapping)", kc_console_write((const char *)-16LL, 64), -EFAULT);
	expect("console_write(noncanonical)", kc_console_write((const char *)NONCANONICAL_ADDR, 8),
	    -EFAULT);
}

void
ptr_sysinfo(void)
{
	struct sysinfo si;

	expect("sysinfo(kernel)", kc_sysinfo((struct sysinfo *)KERNEL_ADDR), -EFAULT);
	expect("sysinfo(unmapped)", kc_sysinfo((struct sysinfo *)UNMAPPED_ADDR), -EFAULT);
	/* Our own code is mapped but read-only. */
	expect("sysinfo(text)", kc_sysinfo((struct sysinfo *)(uintptr_t)ptr_sysinfo), -EFAULT);
	/* Straddling the end of user space. */
	expect("sysinfo(top)", kc_sysinfo((struct sysinfo *)(0x00007ffffffff000ULL - 8)), -EFAULT);
	expect("sysinfo(good)", kc_sysinfo(&si), 0);
}

void
ptr_wait(void)
{
	expect("proc_wait(kernel)", kc_proc_wait(ENDPOINT_ANY, (struct exit_info *)KERNEL_ADDR),
	    -EFAULT);
}

void
ptr_create(void)
{
	expect("proc_create(NULL)", kc_proc_create(NULL, 4), -EFAULT);
	expect("proc_create(kernel)", kc_proc_create((const char *)KERNEL_ADDR, 4), -EFAULT);
}

void
ptr_bootimage(void)
{
	expect("bootimage(kernel)", kc_bootimage((struct bootimage_info *)KERNEL_ADDR), -EFAULT);
	expect("bootimage(unmapped)", kc_bootimage((struct bootimage_info *)UNMAPPED_ADDR),
	    -EFAULT);
}

/*
 * KC_MUNMAP over 32 TiB (2^33 pages), nearly all of it without page
 * tables: it must return at once (not walk every page, unkillable) and
 * still unmap the one page mapped inside it.
 */
void
munmap_huge(void)
{
	const uint64_t base = 0x0000400000000000ULL, len = 1ULL << 45;
	const uint64_t page = base + (5ULL << 40) + 0x3000;

	expect("proc_mmap(fixed)", kc_proc_mmap(ENDPOINT_SELF, page, 4096, PROT_READ | PROT_WRITE),
	    (int64_t)page);
	*(volatile uint64_t *)page = 42;
	expect("munmap(32 TiB)", kc_munmap(base, len), 0);
	/* The page is gone: mapping it again succeeds. */
	expect("proc_mmap(again)", kc_proc_mmap(ENDPOINT_SELF, page, 4096, PROT_READ),
	    (int64_t)page);
	expect("munmap(page)", kc_munmap(page, 4096), 0);
}

void
ptr_denied(void)
{
	expect("system call 63", sys_call0(63), -ENOSYS);
	expect("system call 1000", sys_call0(1000), -ENOSYS);
	/* Not in a child's record: refused before anything happens. */
	expect("poweroff", kc_poweroff(0), -ECALLDENIED);
	expect("dma_alloc", sys_kcall(KC_DMA_ALLOC, 4096, 4096, 0, 0, 0), -ECALLDENIED);
}
