#!/bin/sh
# Builds the boot image: a cpio "newc" archive of a staging directory's
# contents, each stored under its path inside it (etc/services.conf,
# bin/rs, ...).
# Usage: mkinitrd.sh OUTPUT ROOT
set -eu
out=$1
root=$2
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
tmp="$out.tmp"
(cd "$root" && find . -mindepth 1 -print | sed 's|^\./||' | LC_ALL=C sort |
	cpio --quiet -o -H newc --owner=0:0) >"$tmp"
mv "$tmp" "$out"
