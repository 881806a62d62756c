/*
 * Device access for drivers (xinim/kcall.h): IRQ hooks, MSIs, MMIO
 * mappings and DMA buffers, each allowed only within the caller's
 * privilege record (-ECALLDENIED otherwise; -ENOMEM past the DMA quota).
 * I/O ports need no call: the ports the record lists simply work with
 * in/out, and any other one ends the process with EXIT_IOPORT.
 *
 * And the PCI bus as the pci server sees it: the kernel's list of
 * functions, their configuration space, and KC_DEV_GRANT, which hands one
 * function's resources to a driver.  Drivers themselves use libsys/pci.h.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <libsys/syscall.h>
#include <xinim/kcall.h>
#include <xinim/pci.h>

/* Binds IRQ line; the hook id, whose bit NOTIFY_IRQ's m_arg[1] sets. */
static inline int
kc_irq_bind(unsigned line)
{
	return (int)sys_kcall(KC_IRQ_BIND, line, 0, 0, 0, 0);
}

/* Unmasks the hook's line again once its interrupt has been handled. */
static inline int
kc_irq_enable(int hook)
{
	return (int)sys_kcall(KC_IRQ_ENABLE, (uint64_t)(int64_t)hook, 0, 0, 0, 0);
}

static inline int
kc_irq_unbind(int hook)
{
	return (int)sys_kcall(KC_IRQ_UNBIND, (uint64_t)(int64_t)hook, 0, 0, 0, 0);
}

/* A message-signalled interrupt for PCI function bdf (in our record's
 * pd_dev): the hook id, with *msg what the device must write to raise it.
 * Then as kc_irq_bind's hook: kc_irq_enable after handling, unbind. */
static inline int
kc_irq_msi(uint32_t bdf, struct msi_msg *msg)
{
	return (int)sys_kcall(KC_IRQ_MSI, bdf, (uint64_t)msg, 0, 0, 0);
}

/* Maps [phys, phys+len) uncached; the address of phys, or an error. */
static inline int64_t
kc_mmio_map(uint64_t phys, size_t len)
{
	return sys_kcall(KC_MMIO_MAP, phys, len, 0, 0, 0);
}

/* A zeroed, physically contiguous buffer of at least size bytes, aligned
 * to align (0: a page; a power of two up to 2 MiB), below 4 GiB with
 * DMA_BELOW_4G.  Fills *out. */
static inline int
kc_dma_alloc(size_t size, size_t align, unsigned flags, struct dma_buf *out)
{
	return (int)sys_kcall(KC_DMA_ALLOC, size, align, flags, (uint64_t)out, 0);
}

static inline int
kc_dma_free(uint64_t vaddr)
{
	return (int)sys_kcall(KC_DMA_FREE, vaddr, 0, 0, 0, 0);
}

/* Port I/O; allowed only for the ports in the privilege record. */
static inline uint8_t
dev_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
dev_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* The index-th PCI function the kernel found (0 first): 0 with *info
 * filled, -ENOENT past the last. */
static inline int
kc_pci_info(unsigned index, struct pci_info *info)
{
	return (int)sys_kcall(KC_PCI_INFO, index, (uint64_t)info, 0, 0, 0);
}

/* Reads width (1, 2, 4) bytes at offset (a multiple of width) of
 * function bdf's configuration space: the value, or -ENODEV, -EINVAL. */
static inline int64_t
kc_pci_conf_read(uint32_t bdf, unsigned offset, unsigned width)
{
	return sys_kcall(KC_PCI_CONF, bdf, offset, width, PCI_CONF_OP_READ, 0);
}

/* Writes value (which must fit in width bytes) there: 0 or an error. */
static inline int
kc_pci_conf_write(uint32_t bdf, unsigned offset, unsigned width, uint32_t value)
{
	return (int)sys_kcall(KC_PCI_CONF, bdf, offset, width, PCI_CONF_OP_WRITE, value);
}

/* Adds function bdf's BARs in bar_mask (bit n: BAR n), the function
 * itself and, with DEV_GRANT_INTX, its interrupt line to the record of
 * the running process target.  0, or -ENODEV, -EINVAL, -ENOSPC, -ESRCH. */
static inline int
kc_dev_grant(endpoint_t target, uint32_t bdf, uint32_t bar_mask, unsigned flags)
{
	return (int)sys_kcall(KC_DEV_GRANT, (uint64_t)(int64_t)target, bdf, bar_mask, flags, 0);
}
