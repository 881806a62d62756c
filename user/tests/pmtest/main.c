/*
 * pmtest: pm through libc.  Every test spawns pmtest itself in a child
 * role (child.c) with posix_spawn and checks what waitpid says: exit
 * statuses, a crash (SIGSEGV), kill, WNOHANG, ECHILD, the environment,
 * descriptor inheritance with FD_CLOEXEC and file actions, an ignored
 * signal, ENOENT and ENOEXEC, setuid, process groups and PM_PS, and pm
 * crashing under a running child.  Needs pm, vfs, initfs and tmpfs; run with
 * run=pmtest [TEST].
 */
#include <errno.h>
#include <fcntl.h>
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xinim/proto/pm.h>
#include "pmtest.h"

#define SELF "/bin/pmtest"

static char *test_env[] = { "PATH=/bin", "XINIM_TEST=hello", NULL };

/* Spawns pmtest -c role a b with optional file actions: pid or -errno. */
static pid_t
spawn_role(const posix_spawn_file_actions_t *fa, const char *role, const char *a, const char *b)
{
	char *argv[] = { "pmtest", "-c", (char *)role, (char *)a, (char *)b, NULL };
	pid_t pid;
	int err = posix_spawn(&pid, SELF, fa, NULL, argv, test_env);

	return err != 0 ? -err : pid;
}

/* Waits for pid: its status, or -1. */
static int
wait_for(pid_t pid)
{
	int st = 0;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

static const char *
expect_exit(const char *role, const char *a, const char *b, int want)
{
	pid_t pid = spawn_role(NULL, role, a, b);
	int st;

	if (pid < 0) {
		return testrun_why("spawn %s: %s", role, strerror(-pid));
	}
	st = wait_for(pid);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != want) {
		return testrun_why("%s: status 0x%x, want exit %d", role, st, want);
	}
	return NULL;
}

static const char *
t_exit(void)
{
	const char *why = expect_exit("exit", "0", NULL, 0);

	return why != NULL ? why : expect_exit("exit", "3", NULL, 3);
}

static const char *
t_crash(void)
{
	pid_t pid = spawn_role(NULL, "segv", NULL, NULL);
	int st = pid > 0 ? wait_for(pid) : -1;

	if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV) {
		return testrun_why("status 0x%x, want SIGSEGV", st);
	}
	return NULL;
}

static const char *
t_kill(void)
{
	pid_t pid = spawn_role(NULL, "sleep", NULL, NULL);
	int st;

	if (pid < 0) {
		return testrun_why("spawn: %s", strerror(-pid));
	}
	if (kill(pid, SIGTERM) != 0) {
		return testrun_why("kill: %s", strerror(errno));
	}
	st = wait_for(pid);
	if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM) {
		return testrun_why("status 0x%x, want SIGTERM", st);
	}
	if (kill(pid, SIGTERM) == 0 || errno != ESRCH) {
		return "kill of a reaped pid did not fail with ESRCH";
	}
	if (kill(pid, 77) == 0 || errno != EINVAL) {
		return "kill with signal 77 did not fail with EINVAL";
	}
	return NULL;
}

static const char *
t_wnohang(void)
{
	pid_t pid = spawn_role(NULL, "sleep", NULL, NULL);
	int st = 0;
	pid_t r;

	if (pid < 0) {
		return testrun_why("spawn: %s", strerror(-pid));
	}
	r = waitpid(pid, &st, WNOHANG);
	kill(pid, SIGKILL);
	if (r != 0) {
		return testrun_why("WNOHANG on a running child gave %d", r);
	}
	st = wait_for(pid);
	if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
		return testrun_why("status 0x%x, want SIGKILL", st);
	}
	return NULL;
}

static const char *
t_echild(void)
{
	if (waitpid(-1, NULL, 0) != -1 || errno != ECHILD) {
		return "waitpid with no children did not fail with ECHILD";
	}
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
		return "waitpid WNOHANG with no children did not fail with ECHILD";
	}
	return NULL;
}

