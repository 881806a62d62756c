#!/bin/sh
# Installs the Debian packages that building, running and testing XINIM
# need, when any is missing.  With everything present it is one dpkg-query
# call.  Needs root only when there is something to install.
#
#   qemu-system-x86                 QEMU (scripts/qemu.sh), with SeaBIOS
#   grub-pc-bin grub-common xorriso mtools    the ISO (scripts/mkiso.sh)
#   gcc make binutils libc6-dev     the kernel and the host unit tests
#   cpio                            the boot image (scripts/mkinitrd.sh)
#   libcmocka-dev                   unit tests (tests/unit)
#   python3 python3-pytest python3-pexpect    system tests (tests/system)
#   clang-format                    scripts/format.sh
#   e2fsprogs                       ext2 disk images for the file system tests
#   iproute2                        network namespaces for the network tests
# (plus coreutils, sed, awk, diffutils: essential, always there)
set -eu

PACKAGES="qemu-system-x86 grub-pc-bin grub-common xorriso mtools gcc make binutils
libc6-dev cpio libcmocka-dev python3 python3-pytest python3-pexpect clang-format
e2fsprogs iproute2"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system: make sure these (or their equivalents) are installed:" >&2
	echo "$PACKAGES" | tr '\n' ' ' >&2
	echo >&2
	exit 0
fi

# dpkg-query prints "install ok installed" for each installed package and
# nothing on stdout (a complaint on stderr) for one it has never seen.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null |
	awk '$NF == "installed" { printf "%s ", $1 }')" || true
missing=""
for p in $PACKAGES; do
	case "$installed" in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root to install them, or install them yourself:" >&2
	echo "    apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing </dev/null
echo "deps: installed:$missing" >&2
