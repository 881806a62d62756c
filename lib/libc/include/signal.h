/*
 * Signals, pm's way: a signal ends the process unless it ignores it;
 * there are no handlers (signal() takes SIG_DFL or SIG_IGN only).
 */
#pragma once
#include <sys/types.h>
#include <xinim/proto/pm.h>

#define SIGHUP XSIGHUP
#define SIGINT XSIGINT
#define SIGQUIT XSIGQUIT
#define SIGKILL XSIGKILL
#define SIGSEGV XSIGSEGV
#define SIGPIPE XSIGPIPE
#define SIGTERM XSIGTERM
#define SIGCHLD XSIGCHLD
#define NSIG XNSIG

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

int kill(pid_t pid, int sig);
/* Only SIG_DFL and SIG_IGN: anything else fails with EINVAL. */
sighandler_t signal(int sig, sighandler_t handler);
int raise(int sig);
