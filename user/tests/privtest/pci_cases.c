/*
 * privtest's PCI children (see pci.c for the parent side).
 *
 *   pci deny   without KC_PCI_INFO, KC_PCI_CONF and KC_DEV_GRANT each is
 *              refused, and KC_IRQ_MSI, though in the record, is refused
 *              for a function the record lacks
 *   pci allow  the list ends with -ENOENT, config space reads agree with
 *              it, bad widths, offsets, values and functions are refused
 *   grant      waits until the parent's KC_DEV_GRANT lets it map
 *              virtio-rng's common configuration, then uses the granted
 *              ports, the registers and an MSI, and finds another
 *              function's BAR and MSI refused
 */
#include <libsys/clock.h>
#include <libsys/dev.h>
#include <libsys/kcall.h>
#include <libvirtio/virtio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "privtest.h"

#define CONF_SPACE_MAX 4096
#define GRANT_POLL_NS 5000000000ULL
#define MSI_ADDR_MASK 0xfff00000ULL
#define MSI_ADDR 0xfee00000ULL
#define INTERRUPT_LINE 0x3c

static int
fail(const char *mode, const char *what, long got)
{
	return privtest_fail("pci", mode, what, got);
}

static int
case_pci_deny(uint32_t bdf)
{
	struct pci_info pi;
	struct msi_msg msg;
	int64_t r;

	if ((r = kc_pci_info(0, &pi)) != -ECALLDENIED) {
		return fail("deny", "KC_PCI_INFO not refused", r);
	}
	if ((r = kc_pci_conf_read(bdf, 0, 4)) != -ECALLDENIED) {
		return fail("deny", "KC_PCI_CONF not refused", r);
	}
	if ((r = kc_dev_grant(ENDPOINT_SELF, bdf, 0, 0)) != -ECALLDENIED) {
		return fail("deny", "KC_DEV_GRANT not refused", r);
	}
	r = kc_irq_msi(bdf, &msg);
	return r == -ECALLDENIED ? 0 : fail("deny", "an MSI for a device not ours", r);
}

/* Each function's vendor and device read from config space agree with
 * the kernel's list, and the list ends with -ENOENT. */
static int
case_pci_list(unsigned *count)
{
	struct pci_info pi;
	int64_t v;
	int r;

	for (*count = 0; (r = kc_pci_info(*count, &pi)) == 0; (*count)++) {
		v = kc_pci_conf_read(pi.pi_bdf, 0, 4);
		if (v != (pi.pi_vendor | (int64_t)pi.pi_device << 16)) {
			return fail("allow", "config space and the list disagree", v);
		}
	}
	if (r != -ENOENT || *count == 0) {
		return fail("allow", "the list does not end with -ENOENT", r);
	}
	if ((r = kc_pci_info(*count, NULL)) != -ENOENT) {
		return fail("allow", "past the end, not -ENOENT", r);
	}
	return kc_pci_info(0, NULL) == -EFAULT ? 0 : fail("allow", "a NULL buffer written", 0);
}

static int
case_pci_allow(uint32_t bdf)
{
	unsigned count;
	int64_t line, r;

	if (case_pci_list(&count) != 0) {
		return 1;
	}
	/* Width 3, misaligned, past the space, no such function. */
	if ((r = kc_pci_conf_read(bdf, 0, 3)) != -EINVAL ||
	    (r = kc_pci_conf_read(bdf, 2, 4)) != -EINVAL ||
	    (r = kc_pci_conf_read(bdf, CONF_SPACE_MAX, 1)) != -EINVAL ||
	    (r = sys_kcall(KC_PCI_CONF, bdf, 0, 4, 7, 0)) != -EINVAL) {
		return fail("allow", "a bad config access not refused", r);
	}
	if ((r = kc_pci_conf_read(PCI_BDF(0, 0xff, 31, 7), 0, 4)) != -ENODEV) {
		return fail("allow", "a config read of no function", r);
	}
	/* A harmless write: the interrupt line register gets its own value
	 * back; a value wider than the access is refused. */
	line = kc_pci_conf_read(bdf, INTERRUPT_LINE, 1);
	if (line < 0 || (r = kc_pci_conf_write(bdf, INTERRUPT_LINE, 1, (uint32_t)line)) != 0 ||
	    kc_pci_conf_read(bdf, INTERRUPT_LINE, 1) != line) {
		return fail("allow", "the interrupt line did not read back", r);
	}
	r = kc_pci_conf_write(bdf, INTERRUPT_LINE, 1, 0x100);
	return r == -EINVAL ? 0 : fail("allow", "a 9-bit value written in one byte", r);
}

