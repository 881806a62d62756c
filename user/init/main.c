/*
 * init: the first user program (rs runs it when there is no run=).  It
 * asks pm to run `/bin/sh /etc/rc` and waits for it, then keeps a shell
 * on /dev/console: descriptors 0, 1 and 2 opened on the console, and a
 * new shell whenever the last one exits.  init itself has no
 * descriptors, so its own messages go to the kernel console.  It never
 * exits (rs would power off): when the shell cannot be started it says
 * so once and tries again, more slowly.
 */
#include <errno.h>
#include <fcntl.h>
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xinim/proto/pm.h>

#define CONSOLE "/dev/console"
#define RETRY_FIRST_MS 100
#define RETRY_MAX_MS 5000

static char *init_env[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };

/* Spawns argv on the console (fds 0-2) and waits: its wait status, or
 * -1 with the spawn's error in *err. */
static int
run(char *const argv[], int *err)
{
	posix_spawn_file_actions_t fa;
	int status = 0;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, CONSOLE, O_RDWR, 0);
	posix_spawn_file_actions_adddup2(&fa, 0, 1);
	posix_spawn_file_actions_adddup2(&fa, 0, 2);
	*err = posix_spawn(&pid, argv[0], &fa, NULL, argv, init_env);
	posix_spawn_file_actions_destroy(&fa);
	if (*err != 0) {
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno == ECHILD) {
			return 0;
		}
		usleep(100000);
	}
	return status;
}

static void
run_rc(void)
{
	char *argv[] = { "/bin/sh", "/etc/rc", NULL };
	int err, st;

	if (access("/etc/rc", F_OK) != 0) {
		return;
	}
	st = run(argv, &err);
	if (st < 0) {
		printf("init: cannot run /etc/rc: %s\n", strerror(err));
	} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("init: /etc/rc failed (status 0x%x)\n", st);
	}
}

/* pm did not spawn us: give it our name for ps (PM_GETPID's name). */
static void
tell_name(void)
{
	struct message m = { .m_type = PM_GETPID };

	rs_name_pack(&m, 0, "init");
	ds_call("pm", &m);
}

int
main(int argc, char **argv)
{
	char *sh[] = { "/bin/sh", NULL };
	unsigned delay = RETRY_FIRST_MS;
	int said = 0, err;

	tell_name();
	run_rc();
	for (;;) {
		time_t began = time(NULL);
		int st = run(sh, &err);

		if (st >= 0) {
			/* A shell that ends at once (no console?) is not restarted
			 * in a tight loop. */
			if (time(NULL) == began) {
				usleep(200000);
			}
			delay = RETRY_FIRST_MS;
			said = 0;
			continue;
		}
		if (!said) {
			printf("init: cannot start /bin/sh: %s; trying again\n", strerror(err));
			said = 1;
		}
		usleep(delay * 1000);
		delay = delay * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : delay * 2;
	}
}
