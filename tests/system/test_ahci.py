"""The AHCI driver (drivers/storage/ahci) on q35's ICH9 controller, with
user/tests/ahcitest as its client through libbdev.  The test makes a
32 MiB raw image with two MBR partitions, boots with DISK=ahci, and
checks the console's bring-up lines (the disk found, the empty ports
reported, the partitions), ahcitest's tests (many requests in flight,
FUA, a partition's minor, bad requests, two driver crashes during a
transfer, restarts that leak nothing, the RESULT lines), and then reads
the image on the host: the pattern ahcitest wrote must be there, byte for
byte.  Error recovery runs on a disk behind QEMU's blkdebug, which fails
chosen sectors: once (the driver resets the port and issues the commands
again) or always (-EIO after its tries).  A boot without an AHCI disk
leaves the service down (-ENODEV) and the system comes up.  The DMA EXT
path (no NCQ) runs with the driver's ncq=off."""

import struct

SECTOR = 512
IMG_BYTES = 32 << 20
PARTS = ((2048, 8192), (10240, 8192))
# Where ahcitest writes (user/tests/ahcitest/ahcitest.h), and its seeds.
REGIONS = ((20480 * SECTOR, 4 << 20, 1), (28672 * SECTOR, 8 << 20, 2), (2048 * SECTOR, 8192, 3))
AHCI_TESTS = ("geometry", "names", "rw", "fua", "parts", "bad", "access", "crash", "hang", "restarts",
              "bench")
MASK = (1 << 64) - 1


def make_image(path):
    img = bytearray(IMG_BYTES)
    for i, (start, count) in enumerate(PARTS):
        img[446 + 16 * i:446 + 16 * (i + 1)] = struct.pack("<B3sB3sII", 0, b"\0" * 3, 0x83,
                                                          b"\0" * 3, start, count)
    img[510:512] = b"\x55\xaa"
    path.write_bytes(bytes(img))


def pattern_mismatch(img, off, length, seed):
    """The disk offset of the first word that is not ahcitest's pattern."""
    words = struct.unpack_from(f"<{length // 8}Q", img, off)
    for i, w in enumerate(words):
        o = off + 8 * i
        if w != ((o >> 3) * 0x9E3779B97F4A7C15 + seed) & MASK:
            return o
    return None


def expect_bringup(g):
    g.expect(r"^ahci: 00:1f\.2: AHCI 1\.0, 6 ports, 32 slots, NCQ, 64-bit$",
             what="the controller's line")
    g.expect(r'^ahci: port 0: sda: "QEMU HARDDISK", 32 MiB \(65536 sectors of 512 bytes\), '
             r"NCQ depth 32, write cache on$", what="the disk's line")
    g.expect(r"^ahci: sda: partitions: sda1 sda2$", what="the partitions")
    for port in range(1, 6):
        assert f"ahci: port {port}: no device" in g.text, f"port {port} not reported empty"


def test_ahcitest(guest, tmp_path):
    img = tmp_path / "ahci.img"
    make_image(img)
    g = guest(APPEND="run=ahcitest", DISK="ahci", DISK_IMG=img)
    expect_bringup(g)
    g.expect_tests(AHCI_TESTS, timeout=600, program="ahcitest")
    assert g.wait_exit(timeout=30) == 0
    assert g.text.count("rs: ahci crashed (#PF page fault at 0x0), restarting") == 8
    assert g.text.count("rs: ahci hung (no heartbeat for") == 2
    for line in g.text.splitlines():
        if line.startswith("RESULT "):
            print(line)
    data = img.read_bytes()
    for off, length, seed in REGIONS:
        bad = pattern_mismatch(data, off, length, seed)
        assert bad is None, f"the image differs from ahcitest's pattern at byte {bad}"


def blkdebug_guest(guest, tmp_path, rules, append):
    img = tmp_path / "ahci.img"
    make_image(img)
    cfg = tmp_path / "blkdebug.cfg"
    cfg.write_text("".join(
        f'[inject-error]\nevent = "{event}"\nerrno = "5"\nsector = "{sector}"\n'
        f'once = "{"on" if once else "off"}"\n\n' for event, sector, once in rules))
    extra = (f"-drive file=blkdebug:{cfg}:{img},if=none,id=d0,format=raw "
             f"-device ide-hd,drive=d0,bus=ide.0")
    return guest(APPEND=append, DISK="none", QEMU_EXTRA=extra), img


