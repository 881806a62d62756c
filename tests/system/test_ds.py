"""The name service: the in-OS test program user/tests/dstest, run by rs
with `run=dstest`.  Each test starts its own ds (the test process acting
as the registrar rs would be) and its own servers: publish and lookup,
a missing name, a replace by a non-owner refused, subscribe with notify
and check, and ds_call() carrying on across a server's restart, both
with a stale cached endpoint and for a client that starts while the
server is dead; then the leak check (ds itself runs with no kernel call
allowed, only IPC)."""

import re

TESTS = ["publish_lookup", "lookup_missing", "replace_refused", "subscribe", "malformed", "restart",
         "restart_concurrent", "leaks"]


def test_dstest(guest):
    g = guest(APPEND="run=dstest")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    summary = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=180, what="dstest's summary")
    text = g.text[:g.pos]
    for name in TESTS:
        m = re.search(rf"^test {name}: (OK|FAILED.*)$", text, re.M)
        assert m, f"no result line for test {name}"
        assert m.group(1) == "OK", f"test {name}: {m.group(1)}"
    assert summary.group(1) == str(len(TESTS)) and summary.group(2) == "0", summary.group(0)
    g.expect(r"^rs: dstest exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_dstest_one(guest):
    """A test name as argument runs just that test (and the leak check)."""
    g = guest(APPEND="run=dstest restart")
    g.expect(r"^test restart: OK$", timeout=120, what="the restart result")
    g.expect(r"^2 passed, 0 failed$", what="the summary of one test and the leak check")
    assert g.wait_exit(timeout=30) == 0
