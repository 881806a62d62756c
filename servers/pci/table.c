/*
 * The table of devices and who holds them.  A device belongs to the
 * service (by name) that first claimed it, for as long as pci runs and
 * across its restarts (the table is checkpointed): a restarted driver
 * gets the same device back, another driver never gets it.
 */
#include <string.h>
#include <xinim/errno.h>
#include "pci.h"

int
pci_table_choose(const struct pci_table *t, const struct pci_rule *rule)
{
	int free_match = -ENODEV;
	uint32_t n = t->pt_count < PCI_DEVICES_MAX ? t->pt_count : PCI_DEVICES_MAX;

	for (uint32_t i = 0; i < n; i++) {
		const struct pci_owner *o = &t->pt_owner[i];

		if (!pci_rule_match(rule, &t->pt_info[i])) {
			continue;
		}
		if (strcmp(o->po_name, rule->pr_name) == 0) {
			return (int)i;
		}
		if (o->po_name[0] == '\0' && free_match < 0) {
			free_match = (int)i;
		}
	}
	return free_match;
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
