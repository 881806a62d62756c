#!/usr/bin/env bash
# The restart benchmark: boots XINIM under TCG with `run=rsbench` (the
# default services: pci and virtio-rng) on the QEMU configuration of the
# other benchmarks (q35, -cpu max, 1 GiB, 2 CPUs, no NIC, virtio-rng-pci,
# isa-debug-exit), and prints rsbench's RESULT line on stdout, its own
# lines on stderr.  rsbench crashes virtio-rng 100 times and reports the
# median time from the crash to the new instance serving bytes; the goal
# under TCG is under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}

for f in "$build/xinim" "$build/initrd.cpio"; do
	[ -f "$f" ] || { echo "bench-rs: $f is missing: run make first" >&2; exit 2; }
done

out=$(timeout 600 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 1G -smp 2 \
	-nographic -no-reboot -nic none -device virtio-rng-pci,disable-legacy=on \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xinim" -initrd "$build/initrd.cpio" -append "quiet run=rsbench" \
	</dev/null 2>&1 | tr -d '\r') || true
grep '^rsbench:' <<<"$out" >&2 || true
if ! grep '^RESULT ' <<<"$out"; then
	echo "bench-rs: no RESULT line; the last lines:" >&2
	tail -n 15 <<<"$out" >&2
	exit 1
fi
awk '$2 == "rs_restart_ms" { printf "bench-rs: median restart %s ms (goal < 50 ms)\n", $3 }' \
	<<<"$(grep '^RESULT ' <<<"$out")" >&2
