/*
 * pci, the PCI bus server.  At start it takes the kernel's list of PCI
 * functions (KC_PCI_INFO); then it serves include/xinim/proto/pci.h:
 * a driver claims its device (pci asks rs for the driver's rule, picks
 * the device, and grants it that device's BARs and interrupt with
 * KC_DEV_GRANT), reads its description, and reaches its configuration
 * space only through pci, which filters writes (confwrite.c).  It runs
 * under libdriver, and checkpoints who holds which device.
 */
#include <libdriver/driver.h>
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/proto/pci.h>
#include "pci.h"

static struct pci_table table;

/* Takes the kernel's list, keeping the owners a previous instance had
 * (checkpointed by BDF, in the same order as the kernel's list). */
static int
pci_init(int argc, char **argv, bool restored)
{
	uint32_t n = 0;

	while (n < PCI_DEVICES_MAX && kc_pci_info(n, &table.pt_info[n]) == 0) {
		struct pci_owner *o = &table.pt_owner[n];

		if (!restored || o->po_bdf != table.pt_info[n].pi_bdf) {
			memset(o, 0, sizeof(*o));
			o->po_bdf = table.pt_info[n].pi_bdf;
		}
		o->po_name[RS_NAME_LEN] = '\0';
		n++;
	}
	for (uint32_t i = n; i < PCI_DEVICES_MAX; i++) {
		memset(&table.pt_owner[i], 0, sizeof(table.pt_owner[i]));
	}
	table.pt_count = n;
	printf("pci: %u functions%s\n", (unsigned)n, restored ? ", holders restored" : "");
	return n == 0 ? 1 : 0;
}

/* PCI_CLAIM of the n-th device from ep: find its rule, choose, grant,
 * record. */
static int
pci_claim_for(endpoint_t ep, uint64_t n, struct message *r)
{
	struct message q = { .m_type = RS_PCI_RULE, .m_arg[0] = (uint64_t)(int64_t)ep };
	struct pci_rule rule;
	struct pci_owner *o;
	const struct pci_info *info;
	uint8_t bars;
	int i, err;

	err = rs_call(&q);
	if (err != 0) {
		return err == -ESRCH ? -EPERM : err;
	}
	if (pci_rule_decode(&q, &rule) != 0) {
		return -EBADMSG;
	}
	i = n < PCI_DEVICES_MAX ? pci_table_choose(&table, &rule, (uint32_t)n) : -ENODEV;
	if (i < 0) {
		/* A driver of several devices asks until there is none: only
		 * a driver that found nothing at all is worth a line. */
		if (n == 0) {
			printf("pci: no free device for %s\n", rule.pr_name);
		}
		return i;
	}
	info = &table.pt_info[i];
	bars = pci_bars_present(info, rule.pr_bars);
	err = kc_dev_grant(ep, info->pi_bdf, bars, DEV_GRANT_INTX);
	if (err != 0) {
		printf("pci: cannot grant %02x:%02x.%u to %s (%d)\n", PCI_BDF_BUS(info->pi_bdf),
		    PCI_BDF_DEV(info->pi_bdf), PCI_BDF_FN(info->pi_bdf), rule.pr_name, err);
		return err;
	}
	o = &table.pt_owner[i];
	if (strcmp(o->po_name, rule.pr_name) != 0) {
		printf("pci: %02x:%02x.%u (%04x:%04x) goes to %s\n", PCI_BDF_BUS(info->pi_bdf),
		    PCI_BDF_DEV(info->pi_bdf), PCI_BDF_FN(info->pi_bdf), info->pi_vendor,
		    info->pi_device, rule.pr_name);
	}
	memcpy(o->po_name, rule.pr_name, sizeof(o->po_name));
	o->po_ep = ep;
	driver_checkpoint();
	r->m_arg[1] = info->pi_bdf;
	r->m_arg[2] = bars;
	return 0;
}

