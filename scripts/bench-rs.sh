#!/usr/bin/env bash
# The restart benchmark: `run=rsbench` (the shipped services) through
# scripts/bench-run.sh.  rsbench crashes virtio-rng 100 times and reports
# the median time from the crash to the new instance serving bytes
# (RESULT rs_restart_ms on stdout); the goal under TCG is under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
results=$(scripts/bench-run.sh rsbench)
echo "$results"
awk '$2 == "rs_restart_ms" { printf "bench-rs: median restart %s ms (goal < 50 ms)\n", $3 }' \
	<<<"$results" >&2
