"""The name service: the in-OS test program user/tests/dstest, run by rs
with `run=dstest`.  Each test starts its own ds (the test process acting
as the registrar rs would be) and its own servers: publish and lookup,
a missing name, a replace by a non-owner refused, subscribe with notify
and check, and ds_call() carrying on across a server's restart, both
with a stale cached endpoint and for a client that starts while the
server is dead; then the leak check (ds itself runs with no kernel call
allowed, only IPC)."""


TESTS = ["publish_lookup", "lookup_missing", "replace_refused", "subscribe", "malformed", "restart",
         "restart_concurrent", "leaks"]


def test_dstest(guest):
    g = guest(APPEND="run=dstest")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=180, program="dstest")
    g.expect(r"^rs: dstest exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_dstest_one(guest):
    """A test name as argument runs just that test (and the leak check)."""
    g = guest(APPEND="run=dstest restart")
    g.expect(r"^test restart: OK$", timeout=120, what="the restart result")
    g.expect(r"^2 passed, 0 failed$", what="the summary of one test and the leak check")
    assert g.wait_exit(timeout=30) == 0
