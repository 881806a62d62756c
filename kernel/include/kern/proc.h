/*
 * Processes: the unit of isolation.  A process has its own address space,
 * one kernel thread that runs it in ring 3, an endpoint (process-table slot
 * plus generation), a privilege record set by its parent, and the resources
 * it holds, which the kernel reclaims when it exits or crashes.
 *
 * Ownership: the fields under each heading belong to the module named
 * there; other modules read them only through that module's functions.
 * proc_lock (proc.c) protects the table and every p_state change.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/spinlock.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

struct thread;
struct trap_frame;

enum proc_state {
	PROC_FREE = 0, /* slot unused */
	PROC_NEW,      /* created, not started */
	PROC_LIVE,     /* running, runnable or blocked in IPC */
	PROC_ZOMBIE,   /* exited; resources freed, exit_info kept for the parent */
};

/* IPC state (kernel/ipc/): what the process is blocked on, if anything. */
enum ipc_block {
	IPC_NONE = 0,
	IPC_SENDING,   /* in SYS_SEND or the send half of SYS_CALL */
	IPC_RECEIVING, /* in SYS_RECEIVE or the receive half of SYS_CALL */
};

struct proc {
	/* proc.c */
	char p_name[16];
	endpoint_t p_endpoint;
	enum proc_state p_state;
	endpoint_t p_parent;
	struct thread *p_thread; /* the thread that runs it */
	struct exit_info p_exit; /* valid in PROC_ZOMBIE */
	bool p_exit_collected;

	/* vm (kernel/proc/vm.c): the user address space */
	uint64_t p_cr3;       /* physical address of its PML4 */
	uint64_t p_mmap_next; /* next free address for mappings the kernel places */
	uint64_t p_frames;    /* user frames it owns (for accounting) */

	/* priv (kernel/proc/priv.c) */
	struct priv_desc p_priv;
	uint8_t *p_iobitmap; /* 8 KiB TSS I/O bitmap, NULL: no ports */

	/* ipc (kernel/ipc/) */
	enum ipc_block p_ipc_block;
	endpoint_t p_ipc_peer;     /* sending to / receiving from (or ANY) */
	bool p_ipc_in_call;        /* receiving half of SYS_CALL: only the peer's reply wakes it */
	struct message p_ipc_msg;  /* message being sent, or the one received */
	int64_t p_ipc_result;      /* result handed over by the waking side */
	struct proc *p_ipc_q_head; /* processes blocked sending to this one */
	struct proc *p_ipc_q_next; /* link in the queue of the process we send to */
	uint64_t p_notify_pending[ENDPOINT_SLOTS / 64]; /* by source slot */
	uint32_t p_kernel_pending;                      /* NOTIFY_* bits from the kernel */
	uint64_t p_irq_pending;                         /* IRQ hooks that fired */

	/* resources (kernel/proc/res_*.c, kernel/kcall/) */
	uint64_t p_dma_bytes; /* DMA memory held, against pd_dma_quota */
	void *p_res;          /* private lists: grants, DMA buffers, IRQ hooks, shm */
	uint64_t p_alarm_ns;  /* monotonic deadline of KC_ALARM, 0 = none */
};

extern struct proc proc_table[ENDPOINT_SLOTS];
extern struct spinlock proc_lock;

/* The process the calling CPU runs, or NULL in a kernel thread. */
struct proc *proc_current(void);

/* Finds the live (or new) process named by ep, checking the generation;
 * ENDPOINT_SELF means the caller.  NULL when dead, stale or malformed. */
struct proc *proc_lookup(endpoint_t ep);
