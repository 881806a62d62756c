"""IPC: the in-OS test program user/tests/ipctest, run by rs with
`run=ipctest`.  Every named test must print `test NAME: OK`, then the
leak check and the summary; rs powers off with ipctest's status.  The
tests run twice: with the call/reply fast path, and with `ipcfast=off`,
where the slow path, complete on its own, does everything."""

import re

import pytest

TESTS = ["pingpong", "receive_any", "notify_coalesce", "reply_not_caller", "call_dead",
         "server_dies", "stale_generation", "mutual_send", "alarm", "denied", "leaks"]


@pytest.mark.parametrize("fast", ["on", "off"])
def test_ipctest(guest, fast):
    g = guest(APPEND=f"ipcfast={fast} run=ipctest")
    g.expect(r"^ipc: .*fast path " + fast, what=f"the IPC module's line (fast path {fast})")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    summary = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=180, what="ipctest's summary")
    text = g.text[:g.pos]
    for name in TESTS:
        m = re.search(rf"^test {name}: (OK|FAILED.*)$", text, re.M)
        assert m, f"no result line for test {name}"
        assert m.group(1) == "OK", f"test {name}: {m.group(1)}"
    assert summary.group(1) == str(len(TESTS)) and summary.group(2) == "0", summary.group(0)
    g.expect(r"^rs: ipctest exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_ipctest_one(guest):
    """A test name as argument runs just that test (and the leak check)."""
    g = guest(APPEND="run=ipctest pingpong")
    g.expect(r"^test pingpong: OK$", timeout=120, what="the pingpong result")
    g.expect(r"^2 passed, 0 failed$", what="the summary of one test and the leak check")
    assert g.wait_exit(timeout=30) == 0
