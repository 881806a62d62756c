/*
 * libsys's pci client (libsys/pci.h): every request goes through
 * ds_call("pci"), so a pci restart between two requests is invisible,
 * and the claimed device's description is lent to pci as a grant.
 */
#include <libsys/ds.h>
#include <libsys/pci.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

#define PCI_SERVICE "pci"

/* ds_call() to pci: the IPC error, or pci's answer in m_arg[0]. */
static int
pci_call(struct message *m)
{
	int r = ds_call(PCI_SERVICE, m);

	return r != 0 ? r : (int)(int64_t)m->m_arg[0];
}

int
pci_claim_nth(unsigned n, struct pci_info *info, uint32_t *bars)
{
	struct message m = { .m_type = PCI_CLAIM, .m_arg[0] = n };
	uint32_t bdf;
	int r = pci_call(&m);

	if (r != 0) {
		return r;
	}
	bdf = (uint32_t)m.m_arg[1];
	*bars = (uint32_t)m.m_arg[2];
	m = (struct message){ .m_type = PCI_INFO, .m_arg[1] = sizeof(*info) };
	m.m_arg[PCI_ARG_DEV] = PCI_DEV(bdf);
	r = ds_call_grant(PCI_SERVICE, &m, 0, info, sizeof(*info), GRANT_WRITE);
	return r != 0 ? r : (int)(int64_t)m.m_arg[0];
}

int
pci_claim(struct pci_info *info, uint32_t *bars)
{
	return pci_claim_nth(0, info, bars);
}

int
pci_conf_read_dev(uint32_t bdf, unsigned offset, unsigned width, uint32_t *value)
{
	struct message m = { .m_type = PCI_CONF_READ, .m_arg = { offset, width } };
	int r;

	m.m_arg[PCI_ARG_DEV] = PCI_DEV(bdf);
	r = pci_call(&m);
	if (r == 0) {
		*value = (uint32_t)m.m_arg[1];
	}
	return r;
}

int
pci_conf_write_dev(uint32_t bdf, unsigned offset, unsigned width, uint32_t value)
{
	struct message m = { .m_type = PCI_CONF_WRITE, .m_arg = { offset, width, value } };

	m.m_arg[PCI_ARG_DEV] = PCI_DEV(bdf);
	return pci_call(&m);
}

int
pci_conf_read(unsigned offset, unsigned width, uint32_t *value)
{
	struct message m = { .m_type = PCI_CONF_READ, .m_arg = { offset, width } };
	int r = pci_call(&m);

	if (r == 0) {
		*value = (uint32_t)m.m_arg[1];
	}
	return r;
}

int
pci_conf_write(unsigned offset, unsigned width, uint32_t value)
{
	struct message m = { .m_type = PCI_CONF_WRITE, .m_arg = { offset, width, value } };

	return pci_call(&m);
}
