#!/usr/bin/env bash
# The file I/O benchmark: `run=vfsbench` (the shipped services, vfs and
# tmpfs on /tmp among them) through scripts/bench-run.sh.  vfsbench reports
# the median 4 KiB pread and stat in microseconds and the 1 MiB sequential
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
awk '{ v[$2] = v[$2] " " $3; unit[$2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 } }
	END {
		for (k = 0; k < n; k++) {
			name = order[k]; m = split(substr(v[name], 2), a, " ")
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			printf "RESULT %s %s %s\n", name, a[int((m + 1) / 2)], unit[name]
		}
	}' "$results"
