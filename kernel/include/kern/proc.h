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
#include <stddef.h>
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
	PROC_DYING,    /* exiting: its resources are being released; invisible to
	                * proc_lookup() and to the parent's KC_PROC_WAIT */
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
	bool p_kill_pending;  /* KC_PROC_KILL: ends on its next way out of the kernel */
	uint64_t p_start_rip; /* KC_PROC_SETREGS: the first user registers */
	uint64_t p_start_rsp;
	uint64_t p_start_rdi;
	uint64_t p_start_rsi;

	/* vm (kernel/proc/vm.c): the user address space */
	uint64_t p_cr3;          /* physical address of its PML4 */
	uint64_t p_mmap_next;    /* next free address for mappings the kernel places */
	uint64_t p_frames;       /* user frames it owns (for accounting) */
	uint64_t p_bootimage_va; /* where KC_BOOTIMAGE mapped the boot image, 0: not */
	/* Guards the page tables against teardown while another process copies
	 * through them (KC_PROC_COPYTO, safecopy); see kern/vm.h. */
	struct spinlock p_vm_lock;

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

/* Called with no lock held. */
/* Makes a PROC_NEW process named name (len bytes, cut to 15) whose parent
 * is parent (NULL: none, for rs), with an empty address space and no
 * privileges.  Returns it, or NULL with *err = -EAGAIN (table full) or
 * -ENOMEM. */
struct proc *proc_create(const char *name, size_t len, struct proc *parent, int *err);

/* Starts a PROC_NEW process: gives it a kernel thread that enters ring 3
 * with the p_start_* registers.  Returns 0, or -ENOMEM with p left NEW. */
int proc_start(struct proc *p);

/* Ends the calling process (from its own thread, in the kernel): records
 * why in p_exit, releases everything it holds, tells its parent and ends
 * the thread.  Never returns.  cause is EXIT_*; status, vector, addr and
 * rip go to the matching exit_info fields. */
__attribute__((noreturn)) void proc_exit(uint32_t cause, int32_t status, uint32_t vector,
    uint64_t addr, uint64_t rip);

/* KC_PROC_KILL's work: ends target (cause EXIT_KILLED).  A process that
 * runs ends on its next way out of the kernel; a PROC_NEW child of the
 * caller ends at once.  Returns 0, -ESRCH or -EPERM (neither its parent
 * nor rs). */
int proc_kill(struct proc *caller, endpoint_t target);

/* KC_PROC_WAIT's work: collects an exited child of parent (child, or any
 * with ENDPOINT_ANY) into *out and frees its slot.  Returns 0, -EAGAIN
 * when the children asked about all still run, -ECHILD when there is none. */
int proc_wait(struct proc *parent, endpoint_t child, struct exit_info *out);

/* On every way from the kernel back to ring 3 (system call, interrupt or
 * exception from user mode): ends the calling process if it was killed.
 * Interrupts may be off. */
void proc_user_return(void);

/* Whether p has been told to end; IPC waits check it after every wake-up
 * and return at once, so that the kill takes effect. */
bool proc_should_die(const struct proc *p);

/* Whether p is the process the kernel started itself (rs). */
bool proc_is_rs(const struct proc *p);
void proc_set_rs(struct proc *p);

/* Processes in the table that are not free and not zombies. */
uint32_t proc_count(void);

/*
 * Hooks other modules fill in, called on the dying process's own thread
 * (or its parent's, for one that never started), state PROC_DYING, no lock
 * held, address space still there:
 *   ipc_proc_died(p)            kernel/ipc/: fail senders queued on p,
 *                               callers waiting for its reply, ...
 *   proc_release_resources(p)   kernel/proc/res_release.c: grants, DMA,
 *                               IRQ hooks, MMIO, I/O bitmap, alarm
 * and, with proc_lock held, when p's parent must learn of an exit:
 *   ipc_kernel_notify(dst, bits)  kernel/ipc/: sets bits in dst's
 *                               p_kernel_pending and wakes it if it waits
 */
void ipc_proc_died(struct proc *p);
void proc_release_resources(struct proc *p);
void ipc_kernel_notify(struct proc *dst, uint32_t bits);
