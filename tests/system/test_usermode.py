"""User mode: the kernel starts rs in ring 3 from the boot image; rs runs
the program `run=` names with its arguments, reports how it ended and
powers off with its status (QEMU exits 0 for status 0, else with
(status << 1) | 1 through the isa-debug-exit device)."""


def test_rs_starts(guest):
    g = guest()
    g.expect(r"^xinim: kernel ready", what="'xinim: kernel ready'")
    g.expect(r"^rs: started", what="'rs: started' (rs running in ring 3)")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")


def test_run_hello(guest):
    g = guest(APPEND="run=hello one two")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(r"^hello, world$", what="hello's greeting")
    g.expect(r'^hello: argv\[1\] = "one"$', what="argv[1]")
    g.expect(r'^hello: argv\[2\] = "two"$', what="argv[2]")
    g.expect(r"^rs: hello exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_run_status(guest):
    g = guest(APPEND="run=hello exit=3")
    g.expect(r"^rs: hello exited with status 3$", what="rs's report")
    assert g.wait_exit(timeout=30) == (3 << 1) | 1


def test_run_missing_program(guest):
    g = guest(APPEND="run=nosuch")
    g.expect(r"^rs: run: no program 'nosuch' in the boot image$", what="rs's complaint")
    assert g.wait_exit(timeout=30) != 0


def test_run_too_many_arguments(guest):
    """More words than rs's argv holds: refused, not run with some dropped."""
    args = " ".join("a%d" % i for i in range(40))
    g = guest(APPEND="run=hello " + args)
    g.expect(r"^rs: run: too many arguments \(at most 30\)$", what="rs's complaint")
    assert g.wait_exit(timeout=30) == (126 << 1) | 1
