#!/bin/sh
# Formats the C sources with clang-format and the root .clang-format.
# Usage: format.sh [--check] [FILE...]
#
# Without files: every .c and .h under kernel/, include/, lib/, servers/,
# user/ and tests/unit/.
# --check changes nothing: it lists the files that are not formatted, with
# the start of the change each needs, and fails if there is any.
set -eu
cd "$(dirname "$0")/.."

check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
if ! command -v clang-format >/dev/null 2>&1; then
	echo "format: clang-format is missing (scripts/deps.sh installs it)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	dirs=""
	for d in kernel include lib servers user tests/unit; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	set -- $(find $dirs -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
fi

if [ "$check" = 0 ]; then
	clang-format -i --style=file "$@"
	exit 0
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
bad=0
for f in "$@"; do
	clang-format --style=file "$f" >"$tmp"
	if ! cmp -s "$f" "$tmp"; then
		bad=$((bad + 1))
		echo "format: $f is not formatted:"
		diff -u "$f" "$tmp" | sed -n '3,22p'
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "format: $bad of $# files need scripts/format.sh ($(clang-format --version))"
	exit 1
fi
echo "format: $# files formatted"
