/*
 * Driver rules: decoding RS_PCI_RULE's reply, and matching a rule
 * against a device, by vendor and device id or by class.
 */
#include <string.h>
#include <xinim/errno.h>
#include "pci.h"

int
pci_rule_decode(const struct message *r, struct pci_rule *out)
{
	uint64_t kind = r->m_arg[4], ids = r->m_arg[5];

	memset(out, 0, sizeof(*out));
	if (rs_name_unpack(r, 1, out->pr_name) != 0) {
		return -EINVAL;
	}
	out->pr_kind = (uint8_t)kind;
	if (out->pr_kind != RS_PCI_ID && out->pr_kind != RS_PCI_CLASS) {
		return -EINVAL;
	}
	out->pr_has_progif = ((kind >> 8) & 0xff) != 0;
	out->pr_class = (uint8_t)(kind >> 16);
	out->pr_subclass = (uint8_t)(kind >> 24);
	out->pr_progif = (uint8_t)(kind >> 32);
	out->pr_vendor = (uint16_t)ids;
	out->pr_device = (uint16_t)(ids >> 16);
	out->pr_bars = (uint8_t)((ids >> 32) & 0x3f);
	return 0;
}

bool
pci_rule_match(const struct pci_rule *rule, const struct pci_info *info)
{
	if (rule->pr_kind == RS_PCI_ID) {
		return rule->pr_vendor == info->pi_vendor && rule->pr_device == info->pi_device;
	}
	if (rule->pr_kind != RS_PCI_CLASS) {
		return false;
	}
	return rule->pr_class == info->pi_class && rule->pr_subclass == info->pi_subclass &&
	    (!rule->pr_has_progif || rule->pr_progif == info->pi_progif);
}

uint8_t
pci_bars_present(const struct pci_info *info, uint8_t mask)
{
	uint8_t have = 0;

	for (unsigned i = 0; i < PCI_INFO_BARS; i++) {
		if ((mask & (1u << i)) != 0 && info->pi_bar[i].pib_kind != PCI_INFO_BAR_NONE &&
		    info->pi_bar[i].pib_size != 0) {
			have |= (uint8_t)(1u << i);
		}
	}
	return have;
}
