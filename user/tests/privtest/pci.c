/*
 * privtest's PCI tests, the parent side.  privtest holds what the pci
 * server will (the PCI list, configuration space, KC_DEV_GRANT); its
 * children hold only what each test gives them, and KC_DEV_GRANT adds a
 * PCI function to a child that is already running, as pci does for a
 * driver that claims its device.
 *
 *   pci       the PCI calls and KC_IRQ_MSI refused without the privilege
 *             or the device; the list and config space work with it
 *   devgrant  KC_DEV_GRANT's refusals; a child granted virtio-rng maps its
 *             registers and gets an MSI, but nothing of another function;
 *             granting again adds nothing; a full record adds nothing
 *   msi       an MSI from virtio-rng delivered to a child (msi.c)
 */
#include <libsys/dev.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <libvirtio/caps.h>
#include <libvirtio/virtio.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "privtest.h"

#define RNG_DEVICE (VIRTIO_PCI_DEVICE_MODERN + VIRTIO_ID_RNG)
#define NO_SUCH_BDF PCI_BDF(0, 0xff, 31, 7)
#define NOBODY ENDPOINT_MAKE(ENDPOINT_SLOTS - 1, 1)
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000
#define GRANT_WAIT_NS 10000000000ULL
#define GRANT_AGAIN 6 /* more than a record could hold if each added */

/* The functions the tests use, from KC_PCI_INFO. */
struct pick {
	struct pci_info pk_rng;            /* virtio-rng */
	struct virtio_caps pk_caps;        /* its register windows */
	uint32_t pk_other_bdf;             /* another function with a memory BAR */
	uint64_t pk_other_base;            /* ... that BAR */
	uint32_t pk_io_bdf;                /* a function with an I/O BAR */
	unsigned pk_io_bar;                /* ... that BAR */
	uint16_t pk_io_port;               /* ... its first port */
	uint32_t pk_any[PRIV_DEV_MAX + 1]; /* the first functions listed */
	unsigned pk_count;
};

static uint32_t
conf_read32(void *ctx, uint16_t off)
{
	return (uint32_t)kc_pci_conf_read(*(uint32_t *)ctx, off, 4);
}

/* Notes what the tests need of function pi. */
static void
pick_note(struct pick *pk, const struct pci_info *pi, bool *rng_seen)
{
	if (pk->pk_count < PRIV_DEV_MAX + 1) {
		pk->pk_any[pk->pk_count] = pi->pi_bdf;
	}
	pk->pk_count++;
	if (pi->pi_vendor == VIRTIO_PCI_VENDOR && pi->pi_device == RNG_DEVICE && !*rng_seen) {
		pk->pk_rng = *pi;
		*rng_seen = true;
		return;
	}
	for (unsigned b = 0; b < PCI_INFO_BARS; b++) {
		const struct pci_info_bar *bar = &pi->pi_bar[b];

		if (bar->pib_kind == PCI_INFO_BAR_MEM && pk->pk_other_base == 0) {
			pk->pk_other_bdf = pi->pi_bdf;
			pk->pk_other_base = bar->pib_base;
		}
		if (bar->pib_kind == PCI_INFO_BAR_IO && pk->pk_io_port == 0) {
			pk->pk_io_bdf = pi->pi_bdf;
			pk->pk_io_bar = b;
			pk->pk_io_port = (uint16_t)bar->pib_base;
		}
	}
}

/* Walks the PCI list; NULL when every function the tests need is there. */
static const char *
pick_find(struct pick *pk)
{
	struct pci_info pi;
	uint64_t bar_len[PCI_INFO_BARS];
	bool rng = false;
	int r;

	memset(pk, 0, sizeof(*pk));
	while ((r = kc_pci_info(pk->pk_count, &pi)) == 0) {
		pick_note(pk, &pi, &rng);
	}
	if (r != -ENOENT) {
		return testrun_why("KC_PCI_INFO(%u): %s", pk->pk_count, strerror(r));
	}
	if (!rng || pk->pk_other_base == 0 || pk->pk_io_port == 0 || pk->pk_count <= PRIV_DEV_MAX) {
		return testrun_why("no virtio-rng, or no other function with a memory and an I/O "
		                   "BAR "
		                   "(%u functions)",
		    pk->pk_count);
	}
	for (unsigned b = 0; b < PCI_INFO_BARS; b++) {
		bar_len[b] = pk->pk_rng.pi_bar[b].pib_size;
	}
	r = virtio_caps_parse(conf_read32, &pk->pk_rng.pi_bdf, bar_len, &pk->pk_caps);
	if (r != 0 || pk->pk_rng.pi_msix_offset == 0) {
		return testrun_why("virtio-rng has no usable virtio or MSI-X capabilities (%d)", r);
	}
	return NULL;
}

/* The physical address of window w of the rng. */
static uint64_t
pick_window(const struct pick *pk, const struct virtio_window *w)
{
	return pk->pk_rng.pi_bar[w->vw_bar].pib_base + w->vw_offset;
}

