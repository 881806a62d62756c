#!/usr/bin/env bash
# The QEMU launcher behind `make run`, `make debug`, the system tests and
# the benchmarks.  Everything is set through environment variables (make
# exports its own variables of the same names):
#
#   ACCEL=kvm|tcg        default: kvm only with a hardware-assisted KVM
#                        (kvm_intel or kvm_amd loaded, /dev/kvm usable), else tcg
#   SMP=n                CPUs (default 2)
#   MEM=size             RAM, QEMU syntax (default 1G)
#   NET=virtio|e1000|both|none        network cards (default virtio)
#   NETDEV=user|tap:IF[,IF2]          their back end (default user, always
#                        restrict=on: nothing reaches the host's network)
#   DISK=virtio|ahci|both|none        disks (default virtio)
#   DISK_IMG=path        disk image (default BUILD/disk.img, 64 MiB, created
#                        when missing: the default one as an empty ext2 file
#                        system with the host's mke2fs, which /etc/fstab
#                        mounts on /home; any other one blank); with
#                        DISK=both it is the virtio disk
#   DISK_IMG2=path       the AHCI disk's image with DISK=both
#                        (default BUILD/disk-ahci.img)
#   DISK_OPTS=opts       more -drive options for every disk, e.g.
#                        cache=none,aio=native (default: QEMU's own)
#   RNG=virtio|none      the entropy device (default virtio)
#   APPEND="args"        kernel command line (not with ISO=1: the ISO's
#                        grub.cfg has the APPEND given to `make iso`)
#   ISO=1                boot BUILD/xinim.iso from a CD instead of -kernel
#   DEBUG=1              start stopped, with the gdb stub on tcp::1234
#   NOREBOOT=1           exit instead of rebooting (tests use it)
#   QEMU_EXTRA="args"    appended to QEMU's arguments (split on spaces)
#   BUILD=dir            where build/xinim and friends are (default build)
#
# The command line goes to stderr; then this script becomes QEMU (exec),
# so its process id is QEMU's.
set -euo pipefail

cd "$(dirname "$0")/.."
build=${BUILD:-build}
die() {
	echo "qemu.sh: $*" >&2
	exit 2
}

# Hardware-assisted KVM only: a paravirtual kvm_pvm runs ordinary kernels
# far slower than TCG.
kvm_usable() {
	[ -e /sys/module/kvm_pvm ] && return 1
	[ -e /sys/module/kvm_intel ] || [ -e /sys/module/kvm_amd ] || return 1
	[ -r /dev/kvm ] && [ -w /dev/kvm ]
}

accel=${ACCEL:-}
if [ -z "$accel" ]; then
	if kvm_usable; then
		accel=kvm
	else
		accel=tcg
	fi
fi
args=(qemu-system-x86_64 -machine q35 -nographic)
case $accel in
kvm)
	if [ -e /sys/module/kvm_pvm ]; then
		die "ACCEL=kvm: this host's KVM is the paravirtual kvm_pvm, far slower than TCG: use ACCEL=tcg"
	fi
	if ! kvm_usable; then
		echo "qemu.sh: warning: ACCEL=kvm without a usable hardware-assisted KVM" >&2
	fi
	args+=(-accel kvm -cpu host)
	;;
tcg) args+=(-accel tcg -cpu max) ;;
*) die "ACCEL must be kvm or tcg, not '$accel'" ;;
esac

smp=${SMP:-2}
mem=${MEM:-1G}
[[ $smp =~ ^[1-9][0-9]*$ ]] || die "SMP must be a positive number, not '$smp'"
[[ $mem =~ ^[1-9][0-9]*[KMGTkmgt]?$ ]] || die "MEM must be a size like 512M or 8G, not '$mem'"
args+=(-smp "$smp" -m "$mem")

# Network: one netdev per card.  tap:IF gives the first card that tap;
# tap:IF,IF2 the second card another one.  A card without a tap of its own
# gets user networking, restricted to the guest and QEMU.
netdev=${NETDEV:-user}
taps=()
case $netdev in
user) ;;
tap:?*) IFS=, read -r -a taps <<<"${netdev#tap:}" ;;
*) die "NETDEV must be user or tap:IFNAME, not '$netdev'" ;;
esac
add_nic() {
	local n=$1 model=$2
	if [ -n "${taps[$n]:-}" ]; then
		args+=(-netdev "tap,id=net$n,ifname=${taps[$n]},script=no,downscript=no")
	else
		args+=(-netdev "user,id=net$n,restrict=on")
	fi
	# romfile= leaves out the iPXE option ROM: no network boot, faster start.
	args+=(-device "$model,netdev=net$n,romfile=")
}
case ${NET:-virtio} in
virtio) add_nic 0 virtio-net-pci,disable-legacy=on ;;
e1000) add_nic 0 e1000 ;;
both)
	add_nic 0 virtio-net-pci,disable-legacy=on
	add_nic 1 e1000
	;;
