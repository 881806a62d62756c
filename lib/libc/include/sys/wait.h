/*
 * Waiting for children (pm's PM_WAIT) and reading their status.
 */
#pragma once
#include <sys/types.h>
#include <xinim/proto/pm.h>

#define WNOHANG PM_WNOHANG

#define WIFEXITED(st) PM_W_EXITED(st)
#define WEXITSTATUS(st) PM_W_EXITSTATUS(st)
#define WIFSIGNALED(st) (!PM_W_EXITED(st))
#define WTERMSIG(st) PM_W_TERMSIG(st)

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
