/*
 * Kernel calls: system calls SYS_KCALL_BASE + KC_*, each checked against the
 * bit 1 << KC_* in the caller's privilege record (priv.h) before anything
 * else.  A call the caller lacks returns -ECALLDENIED.  Pointers are user
 * addresses of the caller, checked by the kernel; `target` is an endpoint or
 * ENDPOINT_SELF.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

enum kcall {
	/* Processes (rs, and later pm) */
	KC_PROC_CREATE = 0,  /* (const char *name, size_t len) -> child endpoint, not started */
	KC_PROC_MMAP = 1,    /* (target, vaddr, len, prot) -> 0: zeroed anonymous memory */
	KC_PROC_COPYTO = 2,  /* (target, dst vaddr, const void *src, len) -> 0 */
	KC_PROC_SETREGS = 3, /* (target, rip, rsp, rdi, rsi) -> 0 */
	KC_PROC_SETPRIV = 4, /* (target, const struct priv_desc *) -> 0; never more than ours */
	KC_PROC_START = 5,   /* (target) -> 0 */
	KC_PROC_KILL = 6,    /* (target) -> 0; the parent is told, cause EXIT_KILLED */
	KC_PROC_WAIT = 7,    /* (child or ENDPOINT_ANY, struct exit_info *) -> 0 or -ECHILD */
	KC_MUNMAP = 8,       /* (vaddr, len) -> 0: unmap from the caller */
	/* Memory shared between processes */
	KC_GRANT_CREATE = 9,   /* (grantee, addr, len, GRANT_* access) -> grant id */
	KC_GRANT_REVOKE = 10,  /* (grant id) -> 0 */
	KC_SAFECOPY_FROM = 11, /* (owner, grant id, offset, dst addr, len) -> 0 */
	KC_SAFECOPY_TO = 12,   /* (owner, grant id, offset, src addr, len) -> 0 */
	KC_GRANT_MAP = 13, /* (owner, grant id) -> vaddr where the granted pages now also appear */
	/* Drivers */
	KC_IRQ_BIND = 14,   /* (irq line) -> hook id (0..63): the bit in NOTIFY_IRQ's bitmap */
	KC_IRQ_ENABLE = 15, /* (hook id) -> 0: unmask the line again after handling */
	KC_IRQ_UNBIND = 16, /* (hook id) -> 0 */
	KC_MMIO_MAP = 17,   /* (phys, len) -> vaddr, uncached; within the record's MMIO ranges */
	KC_DMA_ALLOC = 18,  /* (size, align, DMA_* flags, struct dma_buf *out) -> 0 */
	KC_DMA_FREE = 19,   /* (vaddr) -> 0 */
	/* Everything else */
	KC_ALARM = 20,   /* (ns from now, 0 cancels) -> ns the replaced alarm had left, 0: none */
	KC_SYSINFO = 21, /* (struct sysinfo *) -> 0 */
	KC_CONSOLE_WRITE =
	    22,            /* (const char *, len) -> bytes: the kernel console (early programs) */
	KC_POWEROFF = 23,  /* (status) -> does not return: status 0 powers off, else fails QEMU */
	KC_BOOTIMAGE = 24, /* (struct bootimage_info *) -> 0: where the boot image is mapped */
	/* The PCI bus (the pci server; xinim/pci.h) */
	KC_PCI_INFO = 25, /* (index, struct pci_info *) -> 0, -ENOENT past the last function */
	KC_PCI_CONF = 26, /* (bdf, offset, width 1|2|4, PCI_CONF_OP_*, value) -> value read, or 0 */
	KC_DEV_GRANT = 27, /* (target, bdf, BAR mask, DEV_GRANT_* flags) -> 0: see below */
	KC_IRQ_MSI = 28,   /* (bdf, struct msi_msg *) -> hook id: see below */
	/* Loaders */
	KC_PROC_SHARE =
	    29, /* (target, dst vaddr, our src vaddr, len, PROT_R|X) -> 0: our frames, read-only */
	/* The kernel log */
	KC_KLOG = 30, /* (char *buf, size) -> bytes: the kernel log kept (dmesg) */
	KC_COUNT
};

/* KC_PROC_MMAP prot bits */
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4

/* KC_GRANT_CREATE access bits */
#define GRANT_READ 1  /* the grantee may copy from the window */
#define GRANT_WRITE 2 /* the grantee may copy into the window */
#define GRANT_MAP 4   /* the grantee may map the (page-aligned) window */

/* KC_PCI_CONF operations */
#define PCI_CONF_OP_READ 0
#define PCI_CONF_OP_WRITE 1

/*
 * KC_DEV_GRANT adds one PCI function's resources, as the kernel itself
 * enumerated them, to target's privilege record: each memory BAR in the
 * mask (bit n: BAR n) as an MMIO range, each I/O BAR as a port range, the
 * function itself (pd_dev, which KC_IRQ_MSI checks) and, with
 * DEV_GRANT_INTX, its interrupt line.  Nothing else can be granted this
 * way, so the pci server, the only holder, can hand out devices but not
 * memory.  Granting what the record already has changes nothing; -ENODEV
 * for no such function, -EINVAL for a BAR it lacks, -ENOSPC when the
 * record is full.
 *
 * KC_IRQ_MSI gives the caller a message-signalled interrupt for a function
 * in its record: a fresh vector, and in *msg the address and data the
 * device must write.  The hook works as KC_IRQ_BIND's does (its bit in
 * NOTIFY_IRQ, KC_IRQ_ENABLE after handling, KC_IRQ_UNBIND, freed at exit).
 */
#define DEV_GRANT_INTX 1

/* KC_DMA_ALLOC flags */
#define DMA_BELOW_4G 1

struct dma_buf {
	uint64_t db_vaddr; /* in the caller */
	uint64_t db_phys;  /* for the device */
	uint64_t db_size;
};

/* Why a process ended (exit_info.ei_cause). */
#define EXIT_NORMAL 0 /* SYS_EXIT: ei_status is its status */
#define EXIT_FAULT 1  /* a CPU exception: ei_vector, ei_addr (CR2 or RIP), ei_rip */
#define EXIT_KILLED 2 /* KC_PROC_KILL */
#define EXIT_IOPORT 3 /* an I/O instruction it has no privilege for (#GP): ei_rip */

struct exit_info {
	endpoint_t ei_endpoint;
	uint32_t ei_cause;
	int32_t ei_status;
	uint32_t ei_vector;
	uint64_t ei_addr;
	uint64_t ei_rip;
};

struct sysinfo {
	uint64_t si_free_frames;
	uint64_t si_total_frames;
	uint64_t si_heap_used; /* bytes held by kmalloc */
	uint32_t si_procs;     /* live processes */
	uint32_t si_cpus;
	uint64_t si_uptime_ns;
	uint64_t si_tsc_hz;
	/* Frames the kernel keeps for reuse (freed kernel stacks and the page
	 * tables of the stack area): as good as free when looking for leaks. */
	uint64_t si_cached_frames;
};

/* Free frames for leak checks: the free ones plus those the kernel keeps
 * cached for reuse. */
static inline uint64_t
sysinfo_free_frames(const struct sysinfo *si)
{
	return si->si_free_frames + si->si_cached_frames;
}

struct bootimage_info {
	uint64_t bi_vaddr; /* the cpio archive, mapped read-only in rs */
	uint64_t bi_size;
	char bi_cmdline[4096];  /* the `run=` value, "" if none */
	char bi_kcmdline[4096]; /* the whole kernel command line (rs reads rsconf=) */
};
