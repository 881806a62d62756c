/*
 * privtest's children: each case checks, from inside a process with a
 * minimal privilege record, that what the record lacks is refused ("deny")
 * or that what it grants works ("allow").  A failure prints one line and
 * exits with status 1; the parent reports it.
 */
#include <libsys/dev.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "privtest.h"

#define HPET_VENDOR_INTEL 0x8086
#define KBD_DATA 0x60
#define KBD_CMD 0x64
#define KBD_STATUS_OBF 0x01 /* output buffer full */
#define KBD_STATUS_IBF 0x02 /* input buffer full */
#define KBD_READ_CONFIG 0x20
#define KBD_WRITE_CONFIG 0x60
#define KBD_WRITE_OBUF 0xd2 /* "as if the keyboard sent this byte" */
#define KBD_CONFIG_INT1 0x01
#define KBD_TEST_BYTE 0x5a
#define IRQ_WAIT_NS 2000000000ULL

static const char *case_name, *case_mode;

int
privtest_fail(const char *c, const char *mode, const char *what, long got)
{
	printf("privtest child %s %s: %s (got %ld)\n", c, mode, what, got);
	return 1;
}

static int
fail(const char *what, long got)
{
	return privtest_fail(case_name, case_mode, what, got);
}

static int
case_kcall(bool allow)
{
	struct sysinfo si;
	int r = kc_sysinfo(&si);

	if (allow ? r != 0 : r != -ECALLDENIED) {
		return fail(allow ? "KC_SYSINFO refused" : "KC_SYSINFO not refused", r);
	}
	/* Not in anybody's record: always refused. */
	r = (int)sys_kcall(KC_POWEROFF, 0, 0, 0, 0, 0);
	if (r != -ECALLDENIED) {
		return fail("KC_POWEROFF not refused", r);
	}
	return 0;
}

__attribute__((noreturn)) static int
case_sink(void)
{
	struct message m;

	for (;;) {
		ipc_receive(ENDPOINT_ANY, &m);
	}
}

static int
case_ipc(bool allow, const char *target)
{
	endpoint_t to = (endpoint_t)atoi(target);
	int r = ipc_notify(to);

	if (allow ? r != 0 : r != -ECALLDENIED) {
		return fail(allow ? "notify to a listed target refused" :
		                    "notify to an unlisted target not refused",
		    r);
	}
	return 0;
}

/* Reads the CMOS clock's seconds register through ports 0x70-0x71. */
static uint8_t
cmos_seconds(void)
{
	dev_outb(0x70, 0x00);
	return dev_inb(0x71);
}

static int
case_io(const char *mode)
{
	uint8_t s = cmos_seconds();

	if (strcmp(mode, "other") == 0 || strcmp(mode, "allow") == 0) {
		/* Returns only where the ports are ours: BCD or binary seconds. */
		if (s >= 0x60) {
			return fail("odd CMOS seconds", s);
		}
		dev_inb(0x80); /* stopped here in "other" */
	}
	if (strcmp(mode, "allow") != 0) {
		return fail("an I/O instruction without the port went through", s);
	}
	return 0;
}

/* Waits for the i8042 to take a byte on its command or data port. */
static void
kbd_write(uint16_t port, uint8_t v)
{
	for (int i = 0; i < 100000 && (dev_inb(KBD_CMD) & KBD_STATUS_IBF); i++) {
	}
	dev_outb(port, v);
}

static int
kbd_read(void)
{
	for (int i = 0; i < 100000; i++) {
		if (dev_inb(KBD_CMD) & KBD_STATUS_OBF) {
			return dev_inb(KBD_DATA);
		}
	}
	return -1;
}

/* Makes the keyboard controller raise IRQ 1 (it echoes a byte as if the
 * keyboard had sent it) and waits for the notification, bounded by an
 * alarm.  Returns 0 or a failure. */
static int
irq_fire_and_wait(int hook)
{
	struct message m = { 0 };
	int config, r;

	while (dev_inb(KBD_CMD) & KBD_STATUS_OBF) {
		dev_inb(KBD_DATA);
	}
	kbd_write(KBD_CMD, KBD_READ_CONFIG);
	config = kbd_read();
	if (config < 0) {
		return fail("the keyboard controller does not answer", config);
	}
	kbd_write(KBD_CMD, KBD_WRITE_CONFIG);
	kbd_write(KBD_DATA, (uint8_t)(config | KBD_CONFIG_INT1));
	kbd_write(KBD_CMD, KBD_WRITE_OBUF);
	kbd_write(KBD_DATA, KBD_TEST_BYTE);
	sys_kcall(KC_ALARM, IRQ_WAIT_NS, 0, 0, 0, 0);
	r = ipc_receive(ENDPOINT_KERNEL, &m);
	sys_kcall(KC_ALARM, 0, 0, 0, 0, 0);
	if (r != 0 || m.m_type != MSG_NOTIFY || !(m.m_arg[0] & NOTIFY_IRQ)) {
		return fail("no IRQ notification within 2 s", (long)m.m_arg[0]);
	}
	if (!(m.m_arg[1] & (1ULL << hook))) {
		return fail("the notification lacks our hook's bit", (long)m.m_arg[1]);
	}
	if (dev_inb(KBD_DATA) != KBD_TEST_BYTE) {
		return fail("the controller lost the byte", 0);
	}
	return 0;
}

