#!/usr/bin/env bash
# Runs host unit test binaries (cmocka) and counts their tests.
# Usage: run-unit.sh BIN...
#
# A test passes when cmocka reports it OK.  Every test a binary announced
# but did not pass counts as failed, so a crash (an ASan report, say) fails
# the test it happened in and those that never ran; a binary that fails
# outside any test (a leak found at exit) counts as one more failure.
# The output of a binary is shown when it failed (or with VERBOSE=1).
# The last line is "unit: N passed, N failed".
set -uo pipefail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total_pass=0
total_fail=0
for bin in "$@"; do
	name=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		echo "unit: $name: not built" >&2
		total_fail=$((total_fail + 1))
		continue
	fi
	# cmocka writes progress to stdout and verdicts to stderr; they are
	# kept apart so that buffering cannot split the lines that are counted.
	"$bin" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	announced=$(sed -n 's/^\[==========\] Running \([0-9]*\) test(s)\..*/\1/p' "$tmp/out" |
		awk '{ n += $1 } END { print n + 0 }')
	ok=$(grep -c '^\[       OK \]' "$tmp/out")
	skipped=$(grep -c '^\[  SKIPPED \]' "$tmp/err")
	fail=$((announced - ok - skipped))
	if [ "$fail" -lt 0 ]; then
		fail=0
	fi
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
		echo "unit: $name exited with status $status outside any test" >&2
		fail=1
	fi
	if [ "$fail" -ne 0 ] || [ -n "${VERBOSE:-}" ]; then
		cat "$tmp/out"
		cat "$tmp/err"
	fi
	echo "unit: $name: $ok passed, $fail failed"
	total_pass=$((total_pass + ok))
	total_fail=$((total_fail + fail))
done
echo "unit: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