int
privtest_case_pci(bool allow, const char *arg)
{
	uint32_t bdf = arg != NULL ? (uint32_t)strtoul(arg, NULL, 16) : 0;

	return allow ? case_pci_allow(bdf) : case_pci_deny(bdf);
}

/* Maps the common configuration once the parent has granted it. */
static int64_t
grant_wait_map(uint64_t common)
{
	uint64_t deadline = clock_now_ns() + GRANT_POLL_NS;
	int64_t va;

	do {
		va = kc_mmio_map(common, VIRTIO_COMMON_CFG_SIZE);
	} while (va == -ECALLDENIED && clock_now_ns() < deadline);
	return va;
}

/* arg: rng BDF, rng common config address, other BDF, other BAR address,
 * a granted port; in hex, separated by commas. */
int
privtest_case_grant(const char *arg)
{
	char *p = (char *)arg;
	uint32_t rng = (uint32_t)strtoul(p, &p, 16);
	uint64_t common = strtoul(p + 1, &p, 16);
	uint32_t other = (uint32_t)strtoul(p + 1, &p, 16);
	uint64_t other_base = strtoul(p + 1, &p, 16);
	uint16_t port = (uint16_t)strtoul(p + 1, &p, 16);
	volatile uint32_t *cfg;
	struct msi_msg msg;
	int64_t va, r;
	int hook;

	va = grant_wait_map(common);
	if (va < 0) {
		return privtest_fail("grant", "-", "virtio-rng's registers not mapped in 5 s", va);
	}
	/* The ports came with an earlier grant: this must not stop us. */
	dev_inb(port);
	cfg = (volatile uint32_t *)va;
	cfg[VIRTIO_COMMON_DFSELECT / 4] = 1;
	if (cfg[VIRTIO_COMMON_DFSELECT / 4] != 1 || (cfg[VIRTIO_COMMON_DF / 4] & 1) == 0) {
		return privtest_fail("grant", "-", "device_feature_select 1 or VERSION_1 unseen",
		    cfg[VIRTIO_COMMON_DF / 4]);
	}
	cfg[VIRTIO_COMMON_DFSELECT / 4] = 0;
	if ((r = kc_mmio_map(other_base, 0x1000)) != -ECALLDENIED) {
		return privtest_fail("grant", "-", "another function's BAR mapped", r);
	}
	if ((r = kc_irq_msi(other, &msg)) != -ECALLDENIED) {
		return privtest_fail("grant", "-", "an MSI for another function", r);
	}
	hook = kc_irq_msi(rng, &msg);
	if (hook < 0 || (msg.mm_addr & MSI_ADDR_MASK) != MSI_ADDR || msg.mm_data < 0x30 ||
	    msg.mm_data > 0xef) {
		return privtest_fail("grant", "-", "no MSI, or an odd message",
		    hook < 0 ? hook : (long)msg.mm_addr);
	}
	printf("privtest: child grant: MSI hook %d, address %#lx data %#x\n", hook,
	    (unsigned long)msg.mm_addr, msg.mm_data);
	if ((r = kc_irq_enable(hook)) != 0 || (r = kc_irq_unbind(hook)) != 0) {
		return privtest_fail("grant", "-", "MSI hook enable or unbind", r);
	}
	r = kc_irq_unbind(hook);
	return r == -ENOENT ? 0 : privtest_fail("grant", "-", "an MSI hook unbound twice", r);
}
