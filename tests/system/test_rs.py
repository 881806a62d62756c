"""The live Reincarnation Server with the test services of
etc/services-test.conf: rs starts them in order and says the system is
ready; user/tests/rstest crashes, hangs and stops them through rs and
checks the recovery; the service command lists them and refuses bad
arguments with status 2."""

CONF = "rsconf=etc/services-test.conf"


def test_boot_services_started(guest):
    g = guest(APPEND=CONF + " run=service list")
    g.expect(r"^rs: started testsvc \(ep \d+\)$", what="testsvc started")
    g.expect(r"^rs: started dependent \(ep \d+\)$", what="dependent started after testsvc")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(r"^NAME\s+STATE\s+EP\s+RESTARTS\s+LAST CAUSE\s+UPTIME$", what="the header")
    g.expect(r"^testsvc\s+RUNNING\s+\d+\s+0\s+none\s+\d+\.\ds$", what="testsvc listed as RUNNING")
    g.expect(r"^dependent\s+RUNNING", what="dependent listed")
    assert g.wait_exit(timeout=30) == 0


def test_rstest(guest):
    g = guest(APPEND=CONF + " run=rstest")
    g.expect(r"^rs: testsvc crashed \(#PF page fault at 0x0\), restarting$",
             what="the crash logged with its cause")
    g.expect(r"^rs: testsvc restarted in \d+ ms$", what="the restart logged")
    g.expect_tests(("crash", "preserve", "told", "hang", "wild", "exit", "timer", "failed",
                    "stopstart", "dscall", "dsnames", "nostall", "adddep", "starthang", "steer",
                    "sleepbeat", "dsrestart"),
                   program="rstest")
    assert g.wait_exit(timeout=30) == 0
    assert "rs: crasher failed after 3 retries: marked FAILED" in g.text
    assert "rs: told dependent that testsvc is ep" in g.text
    assert "rs: testsvc hung (no heartbeat for" in g.text
    # libdriver's wild write: a store into the kernel's half, a page fault.
    assert "rs: testsvc crashed (#PF page fault at 0xffffffff80000000), restarting" in g.text
    assert "rs: testsvc exited (status 1), restarting" in g.text
    # escalator gives up and runs its command (long before rstest ends).
    assert "rs: escalator: escalation: run hello escalated" in g.text
    assert 'hello: argv[1] = "escalated"' in g.text
    assert "rs: ds ended (cause 2); starting a new one" in g.text


def test_ds_client_survives_crash(guest):
    """rs starts ds first and publishes testsvc; a client calling testsvc by
    name through libsys's ds_call() sees every one of its requests answered
    while rs crashes testsvc, which comes back RUNNING and republished."""
    g = guest(APPEND=CONF + " run=rstest dscall")
    g.expect(r"^rs: started ds \(ep \d+\)$", what="ds started by rs")
    g.expect(r"^rs: started testsvc \(ep \d+\)$", what="testsvc started")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(r"^rs: testsvc crashed \(#PF page fault at 0x0\), restarting$",
             what="the crash logged with its cause")
    g.expect(r"^rstest: 400 requests through ds, testsvc ep \d+ -> \d+, counter \d+$",
             what="the client's report")
    g.expect(r"^test dscall: OK$", what="test dscall")
    g.expect(r"^1 passed, 0 failed$", what="the summary")
    assert g.wait_exit(timeout=30) == 0


def test_service_status_after_fault(guest):
    g = guest(APPEND=CONF + " run=service fault testsvc crash")
    g.expect(r"^service: testsvc: crash injected$", what="the fault injected")
    assert g.wait_exit(timeout=30) == 0
    # rs may power off before it sees the crash: test_rstest checks that.
    assert "rs: injecting fault 1 into testsvc" in g.text


def test_service_fault_wild_write(guest):
    g = guest(APPEND=CONF + " run=service fault testsvc wild-write")
    g.expect(r"^service: testsvc: wild-write injected$", what="the fault injected")
    assert g.wait_exit(timeout=30) == 0
    assert "rs: injecting fault 3 into testsvc" in g.text


def test_service_usage(guest):
    g = guest(APPEND=CONF + " run=service fault testsvc melt")
    g.expect(r"^usage: service list$", what="the usage message")
    assert g.wait_exit(timeout=30) == (2 << 1) | 1


def test_rs_never_blocks_on_hung_service(guest):
    """Two faults for a hung, not yet detected service, and a dependency
    change for it: rs only notifies, so it keeps answering (issue 4's
    defect: a blocking send there stalled every recovery)."""
    g = guest(APPEND=CONF + " run=rstest nostall")
    g.expect(r"^rs: injecting fault 2 into dependent$", what="the first hang")
    g.expect(r"^rs: injecting fault 2 into dependent$", what="the second hang")
    g.expect(r"^rs: dependent hung \(no heartbeat for \d+ ms\)", what="the hang found")
    g.expect(r"^test nostall: OK$", what="test nostall")
    g.expect(r"^1 passed, 0 failed$", what="the summary")
    assert g.wait_exit(timeout=30) == 0
