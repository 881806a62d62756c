"""Reclamation: user/tests/leaktest starts 1,000 children one after the
other; each takes DMA memory, a grant, an IRQ hook (ISA line 5), an I/O
port and memory shared from its parent, then crashes on a null pointer.
Free frames, kernel heap and the process count must end exactly where
they began.  About 5-10 s of cycles under TCG."""

import re


def test_leaktest(guest):
    g = guest(APPEND="run=leaktest")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    m = g.expect(r"^test leak: (OK|FAILED.*)$", timeout=240, what="the leak test's result")
    line = re.search(r"^leaktest: \d+ cycles in .*$", g.text, re.M)
    assert m.group(1) == "OK", f"test leak: {m.group(1)}; {line.group(0) if line else ''}"
    m = re.search(r"^leaktest: 1000 cycles in (\d+) ms; free frames (\d+) -> (\d+), "
                  r"kernel heap (\d+) -> (\d+) bytes", g.text, re.M)
    assert m, "no numbers from the leak test"
    assert m.group(2) == m.group(3) and m.group(4) == m.group(5)
    # Every child died of its null pointer, as the kernel reported.
    assert len(re.findall(r"^proc leaktest \(ep \d+\): #PF page fault", g.text, re.M)) >= 1000
    g.expect(r"^1 passed, 0 failed$", what="the summary")
    assert g.wait_exit(timeout=30) == 0
