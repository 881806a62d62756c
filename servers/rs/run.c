/*
 * run=PROGRAM ARGS: the unattended mode tests and benchmarks use.  The
 * program gets an ordinary record (no devices, but it may start and stop
 * processes of its own, which test programs need), its output goes to the
 * console, and QEMU's exit status tells how it ended: KC_POWEROFF with the
 * program's status, 128 + the vector for a fault, RUN_NOT_FOUND or
 * RUN_NOT_EXEC when it could not be started.  rs does not wait for it:
 * it starts it after `xinim: system ready`, notifies it (so that it knows
 * rs's endpoint and may use the rs protocol, its record allowing IPC with
 * anyone), goes on serving services, and powers off when main.c's reaper
 * hands it the program's exit record (rs_run_exited()).  Without run=,
 * the program is init (user/init), which starts the shell.
 */
#include <libsys/bootimage.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "rs.h"
#include "svc.h"

#define RUN_NOT_EXEC 126
#define RUN_NOT_FOUND 127
#define RUN_KILLED 137

void
rs_program_priv(struct priv_desc *pd)
{
	static const unsigned calls[] = {
		KC_PROC_CREATE,
		KC_PROC_MMAP,
		KC_PROC_COPYTO,
		KC_PROC_SETREGS,
		KC_PROC_SETPRIV,
		KC_PROC_START,
		KC_PROC_KILL,
		KC_PROC_WAIT,
		KC_MUNMAP,
		KC_GRANT_CREATE,
		KC_GRANT_REVOKE,
		KC_SAFECOPY_FROM,
		KC_SAFECOPY_TO,
		KC_GRANT_MAP,
		KC_GRANT_INDIRECT,
		KC_SAFECOPY_V,
		KC_ALARM,
		KC_SYSINFO,
		KC_CONSOLE_WRITE,
		KC_BOOTIMAGE,
		KC_PROC_SHARE,
	};

	memset(pd, 0, sizeof(*pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd->pd_kcalls |= 1ULL << calls[i];
	}
	pd->pd_flags = PRIV_IPC_ANY;
}

/* Splits line in place at spaces into argv (at most max - 1 words and
 * the NULL); returns argc, or -1 when there are more words. */
static int
rs_split(char *line, char **argv, int max)
{
	int argc = 0;

	while (*line != '\0') {
		while (*line == ' ') {
			*line++ = '\0';
		}
		if (*line == '\0') {
			break;
		}
		if (argc == max - 1) {
			argv[argc] = NULL;
			return -1;
		}
		argv[argc++] = line;
		while (*line != '\0' && *line != ' ') {
			line++;
		}
	}
	argv[argc] = NULL;
	return argc;
}

/* Powers off with status.  KC_POWEROFF returns only when it failed; the
 * callers must not go on (their argv may be empty), so rs then idles. */
__attribute__((noreturn)) static void
rs_poweroff(int status)
{
	struct message m;
	int err = kc_poweroff(status);

	printf("rs: run: cannot power off (%d); idling\n", err);
	for (;;) {
		ipc_receive(ENDPOINT_ANY, &m);
	}
}

static int
rs_status(const struct exit_info *ei)
{
	switch (ei->ei_cause) {
	case EXIT_NORMAL:
		return ei->ei_status;
	case EXIT_FAULT:
		return 128 + (int)ei->ei_vector;
	default:
		return RUN_KILLED;
	}
}

static endpoint_t run_child = ENDPOINT_NONE;
static char run_name[64];

endpoint_t
rs_run_start(const char *cmdline)
{
	static char line[sizeof(((struct bootimage_info *)0)->bi_cmdline)];
	char *argv[RS_ARGV_MAX];
	struct priv_desc pd;
	endpoint_t child;
	int argc;

	strlcpy(line, cmdline, sizeof(line));
	argc = rs_split(line, argv, RS_ARGV_MAX);
	if (argc == 0) {
		printf("rs: run: no program named\n");
		rs_poweroff(RUN_NOT_FOUND);
	}
	if (argc < 0) {
		/* Running it with some of its arguments dropped would be worse. */
		printf("rs: run: too many arguments (at most %d)\n", RS_ARGV_MAX - 2);
		rs_poweroff(RUN_NOT_EXEC);
	}
	rs_program_priv(&pd);
	rs_devtest_priv(argv[0], &pd);
	child = spawn_boot(argv[0], argv, &pd);
	if (child == -ENOENT) {
		printf("rs: run: no program '%s' in the boot image\n", argv[0]);
		rs_poweroff(RUN_NOT_FOUND);
	}
	if (child < 0) {
		printf("rs: run: cannot start '%s': %s\n", argv[0],
		    child == -ENOEXEC ? "not a valid executable" : strerror(child));
		rs_poweroff(RUN_NOT_EXEC);
	}
	/* Its first message tells it rs's endpoint (libsys/rs.h). */
	ipc_notify(child);
	strlcpy(run_name, argv[0], sizeof(run_name));
	run_child = child;
	return child;
}

void
rs_run_init(void)
{
	const void *data;
	size_t len;

	if (bootimage_find("bin/init", &data, &len) == 0) {
		rs_run_start("init");
	}
}

bool
rs_run_exited(const struct exit_info *ei)
{
	char how[96];

	if (run_child == ENDPOINT_NONE || ei->ei_endpoint != run_child) {
		return false;
	}
	printf("rs: %s %s\n", run_name, exit_describe(ei, how, sizeof(how)));
	rs_poweroff(rs_status(ei));
}
