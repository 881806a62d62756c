#!/bin/sh
# Checks a linked kernel: (1) every loadable segment's file offset follows
# its physical address, so that the file from the first segment on is one
# contiguous image of memory (what Multiboot 1's a.out kludge loads), and
# (2) when a first-pass image is given, no text symbol moved between passes.
set -eu
elf=$1
base=""
for seg in $(readelf -lW "$elf" | awk '$1 == "LOAD" { print $2 ":" $4 }'); do
	off=$((${seg%%:*}))
	pa=$((${seg##*:}))
	if [ -z "$base" ]; then
		base=$((off - pa))
	elif [ $((off - pa)) -ne "$base" ]; then
		echo "check-layout: $elf: segment at paddr ${seg##*:} is not contiguous in the file" >&2
		exit 1
	fi
done
if [ $# -ge 2 ]; then
	a=$(nm -n --defined-only "$2" | awk '$2 ~ /^[tT]$/')
	b=$(nm -n --defined-only "$elf" | awk '$2 ~ /^[tT]$/')
	if [ "$a" != "$b" ]; then
		echo "check-layout: text symbols moved between link passes" >&2
		exit 1
	fi
fi
