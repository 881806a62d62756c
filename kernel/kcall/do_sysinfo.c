/*
 * KC_SYSINFO (rdi: struct sysinfo *out) -> 0, or -EFAULT.  Free and total
 * frames, kernel heap bytes in use, live processes, CPUs, uptime and the
 * TSC frequency, and the frames cached for reuse: what tests compare before
 * and after to find leaks (free plus cached must come back).
 */
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/trap.h>
#include <kern/clock.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>

static int64_t
do_sysinfo(struct proc *caller, struct trap_frame *tf)
{
	struct heap_stats hs = heap_stats();
	struct sysinfo si = {
		.si_free_frames = frame_free_pages(),
		.si_total_frames = frame_total_pages(),
		.si_heap_used = hs.hs_bytes,
		.si_procs = proc_count(),
		.si_cpus = cpu_count,
		.si_uptime_ns = clock_monotonic_ns(),
		.si_tsc_hz = clock_tsc_hz(),
		.si_cached_frames = kstack_cached_frames(),
	};

	return copy_to_user(tf->rdi, &si, sizeof(si));
}
KCALL_HANDLER(KC_SYSINFO, do_sysinfo);
