#!/bin/sh
# Builds a GRUB (BIOS, i386-pc) ISO that boots the kernel with Multiboot 2,
# the boot image as its module, and the console on the first serial port.
# Usage: mkiso.sh OUT KERNEL INITRD "KERNEL ARGUMENTS"
set -eu
if [ $# -ne 4 ]; then
	echo "usage: $0 OUT KERNEL INITRD \"APPEND\"" >&2
	exit 2
fi
out=$1
kernel=$2
initrd=$3
append=$4

stage="$out.d"
rm -rf "$stage"
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/xinim"
cp "$initrd" "$stage/boot/initrd.cpio"

# GRUB splits the arguments into words as a shell would (double quotes
# group) and joins them again for the kernel, quoting words that hold
# spaces, which the kernel's parser reads back the same.  '$' is escaped so
# that GRUB does not expand variables.
kline="/boot/xinim $(printf '%s' "$append" | sed 's/\$/\\$/g')"
cat >"$stage/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
set timeout_style=hidden
menuentry "XINIM" {
	multiboot2 $kline
	module2 /boot/initrd.cpio initrd
	boot
}
EOF

# Only what the menu needs (and the partition modules GRUB's own start-up
# loads), and no fonts, locales or themes: a small ISO, made quickly.
parts=$(cd /usr/lib/grub/i386-pc && ls part_*.mod | sed 's/\.mod$//' | tr '\n' ' ')
grub-mkrescue --directory=/usr/lib/grub/i386-pc \
	--install-modules="multiboot2 normal serial terminal configfile test echo $parts" \
	--fonts= --locales= --themes= \
	-o "$out.tmp" "$stage" 2>"$out.log" || {
	cat "$out.log" >&2
	exit 1
}
mv "$out.tmp" "$out"
rm -rf "$stage" "$out.log"
