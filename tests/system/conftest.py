"""System test helpers: boot XINIM in QEMU through scripts/qemu.sh and
read its serial console.

`guest(**vars)` starts QEMU with the given launcher variables (SMP=4,
APPEND="...") plus NOREBOOT=1, records the serial output to a log under
build/system-logs/, and returns a Guest with expect() and wait_exit().
`booted(**vars)` boots once per set of variables for the whole session and
returns the log up to `xinim: kernel ready`, for tests that only read it.
Every QEMU is ended by its process id when its test is over; the log path
(and its last lines) are printed with every failure.

A wait ends early when it can no longer succeed: when QEMU has exited, a
few seconds after the kernel stopped, or when the system has been silent
for a few seconds after the kernel said it is ready, so that tests of
features not there yet fail quickly instead of at their full timeout.
"""

import codecs
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("BUILD", "build")
LOGS = BUILD / "system-logs"

READY = "xinim: kernel ready"
# After these, nothing more is coming (the kernel stopped), or at least
# not much (it finished booting): how long a wait goes on after them.
STOPPED_RE = re.compile(r"xinim: system halted|KERNEL PANIC|xinim: rebooting|"
                        r"xinim: powering off")
STOPPED_GRACE = 3.0
READY_GRACE = 10.0
# A boot that prints nothing for this long before it is ready has hung.
# Once one has, later boots get the shorter limit: a kernel that hangs
# early then fails every test in minutes, not in an hour.
SILENCE_LIMIT = 30.0
SILENCE_LIMIT_AFTER_HANG = 10.0

# The launcher's variables: the tests set these themselves, so none leaks
# in from the caller's environment (ACCEL stays: KVM where it works).
LAUNCHER_VARS = ("SMP", "MEM", "NET", "NETDEV", "DISK", "DISK_IMG", "DISK_IMG2", "RNG", "APPEND",
                 "DEBUG", "ISO", "NOREBOOT", "QEMU_EXTRA")

# Escape sequences from the firmware and GRUB: CSI, OSC, and ESC + one
# character (ESC c resets the terminal).
ANSI_RE = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-~])")


def clean(raw):
    """Serial output as text: no escape sequences, no carriage returns."""
    return ANSI_RE.sub("", raw).replace("\r", "")


_current_logs = []   # log files of the running test, for failure reports
_live = set()        # Guests not yet closed
_hung = []           # set when a boot has hung before it was ready


class GuestError(AssertionError):
    pass


