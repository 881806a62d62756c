#!/usr/bin/env bash
# The file I/O benchmark: `run=vfsbench` (the shipped services, vfs and
# tmpfs on /tmp among them) through scripts/bench-run.sh.  vfsbench reports
# the median of a request vfs answers alone, a 4 KiB pread and stat in
# microseconds and the 1 MiB sequential
# read and write throughput in MB/s (RESULT lines on stdout).  With REPS=n
# (default 1) it boots n times and prints, for each figure, the median of
# the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${REPS:-1}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((i = 1; i <= reps; i++)); do
	scripts/bench-run.sh vfsbench >>"$results"
done

# The median of each figure over the runs, in the order vfsbench prints them.
awk -f scripts/bench-median.awk "$results"
