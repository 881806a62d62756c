/*
 * The table of devices and who holds them.  A device belongs to the
 * service (by name) that first claimed it, for as long as pci runs and
 * across its restarts (the table is checkpointed): a restarted driver
 * gets the same devices back, at the same indices, another driver never
 * gets them.  A service may hold several (a driver of many disks).
 */
#include <string.h>
#include <xinim/errno.h>
#include "pci.h"

int
pci_table_choose(const struct pci_table *t, const struct pci_rule *rule, uint32_t n)
{
	uint32_t count = t->pt_count < PCI_DEVICES_MAX ? t->pt_count : PCI_DEVICES_MAX;

	for (uint32_t i = 0; i < count; i++) {
		const struct pci_owner *o = &t->pt_owner[i];

		if (!pci_rule_match(rule, &t->pt_info[i])) {
			continue;
		}
		if (o->po_name[0] != '\0' && strcmp(o->po_name, rule->pr_name) != 0) {
			continue; /* another service's */
		}
		if (n-- == 0) {
			return (int)i;
		}
	}
	return -ENODEV;
}

int
pci_table_owned_by(const struct pci_table *t, endpoint_t ep)
{
	uint32_t n = t->pt_count < PCI_DEVICES_MAX ? t->pt_count : PCI_DEVICES_MAX;

	if (ep < 0) {
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (t->pt_owner[i].po_name[0] != '\0' && t->pt_owner[i].po_ep == ep) {
			return (int)i;
		}
	}
	return -1;
}

int
pci_table_held(const struct pci_table *t, endpoint_t ep, uint32_t bdf)
{
	uint32_t n = t->pt_count < PCI_DEVICES_MAX ? t->pt_count : PCI_DEVICES_MAX;

	if (ep < 0) {
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (t->pt_info[i].pi_bdf == bdf) {
			return t->pt_owner[i].po_name[0] != '\0' && t->pt_owner[i].po_ep == ep ?
			    (int)i :
			    -1;
		}
	}
	return -1;
}
