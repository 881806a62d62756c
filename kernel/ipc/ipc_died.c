/*
 * ipc_proc_died(): what IPC must undo when a process ends (wake the
 * processes blocked sending to it or waiting for its reply, with
 * -EDEADSRCDST; take it off the queue it was sending on).  Called by
 * proc_exit.c with the process in PROC_DYING.  The IPC module fills it in;
 * until IPC exists nobody can be blocked on a process.
 */
#include <kern/proc.h>

void
ipc_proc_died(struct proc *p)
{
}
