#!/usr/bin/env bash
# The IPC benchmark: boots XINIM under TCG with `run=ipcbench` on the QEMU
# configuration of the Linux guest baseline (../shared/bench/linux-guest:
# q35, -cpu max, 1 GiB, 2 CPUs, no NIC; plus the isa-debug-exit device,
# through which a failing run ends QEMU) and prints ipcbench's RESULT lines
# on stdout.  With REPS=n (default 1) it boots n times and prints, for each
# figure, the median of the runs.  On stderr: ipcbench's own lines, and the
# ratios to Linux's one-vCPU pipe round trip and null system call.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
reps=${REPS:-1}
linux_rt_ns=61064   # linux_pipe_rt_1cpu_ns, ../shared/bench/linux-guest/RESULTS.md
linux_null_ns=413   # linux_null_syscall_ns

for f in "$build/xinim" "$build/initrd.cpio"; do
	[ -f "$f" ] || { echo "bench-ipc: $f is missing: run make first" >&2; exit 2; }
done

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((i = 1; i <= reps; i++)); do
	out=$(timeout 600 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 1G -smp 2 \
		-nographic -no-reboot -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$build/xinim" -initrd "$build/initrd.cpio" -append "run=ipcbench" \
		</dev/null 2>&1 | tr -d '\r') || true
	grep '^ipcbench:' <<<"$out" >&2 || true
	if ! grep -q '^RESULT ' <<<"$out"; then
		echo "bench-ipc: run $i printed no RESULT line; its last lines:" >&2
		tail -n 15 <<<"$out" >&2
		exit 1
	fi
	grep '^RESULT ' <<<"$out" >>"$results"
done

# The median of each figure over the runs, in the order ipcbench prints them.
awk -f scripts/bench-median.awk "$results" | tee "$results.median"
awk -v rt="$linux_rt_ns" -v nl="$linux_null_ns" '
	$2 == "ipc_call_reply_ns" { printf "bench-ipc: call/reply %d ns vs Linux pipe round trip (1 vCPU) %d ns: ratio %.3f (goal <= 0.5)\n", $3, rt, $3 / rt }
	$2 == "null_syscall_ns" { printf "bench-ipc: null system call %d ns vs Linux %d ns: ratio %.3f (goal <= 1)\n", $3, nl, $3 / nl }
' "$results.median" >&2
rm -f "$results.median"
