/* uptime: how long the system has run, how many processes live, and
 * the memory in use (the kernel's KC_SYSINFO). */
#include <libsys/kcall.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	struct sysinfo si;
	unsigned long s;

	if (argc > 1) {
		fprintf(stderr, "usage: uptime\n");
		return 2;
	}
	if (kc_sysinfo(&si) != 0) {
		fprintf(stderr, "uptime: no system information\n");
		return 1;
	}
	s = (unsigned long)(si.si_uptime_ns / 1000000000ull);
	printf("up %lu:%02lu:%02lu.%03lu, %u processes, %u CPUs, %lu of %lu KiB free\n", s / 3600,
	    s / 60 % 60, s % 60, (unsigned long)(si.si_uptime_ns / 1000000 % 1000), si.si_procs,
	    si.si_cpus, (unsigned long)(sysinfo_free_frames(&si) * 4),
	    (unsigned long)(si.si_total_frames * 4));
	return 0;
}
