#!/bin/sh
# Builds the boot image: a cpio "newc" archive of the given directories,
# each stored under its own name (etc/services.conf, ...).
# Usage: mkinitrd.sh OUTPUT DIR...
set -eu
out=$1
shift
mkdir -p "$(dirname "$out")"
tmp="$out.tmp"
find "$@" -print | LC_ALL=C sort | cpio --quiet -o -H newc --owner=0:0 >"$tmp"
mv "$tmp" "$out"
