"""virtio-blk, the disk driver (drivers/storage/virtio-blk), through
libbdev with user/tests/blktest: a pattern written with many requests in
flight and read back, then checked by the host in the image file; FUA
writes, write-zeroes, discard and flush; a
read-only drive refusing writes (EROFS); partitions of an MBR made here
reading the right sectors; two drives as vda and vdb in PCI order; the
driver crashed twice in the middle of a transfer that still completes
with the right bytes (libbdev resends); a machine without the device; and
the throughput blktest measures (RESULT lines, not judged)."""

import re
import struct

from conftest import BUILD

SECTOR = 512
MIB = 1 << 20


def image(name, size=64 * MIB):
    """A fresh sparse image under BUILD, zero-filled."""
    path = BUILD / f"vblk-{name}.img"
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def expected_sector(s, seed):
    """blktest's pattern for sector s."""
    return struct.pack("<Q", s) + bytes(((s * 131 + i * 7 + seed * 29) & 0xFF)
                                        for i in range(8, SECTOR))


def check_pattern(path, seed, mib):
    with open(path, "rb") as f:
        data = f.read(mib * MIB)
    assert len(data) == mib * MIB
    for s in range(len(data) // SECTOR):
        got = data[s * SECTOR:(s + 1) * SECTOR]
        assert got == expected_sector(s, seed), f"{path}: sector {s} is not what blktest wrote"


def write_marker(f, lba, name, start, sectors):
    f.seek(lba * SECTOR)
    f.write(f"XINIM-BLK {name} {start} {sectors} ".encode().ljust(SECTOR, b"\0"))


def drive(path, ident, readonly=False):
    """QEMU arguments for one more virtio-blk drive (modern only)."""
    ro = ",readonly=on" if readonly else ""
    return (f"-drive file={path},if=none,id={ident},format=raw{ro} "
            f"-device virtio-blk-pci,drive={ident},disable-legacy=on")


def test_write_read_host_checks(guest):
    img = image("rw")
    g = guest(APPEND="run=blktest rw 7 8", DISK_IMG=str(img))
    g.expect(r"^pci: \S+ \(1af4:1042\) goes to virtio-blk$", what="pci's grant")
    g.expect(r"^virtio-blk: vda: 131072 sectors of 512 bytes, flush, discard, write-zeroes, "
             r"queue \d+ indirect, 0 partitions$", what="the device's description")
    g.expect_tests(("rw",), timeout=180, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    # Zero-copy: every request went to the device through its pinned grant.
    assert "a pin was refused" not in g.text
    check_pattern(img, 7, 8)


def test_fua_discard_write_zeroes(guest):
    img = image("ops")
    g = guest(APPEND="run=blktest ops 5", DISK_IMG=str(img))
    g.expect_tests(("ops",), timeout=180, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    with open(img, "rb") as f:
        data = f.read(4 * MIB)
    assert data[1024 * SECTOR:3072 * SECTOR] == bytes(2048 * SECTOR), "write-zeroes on disk"
    for s in list(range(0, 1024, 97)) + list(range(3072, 4096, 97)) + list(range(6144, 8192, 97)):
        assert data[s * SECTOR:(s + 1) * SECTOR] == expected_sector(s, 5), f"sector {s}"


def test_read_only_drive(guest):
    img = image("ro")
    g = guest(APPEND="run=blktest ro", DISK="none", QEMU_EXTRA=drive(img, "ro0", readonly=True))
    g.expect(r"^virtio-blk: vda: \d+ sectors of 512 bytes, read-only", what="a read-only vda")
    g.expect_tests(("ro",), timeout=120, program="blktest")
    assert g.wait_exit(timeout=30) == 0


def mbr(parts):
    """A master boot record with primary partitions (start, sectors)."""
    table = b""
    for start, sectors in parts:
        table += struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x83, b"\0\0\0", start, sectors)
    table = table.ljust(64, b"\0")
    return bytes(446) + table + b"\x55\xaa"


def test_partitions(guest):
    img = image("parts")
    parts = [(2048, 8192), (16384, 20480)]
    with open(img, "r+b") as f:
        f.write(mbr(parts))
        for n, (start, sectors) in enumerate(parts, 1):
            write_marker(f, start, f"vda{n}", start, sectors)
            write_marker(f, start + sectors - 1, f"vda{n}", start, sectors)
    g = guest(APPEND="run=blktest parts 2", DISK_IMG=str(img))
    g.expect(r"^virtio-blk: vda: 131072 sectors .*, 2 partitions$", what="two partitions")
    g.expect_tests(("parts",), timeout=120, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    assert "blktest: vda1: sectors 2048..10239 of vda, read right" in g.text
    assert "blktest: vda2: sectors 16384..36863 of vda, read right" in g.text


def test_two_drives(guest):
    imgs = [image("two-a", 32 * MIB), image("two-b", 48 * MIB)]
    for name, img in zip(("vda", "vdb"), imgs):
        with open(img, "r+b") as f:
            write_marker(f, 0, name, 0, img.stat().st_size // SECTOR)
    extra = drive(imgs[0], "d0") + " " + drive(imgs[1], "d1")
    g = guest(APPEND="run=blktest two", DISK="none", QEMU_EXTRA=extra)
    g.expect(r"^virtio-blk: vda: 65536 sectors", what="vda, the first drive")
    g.expect(r"^virtio-blk: vdb: 98304 sectors", what="vdb, the second")
    g.expect_tests(("two",), timeout=120, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    assert len(re.findall(r"^pci: \S+ \(1af4:1042\) goes to virtio-blk$", g.text, re.M)) == 2


def test_crash_mid_transfer(guest):
    img = image("crash")
    g = guest(APPEND="run=blktest crash 11 16", DISK_IMG=str(img))
    g.expect_tests(("crash",), timeout=240, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    assert g.text.count("rs: virtio-blk crashed (#PF page fault at 0x0), restarting") == 2
    m = re.search(r"^blktest: 16 MiB written and read back, \d+ requests, (\d+) resent, "
                  r"(\d+) rebinds$", g.text, re.M)
    assert m and int(m.group(2)) >= 2, "libbdev rebound to the new instances"
    check_pattern(img, 11, 16)


def test_without_the_device(guest):
    g = guest(APPEND="run=service list", DISK="none")
    g.expect(r"^virtio-blk: no device$", what="the driver's word")
    g.expect(r"^rs: virtio-blk has no device; not restarted$", what="rs's decision")
    g.expect(r"^virtio-blk\s+DEAD\s+-\s+0\s", what="virtio-blk listed as DEAD")
    assert g.wait_exit(timeout=30) == 0


def test_bench_runs(guest):
    """The figures for the report; here only that they come out."""
    img = image("bench")
    g = guest(APPEND="run=blktest bench 32", DISK_IMG=str(img))
    for name in ("blk_seq_read_qd1_mib_s", "blk_rand_read_4k_qd1_iops",
                 "blk_seq_read_qd32_mib_s", "blk_rand_read_4k_qd32_iops"):
        g.expect(rf"^RESULT {name} \d+\.\d\d \S+$", timeout=120, what=f"RESULT {name}")
    g.expect_tests(("bench",), timeout=60, program="blktest")
    assert g.wait_exit(timeout=30) == 0
    for line in re.findall(r"^RESULT .*$", g.text, re.M):
        print(line)