class Guest:
    """One QEMU running XINIM, its serial console read through a pty."""

    def __init__(self, name, **variables):
        LOGS.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = LOGS / (re.sub(r"[^\w.=-]+", "_", name) + ".log")
        env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_VARS}
        env.update(BUILD=str(BUILD), NOREBOOT="1",
                   DISK_IMG=str(BUILD / "system-disk.img"),
                   DISK_IMG2=str(BUILD / "system-disk-ahci.img"))
        env.update({k: str(v) for k, v in variables.items()})
        self.variables = variables
        self.raw = ""
        # A UTF-8 character can be split between two reads.
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.text = ""
        self.pos = 0
        self.exitstatus = None
        self.started = time.monotonic()
        self.last_output = self.started
        self.ready_at = None
        self.stopped_at = None
        # How long a test may let the system be quiet after it is ready:
        # longer for a test that runs a long silent command (a big copy).
        self.ready_grace = READY_GRACE
        self._log = open(self.log_path, "w", encoding="utf-8")
        self._log.write("# " + " ".join(f"{k}={v}" for k, v in variables.items()) + "\n")
        self._log.flush()
        _current_logs.append(self.log_path)
        # The launcher execs QEMU, so this pid is QEMU's.
        self.child = pexpect.spawn(str(ROOT / "scripts/qemu.sh"), [], cwd=str(ROOT), env=env,
                                   echo=False, timeout=None)
        _live.add(self)

    # Reading.

    def _pump(self, wait):
        """Reads what QEMU printed within `wait` seconds; notes EOF."""
        if self.exitstatus is not None:
            return False
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            self.child.close()
            status = self.child.exitstatus
            self.exitstatus = status if status is not None else 128 + self.child.signalstatus
            self._log.write(f"\n# QEMU exited with status {self.exitstatus}\n")
            self._log.flush()
            return False
        chunk = self._decoder.decode(data)
        self.raw += chunk
        self._log.write(chunk.replace("\r", ""))
        self._log.flush()
        self.text = clean(self.raw)
        now = time.monotonic()
        self.last_output = now
        if self.ready_at is None and READY in self.text:
            self.ready_at = now
        if self.stopped_at is None and STOPPED_RE.search(self.text):
            self.stopped_at = now
        return True

    def _hopeless(self):
        """True when waiting longer cannot bring anything new."""
        now = time.monotonic()
        if self.exitstatus is not None:
            return True
        if self.stopped_at is not None and now - self.stopped_at > STOPPED_GRACE:
            return True
        if self.ready_at is not None:
            # Programs run after the ready line: quiet for READY_GRACE
            # seconds since then means nothing more is coming.
            return now - max(self.ready_at, self.last_output) > self.ready_grace
        if self.stopped_at is None:
            limit = SILENCE_LIMIT_AFTER_HANG if _hung else SILENCE_LIMIT
            if now - self.last_output > limit:
                _hung.append(self.name)
                return True
        return False

    def _quiet_reason(self):
        if self.ready_at is not None or self.stopped_at is not None:
            return "the kernel went quiet"
        return "the boot hung: no output for %.0f s" % (time.monotonic() - self.last_output)

    def fail(self, why):
        tail = "\n".join(self.text.splitlines()[-25:])
        raise GuestError(f"{self.name}: {why}\nserial log: {self.log_path}\n"
                         f"--- last lines ---\n{tail}")

    def expect(self, pattern, timeout=60, what=None):
        """Waits for a regex (multiline) after the previous match; returns
        the match and moves past it."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            if self._hopeless():
                state = ("QEMU exited with status %s" % self.exitstatus
                         if self.exitstatus is not None else self._quiet_reason())
                self.fail(f"no {what or repr(pattern)} ({state})")
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail(f"no {what or repr(pattern)} within {timeout} s")
            self._pump(min(left, 0.5))

    def expect_tests(self, names, timeout=120, program="the test program"):
        """Waits for an in-OS test program's summary (`N passed, N failed`),
        checks that every test in names said OK and that the summary counts
        exactly those, all passed; returns the summary's match."""
        summary = self.expect(r"^(\d+) passed, (\d+) failed$", timeout=timeout,
                              what=f"{program}'s summary")
        results = dict(re.findall(r"^test (\S+): (OK|FAILED.*)$", self.text[:self.pos], re.M))
        for name in names:
            assert results.get(name) == "OK", f"test {name}: {results.get(name, 'did not run')}"
        assert (int(summary.group(1)), int(summary.group(2))) == (len(names), 0), summary.group(0)
        return summary

    def wait_exit(self, timeout=60):
        """Waits for QEMU to exit on its own; returns its exit status."""
        deadline = time.monotonic() + timeout
        while self.exitstatus is None:
            if self._hopeless():
                self.fail(f"QEMU did not exit ({self._quiet_reason()})")
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail(f"QEMU did not exit within {timeout} s")
            self._pump(min(left, 0.5))
        return self.exitstatus

    # Typing on the serial console.

    def send(self, text):
        """Types text on the serial console as it is (control bytes too)."""
        self.child.send(text)

    def sendline(self, text=""):
        """Types text and Enter (a carriage return, as a terminal sends)."""
        self.child.send(text + "\r")

    def settle(self, quiet=0.5):
        """Reads until QEMU has printed nothing for `quiet` seconds."""
        while self._pump(quiet):
            pass

    def close(self):
        """Ends this QEMU (by its pid) if it still runs."""
        _live.discard(self)
        if self.exitstatus is None and self.child.isalive():
            try:
                os.kill(self.child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 5
            while self.child.isalive() and time.monotonic() < deadline:
                time.sleep(0.05)
            if self.child.isalive():
                os.kill(self.child.pid, signal.SIGKILL)
        try:
            self.child.close(force=True)
        except Exception:
            pass
        if not self._log.closed:
            self._log.close()


class Boot:
    """The outcome of one boot up to `xinim: kernel ready`."""

    def __init__(self, guest, error):
        self.log_path = guest.log_path
        self.text = guest.text
        self.error = error

    def log(self):
        """The kernel's log; fails the test when the boot did not finish."""
        _current_logs.append(self.log_path)
        if self.error:
            raise GuestError(self.error)
        return self.text

    def search(self, pattern):
        return re.search(pattern, self.log(), re.M)

    def findall(self, pattern):
        return re.findall(pattern, self.log(), re.M)


_boots = {}


@pytest.fixture(scope="session")
def booted(build):
    """booted(**vars): the log of a boot with these variables, up to the
    kernel-ready line; booted once per session and shared."""

    def boot(**variables):
        key = tuple(sorted(variables.items()))
        if key not in _boots:
            name = "boot-" + "-".join(f"{k}={v}" for k, v in key) if key else "boot-default"
            g = Guest(name, **variables)
            error = None
            try:
                g.expect(re.escape(READY), timeout=60, what="'xinim: kernel ready'")
                g.settle()
            except GuestError as e:
                error = str(e)
            finally:
                g.close()
            _boots[key] = Boot(g, error)
        return _boots[key]

    return boot


@pytest.fixture
def guest(build):
    """guest(name=None, **vars): a fresh QEMU for this test, ended after it."""
    started = []

    def start(name=None, **variables):
        n = len(started)
        g = Guest(name or (os.environ.get("PYTEST_CURRENT_TEST", "guest").split(" ")[0]
                           .split("::")[-1] + (f"-{n}" if n else "")), **variables)
        started.append(g)
        return g

    yield start
    for g in started:
        g.close()


@pytest.fixture(scope="session")
def build():
    """Builds the kernel, boot image and ISO (with no kernel arguments) once."""
    env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_VARS}
    env["BUILD"] = str(BUILD)
    r = subprocess.run(["make", "--no-print-directory", "-s", "all", "iso"], cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        pytest.fail("make all iso failed:\n" + r.stdout[-3000:], pytrace=False)
    return BUILD


@pytest.fixture(autouse=True)
def _collect_logs():
    _current_logs.clear()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        logs = list(dict.fromkeys(_current_logs))
        if logs:
            rep.sections.append(("serial logs", "\n".join(str(p) for p in logs)))


def pytest_sessionfinish(session, exitstatus):
    for g in list(_live):
        g.close()
