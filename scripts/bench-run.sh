#!/usr/bin/env bash
# Boots XINIM once under TCG with `run=PROGRAM` on the QEMU configuration
# of the benchmarks (q35, -cpu max, 1 GiB, 2 CPUs, no NIC, virtio-rng-pci,
# isa-debug-exit) and prints the program's RESULT lines on stdout and its
# own lines (those starting with "PROGRAM:") on stderr; exits 1, showing
# the last lines, when there is no RESULT line.  Used by bench-rs.sh and
# bench-spawn.sh.
#
#   scripts/bench-run.sh PROGRAM
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
prog=${1:?usage: bench-run.sh PROGRAM}

for f in "$build/xinim" "$build/initrd.cpio"; do
	[ -f "$f" ] || { echo "bench-run: $f is missing: run make first" >&2; exit 2; }
done

out=$(timeout 900 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 1G -smp 2 \
	-nographic -no-reboot -nic none -device virtio-rng-pci,disable-legacy=on \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xinim" -initrd "$build/initrd.cpio" -append "quiet run=$prog" \
	</dev/null 2>&1 | tr -d '\r') || true
grep "^$prog:" <<<"$out" >&2 || true
if ! grep '^RESULT ' <<<"$out"; then
	echo "bench-run: $prog printed no RESULT line; the last lines:" >&2
	tail -n 15 <<<"$out" >&2
	exit 1
fi
