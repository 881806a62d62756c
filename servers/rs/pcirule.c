/*
 * RS_PCI_RULE: the pci server asks which device a driver may claim.  rs
 * is the one that knows which service runs at an endpoint and what its
 * services.conf block says, so pci takes both from here, for the sender
 * of a PCI_CLAIM, instead of trusting the driver's word.  Only the
 * service named "pci" may ask.
 */
#include <string.h>
#include <xinim/errno.h>
#include "svc.h"

#define RS_PCI_SERVICE "pci"

int
rs_pci_rule(const struct message *m, struct message *r)
{
	const struct rs_svc *pci = rs_svc_by_name(RS_PCI_SERVICE);
	const struct rs_pci_match *pm;
	const struct rs_svc *sv;
	struct message tmp;

	if (pci == NULL || pci->sv_ep == ENDPOINT_NONE || m->m_source != pci->sv_ep) {
		return -EPERM;
	}
	sv = rs_svc_by_ep((endpoint_t)m->m_arg[0]);
	if (sv == NULL || sv->sv_conf->sc_pci.pm_kind == RS_PCI_NONE) {
		return -ESRCH;
	}
	pm = &sv->sv_conf->sc_pci;
	rs_name_pack(&tmp, 0, sv->sv_conf->sc_name);
	memcpy(&r->m_arg[1], &tmp.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
	r->m_arg[4] = pm->pm_kind | (uint64_t)pm->pm_has_progif << 8 |
	    (uint64_t)pm->pm_class << 16 | (uint64_t)pm->pm_subclass << 24 |
	    (uint64_t)pm->pm_progif << 32;
	r->m_arg[5] = pm->pm_vendor | (uint64_t)pm->pm_device << 16 |
	    (uint64_t)sv->sv_conf->sc_mmio_bars << 32;
	return 0;
}
