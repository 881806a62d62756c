/*
 * Program start and end.  crt0 calls __libc_start() with argc and argv;
 * above argv's NULL the loader left envp (NULL-terminated) and the
 * auxiliary words (libsys/spawn.h): ds's and rs's endpoints, for a
 * process that rs did not start, and whether pm started it (stdio then uses descriptors
 * 0-2).  main's result becomes the exit status.
 */
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <libsys/spawn.h>
#include <libsys/syscall.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "libc_int.h"

#define ATEXIT_MAX 32

int main(int argc, char **argv);
__attribute__((noreturn)) void __libc_start(int argc, char **argv);

int libc_posix;
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

/* Stops at the first key it does not know, not only at SPAWN_AUX_END:
 * rs, which the kernel loads, has its name's bytes there instead. */
static void
read_aux(const uint64_t *aux)
{
	for (int i = 0; i < 16; i++, aux += 2) {
		if (aux[0] == SPAWN_AUX_DS) {
			ds_init((endpoint_t)(int64_t)aux[1]);
		} else if (aux[0] == SPAWN_AUX_RS) {
			rs_set_endpoint((endpoint_t)(int64_t)aux[1]);
		} else if (aux[0] == SPAWN_AUX_FLAGS) {
			libc_posix = (aux[1] & SPAWN_F_POSIX) != 0;
		} else {
			return;
		}
	}
}

void
__libc_start(int argc, char **argv)
{
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p != NULL) {
		p++;
	}
	if (envp[0] != NULL) {
		environ = envp;
	}
	read_aux((const uint64_t *)(p + 1));
	libc_stdio_init();
	exit(main(argc, argv));
}

int
atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX) {
		return -1;
	}
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void
exit(int status)
{
	while (atexit_count > 0) {
		atexit_fns[--atexit_count]();
	}
	libc_stdio_flush_all();
	sys_exit(status);
}

void
_Exit(int status)
{
	sys_exit(status);
}

void
_exit(int status)
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
