/*
 * Helpers the kernel calls of kernel/kcall/ share.
 */
#pragma once
#include <stdbool.h>
#include <kern/proc.h>

/*
 * The process a process-management call acts on: the caller itself for
 * ENDPOINT_SELF or its own endpoint (when self_ok), else an unstarted
 * (PROC_NEW) child of the caller.  Returns NULL with *err = -ESRCH (no
 * such process), -EPERM (not our child) or -EBUSY (already started).
 */
struct proc *kcall_target(struct proc *caller, endpoint_t ep, bool self_ok, int *err);