none) args+=(-nic none) ;;
*) die "NET must be virtio, e1000, both or none, not '${NET}'" ;;
esac

# Disks: raw images (qcow2 when the name ends in .qcow2), created as
# sparse 64 MiB files when missing; the default disk (mkfs=1) as an ext2
# file system, the persistent /home of `make run`.
find_mke2fs() {
	command -v mke2fs 2>/dev/null || for p in /sbin/mke2fs /usr/sbin/mke2fs; do
		[ -x "$p" ] && echo "$p" && return 0
	done
}
add_drive() {
	local id=$1 img=$2 mkfs=${3:-0} fmt=raw mke2fs
	if [ ! -e "$img" ]; then
		mkdir -p "$(dirname "$img")"
		truncate -s 64M "$img"
		mke2fs=$(find_mke2fs || true)
		if [ "$mkfs" = 1 ] && [ -n "$mke2fs" ]; then
			"$mke2fs" -q -t ext2 -F "$img" >&2 || die "mke2fs failed on $img"
			echo "qemu.sh: created disk $img (64 MiB, ext2)" >&2
		elif [ "$mkfs" = 1 ]; then
			echo "qemu.sh: no mke2fs (e2fsprogs, scripts/deps.sh): $img is blank" >&2
		else
			echo "qemu.sh: created scratch disk $img (64 MiB)" >&2
		fi
	fi
	case $img in *.qcow2) fmt=qcow2 ;; esac
	args+=(-drive "file=$img,if=none,id=$id,format=$fmt${DISK_OPTS:+,$DISK_OPTS}")
}
img=${DISK_IMG:-$build/disk.img}
img2=${DISK_IMG2:-$build/disk-ahci.img}
# Only the default disk gets a file system: the tests' scratch images
# (DISK_IMG set) stay blank.
mkfs=0
[ -n "${DISK_IMG:-}" ] || mkfs=1
case ${DISK:-virtio} in
virtio)
	add_drive disk0 "$img" "$mkfs"
	args+=(-device virtio-blk-pci,drive=disk0,disable-legacy=on)
	;;
ahci)
	add_drive disk0 "$img" "$mkfs"
	args+=(-device ide-hd,drive=disk0,bus=ide.0)
	;;
both)
	[ "$img" != "$img2" ] || die "DISK=both needs two different images (DISK_IMG, DISK_IMG2)"
	add_drive disk0 "$img" "$mkfs"
	add_drive disk1 "$img2"
	args+=(-device virtio-blk-pci,drive=disk0,disable-legacy=on)
	args+=(-device ide-hd,drive=disk1,bus=ide.0)
	;;
none) ;;
*) die "DISK must be virtio, ahci, both or none, not '${DISK}'" ;;
esac

case "${RNG:-virtio}" in
virtio) args+=(-device virtio-rng-pci,disable-legacy=on) ;;
none) ;;
*) die "RNG must be virtio or none, not '${RNG}'" ;;
esac
# A write of N to port 0xf4 makes QEMU exit with status (N << 1) | 1: how
# KC_POWEROFF with a non-zero status reports a failed run=PROGRAM.
args+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)

if [ "${ISO:-0}" = 1 ]; then
	[ -f "$build/xinim.iso" ] || die "$build/xinim.iso is missing: run 'make iso'"
	if [ -n "${APPEND:-}" ]; then
		echo "qemu.sh: note: with ISO=1 the kernel arguments are the ones given to 'make iso'" >&2
	fi
	args+=(-cdrom "$build/xinim.iso" -boot d)
else
	[ -f "$build/xinim" ] || die "$build/xinim is missing: run 'make'"
	[ -f "$build/initrd.cpio" ] || die "$build/initrd.cpio is missing: run 'make'"
	args+=(-kernel "$build/xinim" -initrd "$build/initrd.cpio")
	if [ -n "${APPEND:-}" ]; then
		args+=(-append "$APPEND")
	fi
fi

if [ "${NOREBOOT:-0}" = 1 ]; then
	args+=(-no-reboot)
fi
if [ "${DEBUG:-0}" = 1 ]; then
	args+=(-s -S)
	cat >&2 <<EOF
qemu.sh: QEMU waits for a debugger on tcp::1234.  In another terminal:
    gdb $build/xinim -ex 'target remote :1234'
then for example 'hbreak kmain' and 'continue'.  Quit QEMU with Ctrl-A X.
EOF
fi
if [ -n "${QEMU_EXTRA:-}" ]; then
	read -r -a extra <<<"$QEMU_EXTRA"
	args+=("${extra[@]}")
fi

# The command line, in a form that can be pasted into a shell.
line=""
for a in "${args[@]}"; do
	if [[ $a =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
		line+=" $a"
	else
		line+=" '${a//\'/\'\\\'\'}'"
	fi
done
echo "${line# }" >&2
exec "${args[@]}"
