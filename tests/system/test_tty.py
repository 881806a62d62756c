"""The tty service (drivers/tty/tty), the serial console driver, spoken to
directly by user/tests/ttytest the way vfs speaks to it, while this test
types on the serial console: echo and line editing, one line per read,
Ctrl-D, a cancelled read, select, Ctrl-C's signal for the foreground
group, raw mode, and a crash of the tty that keeps its foreground group."""

TTY_TESTS = ("write", "bad", "nonblock", "read", "lines", "eof", "cancel", "select", "ctrlc",
             "raw", "restart")

# What to type when ttytest asks (`ttytest: type NAME`).
TYPING = {
    "edit": "zzz\x15hellx\x7fo ok\r",
    "lines": "one\rtwo\r",
    "eof": "\x04",
    "cancel": "kept\r",
    "select": "s\r",
    "ctrlc": "before\x03after\r",
    "raw": "\x03",
    "restart": "again\r",
}


def test_ttytest(guest):
    g = guest(APPEND="run=ttytest")
    g.expect(r"^rs: started tty \(ep \d+\)$", what="tty started")
    g.expect(r"^ttytest: written through the tty\r?$", what="the write")
    for name in ("edit", "lines", "eof", "cancel", "select", "ctrlc", "raw", "restart"):
        g.expect(r"^ttytest: type " + name + r"\r?$", what=f"ttytest asking for {name}")
        g.send(TYPING[name])
    g.expect_tests(TTY_TESTS, timeout=60, program="ttytest")
    assert g.wait_exit(timeout=30) == 0
    # The echo: Ctrl-U erased three bytes, DEL one; Ctrl-C shows as ^C.
    assert "zzz\b \b\b \b\b \bhellx\b \bo ok" in g.raw.replace("\r", "")
    assert "before^C\n" in g.text
    assert "rs: tty crashed" in g.text
