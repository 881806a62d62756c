"""Misbehaving user programs are stopped and the system goes on: the
in-OS test program faulttest runs each fault (null pointer, kernel memory,
privileged and invalid instructions, division by zero, stack overflow,
I/O port, ...) in a child process, checks how the child ended, passes bad
pointers to kernel calls, kills a running child, collects several at once,
runs a healthy child after each test and compares free memory."""

import re

TESTS = ["null_read", "null_write", "kernel_read", "kernel_jump", "noncanonical_read",
         "text_write", "data_exec", "halt", "irq_off", "invalid_opcode", "breakpoint",
         "divide_by_zero", "compat_syscall", "x87", "mmx", "sse", "stack_overflow", "io_port", "ptr_console_write",
         "ptr_sysinfo",
         "ptr_wait", "ptr_create", "ptr_bootimage", "ptr_denied", "munmap_huge", "kill_running", "many_children",
         "memory"]


def test_faulttest(guest):
    g = guest(APPEND="run=faulttest", SMP=2)
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    m = g.expect(r"^(\d+) passed, (\d+) failed$", timeout=120, what="faulttest's summary")
    out = g.text[:m.end()]
    results = dict(re.findall(r"^test (\w+): (OK|FAILED.*)$", out, re.M))
    for name in TESTS:
        assert results.get(name) == "OK", f"test {name}: {results.get(name, 'did not run')}"
    assert m.group(2) == "0", m.group(0)
    # One line per stopped process, in the kernel's format.
    stops = re.findall(r"^proc faulttest \(ep \d+\): #\w+ [\w ()/-]+ at rip 0x[0-9a-f]+ "
                       r"addr 0x[0-9a-f]+ \u2014 stopped$", out, re.M)
    # 18 faulting tests, and half of the memory check's series of children.
    assert len(stops) == 18 + 16, f"{len(stops)} 'stopped' lines, expected 34"
    assert "KERNEL PANIC" not in out and "EXCEPTION" not in out
    g.expect(r"^rs: faulttest exited with status 0$", what="rs's report")
    assert g.wait_exit(timeout=30) == 0


def test_one_fault_by_name(guest):
    g = guest(APPEND="run=faulttest stack_overflow")
    g.expect(r"^test stack_overflow: OK$", timeout=60, what="'test stack_overflow: OK'")
    g.expect(r"^2 passed, 0 failed$", what="the summary (the test and the memory check)")
    assert g.wait_exit(timeout=30) == 0


def test_faulting_program_reported_by_rs(guest):
    """A program that faults under run= is reported by rs with its cause,
    and QEMU's status says it failed."""
    g = guest(APPEND="run=faulttest child null_read")
    g.expect(r"^proc faulttest \(ep \d+\): #PF page fault at rip 0x[0-9a-f]+ addr 0x0 "
             r"\u2014 stopped$", what="the kernel's one-line report")
    g.expect(r"^rs: faulttest killed by #PF page fault at 0x0$", what="rs's report")
    assert g.wait_exit(timeout=30) == ((128 + 14) << 1 | 1) & 0xff