static const char *
t_envp(void)
{
	const char *why = expect_exit("env", "XINIM_TEST", "hello", 0);

	return why != NULL ? why : expect_exit("env", "PATH", "/bin", 0);
}

static const char *
t_ppid(void)
{
	char me[16];

	snprintf(me, sizeof(me), "%d", getpid());
	return expect_exit("ppid", me, NULL, 0);
}

/* A descriptor without FD_CLOEXEC is inherited, one with it is not;
 * file actions close and duplicate, before close-on-exec. */
static const char *
t_cloexec(void)
{
	int keep = open("/etc/services.conf", O_RDONLY);
	int drop = open("/etc/services.conf", O_RDONLY | O_CLOEXEC);
	posix_spawn_file_actions_t fa;
	char k[8], d[8];
	const char *why;
	pid_t pid;
	int st;

	if (keep < 0 || drop < 0) {
		return testrun_why("open: %s", strerror(errno));
	}
	snprintf(k, sizeof(k), "%d", keep);
	snprintf(d, sizeof(d), "%d", drop);
	why = expect_exit("fd", k, NULL, 0);
	if (why == NULL) {
		why = expect_exit("fd", d, NULL, 1);
	}
	if (why == NULL) {
		/* The actions come before close-on-exec, as POSIX says: a
		 * dup2 of a FD_CLOEXEC descriptor gives the child a copy it
		 * keeps, while the original is closed. */
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, drop, 21);
		pid = spawn_role(&fa, "fd", "21", NULL);
		st = pid > 0 ? wait_for(pid) : -1;
		if (st != 0) {
			why = testrun_why("dup2 of a close-on-exec descriptor: status 0x%x", st);
		}
		pid = spawn_role(&fa, "fd", d, NULL);
		st = pid > 0 ? wait_for(pid) : -1;
		if (why == NULL && (st < 0 || WEXITSTATUS(st) != 1)) {
			why =
			    testrun_why("the close-on-exec original after a dup2: status 0x%x", st);
		}
		posix_spawn_file_actions_destroy(&fa);
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, keep, 20);
		posix_spawn_file_actions_addclose(&fa, keep);
		pid = spawn_role(&fa, "fd", "20", NULL);
		st = pid > 0 ? wait_for(pid) : -1;
		if (st != 0) {
			why = testrun_why("dup2 action: status 0x%x", st);
		}
		pid = spawn_role(&fa, "fd", k, NULL);
		st = pid > 0 ? wait_for(pid) : -1;
		if (why == NULL && (st < 0 || WEXITSTATUS(st) != 1)) {
			why = testrun_why("close action: status 0x%x", st);
		}
		posix_spawn_file_actions_destroy(&fa);
	}
	close(keep);
	close(drop);
	return why;
}

static const char *
t_ignore(void)
{
	posix_spawn_file_actions_t fa;
	int p[2], st;
	pid_t pid;
	char c;

	if (pipe(p) != 0) {
		return testrun_why("pipe: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	pid = spawn_role(&fa, "ignore", NULL, NULL);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1) {
		close(p[0]);
		return "the child did not say it was ready";
	}
	close(p[0]);
	kill(pid, SIGTERM);
	usleep(100000);
	if (waitpid(pid, &st, WNOHANG) != 0) {
		return "an ignored SIGTERM ended the child";
	}
	kill(pid, SIGKILL);
	st = wait_for(pid);
	if (st < 0 || WTERMSIG(st) != SIGKILL) {
		return testrun_why("status 0x%x, want SIGKILL", st);
	}
	return NULL;
}

static const char *
t_noexec(void)
{
	char *argv[] = { "x", NULL };
	pid_t pid;
	int fd, err;

	err = posix_spawn(&pid, "/bin/no-such-program", NULL, NULL, argv, NULL);
	if (err != ENOENT) {
		return testrun_why("missing program: %s, want ENOENT", strerror(err));
	}
	fd = open("/tmp/notelf", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, "#!not an ELF file\n", 18) != 18) {
		return testrun_why("/tmp/notelf: %s", strerror(errno));
	}
	close(fd);
	err = posix_spawn(&pid, "/tmp/notelf", NULL, NULL, argv, NULL);
	unlink("/tmp/notelf");
	if (err != ENOEXEC) {
		return testrun_why("non-ELF file: %s, want ENOEXEC", strerror(err));
	}
	return NULL;
}

