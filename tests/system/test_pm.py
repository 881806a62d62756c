"""pm and libc's process calls: user/tests/pmtest spawns itself in child
roles through posix_spawn (pm reads the program through vfs) and checks
what waitpid reports; init starts without run=."""

PM_TESTS = ("exit", "crash", "kill", "wnohang", "echild", "envp", "ppid", "cloexec", "ignore",
            "noexec", "setid", "group")


def test_pmtest(guest):
    g = guest(APPEND="run=pmtest")
    g.expect(r"^rs: started pm \(ep \d+\)$", what="pm started")
    g.expect_tests(PM_TESTS, timeout=120, program="pmtest")
    assert g.wait_exit(timeout=30) == 0
    # The crashing child is reported by the kernel as a page fault at 8.
    assert "#PF page fault" in g.text


def test_pmtest_one(guest):
    """One test by name, as the other in-OS test programs allow."""
    g = guest(APPEND="run=pmtest kill")
    g.expect_tests(("kill",), program="pmtest")
    assert g.wait_exit(timeout=30) == 0


def test_spawnbench_runs(guest):
    """The benchmark program itself, with few rounds: a RESULT line."""
    g = guest(APPEND="run=spawnbench 20")
    g.expect(r"^RESULT spawn_wait_us \d+ us$", timeout=60, what="spawnbench's RESULT line")
    assert g.wait_exit(timeout=30) == 0
