#!/usr/bin/env bash
# The spawn benchmark: boots XINIM under TCG with `run=spawnbench` (the
# shipped services, pm and vfs among them) on the QEMU configuration of
# the other benchmarks (q35, -cpu max, 1 GiB, 2 CPUs, no NIC,
# virtio-rng-pci, isa-debug-exit), and prints spawnbench's RESULT line
# on stdout, its own lines on stderr.  spawnbench times 1,000
# posix_spawn + waitpid of a trivial program and reports the median;
# the goal is to beat Linux's linux_spawn_wait_us (about 3.1 ms here).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}

for f in "$build/xinim" "$build/initrd.cpio"; do
	[ -f "$f" ] || { echo "bench-spawn: $f is missing: run make first" >&2; exit 2; }
done

out=$(timeout 900 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 1G -smp 2 \
	-nographic -no-reboot -nic none -device virtio-rng-pci,disable-legacy=on \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$build/xinim" -initrd "$build/initrd.cpio" -append "quiet run=spawnbench" \
	</dev/null 2>&1 | tr -d '\r') || true
grep '^spawnbench:' <<<"$out" >&2 || true
if ! grep '^RESULT ' <<<"$out"; then
	echo "bench-spawn: no RESULT line; the last lines:" >&2
	tail -n 15 <<<"$out" >&2
	exit 1
fi
awk '$2 == "spawn_wait_us" { printf "bench-spawn: median spawn+wait %s us (Linux: about 3100 us)\n", $3 }' \
	<<<"$(grep '^RESULT ' <<<"$out")" >&2