static const char *
t_setid(void)
{
	return expect_exit("setid", NULL, NULL, 0);
}

/* A child in a group of its own (POSIX_SPAWN_SETPGROUP 0) is reached
 * by kill(-group); PM_PS lists us and it. */
static const char *
t_group(void)
{
	char *argv[] = { "pmtest", "-c", "sleep", NULL };
	bool me = false, child = false;
	posix_spawnattr_t attr;
	struct message m;
	int st, err, next = 0;
	pid_t pid;

	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	err = posix_spawn(&pid, SELF, NULL, &attr, argv, test_env);
	if (err != 0) {
		return testrun_why("spawn: %s", strerror(err));
	}
	do {
		m = (struct message){ .m_type = PM_PS };
		m.m_arg[0] = (uint64_t)next;
		if (ds_call("pm", &m) != 0 || (int64_t)m.m_arg[0] != 0) {
			break;
		}
		me |= (pid_t)(uint32_t)m.m_arg[1] == getpid();
		child |=
		    (pid_t)(uint32_t)m.m_arg[1] == pid && (pid_t)(m.m_arg[1] >> 32) == getpid();
		next = (int)m.m_arg[6];
	} while (next != 0);
	if (kill(-pid, SIGTERM) != 0) {
		kill(pid, SIGKILL);
		wait_for(pid);
		return testrun_why("kill(-%d): %s", pid, strerror(errno));
	}
	st = wait_for(pid);
	if (st < 0 || WTERMSIG(st) != SIGTERM) {
		return testrun_why("status 0x%x, want SIGTERM", st);
	}
	if (!me || !child) {
		return "PM_PS did not list pmtest and its child";
	}
	return NULL;
}

/* pm crashes and comes back with its table (preserve_state): our pid
 * stays, a child the old instance spawned is still waited for (as
 * killed: its exit went nowhere), and spawning works again. */
static const char *
t_restart(void)
{
	struct message m;
	pid_t me = getpid(), pid = spawn_role(NULL, "nap", "1500", NULL);
	int st;

	if (pid < 0) {
		return testrun_why("spawn: %s", strerror(-pid));
	}
	usleep(500000); /* pm checkpoints within 200 ms */
	memset(&m, 0, sizeof(m));
	m.m_type = RS_FAULT;
	rs_name_pack(&m, 0, "pm");
	m.m_arg[3] = RS_FAULT_CRASH;
	if (rs_call(&m) != 0) {
		return "rs would not crash pm";
	}
	if (getpid() != me) {
		return testrun_why("pid %d became %d across pm's restart", me, getpid());
	}
	st = wait_for(pid);
	if (st < 0 || !WIFSIGNALED(st)) {
		return testrun_why("the old instance's child: status 0x%x", st);
	}
	return expect_exit("exit", "5", NULL, 5);
}

static const struct testrun_case tests[] = {
	{ "exit", t_exit },
	{ "crash", t_crash },
	{ "kill", t_kill },
	{ "wnohang", t_wnohang },
	{ "echild", t_echild },
	{ "envp", t_envp },
	{ "ppid", t_ppid },
	{ "cloexec", t_cloexec },
	{ "ignore", t_ignore },
	{ "noexec", t_noexec },
	{ "setid", t_setid },
	{ "group", t_group },
	{ "restart", t_restart },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		return pmtest_child(argc, argv);
	}
	return testrun_table("pmtest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
