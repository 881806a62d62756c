#!/bin/sh
# `make bench`: the boot-time benchmark (scripts/bench_boot.py, with
# Debian's Python).  Options: --reps N, --linux (also the Linux baseline).
exec /usr/bin/python3 "$(dirname "$0")/bench_boot.py" "$@"
