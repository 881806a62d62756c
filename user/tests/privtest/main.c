/*
 * privtest: the privilege record at work.  For each class of privilege
 * (kernel calls, IPC targets, I/O ports, IRQ lines, MMIO ranges, DMA
 * quota) a child process runs with a minimal record and finds what it was
 * not given refused, and another child with the right record finds it
 * works.  Children are this very program started with `child CASE MODE`;
 * what each does is in cases.c.  The PCI calls, KC_DEV_GRANT and MSIs,
 * which hand a running child a device, are in pci.c, pci_cases.c and
 * msi.c.
 *
 * Usage: privtest [TEST]; prints `test NAME: OK` or `test NAME: FAILED:
 * why` per test and `N passed, N failed`; exits 0 when all passed.  Needs
 * the device rights rs gives it (servers/rs/devtest.c).
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include "privtest.h"

static char why[160];

/* Runs `privtest child CASE MODE [ARG]` with record pd; its exit record. */
static const char *
run_child(const char *c, const char *mode, const char *arg, const struct priv_desc *pd,
    struct exit_info *ei)
{
	char *argv[] = { "privtest", "child", (char *)c, (char *)mode, (char *)arg, NULL };
	endpoint_t ep = spawn_boot("privtest", argv, pd);
	int err;

	if (ep < 0) {
		snprintf(why, sizeof(why), "cannot start child %s %s: %s", c, mode, strerror(ep));
		return why;
	}
	err = spawn_wait(ep, ei);
	if (err != 0) {
		snprintf(why, sizeof(why), "lost child %s %s: %s", c, mode, strerror(err));
		return why;
	}
	return NULL;
}

const char *
privtest_expect_ok(const char *c, const char *mode, const char *arg, const struct priv_desc *pd)
{
	struct exit_info ei;
	char how[96];
	const char *err = run_child(c, mode, arg, pd, &ei);

	if (err != NULL) {
		return err;
	}
	if (ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		snprintf(why, sizeof(why), "child %s %s %s", c, mode,
		    exit_describe(&ei, how, sizeof(how)));
		return why;
	}
	return NULL;
}

void
privtest_base(struct priv_desc *pd, uint64_t extra_kcalls)
{
	memset(pd, 0, sizeof(*pd));
	pd->pd_kcalls = (1ULL << KC_CONSOLE_WRITE) | extra_kcalls;
}

static const char *
test_kcall(void)
{
	struct priv_desc pd;
	const char *err;

	privtest_base(&pd, 0);
	err = privtest_expect_ok("kcall", "deny", NULL, &pd);
	if (err == NULL) {
		privtest_base(&pd, 1ULL << KC_SYSINFO);
		err = privtest_expect_ok("kcall", "allow", NULL, &pd);
	}
	return err;
}

/* The target: a sibling that only waits for messages, killed at the end. */
static const char *
test_ipc(void)
{
	struct priv_desc pd;
	struct exit_info ei;
	char *argv[] = { "privtest", "child", "sink", "-", NULL }, target[16];
	const char *err;
	endpoint_t sink;

	privtest_base(&pd, 0);
	sink = spawn_boot("privtest", argv, &pd);
	if (sink < 0) {
		return "cannot start the sink";
	}
	snprintf(target, sizeof(target), "%d", sink);
	pd.pd_ipc_count = 1;
	pd.pd_ipc[0] = ENDPOINT_MAKE(ENDPOINT_SLOTS - 1, 1); /* somebody else */
	err = privtest_expect_ok("ipc", "deny", target, &pd);
	if (err == NULL) {
		pd.pd_ipc[0] = sink;
		err = privtest_expect_ok("ipc", "allow", target, &pd);
	}
	kc_proc_kill(sink);
	spawn_wait(sink, &ei);
	return err;
}

/* A child that must be stopped by its I/O instruction. */
static const char *
expect_ioport(const char *mode, const struct priv_desc *pd)
{
	struct exit_info ei;
	char how[96];
	const char *err = run_child("io", mode, NULL, pd, &ei);

	if (err != NULL) {
		return err;
	}
	if (ei.ei_cause != EXIT_IOPORT || ei.ei_rip < 0x400000) {
		snprintf(why, sizeof(why), "child io %s %s, not stopped for the port", mode,
		    exit_describe(&ei, how, sizeof(how)));
		return why;
	}
	printf("privtest: child io %s %s\n", mode, exit_describe(&ei, how, sizeof(how)));
	return NULL;
}

static const char *
test_ioport(void)
{
	struct priv_desc pd;
	const char *err;

	privtest_base(&pd, 0);
	err = expect_ioport("none", &pd);
	if (err == NULL) {
		pd.pd_io_count = 1;
		pd.pd_io[0] = (struct priv_io_range){ 0x70, 2 };
		err = expect_ioport("other", &pd);
	}
	if (err == NULL) {
		pd.pd_io_count = 2;
		pd.pd_io[1] = (struct priv_io_range){ 0x80, 1 };
		err = privtest_expect_ok("io", "allow", NULL, &pd);
	}
	return err;
}

static const char *
test_irq(void)
{
	uint64_t calls = (1ULL << KC_IRQ_BIND) | (1ULL << KC_IRQ_ENABLE) | (1ULL << KC_IRQ_UNBIND) |
	    (1ULL << KC_ALARM);
	struct priv_desc pd;
	const char *err;

	privtest_base(&pd, calls);
	pd.pd_irq_count = 1;
	pd.pd_irq[0] = 5;
	err = privtest_expect_ok("irq", "deny", NULL, &pd);
	if (err == NULL) {
		pd.pd_irq_count = 2;
		pd.pd_irq[1] = 1;
		pd.pd_io_count = 2;
		pd.pd_io[0] = (struct priv_io_range){ 0x60, 1 };
		pd.pd_io[1] = (struct priv_io_range){ 0x64, 1 };
		err = privtest_expect_ok("irq", "allow", NULL, &pd);
	}
	return err;
}

static const char *
test_mmio(void)
{
	struct priv_desc pd;
	const char *err;

	privtest_base(&pd, 1ULL << KC_MMIO_MAP);
	pd.pd_mmio_count = 1;
	pd.pd_mmio[0] = (struct priv_mmio_range){ PRIVTEST_RAM, 0x1000 };
	err = privtest_expect_ok("mmio", "deny", NULL, &pd);
	if (err == NULL) {
		pd.pd_mmio[0] = (struct priv_mmio_range){ PRIVTEST_HPET, 0x1000 };
		err = privtest_expect_ok("mmio", "allow", NULL, &pd);
	}
	return err;
}

static const char *
test_dma(void)
{
	struct priv_desc pd;
	const char *err;

	privtest_base(&pd, (1ULL << KC_DMA_ALLOC) | (1ULL << KC_DMA_FREE));
	err = privtest_expect_ok("dma", "deny", NULL, &pd);
	if (err == NULL) {
		pd.pd_dma_quota = PRIVTEST_DMA_QUOTA;
		err = privtest_expect_ok("dma", "allow", NULL, &pd);
	}
	return err;
}

static const struct testrun_case tests[] = {
	{ "kcall", test_kcall },
	{ "ipc", test_ipc },
	{ "ioport", test_ioport },
	{ "irq", test_irq },
	{ "mmio", test_mmio },
	{ "dma", test_dma },
	{ "pci", privtest_pci },
	{ "devgrant", privtest_devgrant },
	{ "msi", privtest_msi },
};

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "child") == 0) {
		return privtest_child(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
	}
	return testrun_table("privtest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
