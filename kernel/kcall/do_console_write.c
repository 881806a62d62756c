/*
 * KC_CONSOLE_WRITE (rdi: const char *buf, rsi: len) -> bytes written, or
 * -EFAULT when buf is not readable.  Writes to the kernel console through
 * the kernel log, so that a program's lines and the kernel's never
 * interleave mid-line.  At most CONSOLE_WRITE_MAX bytes per call.
 */
#include <arch/trap.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define CONSOLE_WRITE_MAX 65536
#define CONSOLE_CHUNK 256

static int64_t
do_console_write(struct proc *caller, struct trap_frame *tf)
{
	uint64_t buf = tf->rdi;
	size_t len = tf->rsi, done = 0;
	char chunk[CONSOLE_CHUNK];

	if (len > CONSOLE_WRITE_MAX) {
		len = CONSOLE_WRITE_MAX;
	}
	while (done < len) {
		size_t n = len - done < CONSOLE_CHUNK ? len - done : CONSOLE_CHUNK;

		if (copy_from_user(chunk, buf + done, n) != 0) {
			return done > 0 ? (int64_t)done : -EFAULT;
		}
		kprintf("%.*s", (int)n, chunk);
		done += n;
	}
	return (int64_t)done;
}
KCALL_HANDLER(KC_CONSOLE_WRITE, do_console_write);