const char *
privtest_pci(void)
{
	struct priv_desc pd;
	struct pick pk;
	char arg[16];
	const char *err = pick_find(&pk);

	if (err != NULL) {
		return err;
	}
	snprintf(arg, sizeof(arg), "%x", pk.pk_rng.pi_bdf);
	/* KC_IRQ_MSI is in the record, but the device is not. */
	privtest_base(&pd, 1ULL << KC_IRQ_MSI);
	err = privtest_expect_ok("pci", "deny", arg, &pd);
	if (err == NULL) {
		privtest_base(&pd, (1ULL << KC_PCI_INFO) | (1ULL << KC_PCI_CONF));
		err = privtest_expect_ok("pci", "allow", arg, &pd);
	}
	return err;
}

/* What KC_DEV_GRANT refuses, before any child exists. */
static const char *
devgrant_refusals(const struct pick *pk)
{
	uint32_t rng = pk->pk_rng.pi_bdf;
	unsigned lacking = 0;
	int r;

	while (
	    lacking < PCI_INFO_BARS && pk->pk_rng.pi_bar[lacking].pib_kind != PCI_INFO_BAR_NONE) {
		lacking++;
	}
	if ((r = kc_dev_grant(NOBODY, rng, 0, 0)) != -ESRCH) {
		return testrun_why("a grant to nobody gave %d, not -ESRCH", r);
	}
	if ((r = kc_dev_grant(ENDPOINT_SELF, NO_SUCH_BDF, 0, 0)) != -ENODEV) {
		return testrun_why("a grant of no function gave %d, not -ENODEV", r);
	}
	if (lacking < PCI_INFO_BARS &&
	    (r = kc_dev_grant(ENDPOINT_SELF, rng, 1u << lacking, 0)) != -EINVAL) {
		return testrun_why("a grant of BAR %u, which it lacks, gave %d", lacking, r);
	}
	if ((r = kc_dev_grant(ENDPOINT_SELF, rng, 1u << 6, 0)) != -EINVAL ||
	    (r = kc_dev_grant(ENDPOINT_SELF, rng, 0, 0x80)) != -EINVAL) {
		return testrun_why("a bad BAR mask or flag gave %d, not -EINVAL", r);
	}
	return NULL;
}

/* Fills a record with PRIV_DEV_MAX functions: the next is refused. */
static const char *
devgrant_full(const struct pick *pk)
{
	char *argv[] = { "privtest", "child", "sink", "-", NULL };
	struct priv_desc pd;
	struct exit_info ei;
	const char *err = NULL;
	endpoint_t sink;
	int r;

	privtest_base(&pd, 0);
	sink = spawn_boot("privtest", argv, &pd);
	if (sink < 0) {
		return testrun_why("cannot start the sink: %s", strerror(sink));
	}
	for (unsigned i = 0; i <= PRIV_DEV_MAX && err == NULL; i++) {
		r = kc_dev_grant(sink, pk->pk_any[i], 0, 0);
		if (r != (i < PRIV_DEV_MAX ? 0 : -ENOSPC)) {
			err = testrun_why("grant of function %u of %u to a record: %d", i + 1,
			    PRIV_DEV_MAX + 1, r);
		}
	}
	kc_proc_kill(sink);
	spawn_wait(sink, &ei);
	return err;
}

const char *
privtest_devgrant(void)
{
	uint64_t calls = (1ULL << KC_MMIO_MAP) | (1ULL << KC_IRQ_MSI) | (1ULL << KC_IRQ_ENABLE) |
	    (1ULL << KC_IRQ_UNBIND) | (1ULL << KC_SYSINFO);
	struct priv_desc pd;
	struct exit_info ei;
	struct pick pk;
	char arg[96], how[96];
	char *argv[] = { "privtest", "child", "grant", "-", arg, NULL };
	const char *err = pick_find(&pk);
	uint32_t rng = pk.pk_rng.pi_bdf, bars;
	endpoint_t child;
	int r;

	if (err == NULL) {
		err = devgrant_refusals(&pk);
	}
	if (err != NULL) {
		return err;
	}
	snprintf(arg, sizeof(arg), "%x,%lx,%x,%lx,%x", rng,
	    (unsigned long)pick_window(&pk, &pk.pk_caps.vc_common), pk.pk_other_bdf,
	    (unsigned long)pk.pk_other_base, pk.pk_io_port);
	privtest_base(&pd, calls);
	child = spawn_boot("privtest", argv, &pd);
	if (child < 0) {
		return testrun_why("cannot start child grant: %s", strerror(child));
	}
	/* The child runs already, waiting for its device: first the ports
	 * of another function, then virtio-rng's registers, MSI-X table and
	 * line, the last several times over. */
	bars = 1u << pk.pk_caps.vc_common.vw_bar | 1u << pk.pk_rng.pi_msix_table_bar;
	r = kc_dev_grant(child, pk.pk_io_bdf, 1u << pk.pk_io_bar, 0);
	for (unsigned i = 0; i < GRANT_AGAIN && r == 0; i++) {
		r = kc_dev_grant(child, rng, bars, DEV_GRANT_INTX);
	}
	if (r != 0) {
		err = testrun_why("grant to a running child: %s", strerror(r));
		kc_proc_kill(child);
	}
	r = spawn_wait_timeout(child, &ei, GRANT_WAIT_NS);
	if (err == NULL && (r != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0)) {
		err = testrun_why("child grant %s",
		    r != 0 ? strerror(r) : exit_describe(&ei, how, sizeof(how)));
	}
	if (err == NULL && (r = kc_dev_grant(child, rng, 0, 0)) != -ESRCH) {
		err = testrun_why("a grant to an exited child gave %d, not -ESRCH", r);
	}
	return err != NULL ? err : devgrant_full(&pk);
}

