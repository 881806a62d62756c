"""virtio-rng, the first real driver, with the default services (pci and
virtio-rng from etc/services.conf): user/tests/rngtest reads random bytes
while the driver is crashed, hung, made to write wildly and to exit, and
checks that every read is served and that rs counted each failure with its
cause; pci hands the device to virtio-rng alone and keeps that across its
own crash.  rsbench, the restart benchmark, must run to its RESULT line
(its figure is for `make bench`, not judged here)."""

RNG_TESTS = ("read", "bad", "crash", "hang", "wildwrite", "exit", "pci", "pcicrash", "clients")


def test_rngtest(guest):
    g = guest(APPEND="run=rngtest")
    g.expect(r"^rs: started pci \(ep \d+\)$", what="pci started")
    g.expect(r"^rs: started virtio-rng \(ep \d+\)$", what="virtio-rng started after pci")
    g.expect(r"^pci: 00:04\.0 \(1af4:1044\) goes to virtio-rng$", what="pci's grant")
    g.expect_tests(RNG_TESTS, timeout=180, program="rngtest")
    assert g.wait_exit(timeout=30) == 0
    assert "rs: virtio-rng crashed (#PF page fault at 0x0), restarting" in g.text
    assert "rs: virtio-rng hung (no heartbeat for" in g.text
    assert "rs: virtio-rng exited (status 1), restarting" in g.text


def test_client_survives_crash(guest):
    """The issue's first test on its own: a client reading in a loop sees no
    failure while the driver is crashed, and the statistics show it."""
    g = guest(APPEND="run=rngtest crash")
    m = g.expect(r"^rngtest: 300 reads, none failed; virtio-rng ep (\d+) -> (\d+), "
                 r"restarted in (\d+) us$", what="the reads and the restart")
    assert m.group(1) != m.group(2)
    g.expect_tests(("crash",), program="rngtest")
    assert g.wait_exit(timeout=30) == 0


def test_rsbench_runs(guest):
    g = guest(APPEND="run=rsbench")
    g.expect(r"^RESULT rs_restart_ms \d+\.\d\d ms$", timeout=240, what="rsbench's RESULT line")
    assert "rsbench: rs counted 100 crashes" in g.text
    assert g.wait_exit(timeout=30) == 0


def test_driver_without_its_device(guest):
    """A machine without the entropy device: virtio-rng finds nothing to
    claim and says so; rs leaves it stopped instead of restarting it in a
    loop (which would eat a CPU), and everything else comes up."""
    g = guest(APPEND="run=service list", RNG="none")
    g.expect(r"^virtio-rng: no device$", what="the driver's word")
    g.expect(r"^rs: virtio-rng has no device; not restarted$", what="rs's decision")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(r"^virtio-rng\s+DEAD\s+-\s+0\s", what="virtio-rng listed as DEAD")
    g.expect(r"^pm\s+RUNNING", what="the rest running")
    assert g.wait_exit(timeout=30) == 0
    assert g.text.count("rs: started virtio-rng") == 1
