#!/bin/sh
# Runs the system tests (tests/system, pytest) with Debian's Python, which
# has pytest and pexpect, whatever python3 comes first on PATH.
# Arguments go to pytest (e.g. -k smp, or --junitxml=FILE).
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
exec /usr/bin/python3 -m pytest tests/system -v --tb=short -rfE \
	-o cache_dir="$build/pytest-cache" "$@"
