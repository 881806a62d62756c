#!/usr/bin/env bash
# Every test, as `make test` runs it (after scripts/deps.sh): the build,
# the host unit tests, the system tests in QEMU and the format check.
# Each part goes on when an earlier one failed, where it can.  The last
# line is the summary, "N passed, N failed", counting single tests (a
# build that fails counts as one failed test); the exit status is non-zero
# when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
make=${MAKE:-make}
jobs=$(nproc 2>/dev/null || echo 2)

passed=0
failed=0
declare -a lines=()
started=$SECONDS

# Adds one part's counts and remembers its summary line.
count() {
	local part=$1 p=$2 f=$3 secs=$4
	passed=$((passed + p))
	failed=$((failed + f))
	lines+=("$(printf '%-8s %4d passed, %4d failed  (%d s)' "$part:" "$p" "$f" "$secs")")
}

banner() {
	echo
	echo "==== $* ===="
}

# 1. The kernel, the boot image and the ISO.
banner build
t=$SECONDS
if $make --no-print-directory -j"$jobs" all iso; then
	built=1
	count build 1 0 $((SECONDS - t))
else
	built=0
	count build 0 1 $((SECONDS - t))
fi

# 2. Unit tests: each binary is built on its own, so that one that does
# not compile fails alone.
banner "unit tests"
t=$SECONDS
mapfile -t srcs < <(ls tests/unit/test_*.c 2>/dev/null)
bins=()
nobuild=0
for src in "${srcs[@]}"; do
	bin="$BUILD/unit/$(basename "$src" .c)"
	if $make --no-print-directory -s "$bin"; then
		bins+=("$bin")
	else
		echo "unit: $src does not build"
		nobuild=$((nobuild + 1))
	fi
done
up=0
uf=0
if [ ${#bins[@]} -gt 0 ]; then
	out=$(scripts/run-unit.sh "${bins[@]}")
	printf '%s\n' "$out"
	last=$(printf '%s\n' "$out" | tail -n 1)
	if [[ $last =~ ^unit:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		up=${BASH_REMATCH[1]}
		uf=${BASH_REMATCH[2]}
	else
		uf=1
	fi
fi
count unit "$up" $((uf + nobuild)) $((SECONDS - t))

# 3. System tests, when there is a kernel to boot.
banner "system tests"
t=$SECONDS
if [ "$built" = 1 ]; then
	xml="$BUILD/system-results.xml"
	rm -f "$xml"
	scripts/run-system.sh --junitxml="$xml"
	read -r sp sf < <(/usr/bin/python3 - "$xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1)
    sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
n = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(n - bad - skipped, bad)
EOF
	)
	count system "$sp" "$sf" $((SECONDS - t))
else
	echo "system: skipped, the kernel did not build"
	count system 0 1 0
fi

# 4. Formatting.
banner "format check"
t=$SECONDS
if scripts/format.sh --check; then
	count format 1 0 $((SECONDS - t))
else
	count format 0 1 $((SECONDS - t))
fi

banner "summary ($((SECONDS - started)) s)"
printf '%s\n' "${lines[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
