"""`service fault NAME KIND --every MS --count N`: rs injects the fault N
times, MS apart, each into the instance running then, and the command
returns at once.  Through the shell, on virtio-rng (restarted at once
after a crash, without limit); rs prints the time of each repeated
injection, and `service status` counts the crashes and starts."""

import re

import pytest

from test_shell import Shell, _needs_shell

SVC = "virtio-rng"


@pytest.fixture
def sh(guest):
    _needs_shell()
    g = guest()
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    return Shell(g)


def _counts(sh):
    out = sh.run(f"service status {SVC}")
    m = re.search(rf"^{SVC}: starts (\d+) crashes (\d+) ", out, re.M)
    assert m, out
    return int(m.group(1)), int(m.group(2))


def test_repeated_crash(sh):
    starts0, crashes0 = _counts(sh)
    out, status = sh.status(f"service fault {SVC} crash --every 1500 --count 3")
    assert status == 0, out
    assert f"service: {SVC}: crash injected, 2 more every 1500 ms" in out
    # Back at once: the last injection (3 s later) has not happened yet.
    assert not re.search(rf"rs: injecting fault 1 into {SVC} at \d+ ms \(0 more\)", sh.g.text)
    sh.g.expect(rf"rs: injecting fault 1 into {SVC} at \d+ ms \(0 more\)", timeout=60,
                what="the last injection")
    sh.g.expect(rf"rs: {SVC} restarted in \d+ ms", timeout=60, what="the last restart")
    first = re.search(rf"^rs: {SVC}: 2 more every 1500 ms from (\d+) ms", sh.g.text, re.M)
    assert first, "no schedule line from rs"
    later = re.findall(rf"rs: injecting fault 1 into {SVC} at (\d+) ms \((\d+) more\)",
                       sh.g.text)
    assert [int(n) for _, n in later] == [1, 0], later
    times = [int(first.group(1))] + [int(t) for t, _ in later]
    # Each crash hit a different instance: the one running at the time.
    eps = re.findall(rf"^proc {SVC} \(ep (\d+)\): #PF", sh.g.text, re.M)
    assert len(eps) == 3 and len(set(eps)) == 3, eps
    gaps = [b - a for a, b in zip(times, times[1:])]
    # MS apart: never sooner, and not much later (rs's alarm, a restart).
    assert all(1500 <= g < 1500 + 1000 for g in gaps), (times, gaps)
    sh.g.settle(1.0)
    starts, crashes = _counts(sh)
    assert crashes - crashes0 == 3, (crashes0, crashes)
    assert starts - starts0 == 3, (starts0, starts)
    # Nothing more comes: the count is honoured.
    sh.g.settle(3.0)
    assert _counts(sh)[1] - crashes0 == 3
    assert len(re.findall(rf"rs: injecting fault 1 into {SVC}", sh.g.text)) == 3
    listing = sh.run("service list")
    assert re.search(rf"^{SVC}\s+RUNNING\s+\d+\s+{starts - 1}\s+crash", listing, re.M), listing


def test_bad_flags(sh):
    for args in ("--every 100", "--count 3", "--every 0 --count 3", "--every x --count 3",
                 "--every 100 --count", "--every 100 --count 3 --count 4", "--bogus 1 --count 2"):
        out, status = sh.status(f"service fault {SVC} crash {args}")
        assert status == 2, (args, out)
        assert "usage: service" in out, (args, out)
    assert "rs: injecting fault" not in sh.g.text
