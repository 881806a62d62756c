"""Privileges: user/tests/privtest runs children with minimal privilege
records and checks, for each class (kernel calls, IPC targets, I/O ports,
IRQ lines, MMIO ranges, DMA quota), that what a record lacks is refused and
what it grants works.  An I/O port a child lacks must stop it with
EXIT_IOPORT, reported by the kernel as a #GP at an I/O port.  The PCI
tests: the PCI calls refused without the privilege, KC_DEV_GRANT of
virtio-rng to a running child (its registers and an MSI, nothing of another
function), and an MSI from virtio-rng delivered end to end."""

import re

TESTS = ["kcall", "ipc", "ioport", "irq", "mmio", "dma", "pci", "devgrant", "msi"]


# No driver may hold virtio-rng while privtest drives it.
BARE = "rsconf=etc/services-bare.conf"


def test_privtest(guest):
    g = guest(APPEND=BARE + " run=privtest")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=120)
    assert g.wait_exit(timeout=30) == 0
    # Both I/O children were stopped by the kernel for their port access.
    stops = re.findall(r"^proc privtest \(ep \d+\): #GP general protection \(I/O port\) at rip",
                       g.text, re.M)
    assert len(stops) == 2, "the kernel did not report two I/O port stops"
    assert re.search(r"^privtest: child msi: vector 0x[0-9a-f]+ delivered, 64 random bytes$",
                     g.text, re.M), "the MSI was not delivered end to end"


def test_privtest_one(guest):
    g = guest(APPEND=BARE + " run=privtest irq")
    m = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=60, what="the summary")
    assert (int(m.group(1)), int(m.group(2))) == (1, 0)
    assert "test irq: OK" in g.text
    assert g.wait_exit(timeout=30) == 0
