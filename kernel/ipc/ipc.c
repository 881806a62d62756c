/*
 * Set-up of the IPC module: whether the fast path is used.  The rest of
 * the module needs no set-up: its state lives in the process table,
 * zeroed with it, and the alarm thread starts with the first alarm.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/log.h>
#include "ipc_impl.h"

bool ipc_fastpath_enabled = true;

void
ipc_init(bool fastpath)
{
	ipc_fastpath_enabled = fastpath;
	pr_info("ipc: %u endpoints, call/reply fast path %s\n", ENDPOINT_SLOTS,
	    fastpath ? "on" : "off");
}
