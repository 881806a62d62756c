/*
 * The privilege record: what a process may do beyond computing.  Set by its
 * parent with KC_PROC_SETPRIV before it starts, never more than the
 * parent's own.  The kernel checks every kernel call, IPC target, I/O port,
 * IRQ line, MMIO range and DMA byte against it.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

#define PRIV_IPC_MAX 16
#define PRIV_IO_MAX 8
#define PRIV_IRQ_MAX 8
#define PRIV_MMIO_MAX 8
#define PRIV_DEV_MAX 4 /* PCI functions (KC_DEV_GRANT) */

#define PRIV_IPC_ANY 1u /* may send to any endpoint */

struct priv_io_range {
	uint16_t pio_base;
	uint16_t pio_count;
};

struct priv_mmio_range {
	uint64_t pmm_base;
	uint64_t pmm_size;
};

struct priv_desc {
	uint64_t pd_kcalls; /* bit 1 << KC_*: allowed kernel calls */
	uint32_t pd_flags;  /* PRIV_* */
	uint32_t pd_ipc_count;
	endpoint_t pd_ipc[PRIV_IPC_MAX]; /* allowed IPC destinations */
	uint32_t pd_io_count;
	struct priv_io_range pd_io[PRIV_IO_MAX];
	uint32_t pd_irq_count;
	uint8_t pd_irq[PRIV_IRQ_MAX];
	uint32_t pd_mmio_count;
	struct priv_mmio_range pd_mmio[PRIV_MMIO_MAX];
	uint64_t pd_dma_quota; /* bytes of DMA memory at once */
	uint32_t pd_dev_count;
	uint32_t pd_dev[PRIV_DEV_MAX]; /* PCI functions by BDF (xinim/pci.h) */
};
