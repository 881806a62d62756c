"""Kernel self-tests chosen with `ktest=` on the command line: power-off
through ACPI, the fault report of every exception switch, and the
in-kernel tests of memory, timer and scheduler."""

import re

import pytest

# switch: (vector, mnemonic, name or None when any name will do)
FAULTS = {
    "pagefault": (14, "PF", "page fault"),
    "gpf": (13, "GP", None),
    "ud": (6, "UD", None),
    "divzero": (0, "DE", None),
    "doublefault": (8, "DF", None),
}


def test_poweroff(guest):
    g = guest(APPEND="ktest=poweroff")
    g.expect(r"^xinim: powering off", what="'xinim: powering off'")
    assert g.wait_exit(timeout=60) == 0


@pytest.mark.parametrize("switch", FAULTS)
def test_fault_report(guest, switch):
    vector, mnemonic, name = FAULTS[switch]
    g = guest(APPEND=f"ktest={switch} panic=reboot")
    title = rf"^EXCEPTION {vector} #{mnemonic} \(" + (re.escape(name) if name else r"[^)]+") + r"\)"
    first = g.expect(title, what=f"'EXCEPTION {vector} #{mnemonic} (...)'")
    g.expect(r"^\s*backtrace:", what="'backtrace:'")
    frames_start = g.pos
    g.expect(r"\bkmain\b", what="a backtrace frame naming kmain")
    frames = g.text[frames_start:g.pos]
    assert frames.count("\n") <= 32, "kmain is not among the backtrace's frames"
    report = g.text[first.start():]
    assert re.search(r"^\s*rip:? 0x[0-9a-fA-F]+ <?[A-Za-z_.][\w.]*\+0x[0-9a-fA-F]+", report,
                     re.M), "no 'rip 0x... symbol+0x...' line"
    assert re.search(r"^\s*cr2:? 0x[0-9a-fA-F]+", report, re.M), "no 'cr2 0x...' line"
    # panic=reboot with -no-reboot: QEMU exits by itself.
    g.wait_exit(timeout=60)


@pytest.mark.parametrize("name", ["mm", "timer", "sched"])
def test_kernel_selftest(guest, name):
    g = guest(APPEND=f"ktest={name}")
    m = g.expect(rf"^ktest {name}: (OK|FAIL.*)$", what=f"'ktest {name}: OK'")
    assert m.group(1) == "OK", m.group(0)
