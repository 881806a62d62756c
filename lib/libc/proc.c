/*
 * The process's identity and its children, from pm: getpid, getppid,
 * getpgrp, setpgid, getuid, getgid, setuid, setgid, wait, waitpid, kill,
 * signal, raise.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xinim/proto/pm.h>
#include "libc_int.h"

static long
pm_simple(uint32_t type, uint64_t a0, uint64_t a1, struct message *m)
{
	*m = (struct message){ .m_type = type };
	m->m_arg[0] = a0;
	m->m_arg[1] = a1;
	return libc_pm(m);
}

/* PM_GETPID's answer [i] (pid, parent, group), -1 when pm cannot say. */
static pid_t
pid_part(unsigned i)
{
	struct message m;

	if (pm_simple(PM_GETPID, 0, 0, &m) < 0) {
		return -1;
	}
	return (pid_t)m.m_arg[i];
}

pid_t
getpid(void)
{
	return pid_part(1);
}

pid_t
getppid(void)
{
	return pid_part(2);
}

pid_t
getpgrp(void)
{
	return pid_part(3);
}

int
setpgid(pid_t pid, pid_t pgid)
{
	struct message m;

	return (int)libc_ret(pm_simple(PM_SETPGID, (uint64_t)pid, (uint64_t)pgid, &m));
}

static uint32_t
id_part(unsigned i)
{
	struct message m;

	if (pm_simple(PM_GETID, 0, 0, &m) < 0) {
		return 0;
	}
	return (uint32_t)m.m_arg[i];
}

uid_t
getuid(void)
{
	return id_part(1);
}

gid_t
getgid(void)
{
	return id_part(2);
}

uid_t
geteuid(void)
{
	return id_part(1);
}

gid_t
getegid(void)
{
	return id_part(2);
}

int
setuid(uid_t uid)
{
	struct message m;

	return (int)libc_ret(pm_simple(PM_SETID, uid, (uint32_t)-1, &m));
}

int
setgid(gid_t gid)
{
	struct message m;

	return (int)libc_ret(pm_simple(PM_SETID, (uint32_t)-1, gid, &m));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	struct message m;
	long r = pm_simple(PM_WAIT, (uint64_t)(int64_t)pid, (uint64_t)(options & WNOHANG), &m);

	if (r > 0 && status != NULL) {
		*status = (int)m.m_arg[1];
	}
	return (pid_t)libc_ret(r);
}

pid_t
wait(int *status)
{
	return waitpid(-1, status, 0);
}

int
kill(pid_t pid, int sig)
{
	struct message m;

	return (int)libc_ret(pm_simple(PM_KILL, (uint64_t)(int64_t)pid, (uint64_t)sig, &m));
}

int
raise(int sig)
{
	pid_t me = getpid();

	if (me < 0) {
		return -1;
	}
	return kill(me, sig);
}

sighandler_t
signal(int sig, sighandler_t handler)
{
	struct message m;
	long r;

	if (handler != SIG_DFL && handler != SIG_IGN) {
		errno = EINVAL;
		return SIG_ERR;
	}
	r = pm_simple(PM_SIGNAL, (uint64_t)sig, handler == SIG_IGN ? PM_SIG_IGNORE : PM_SIG_DEFAULT,
	    &m);
	if (r < 0) {
		errno = (int)-r;
		return SIG_ERR;
	}
	return r == PM_SIG_IGNORE ? SIG_IGN : SIG_DFL;
}
