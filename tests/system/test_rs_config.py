"""services.conf in a real boot: the shipped file is clean, and a bad one
(etc/services-bad.conf, a fixture chosen with rsconf=) has its bad lines,
dependency cycle, missing dependency and missing binary reported, with
the system still coming up."""

BAD = "etc/services-bad.conf"


def test_shipped_file_is_clean(guest):
    g = guest()
    m = g.expect(r"^rs: (\d+) services configured$", what="rs's service count")
    assert int(m.group(1)) >= 4
    g.expect(r"^rs: started pci \(ep \d+\)$", what="pci started")
    g.expect(r"^rs: started virtio-rng \(ep \d+\)$", what="virtio-rng started")
    g.expect(r"^rs: started devfs \(ep \d+\)$", what="devfs started")
    g.expect(r"^rs: started tmpfs \(ep \d+\)$", what="tmpfs started")
    g.expect(r"^rs: started tty \(ep \d+\)$", what="tty started")
    g.expect(r"^rs: started pm \(ep \d+\)$", what="pm started")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    assert "services.conf:" not in g.text, "the shipped services.conf has errors"


def test_bad_file_reported_not_fatal(guest):
    g = guest(APPEND="rsconf=" + BAD)
    g.expect(r"^rs: services from etc/services-bad\.conf$", what="rsconf= taken")
    g.expect(r"^rs: etc/services-bad\.conf:14: unknown key 'colour'$", what="unknown key")
    g.expect(r"^rs: etc/services-bad\.conf:12: service 'typo' skipped$", what="typo skipped")
    g.expect(r"^rs: etc/services-bad\.conf:20: max_retries: expected .*'lots'$",
             what="bad number")
    g.expect(r"^rs: etc/services-bad\.conf:18: service 'badnum' skipped$",
             what="badnum skipped")
    g.expect(r"^rs: etc/services-bad\.conf:\d+: service 'orphan' not started: it depends on "
             r"'nowhere', which is not configured$", what="missing dependency")
    g.expect(r"^rs: etc/services-bad\.conf:\d+: dependency cycle: loop-a -> loop-b -> loop-a",
             what="the cycle")
    g.expect(r"^rs: etc/services-bad\.conf:\d+: service 'ghost': binary "
             r"'bin/no-such-program' is not in the boot image$", what="missing binary")
    g.expect(r"^rs: 5 services configured$", what="rs's service count")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")


def test_rsconf_with_run(guest):
    g = guest(APPEND="rsconf=" + BAD + " run=hello one")
    g.expect(r"^rs: 5 services configured$", what="rs's service count")
    g.expect(r"^hello, world$", what="the program still runs")
    assert g.wait_exit(timeout=30) == 0


def test_missing_rsconf_file(guest):
    g = guest(APPEND="rsconf=etc/nothing.conf")
    g.expect(r"^rs: etc/nothing\.conf: not in the boot image; no services$",
             what="the missing file reported")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
