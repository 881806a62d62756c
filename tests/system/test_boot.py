"""Booting: the banner, the boot loader, the boot image, the ready line,
from -kernel (Multiboot 1) and from the GRUB ISO (Multiboot 2)."""

import re

from conftest import BUILD, READY

# Lines that only the kernel prints; none may come before the banner.
KERNEL_LINE_RE = r"^(warning|error|debug|boot|memory|xinim|pci|smp|frame|acpi):"


def banner_line(log):
    """The banner and what precedes it on its line (the firmware's
    "Booting from ROM.." has no newline of its own)."""
    m = re.search(r"^(.*?)(XINIM \S+.*)$", log, re.M)
    assert m, "no line with the XINIM banner"
    return m


def test_banner_is_first_kernel_line(booted):
    log = booted().log()
    m = banner_line(log)
    before = log[:m.start(2)]
    assert m.group(1) == "" or re.fullmatch(r"Booting from .*?\.+", m.group(1)), \
        f"the banner does not start its line: {m.group(0)!r}"
    assert not re.search(KERNEL_LINE_RE, before, re.M), \
        "kernel output before the banner:\n" + before


def test_kernel_ready(booted):
    log = booted().log()
    banner = banner_line(log)
    ready = re.search(r"^" + re.escape(READY) + r"\s*$", log, re.M)
    assert ready, f"no line that is just {READY!r}"
    assert ready.start() > banner.start()


def test_boot_loader_reported(booted):
    assert booted().search(r"^boot: (multiboot1|pvh) "), "no 'boot: multiboot1' line"


def test_boot_image_received(booted):
    size = (BUILD / "initrd.cpio").stat().st_size
    m = booted().search(r"^boot module 0: .*, (\d+) bytes$")
    assert m, "no 'boot module 0' line"
    assert int(m.group(1)) == size, f"boot module has {m.group(1)} bytes, initrd.cpio {size}"


def test_iso_boots(booted):
    boot = booted(ISO=1)
    log = boot.log()
    banner_line(log)
    assert boot.search(r"^boot: multiboot2 "), "no 'boot: multiboot2' line"
    assert boot.search(r"^boot module 0: "), "no boot module from GRUB"
    assert READY in log
