/* dmesg: the kernel's log.  The kernel writes its log only to the serial
 * console and no kernel call reads it back yet, so dmesg says so and
 * prints what the kernel does tell (KC_SYSINFO). */
#include <libsys/kcall.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	struct sysinfo si;

	if (argc > 1) {
		fprintf(stderr, "usage: dmesg\n");
		return 2;
	}
	printf("dmesg: the kernel log goes to the serial console only (no call reads it back "
	       "yet)\n");
	if (kc_sysinfo(&si) == 0) {
		printf("kernel: up %lu ms, %u CPUs, %lu KiB memory, %lu KiB kernel heap, %u "
		       "processes\n",
		    (unsigned long)(si.si_uptime_ns / 1000000), si.si_cpus,
		    (unsigned long)(si.si_total_frames * 4),
		    (unsigned long)(si.si_heap_used / 1024), si.si_procs);
	}
	return 0;
}
