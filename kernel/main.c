/*
 * kmain: the kernel's set-up, in dependency order.  Each step's module
 * prints its own summary to the boot log; the last line says the kernel is
 * ready, which tests and tools wait for.
 */
#include <stdint.h>
#include <arch/gdt.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <arch/usermode.h>
#include <kern/acpi.h>
#include <kern/bootimage.h>
#include <kern/bootinfo.h>
#include <kern/clock.h>
#include <kern/cmdline.h>
#include <kern/console.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/ipc.h>
#include <kern/ktest.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/pci.h>
#include <kern/rsboot.h>
#include <kern/sched.h>
#include <kern/syscall.h>
#include <kern/version.h>

static struct cmdline_opts opts;

static void
report_cmdline(void *ctx, const char *msg)
{
	pr_warn("cmdline: %s\n", msg);
}

static void
print_memory_map(void)
{
	static const char *const names[] = {
		[MEM_USABLE] = "usable",
		[MEM_RESERVED] = "reserved",
		[MEM_ACPI_RECLAIM] = "ACPI data",
		[MEM_ACPI_NVS] = "ACPI NVS",
		[MEM_BAD] = "bad",
	};
	uint64_t usable = 0;

	pr_info("memory map (%u ranges):\n", boot_info.mmap_count);
	for (unsigned i = 0; i < boot_info.mmap_count; i++) {
		const struct mem_range *r = &boot_info.mmap[i];
		pr_info("  [0x%016lx-0x%016lx] %s\n", r->base, r->base + r->length - 1,
		    names[r->type]);
		if (r->type == MEM_USABLE) {
			usable += r->length;
		}
	}
	pr_info("memory: %lu MiB usable\n", usable >> 20);
}

void kmain(uint32_t magic, uint64_t info_phys);

void
kmain(uint32_t magic, uint64_t info_phys)
{
	console_init();
	kprintf("XINIM %s (x86_64 microkernel)\n", XINIM_VERSION);
	if (bootinfo_parse(magic, info_phys) != 0) {
		panic("unknown boot loader magic %#x: boot with Multiboot 1 or 2", magic);
	}
	cmdline_parse(boot_info.cmdline, &opts, report_cmdline, NULL);
	if (opts.loglevel >= 0) {
		log_set_level((enum log_level)opts.loglevel);
	}
	panic_set_action(opts.panic);
	pr_info("boot: %s (%s), command line \"%s\"\n", boot_info.loader,
	    boot_info.loader_name[0] ? boot_info.loader_name : "unnamed loader", boot_info.cmdline);
	print_memory_map();

	/* traps: per-CPU data, GDT, TSS and IDT for the boot CPU. */
	percpu_init_bsp();
	gdt_init_cpu(this_cpu());
	idt_init();

	/* mm: frame allocator, kernel page tables, heap. */
	frame_init();
	paging_init();
	frame_init_late();
	heap_init();

	/* acpi: tables, then the interrupt controllers and clocks they describe. */
	acpi_init();

	/* time: PIC off, local APIC, IOAPIC, HPET/PIT, TSC, monotonic clock. */
	time_init(opts.clock);

	/* pci: enumerate and list every function. */
	pci_init(opts.pci);

	/* sched: scheduler, then the application processors. */
	sched_init();
	smp_start_aps(opts.maxcpus);

	/* ipc: the call/reply fast path unless ipcfast=off. */
	ipc_init(!opts.ipc_slow);

	for (unsigned i = 0; i < boot_info.module_count; i++) {
		const struct boot_module *m = &boot_info.modules[i];
		pr_info("boot module %u: %s at %#lx, %lu bytes\n", i, m->name, m->start,
		    m->end - m->start);
	}
	bootimage_init();

	/* proc: system calls (each application processor enabled SYSCALL for
	 * itself when it started). */
	syscall_init();
	usermode_init_cpu();

	ktest_run(opts.ktest, false);
	kprintf("xinim: kernel ready\n");
	ktest_run(opts.ktest, true);

	/* proc: the first process, rs, unless a kernel self-test runs. */
	if (opts.ktest[0] == '\0') {
		rs_boot(opts.run);
	}
	sched_start();
}
