#!/usr/bin/env bash
# The disk benchmark: `run=diskbench` on a 1 GiB disk, once on virtio-blk
# and once on AHCI, on the benchmarks' QEMU configuration (TCG, q35, 2
# CPUs, 1 GiB, no NIC) through scripts/qemu.sh, with the drive options of
# the Linux baseline (../shared/bench/linux-guest/): cache=none,aio=native
# where O_DIRECT works on the images' file system, else cache=writeback.
#
#   scripts/bench-disk.sh [--linux]
#
# Prints diskbench's figures with the disk's prefix:
#   RESULT virtio_blk_seqread_mbps ...   RESULT ahci_seqread_mbps ...
# (seqread, seqwrite, randread_qd1/qd32 iops and lat) measured on a sparse
# 1 GiB image with no file system, and virtio_blk_fileread_mbps: another
# boot, whose virtio-blk disk is an ext2 file system made by the host's
# mke2fs with one large file, bigfile, which /etc/fstab mounts on /home;
# diskbench reads it through vfs and ext2.  With --linux it also runs the baseline's
# virtio-blk and ahci parts and prints each ratio, XINIM's figure over
# Linux's (above 1 is better, except for the _lat_ ratios):
#   RESULT virtio_blk_seqread_ratio 0.52 x
#
# Variables: REPS=n boots per disk (default 1; each figure is the median),
# BENCH_SECS=s per load (default 5, as the baseline's fio runtime),
# BIGFILE_MIB=n (default 256), BENCH_DIR=dir for the images (default
# BUILD/bench-disk), LINUX_BENCH=path of the baseline's run-bench.sh.
# A disk whose run gives no figure (no driver yet) is reported on stderr,
# and the script then exits 1 after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
reps=${REPS:-1}
secs=${BENCH_SECS:-5}
bigmib=${BIGFILE_MIB:-256}
dir=${BENCH_DIR:-$build/bench-disk}
linux_bench=${LINUX_BENCH:-../shared/bench/linux-guest/run-bench.sh}
linux=0

die() {
	echo "bench-disk: $*" >&2
	exit 2
}
for a in "$@"; do
	case $a in
	--linux) linux=1 ;;
	*) die "usage: bench-disk.sh [--linux]" ;;
	esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive number, not '$reps'"
[[ $secs =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECS must be a positive number, not '$secs'"
[[ $bigmib =~ ^[1-9][0-9]*$ ]] && [ "$bigmib" -le 900 ] ||
	die "BIGFILE_MIB must be a number from 1 to 900, not '$bigmib'"
for f in "$build/xinim" "$build/initrd.cpio"; do
	[ -f "$f" ] || die "$f is missing: run make first"
done
command -v mke2fs >/dev/null || die "mke2fs is missing (Debian: e2fsprogs)"
mkdir -p "$dir"

# The images.  raw.img: 1 GiB, sparse, for the loads on the raw device
# (made again for every boot: they write).  ext2.img: 1 GiB, mke2fs -d of
# a folder holding bigfile (random bytes), for the file read, which only
# reads it.
raw=$dir/raw.img
ext2=$dir/ext2.img
make_raw() {
	rm -f "$raw"
	truncate -s 1G "$raw"
}
make_ext2() {
	local src=$dir/ext2-root
	if [ ! -f "$src/bigfile" ] || [ "$(stat -c %s "$src/bigfile")" != $((bigmib << 20)) ]; then
		mkdir -p "$src"
		head -c $((bigmib << 20)) /dev/urandom >"$src/bigfile.tmp"
		mv "$src/bigfile.tmp" "$src/bigfile"
	fi
	rm -f "$ext2"
	mke2fs -q -F -t ext2 -b 4096 -d "$src" "$ext2" 1G >"$dir/mke2fs.log" 2>&1 ||
		{ cat "$dir/mke2fs.log" >&2; die "mke2fs failed on $ext2"; }
}
make_raw

# The baseline's choice: O_DIRECT on the images' file system or not.
if dd if="$raw" of=/dev/null bs=4096 count=1 iflag=direct status=none 2>/dev/null; then
	opts=cache=none,aio=native
else
	opts=cache=writeback
	echo "bench-disk: O_DIRECT does not work in $dir: cache=writeback" >&2
fi
echo "bench-disk: drive options $opts, $secs s per load, $reps boot(s) per disk" >&2

# One boot: DISK=$1 on image $2 with diskbench's arguments $3; its RESULT
# lines with blk_ replaced by prefix $4 on stdout, its own lines on stderr.
boot() {
	local disk=$1 img=$2 args=$3 prefix=$4 out
	out=$(ACCEL=tcg SMP=2 MEM=1G NET=none RNG=virtio NOREBOOT=1 DISK=$disk DISK_IMG=$img \
		DISK_OPTS=$opts APPEND="quiet run=diskbench $args" BUILD=$build \
		timeout 900 scripts/qemu.sh </dev/null 2>&1 | tr -d '\r') || true
	grep '^diskbench:' <<<"$out" >&2 || true
	if ! grep -q '^RESULT blk_' <<<"$out"; then
		echo "bench-disk: $disk: diskbench printed no RESULT line; the last lines:" >&2
		tail -n 12 <<<"$out" >&2
		return 1
	fi
	grep '^RESULT blk_' <<<"$out" | sed "s/^RESULT blk_/RESULT ${prefix}_/"
	if ! grep -q '^rs: diskbench exited with status 0' <<<"$out"; then
		echo "bench-disk: $disk: diskbench failed part-way; the last lines:" >&2
		tail -n 12 <<<"$out" >&2
		return 1
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
results=$tmp/results
status=0
make_ext2
for disk in virtio ahci; do
	dev=vda prefix=virtio_blk
	[ $disk = virtio ] || dev=sda prefix=ahci
	ok=0
	for ((i = 1; i <= reps; i++)); do
		make_raw
		boot $disk "$raw" "-t $secs /dev/$dev" $prefix >>"$results" && ok=1
	done
	[ $ok = 1 ] || status=1
done
# The file read, with the ext2 disk on virtio-blk mounted on /home.
ok=0
for ((i = 1; i <= reps; i++)); do
	boot virtio "$ext2" "-n -f /home/bigfile /dev/vda" virtio_blk >>"$results" && ok=1
done
[ $ok = 1 ] || status=1
awk -f scripts/bench-median.awk "$results" | tee "$results.med"

if [ $linux = 1 ]; then
	[ -x "$linux_bench" ] || die "no Linux baseline at $linux_bench (LINUX_BENCH=...)"
	"$linux_bench" virtio-blk ahci --reps "$reps" | grep '^RESULT linux_' >"$results.linux" ||
		die "the Linux baseline printed no RESULT line"
	# Each of our figures over Linux's of the same name.
	awk '
		FNR == NR { sub(/^linux_/, "", $2); linux[$2] = $3; next }
		($2 in linux) && linux[$2] + 0 > 0 {
			name = $2
			sub(/_(mbps|iops|us)$/, "", name)
			printf "RESULT %s_ratio %.2f x\n", name, $3 / linux[$2]
		}' "$results.linux" "$results.med"
fi
exit $status
