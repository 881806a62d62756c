#!/usr/bin/env bash
# The spawn benchmark: `run=spawnbench` (the shipped services, pm and vfs
# among them) through scripts/bench-run.sh.  spawnbench times 1,000
# posix_spawn + waitpid of a trivial program and reports the median
# (RESULT spawn_wait_us on stdout); the goal is to beat Linux's
# linux_spawn_wait_us (about 3.1 ms here).
set -euo pipefail
cd "$(dirname "$0")/.."
results=$(scripts/bench-run.sh spawnbench)
echo "$results"
awk '$2 == "spawn_wait_us" { printf "bench-spawn: median spawn+wait %s us (Linux: about 3100 us)\n", $3 }' \
	<<<"$results" >&2
