/*
 * pci, the PCI bus server: internal interfaces.  The pure parts (rule
 * decoding and matching, the configuration-write filter, the table of
 * devices and who holds them) are host unit-tested
 * (tests/unit/test_pci_server.c); main.c is the glue to the kernel, rs
 * and libdriver.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/pci.h>
#include <xinim/proto/rs.h>

#define PCI_DEVICES_MAX 64 /* functions pci keeps track of */
#define PCI_CONF_SIZE 256  /* configuration space drivers may reach */

/* A driver's `pci` rule, as RS_PCI_RULE hands it over. */
struct pci_rule {
	char pr_name[RS_NAME_LEN + 1]; /* the service it belongs to */
	uint8_t pr_kind;               /* RS_PCI_ID or RS_PCI_CLASS */
	bool pr_has_progif;
	uint8_t pr_class, pr_subclass, pr_progif;
	uint16_t pr_vendor, pr_device;
	uint8_t pr_bars; /* the `mmio` BAR mask */
};

/* Decodes an RS_PCI_RULE reply; -EINVAL when it makes no sense. */
int pci_rule_decode(const struct message *r, struct pci_rule *out);

/* True when info is a device rule describes. */
bool pci_rule_match(const struct pci_rule *rule, const struct pci_info *info);

/* The BARs of mask that info implements (bit n: BAR n). */
uint8_t pci_bars_present(const struct pci_info *info, uint8_t mask);

/*
 * Checks a driver's configuration write of width bytes at off: 0 with
 * *value reduced to what may be written, or -EINVAL (bad width,
 * alignment or offset) or -EPERM (a header field drivers must not
 * touch: identity, BARs, bus numbers, the ROM, the interrupt line).
 * The command register keeps only I/O, memory, bus-master and
 * INTx-disable; cur is its current value, whose other bits are kept.
 */
int pci_conf_write_check(unsigned off, unsigned width, uint32_t cur, uint32_t *value);

/* Who holds a device.  This table is pci's checkpointed state, so that a
 * restarted pci still knows which service holds what. */
struct pci_owner {
	uint32_t po_bdf;
	endpoint_t po_ep;              /* the instance that claimed it last */
	char po_name[RS_NAME_LEN + 1]; /* "" while free */
};

struct pci_table {
	uint32_t pt_count;
	struct pci_info pt_info[PCI_DEVICES_MAX];
	struct pci_owner pt_owner[PCI_DEVICES_MAX];
};

/*
 * The n-th device (0 first), in table order, of those that match rule and
 * are free or held by rule's service already.  Its index, or -ENODEV.
 * Devices are never given back, so a restarted driver that claims 0, 1,
 * ... again gets the devices it had, in the same order.
 */
int pci_table_choose(const struct pci_table *t, const struct pci_rule *rule, uint32_t n);

/* The first device instance ep claimed, or -1. */
int pci_table_owned_by(const struct pci_table *t, endpoint_t ep);

/* The device of that BDF if instance ep claimed it, or -1. */
int pci_table_held(const struct pci_table *t, endpoint_t ep, uint32_t bdf);
