"""The template driver drivers/examples/hello: not started at boot (its
services.conf says `boot no`), started from the shell with `service start
hello`, then asked by its client user/tests/hellotest through ds (a
greeting, its count, bad names, an unknown request), and again after rs
restarted it from a crash.  Before it is started and after it is stopped
the client gets no answer and fails."""

import re

from test_shell import PROMPT, Shell


def test_hello_started_and_answers(guest):
    g = guest()
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    sh = Shell(g)
    assert "rs: started hello" not in g.text, "hello was started at boot"
    assert re.search(r"^hello\s+(?!RUNNING)\S+", sh.run("service list"), re.M)

    out, st = sh.status("hellotest greet")
    assert st == 1 and "test greet: FAILED" in out, out

    out = sh.run("service start hello")
    assert re.search(r"^service: hello started \(ep \d+\)$", out, re.M), out
    assert re.search(r"^hello\s+RUNNING", sh.run("service list"), re.M)

    out, st = sh.status("hellotest")
    assert st == 0, out
    for name in ("greet", "badname", "unknown"):
        assert f"test {name}: OK" in out, out
    assert re.search(r"^hellotest: 'hello, world' \(greeting \d+\)$", out, re.M), out
    assert "3 passed, 0 failed" in out

    # A crash: rs restarts it at once, and the client finds the new instance.
    g.sendline("service fault hello crash")
    g.expect(r"^rs: hello restarted in \d+ ms$", timeout=30, what="hello's restart")
    g.expect(PROMPT, timeout=30, what="the prompt after the crash")
    g.settle()
    out, st = sh.status("hellotest greet")
    assert st == 0 and "test greet: OK" in out, out

    out = sh.run("service stop hello")
    assert "service: hello stopped" in out, out
    g.settle()
    out, st = sh.status("hellotest greet")
    assert st == 1 and "test greet: FAILED" in out, out
