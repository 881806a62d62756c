#!/usr/bin/python3
"""Boot-time benchmark: how long XINIM takes from QEMU's start to
`xinim: kernel ready` on the serial console, and to the shell's first
prompt (every boot service running, /etc/rc done), under TCG, on the same
QEMU configuration as the Linux guest baseline (../shared/bench/linux-guest)
plus the virtio-rng device its driver needs.

Prints `RESULT boot_to_kernel_ready_ms <median> ms` and
`RESULT boot_to_prompt_ms <median> ms` on stdout and the single runs,
minimum and maximum on stderr.  With --linux it also runs the
baseline's boot part (about a minute) and prints its figure and the ratio.
Standard library only; run it as `make bench` (which builds first).
"""

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / os.environ.get("BUILD", "build")
MARKER = b"xinim: kernel ready"
PROMPT = b"\n/ # "  # the shell's first prompt, at the start of a line
LINUX_BENCH = ROOT.parent / "shared/bench/linux-guest/run-bench.sh"

# The Linux baseline's boot measurement uses exactly these settings.
QEMU = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "max", "-m", "1G",
        "-smp", "2", "-nographic", "-no-reboot", "-nic", "none"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def boot_once(timeout):
    """One boot; returns milliseconds from just before QEMU starts to the
    marker line and to the prompt, or None for one that did not come within
    timeout seconds."""
    argv = QEMU + ["-device", "virtio-rng-pci,disable-legacy=on",
                   "-kernel", str(BUILD / "xinim"), "-initrd", str(BUILD / "initrd.cpio")]
    ready_ms = None
    seen = b""
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        fd = proc.stdout.fileno()
        deadline = t0 + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return ready_ms, None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return ready_ms, None
            seen += chunk.replace(b"\r", b"")
            # Only the tail can hold a marker that is new.
            tail = seen[-(len(chunk) + len(MARKER)):]
            if ready_ms is None and MARKER in tail:
                ready_ms = (time.monotonic() - t0) * 1000
            if ready_ms is not None and PROMPT in tail:
                return ready_ms, (time.monotonic() - t0) * 1000
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def linux_baseline():
    """Runs the baseline's boot part; returns linux_boot_to_init_ms."""
    if not LINUX_BENCH.exists():
        log(f"bench: {LINUX_BENCH} not found: no Linux baseline")
        return None
    log(f"bench: running {LINUX_BENCH} boot --reps 3 (about a minute)")
    r = subprocess.run([str(LINUX_BENCH), "boot", "--reps", "3"], stdout=subprocess.PIPE,
                       text=True, stdin=subprocess.DEVNULL)
    m = re.search(r"^RESULT linux_boot_to_init_ms (\S+) ms$", r.stdout, re.M)
    if r.returncode != 0 or not m:
        log(f"bench: the Linux baseline failed (status {r.returncode})")
        return None
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--reps", type=int, default=5, help="boots to measure (default 5)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per boot (default 60)")
    ap.add_argument("--linux", action="store_true",
                    help="also measure the Linux guest baseline and print the ratio")
    args = ap.parse_args()
    if args.reps < 1:
        ap.error("--reps must be at least 1")
    for f in ("xinim", "initrd.cpio"):
        if not (BUILD / f).exists():
            ap.error(f"{BUILD / f} is missing: run 'make' first")

    log("bench: " + " ".join(QEMU) + " -kernel ... -initrd ...")
    times, prompts = [], []
    for i in range(args.reps):
        ms, prompt_ms = boot_once(args.timeout)
        if ms is None:
            log(f"bench: boot {i + 1}: no '{MARKER.decode()}' within {args.timeout:.0f} s")
            return 1
        if prompt_ms is None:
            log(f"bench: boot {i + 1}: no shell prompt within {args.timeout:.0f} s")
            return 1
        log(f"bench: boot {i + 1}: {ms:.0f} ms, prompt {prompt_ms:.0f} ms")
        times.append(ms)
        prompts.append(prompt_ms)
    median = statistics.median(times)
    log(f"bench: boot_to_kernel_ready_ms min {min(times):.0f} max {max(times):.0f} "
        f"n {len(times)}")
    print(f"RESULT boot_to_kernel_ready_ms {median:.0f} ms", flush=True)
    log(f"bench: boot_to_prompt_ms min {min(prompts):.0f} max {max(prompts):.0f} "
        f"n {len(prompts)}")
    print(f"RESULT boot_to_prompt_ms {statistics.median(prompts):.0f} ms", flush=True)

    if args.linux:
        linux = linux_baseline()
        if linux is None:
            return 1
        print(f"RESULT linux_boot_to_init_ms {linux:.0f} ms")
        ratio = median / linux
        print(f"RESULT boot_to_kernel_ready_vs_linux {ratio:.3f} ratio")
        log(f"bench: XINIM is ready in {ratio:.1%} of Linux's time to /init "
            f"(goal: under 10%: {'met' if ratio < 0.1 else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
