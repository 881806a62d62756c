/*
 * Waiting for a child and describing how it ended (see libsys/spawn.h).
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <xinim/errno.h>

int
spawn_wait(endpoint_t child, struct exit_info *out)
{
	struct message m;

	for (;;) {
		int r = kc_proc_wait(child, out);

		if (r != -EAGAIN) {
			return r;
		}
		/* The kernel's NOTIFY_EXIT wakes us when a child ends. */
		ipc_receive(ENDPOINT_KERNEL, &m);
	}
}

/*
 * The alarm bounds the wait.  A NOTIFY_ALARM that comes before the
 * deadline is a leftover of an earlier alarm (one can expire just as it is
 * cancelled) and is ignored.
 */
int
spawn_wait_timeout(endpoint_t child, struct exit_info *out, uint64_t timeout_ns)
{
	uint64_t deadline = clock_now_ns() + timeout_ns;
	struct message m;
	int r;

	kc_alarm(timeout_ns);
	for (;;) {
		r = kc_proc_wait(child, out);
		if (r != -EAGAIN) {
			break;
		}
		if (ipc_receive(ENDPOINT_KERNEL, &m) != 0) {
			continue;
		}
		if ((m.m_arg[0] & NOTIFY_ALARM) != 0 && clock_now_ns() >= deadline) {
			kc_proc_kill(child);
			spawn_wait(child, out);
			return -ETIMEDOUT;
		}
	}
	kc_alarm(0);
	return r;
}

/* The mnemonic and name of a CPU exception vector. */
static const char *
exception_name(unsigned v)
{
	static const char *const names[] = {
		[0] = "#DE divide error",
		[1] = "#DB debug",
		[2] = "NMI",
		[3] = "#BP breakpoint",
		[4] = "#OF overflow",
		[5] = "#BR bound range exceeded",
		[6] = "#UD invalid opcode",
		[7] = "#NM device not available",
		[8] = "#DF double fault",
		[10] = "#TS invalid TSS",
		[11] = "#NP segment not present",
		[12] = "#SS stack-segment fault",
		[13] = "#GP general protection",
		[14] = "#PF page fault",
		[16] = "#MF x87 floating-point error",
		[17] = "#AC alignment check",
		[18] = "#MC machine check",
		[19] = "#XM SIMD floating-point error",
	};

	if (v < sizeof(names) / sizeof(names[0]) && names[v] != NULL) {
		return names[v];
	}
	return "exception";
}

const char *
exit_describe(const struct exit_info *ei, char *buf, size_t size)
{
	switch (ei->ei_cause) {
	case EXIT_NORMAL:
		snprintf(buf, size, "exited with status %d", ei->ei_status);
		break;
	case EXIT_FAULT:
		snprintf(buf, size, "killed by %s at 0x%lx", exception_name(ei->ei_vector),
		    ei->ei_addr);
		break;
	case EXIT_KILLED:
		snprintf(buf, size, "killed");
		break;
	case EXIT_IOPORT:
		snprintf(buf, size, "killed by an I/O port access at 0x%lx", ei->ei_rip);
		break;
	default:
		snprintf(buf, size, "ended (cause %u)", ei->ei_cause);
		break;
	}
	return buf;
}