/* Lets the rng raise MSI-X messages (and do DMA), or puts back how it
 * was (restore: the saved command and message control). */
static void
msi_device_setup(const struct pick *pk, uint16_t *cmd, uint16_t *ctrl, bool restore)
{
	uint32_t bdf = pk->pk_rng.pi_bdf;
	unsigned at = pk->pk_rng.pi_msix_offset + 2;

	if (restore) {
		kc_pci_conf_write(bdf, at, 2, *ctrl);
		kc_pci_conf_write(bdf, PCI_COMMAND, 2, *cmd);
		return;
	}
	*cmd = (uint16_t)kc_pci_conf_read(bdf, PCI_COMMAND, 2);
	*ctrl = (uint16_t)kc_pci_conf_read(bdf, at, 2);
	kc_pci_conf_write(bdf, PCI_COMMAND, 2, *cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	kc_pci_conf_write(bdf, at, 2, (*ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);
}

const char *
privtest_msi(void)
{
	uint64_t calls = (1ULL << KC_MMIO_MAP) | (1ULL << KC_IRQ_MSI) | (1ULL << KC_IRQ_ENABLE) |
	    (1ULL << KC_IRQ_UNBIND) | (1ULL << KC_ALARM) | (1ULL << KC_DMA_ALLOC) |
	    (1ULL << KC_DMA_FREE);
	char *argv[] = { "privtest", "child", "msi", "-", NULL };
	const struct pci_info *rng;
	struct message m = { 0 };
	struct priv_desc pd;
	struct exit_info ei;
	struct pick pk;
	char how[96];
	const char *err = pick_find(&pk);
	const struct virtio_caps *c = &pk.pk_caps;
	uint16_t cmd, ctrl;
	endpoint_t child;
	int r;

	if (err != NULL) {
		return err;
	}
	rng = &pk.pk_rng;
	if (c->vc_notify.vw_bar != c->vc_common.vw_bar) {
		return testrun_why("virtio-rng's notify and common windows are in different BARs");
	}
	privtest_base(&pd, calls);
	pd.pd_dma_quota = PRIVTEST_DMA_QUOTA;
	child = spawn_boot("privtest", argv, &pd);
	if (child < 0) {
		return testrun_why("cannot start child msi: %s", strerror(child));
	}
	r = kc_dev_grant(child, rng->pi_bdf,
	    1u << c->vc_common.vw_bar | 1u << rng->pi_msix_table_bar, 0);
	msi_device_setup(&pk, &cmd, &ctrl, false);
	/* The child waits for where everything is. */
	m.m_arg[0] = rng->pi_bdf;
	m.m_arg[1] = rng->pi_bar[c->vc_common.vw_bar].pib_base;
	m.m_arg[2] = rng->pi_bar[c->vc_common.vw_bar].pib_size;
	m.m_arg[3] = rng->pi_bar[rng->pi_msix_table_bar].pib_base + rng->pi_msix_table_offset;
	m.m_arg[4] = c->vc_common.vw_offset | (uint64_t)c->vc_notify.vw_offset << 32;
	m.m_arg[5] = c->vc_notify_mult;
	if (r == 0) {
		r = ipc_send(child, &m);
	}
	if (r != 0) {
		kc_proc_kill(child);
		err = testrun_why("grant to or message for child msi: %s", strerror(r));
	}
	r = spawn_wait_timeout(child, &ei, GRANT_WAIT_NS);
	msi_device_setup(&pk, &cmd, &ctrl, true);
	if (err == NULL && r == 0 && ei.ei_cause == EXIT_NORMAL &&
	    ei.ei_status == PRIVTEST_SKIPPED) {
		printf("privtest: msi: virtio-rng is driven by a driver: delivery not tested\n");
		return NULL;
	}
	if (err == NULL && (r != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0)) {
		err = testrun_why("child msi %s",
		    r != 0 ? strerror(r) : exit_describe(&ei, how, sizeof(how)));
	}
	return err;
}
