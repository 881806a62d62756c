/*
 * Program start and end: __libc_start() is what crt0 calls with argc and
 * argv; main's result becomes the exit status.
 */
#include <libsys/syscall.h>
#include <stdlib.h>

int main(int argc, char **argv);
__attribute__((noreturn)) void __libc_start(int argc, char **argv);

void
__libc_start(int argc, char **argv)
{
	exit(main(argc, argv));
}

void
exit(int status)
{
	sys_exit(status);
}

/* Ends with an invalid instruction, so the parent sees a fault (#UD) at
 * the caller rather than a plain exit. */
void
abort(void)
{
	for (;;) {
		__asm__ volatile("ud2");
	}
}
