"""Direct copies and DMA pins: user/tests/granttest passes grants on
(KC_GRANT_INDIRECT) down chains of its agent processes and checks that a
grant passed on reaches exactly its window and nothing beyond, never
widens its rights, ends with the original's revocation or any owner's
death, and is refused past GRANT_DEPTH_MAX links; vectored safecopies
(KC_SAFECOPY_V) in order, stopping at a bad entry; pins (KC_GRANT_PHYS)
refused without the privilege, their physical segments consistent, the
pinned frames kept past their owner's death until the unpin, and
virtio-rng writing through a pin into another process's memory, exactly
where pinned (with no driver holding the device: services-bare.conf).  Everything
runs twice and free frames and kernel heap must end where they were.
SMP=2, so that copies through different grant tables really run side by
side."""

import re

TESTS = ["window", "rights", "revoke", "owner_death", "depth", "vec", "parallel", "phys_priv", "phys",
         "phys_life", "phys_dma", "leaks"]


def test_granttest(guest):
    g = guest(APPEND="run=granttest", SMP="2")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=300)
    assert g.wait_exit(timeout=30) == 0
    m = re.search(r"^granttest: free frames (\d+) -> (\d+), kernel heap (\d+) -> (\d+) bytes",
                  g.text, re.M)
    assert m and m.group(1) == m.group(2) and m.group(3) == m.group(4)
    assert re.search(r"^granttest: 12288 bytes at offset 100 pinned in \d+ segments", g.text,
                     re.M)


def test_granttest_one(guest):
    g = guest(APPEND="run=granttest depth")
    m = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=60, what="the summary")
    assert (int(m.group(1)), int(m.group(2))) == (1, 0)
    assert "test depth: OK" in g.text
    assert g.wait_exit(timeout=30) == 0


# No driver may hold virtio-rng while granttest drives it.
BARE = "rsconf=etc/services-bare.conf"


def test_granttest_dma(guest):
    g = guest(APPEND=BARE + " run=granttest phys_dma")
    m = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=60, what="the summary")
    assert (int(m.group(1)), int(m.group(2))) == (1, 0), g.text[-2000:]
    assert re.search(r"^granttest: phys_dma: virtio-rng wrote 64 bytes through \d pinned "
                     r"segments into another process's memory$", g.text, re.M)
    assert g.wait_exit(timeout=30) == 0


def test_grantbench_runs(guest):
    g = guest(APPEND="run=grantbench", SMP="2")
    g.expect(r"^RESULT safecopy_8k_ns \d+ ns$", timeout=120, what="the one-copier result")
    g.expect(r"^RESULT safecopy_8k_2x_ns \d+ ns$", timeout=120, what="the two-copier result")
    assert g.wait_exit(timeout=30) == 0
