"""CPUs and PCI devices: SMP=1 and SMP=4 come up; with NET=both DISK=both
every attached device is in the PCI list, through ECAM and through port
I/O alike."""

import pytest

PCI_LINE = (r"^pci ([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ([0-9a-f]{4}):([0-9a-f]{4}) "
            r"class [0-9a-f]{2}\.[0-9a-f]{2}\.[0-9a-f]{2}")

# name: the vendor:device ids it may have (virtio: modern, then transitional)
DEVICES = {
    "q35-host-bridge": {"8086:29c0"},
    "virtio-net": {"1af4:1041", "1af4:1000"},
    "e1000": {"8086:100e"},
    "virtio-blk": {"1af4:1042", "1af4:1001"},
    "ich9-ahci": {"8086:2922"},
    "virtio-rng": {"1af4:1044", "1af4:1005"},
}


def pci_functions(boot):
    found = {(bdf, f"{ven}:{dev}") for bdf, ven, dev in boot.findall(PCI_LINE)}
    assert found, "no 'pci BB:DD.F VVVV:DDDD class CC.SS.PP' lines"
    return found


def smp_line(boot):
    return boot.search(r"^smp: (\d+) of (\d+) CPUs? online")


def test_smp_1(booted):
    boot = booted(SMP=1)
    boot.log()
    m = smp_line(boot)
    if m:
        assert (m.group(1), m.group(2)) == ("1", "1"), m.group(0)


def test_smp_4(booted):
    m = smp_line(booted(SMP=4))
    assert m, "no 'smp: N of M CPUs online' line"
    assert m.group(0).startswith("smp: 4 of 4 CPUs online"), m.group(0)


@pytest.mark.parametrize("name", DEVICES)
def test_pci_lists_device(booted, name):
    ids = {i for _, i in pci_functions(booted(NET="both", DISK="both"))}
    assert ids & DEVICES[name], f"{name} ({' or '.join(sorted(DEVICES[name]))}) not listed"


def test_pci_portio_gives_same_list(booted):
    ecam = pci_functions(booted(NET="both", DISK="both"))
    portio = pci_functions(booted(NET="both", DISK="both", APPEND="pci=portio"))
    assert portio == ecam, f"only ECAM: {sorted(ecam - portio)}, only port I/O: " \
        f"{sorted(portio - ecam)}"
