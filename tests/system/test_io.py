"""vfs never makes every process wait for one file system: slowfs
(servers/fs/slowfs on /slow) answers each read only after a delay, and
user/tests/iotest checks that while a child's read of /slow/data waits,
listing /tmp, a file in /tmp, stat and a console line answer at once;
that several slow reads are in flight together; that a reader killed
while it waits leaves vfs serving; and that reads at the end of a file
answer 0.  Afterwards `service list` shows that vfs was never restarted
(its heartbeats kept coming while slowfs was slow)."""

import re

PROMPT = r"^(/[^\n]*) # "


def test_iotest(guest):
    g = guest()
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(PROMPT, timeout=60, what="the shell's prompt")
    g.sendline("iotest; service list")
    g.expect_tests(("others", "several", "killed", "eof"), timeout=180, program="iotest")
    m = g.expect(r"^slowfs\s+RUNNING\s+\d+\s+(\d+)\s", timeout=30, what="slowfs in service list")
    assert m.group(1) == "0", "slowfs was restarted (missed heartbeats while it waited?)"
    m = g.expect(r"^vfs\s+RUNNING\s+\d+\s+(\d+)\s", timeout=30, what="vfs in service list")
    assert m.group(1) == "0", "vfs was restarted while slowfs was slow"
    assert "iotest: console write while slowfs is busy" in g.text
    assert not re.search(r"vfs: .* restarted", g.text), "a file system restarted"