def test_error_recovery(guest, tmp_path):
    """A read and a write fail once each: the driver says what happened,
    resets the port, issues the failed commands again, and the data is
    right."""
    g, img = blkdebug_guest(guest, tmp_path, (("read_aio", 20480, True),
                                              ("write_aio", 20544, True)), "run=ahcitest rw")
    expect_bringup(g)
    g.expect_tests(("rw",), timeout=300, program="ahcitest")
    assert g.wait_exit(timeout=30) == 0
    assert g.text.count("ahci: sda: port 0: an error (IS 0x4") == 2, "two task-file errors"
    assert "resetting the port" in g.text
    bad = pattern_mismatch(img.read_bytes(), *REGIONS[0])
    assert bad is None, f"the image differs at byte {bad}"


def test_error_gives_up(guest, tmp_path):
    """A sector that always fails: -EIO after the driver's tries, and the
    driver serves on."""
    g, _ = blkdebug_guest(guest, tmp_path, (("read_aio", 61440, False),), "run=ahcitest eio")
    g.expect_tests(("eio",), timeout=300, program="ahcitest")
    assert g.wait_exit(timeout=30) == 0
    assert "ahci: sda: 1 request(s) failed 4 times: -EIO" in g.text
    assert "rs: ahci crashed" not in g.text


def test_two_disks(guest, tmp_path):
    """Disks on ports 0 and 3 are sda and sdb (port order, no gap in the
    names), both published in ds, and served at once; each image gets its
    own pattern (seeds 10 and 11)."""
    imgs = [tmp_path / "a.img", tmp_path / "b.img"]
    for img in imgs:
        make_image(img)
    extra = f"-drive file={imgs[1]},if=none,id=d1,format=raw -device ide-hd,drive=d1,bus=ide.3"
    g = guest(APPEND="run=ahcitest two", DISK="ahci", DISK_IMG=imgs[0], QEMU_EXTRA=extra)
    g.expect(r'^ahci: port 0: sda: "QEMU HARDDISK", 32 MiB', what="sda on port 0")
    g.expect(r'^ahci: port 3: sdb: "QEMU HARDDISK", 32 MiB', what="sdb on port 3")
    g.expect_tests(("two",), timeout=300, program="ahcitest")
    assert g.wait_exit(timeout=30) == 0
    for i, img in enumerate(imgs):
        bad = pattern_mismatch(img.read_bytes(), REGIONS[0][0], REGIONS[0][1], 10 + i)
        assert bad is None, f"{img.name} differs at byte {bad}"


def test_no_ahci_disk(guest):
    """q35 always has the controller; without a disk on it the driver says
    so, exits with -ENODEV, and rs leaves it down; everything else comes
    up."""
    g = guest(APPEND="run=service list", DISK="virtio")
    g.expect(r"^ahci: port 0: no device$", what="the empty port")
    g.expect(r"^ahci: no disk on any port: not serving$", what="the driver's word")
    g.expect(r"^rs: ahci has no device; not restarted$", what="rs's decision")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(r"^ahci\s+DEAD\s", what="ahci listed as DEAD")
    assert g.wait_exit(timeout=30) == 0
    assert g.text.count("rs: started ahci") == 1


def test_ahci_without_ncq(guest, tmp_path):
    """The driver's ncq=off (etc/services-ahci-noncq.conf): READ/WRITE DMA
    EXT one command at a time, FUA as a write and a flush; the same
    transfers, crashes included, land on the image."""
    img = tmp_path / "ahci.img"
    make_image(img)
    g = guest(APPEND="rsconf=etc/services-ahci-noncq.conf run=ahcitest noncq", DISK="ahci",
              DISK_IMG=img)
    g.expect(r'^ahci: port 0: sda: "QEMU HARDDISK", 32 MiB \(65536 sectors of 512 bytes\), '
             r"no NCQ, write cache on$", what="the disk's line without NCQ")
    g.expect_tests(("rw", "fua", "parts", "crash"), timeout=600, program="ahcitest")
    assert g.wait_exit(timeout=30) == 0
    data = img.read_bytes()
    for off, length, seed in REGIONS:
        bad = pattern_mismatch(data, off, length, seed)
        assert bad is None, f"the image differs from ahcitest's pattern at byte {bad}"