static int
case_irq(bool allow)
{
	int h5, h1, r;

	if (!allow) {
		r = kc_irq_bind(1);
		if (r != -ECALLDENIED) {
			return fail("IRQ 1 bound without the privilege", r);
		}
		r = kc_irq_bind(300);
		return r == -ECALLDENIED ? 0 : fail("IRQ 300 bound", r);
	}
	h5 = kc_irq_bind(5);
	h1 = kc_irq_bind(1);
	if (h5 < 0 || h1 < 0 || h1 == h5 || h1 > 63 || h5 > 63) {
		return fail("IRQ bind failed", h5 < 0 ? h5 : h1);
	}
	r = irq_fire_and_wait(h1);
	if (r != 0) {
		return r;
	}
	if ((r = kc_irq_enable(h1)) != 0 || (r = kc_irq_unbind(h1)) != 0 ||
	    (r = kc_irq_unbind(h5)) != 0) {
		return fail("enable or unbind failed", r);
	}
	r = kc_irq_unbind(h5);
	if (r != -ENOENT) {
		return fail("a hook unbound twice", r);
	}
	r = kc_irq_enable(64);
	return r == -ENOENT ? 0 : fail("hook 64 enabled", r);
}

static int
case_mmio(bool allow)
{
	int64_t va;

	if (!allow) {
		va = kc_mmio_map(PRIVTEST_HPET, 0x1000);
		if (va != -ECALLDENIED) {
			return fail("MMIO outside the ranges mapped", va);
		}
		/* Listed in the record, but RAM: refused all the same. */
		va = kc_mmio_map(PRIVTEST_RAM, 0x1000);
		return va == -ECALLDENIED ? 0 : fail("RAM mapped as MMIO", va);
	}
	va = kc_mmio_map(PRIVTEST_HPET, 0x400);
	if (va < 0) {
		return fail("HPET map failed", va);
	}
	uint32_t cap = *(volatile uint32_t *)va;
	if ((cap >> 16) != HPET_VENDOR_INTEL) {
		return fail("HPET capabilities register has the wrong vendor", cap);
	}
	/* A kernel call never reads device memory as a user buffer: it is
	 * refused like an unmapped one (the kernel has no mapping of it). */
	int64_t n = kc_console_write((const char *)(uintptr_t)va, 16);
	if (n != -EFAULT) {
		return fail("the kernel copied from an MMIO page", n);
	}
	va = kc_mmio_map(PRIVTEST_HPET + 0xf00, 0x200);
	if (va != -ECALLDENIED) {
		return fail("a range past the record's mapped", va);
	}
	/* One call maps at most RES_MMIO_MAP_MAX, even inside the record. */
	va = kc_mmio_map(PRIVTEST_HOLE, 2ULL << 30);
	if (va != -EINVAL) {
		return fail("a 2 GiB MMIO window mapped in one call", va);
	}
	va = kc_mmio_map(PRIVTEST_HPET, 0);
	return va == -EINVAL ? 0 : fail("a zero-length MMIO range mapped", va);
}

static int
case_dma(bool allow)
{
	struct dma_buf a, b, c;
	int r;

	if (!allow) {
		r = kc_dma_alloc(4096, 0, 0, &a);
		return r == -ENOMEM ? 0 : fail("DMA without quota allocated", r);
	}
	if ((r = kc_dma_alloc(PRIVTEST_DMA_QUOTA / 2, 0, 0, &a)) != 0 ||
	    (r = kc_dma_alloc(PRIVTEST_DMA_QUOTA / 2 - 4096, 0, 0, &b)) != 0) {
		return fail("DMA within the quota refused", r);
	}
	r = kc_dma_alloc(4096, 0, 0, &c);
	if (r != -ENOMEM) {
		return fail("DMA beyond the quota allocated", r);
	}
	if ((r = kc_dma_free(a.db_vaddr)) != 0 || (r = kc_dma_alloc(4096, 0, 0, &c)) != 0) {
		return fail("DMA after a free refused", r);
	}
	r = kc_dma_free(a.db_vaddr);
	return r == -ENOENT ? 0 : fail("a DMA buffer freed twice", r);
}

int
privtest_child(const char *c, const char *mode, const char *arg)
{
	bool allow = strcmp(mode, "allow") == 0;

	case_name = c;
	case_mode = mode;
	if (strcmp(c, "kcall") == 0) {
		return case_kcall(allow);
	} else if (strcmp(c, "sink") == 0) {
		return case_sink();
	} else if (strcmp(c, "ipc") == 0 && arg != NULL) {
		return case_ipc(allow, arg);
	} else if (strcmp(c, "io") == 0) {
		return case_io(mode);
	} else if (strcmp(c, "irq") == 0) {
		return case_irq(allow);
	} else if (strcmp(c, "mmio") == 0) {
		return case_mmio(allow);
	} else if (strcmp(c, "dma") == 0) {
		return case_dma(allow);
	} else if (strcmp(c, "pci") == 0) {
		return privtest_case_pci(allow, arg);
	} else if (strcmp(c, "grant") == 0 && arg != NULL) {
		return privtest_case_grant(arg);
	} else if (strcmp(c, "msi") == 0) {
		return privtest_case_msi();
	}
	return fail("no such case", 0);
}
