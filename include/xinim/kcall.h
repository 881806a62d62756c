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
	/* Direct copies and DMA through grants: see below */
	KC_GRANT_INDIRECT = 31, /* (grantee, owner, owner's grant id, offset, len, access) -> id */
	KC_SAFECOPY_V = 32,     /* (const struct safecopy_vec *, n) -> bytes copied */
	KC_GRANT_PHYS = 33,  /* (owner, grant id, offset, len, struct phys_seg *, n) -> segments */
	KC_GRANT_UNPIN = 34, /* (owner, grant id, offset, len) -> 0: ends a KC_GRANT_PHYS pin */
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

/*
 * KC_GRANT_INDIRECT passes on a grant: the caller, grantee of `owner`'s
 * grant, lets `grantee` use [offset, offset+len) of that grant's window
 * with access (GRANT_READ, GRANT_WRITE: no more than the caller holds;
 * GRANT_MAP never passes on, -EACCES).  The new grant is in the caller's
 * table: the grantee names the caller and the new id in KC_SAFECOPY_*,
 * and the caller revokes it with KC_GRANT_REVOKE.  Every copy walks the
 * chain down to the memory and checks each link, so revoking any grant
 * along it, or the death of any process on it, ends the grants made from
 * it from the next page on (-ENOENT, -EDEADSRCDST).  A grant passed on
 * GRANT_DEPTH_MAX (4) times cannot be passed on again: -ELOOP.
 *
 * KC_SAFECOPY_V does up to SAFECOPY_VEC_MAX safecopies in one call, in
 * order.  The vector is copied in once and every entry checked first (a
 * direction, a length > 0, a buffer inside user space, no more than
 * SAFECOPY_VEC_BYTES in all): a malformed one fails the call with
 * -EINVAL or -EFAULT before anything moves.  Then the entries run in
 * turn; the first that fails stops the call with its error (earlier
 * entries have been copied, later ones not).  Success returns the total
 * bytes copied.
 */
#define SAFECOPY_FROM 0 /* owner's window -> our buffer, as KC_SAFECOPY_FROM */
#define SAFECOPY_TO 1   /* our buffer -> owner's window, as KC_SAFECOPY_TO */
#define SAFECOPY_VEC_MAX 16
#define SAFECOPY_VEC_BYTES 0x7fffffffULL /* the most one vector may move */

struct safecopy_vec {
	endpoint_t sv_owner; /* whose grant */
	uint32_t sv_dir;     /* SAFECOPY_FROM or SAFECOPY_TO */
	int64_t sv_grant;
	uint64_t sv_offset; /* in the grant's window */
	uint64_t sv_addr;   /* our buffer */
	uint64_t sv_len;
};
_Static_assert(sizeof(struct safecopy_vec) == 40, "struct safecopy_vec is 40 bytes");

/*
 * KC_GRANT_PHYS pins [offset, offset+len) of owner's grant (direct or
 * passed on, with GRANT_READ or GRANT_WRITE) for a device to reach by
 * DMA: it fills segs[0..n) with the physical ranges of the bytes, in
 * order, physically adjacent pages merged, and returns how many it
 * filled.  The frames stay allocated while pinned, whatever the owner
 * does meanwhile (unmapping, revoking, dying); they are freed with the
 * last of their owner and their pins.  The pin ends with KC_GRANT_UNPIN
 * and the very (owner, grant id, offset, len) of the pin, which works
 * even after the grant is gone (the most recent such pin of the caller),
 * or when the caller dies.  The window must be the owner's own memory
 * (not MMIO, a DMA buffer or memory it maps from others: -EFAULT), at
 * most GRANT_PIN_MAX bytes (-EINVAL), and need at most n segments
 * (-E2BIG, nothing pinned; n > 0, any larger n than the window has pages
 * is as good as that); a caller holds at most GRANT_PINS_MAX pins
 * (-ENOSPC).  Only for callers whose record lists KC_GRANT_PHYS (and
 * KC_GRANT_UNPIN, to end pins before they die): the kernel cannot see
 * what a device does with an address, so it trusts such a driver to read
 * only what GRANT_READ allows and write only what GRANT_WRITE allows.
 * Unpinning: 0, or -ENOENT for no such pin.
 */
#define GRANT_PIN_MAX (1ULL << 20)
#define GRANT_PINS_MAX 64

struct phys_seg {
	uint64_t ps_addr; /* physical */
	uint64_t ps_len;
};
_Static_assert(sizeof(struct phys_seg) == 16, "struct phys_seg is 16 bytes");

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