/* Requests of a device's holder. */
static int
pci_owner_request(int i, const struct message *m, struct message *r)
{
	const struct pci_info *info = &table.pt_info[i];
	unsigned off = (unsigned)m->m_arg[0], width = (unsigned)m->m_arg[1];
	uint32_t value = (uint32_t)m->m_arg[2];
	int64_t cur;
	int err;

	switch (m->m_type) {
	case PCI_INFO:
		if (m->m_arg[1] < sizeof(*info)) {
			return -EINVAL;
		}
		return kc_safecopy_to(m->m_source, (int64_t)m->m_arg[0], 0, info, sizeof(*info));
	case PCI_CONF_READ:
		if ((width != 1 && width != 2 && width != 4) || m->m_arg[0] >= PCI_CONF_SIZE ||
		    off % width != 0 || off + width > PCI_CONF_SIZE) {
			return -EINVAL;
		}
		cur = kc_pci_conf_read(info->pi_bdf, off, width);
		if (cur < 0) {
			return (int)cur;
		}
		r->m_arg[1] = (uint64_t)cur;
		return 0;
	case PCI_CONF_WRITE:
		if (m->m_arg[0] >= PCI_CONF_SIZE || m->m_arg[1] > 4) {
			return -EINVAL;
		}
		cur = off == 0x04 && width == 2 ? kc_pci_conf_read(info->pi_bdf, off, width) : 0;
		if (cur < 0) {
			return (int)cur;
		}
		err = pci_conf_write_check(off, width, (uint32_t)cur, &value);
		if (err != 0) {
			return err;
		}
		return kc_pci_conf_write(info->pi_bdf, off, width, value);
	}
	return -EINVAL;
}

/* PCI_LIST: the function at index m_arg[0] and its holder. */
static int
pci_list(const struct message *m, struct message *r)
{
	const struct pci_info *info;
	struct message tmp = { 0 };
	uint64_t i = m->m_arg[0];

	if (i >= table.pt_count) {
		return -ENOENT;
	}
	info = &table.pt_info[i];
	r->m_arg[1] = info->pi_bdf;
	r->m_arg[2] = info->pi_vendor | (uint64_t)info->pi_device << 16 |
	    (uint64_t)info->pi_class << 32 | (uint64_t)info->pi_subclass << 40 |
	    (uint64_t)info->pi_progif << 48;
	if (table.pt_owner[i].po_name[0] != '\0') {
		rs_name_pack(&tmp, 0, table.pt_owner[i].po_name);
	}
	memcpy(&r->m_arg[3], &tmp.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
	r->m_arg[6] = i + 1 < table.pt_count ? i + 1 : 0;
	return 0;
}

static int
pci_request(const struct message *m, struct message *r)
{
	int i;

	r->m_type = PCI_REPLY;
	switch (m->m_type) {
	case PCI_CLAIM:
		return pci_claim_for(m->m_source, m->m_arg[0], r);
	case PCI_LIST:
		return pci_list(m, r);
	case PCI_INFO:
	case PCI_CONF_READ:
	case PCI_CONF_WRITE:
		if ((m->m_arg[PCI_ARG_DEV] & PCI_DEV_GIVEN) != 0) {
			i = m->m_arg[PCI_ARG_DEV] >> 33 != 0 ?
			    -1 :
			    pci_table_held(&table, m->m_source, (uint32_t)m->m_arg[PCI_ARG_DEV]);
		} else {
			i = pci_table_owned_by(&table, m->m_source);
		}
		return i < 0 ? -EPERM : pci_owner_request(i, m, r);
	}
	return -EINVAL;
}

/* Wraps pci_request: libdriver sends *r when we return 0, and only
 * the error otherwise, so the code goes into m_arg[0] here. */
static int
pci_serve(const struct message *m, struct message *r)
{
	int err = pci_request(m, r);

	r->m_type = PCI_REPLY;
	r->m_arg[0] = (uint64_t)(int64_t)err;
	return 0;
}

static const struct driver_ops pci_ops = {
	.init = pci_init,
	.request = pci_serve,
	.reply_type = PCI_REPLY,
	.state = table.pt_owner,
	.state_size = sizeof(table.pt_owner),
};

int
main(int argc, char **argv)
{
	driver_main(&pci_ops, argc, argv);
}
