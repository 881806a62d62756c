"""IPC: the in-OS test program user/tests/ipctest, run by rs with
`run=ipctest`.  Every named test must print `test NAME: OK`, then the
leak check and the summary; rs powers off with ipctest's status.  The
tests run twice: with the call/reply fast path, and with `ipcfast=off`,
where the slow path, complete on its own, does everything."""


import pytest

TESTS = ["pingpong", "receive_any", "notify_coalesce", "reply_not_caller", "call_dead",
         "server_dies", "stale_generation", "mutual_send", "alarm", "denied", "rr_pingpong",
         "rr_lost_reply", "rr_bad", "rr_notify", "leaks"]


@pytest.mark.parametrize("fast", ["on", "off"])
def test_ipctest(guest, fast):
    g = guest(APPEND=f"ipcfast={fast} run=ipctest")
    g.expect(r"^ipc: .*fast path " + fast, what=f"the IPC module's line (fast path {fast})")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=180, program="ipctest")
    g.expect(r"^rs: ipctest exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_ipctest_one(guest):
    """A test name as argument runs just that test (and the leak check)."""
    g = guest(APPEND="run=ipctest pingpong")
    g.expect(r"^test pingpong: OK$", timeout=120, what="the pingpong result")
    g.expect(r"^2 passed, 0 failed$", what="the summary of one test and the leak check")
    assert g.wait_exit(timeout=30) == 0
