"""Block special files and the disk at boot.

- test_blkdev: the host fills a 64 MiB image with a pattern (byte j of
  sector s is (31 s + s // 256 + 7 j) mod 256) and an MBR with one
  partition; XINIM boots on it with virtio-blk, and user/tests/blkdevtest
  reads /dev/vda and /dev/vda1 through vfs (aligned, unaligned, lseek,
  the end of the device), writes (aligned and read-modify-write) and
  fsyncs, and times `ls /tmp`-like and console requests while another
  program reads the disk, and reads 120 MiB while virtio-blk crashes,
  and again while it hangs (every byte right).  The host then checks the image: the bytes
  written are there, the bytes around them and everything else are the
  pattern still.  Skipped while the image has no virtio-blk driver.
- test_ext2_home: an image made by the host's mke2fs is mounted by
  /etc/fstab on /home from /dev/vda (`mount` lists the device), survives
  a crash of ext2 (vfs mounts it again on the same device), is unmounted
  and mounted by hand with -o ro on /mnt (writes refused), and a missing
  source or one that is no device is refused; a second boot finds the
  file written.  Skipped without the virtio-blk and ext2 servers and
  sync.
- test_ahci_disk: on AHCI the disk is /dev/sda, a block special file
  that reads whole through vfs (cat | wc -c gives its size).  Skipped
  without the ahci driver.
- test_default_disk: scripts/qemu.sh makes the default disk (no
  DISK_IMG) as a sparse ext2 file system the host's e2fsck finds clean,
  and a missing DISK_IMG blank (the tests' scratch images).  No QEMU runs:
  the launcher stops at the missing kernel, after the disks.
- test_no_disk_boot: with no disk, the fstab line of /dev/vda is
  reported on the console and the boot does not wait for it (the shell
  answers before the report).
"""

import os
import re
import struct
import subprocess

import pytest

from conftest import BUILD, ROOT

PROMPT = r"^(/[^\n]*) # "
SIZE = 64 << 20
SECTOR = 512
PART_START, PART_SECTORS = 2048, 8192
WRITE_AT = 8 << 20
UNALIGNED_AT = 16 << 20
BLKTEST = ("node", "read", "unaligned", "seek", "eof", "write", "part", "others", "crash",
           "hang")


def _pattern_image():
    rows = [bytes((b + 7 * j) & 0xff for j in range(SECTOR)) for b in range(256)]
    img = bytearray(b"".join(rows[(s * 31 + (s >> 8)) & 0xff] for s in range(SIZE // SECTOR)))
    # One primary partition (type 0x83) in the MBR.
    entry = struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x83, b"\0\0\0", PART_START, PART_SECTORS)
    img[446:462] = entry
    img[462:510] = bytes(48)
    img[510:512] = b"\x55\xaa"
    return img


def _written(off):
    return (off * 13 + 0x3c + (off >> 11)) & 0xff


def test_blkdev(guest):
    if not (BUILD / "root" / "bin" / "virtio-blk").exists():
        pytest.skip("no virtio-blk driver in the boot image yet")
    path = BUILD / "system-blkdev.img"
    img = _pattern_image()
    path.write_bytes(img)
    g = guest(DISK="virtio", DISK_IMG=str(path))
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(PROMPT, timeout=60, what="the shell's prompt")
    # The driver publishes blk/vda a little after the boot: wait for it.
    g.sendline("i=0; until [ -e /dev/vda1 ] || [ $i -ge 50 ]; do sleep 1; i=$((i+1)); done;"
               " blkdevtest")
    g.expect_tests(BLKTEST, timeout=300, program="blkdevtest")
    assert "blkdevtest: console write while the disk is busy" in g.text
    assert "rs: virtio-blk crashed" in g.text, "the driver was not crashed"
    assert "rs: virtio-blk hung" in g.text, "the driver did not hang"
    g.sendline("service list")
    m = g.expect(r"^vfs\s+RUNNING\s+\d+\s+(\d+)\s", timeout=30, what="vfs in service list")
    assert m.group(1) == "0", "vfs was restarted"

    # The host's view: written bytes where blkdevtest wrote, the pattern
    # everywhere else (fsync made it to the image).
    after = path.read_bytes()
    assert len(after) == SIZE
    changes = [(WRITE_AT, 128 * 1024), (UNALIGNED_AT + 100, 300), (UNALIGNED_AT + 4000, 70001)]
    for off, n in changes:
        got = after[off:off + n]
        want = bytes(_written(off + i) for i in range(n))
        assert got == want, f"the {n} bytes written at {off} are not in the image"
        after = after[:off] + img[off:off + n] + after[off + n:]
    assert after == bytes(img), "bytes changed that blkdevtest did not write"


def _sh(g, cmd, timeout=60):
    """Runs cmd at the shell: its exit status and what it printed."""
    start = len(g.text)
    g.sendline(cmd + "; echo status-$?")
    m = g.expect(r"^status-(\d+)", timeout=timeout, what=f"'{cmd}' to finish")
    out = g.text[start:m.start()]
    g.expect(PROMPT, timeout=30)
    return int(m.group(1)), out


def _boot_home(guest, img):
    g = guest(DISK="virtio", DISK_IMG=str(img))
    g.expect(r"vfs: mounted ext2 on /home", timeout=60, what="fstab's mount of /home")
    g.expect(PROMPT, timeout=60, what="the shell's prompt")
    return g


def test_ext2_home(guest):
    for prog in ("virtio-blk", "ext2", "sync"):
        if not (BUILD / "root" / "bin" / prog).exists():
            pytest.skip(f"no {prog} in the boot image yet")
    img = BUILD / "system-home.img"
    if img.exists():
        img.unlink()
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", str(img), "16M"], check=True,
                   capture_output=True)
    g = _boot_home(guest, img)
    st, out = _sh(g, "mount")
    assert "/dev/vda on /home type ext2 (rw)" in out, out
    st, out = _sh(g, "echo kept > /home/f && sync && cat /home/f")
    assert st == 0 and "kept" in out, out
    # ext2 crashes: vfs mounts it again, on the device it kept.
    assert _sh(g, "service fault ext2 crash")[0] == 0
    st, out = _sh(g, "i=0; until cat /home/f || [ $i -ge 20 ]; do sleep 1; i=$((i+1)); done")
    assert "kept" in out, out
    assert "rs: ext2 restarted" in g.text
    assert re.search(r"vfs: ext2 on /home restarted", g.text), "vfs did not mount ext2 again"
    # By hand: umount, then read-only on /mnt.
    assert _sh(g, "umount /home")[0] == 0
    assert _sh(g, "mount -t ext2 -o ro /dev/vda /mnt")[0] == 0
    st, out = _sh(g, "mount")
    assert "/dev/vda on /mnt type ext2 (ro)" in out and " on /home " not in out, out
    st, out = _sh(g, "cat /mnt/f")
    assert st == 0 and "kept" in out, out
    st, out = _sh(g, "echo no > /mnt/g")
    assert st != 0, out
    assert _sh(g, "umount /mnt")[0] == 0
    st, out = _sh(g, "mount -t ext2 /dev/nothing /mnt")
    assert st != 0 and "no such file" in out.lower(), out
    st, out = _sh(g, "mount -t ext2 none /mnt")
    assert st != 0 and "block device required" in out, out
    assert _sh(g, "mount -t ext2 /dev/vda /home")[0] == 0
    assert _sh(g, "echo again > /home/g && umount /home")[0] == 0
    g.close()
    # The next boot finds what was written (umount wrote it back).
    g = _boot_home(guest, img)
    st, out = _sh(g, "cat /home/f /home/g")
    assert st == 0 and "kept" in out and "again" in out, out


def test_ahci_disk(guest):
    if not (BUILD / "root" / "bin" / "ahci").exists():
        pytest.skip("no ahci driver in the boot image yet")
    g = guest(DISK="ahci", DISK_IMG=str(BUILD / "system-blkdev-ahci.img"))
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(PROMPT, timeout=60, what="the shell's prompt")
    st, out = _sh(g, "i=0; until [ -e /dev/sda ] || [ $i -ge 30 ]; do sleep 1; i=$((i+1)); done;"
                  " stat /dev/sda")
    assert st == 0 and "block device" in out and "Mode: 0660" in out, out
    g.ready_grace = 200  # 64 MiB through a 4 KiB pipe prints nothing for a while
    st, out = _sh(g, "cat /dev/sda | wc -c", timeout=200)
    assert st == 0 and re.search(r"^%d$" % SIZE, out, re.M), out


def test_default_disk(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISK")}
    env["BUILD"] = str(tmp_path)
    r = subprocess.run([str(ROOT / "scripts/qemu.sh")], env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "xinim is missing" in r.stderr, r.stderr
    disk = tmp_path / "disk.img"
    assert disk.stat().st_size == SIZE
    assert disk.stat().st_blocks * 512 < SIZE // 8, "the default disk is not sparse"
    fsck = subprocess.run(["e2fsck", "-fn", str(disk)], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    # The tests' scratch image: blank.
    env["DISK_IMG"] = str(tmp_path / "scratch.img")
    subprocess.run([str(ROOT / "scripts/qemu.sh")], env=env, capture_output=True)
    assert (tmp_path / "scratch.img").read_bytes() == bytes(SIZE)
    # An existing disk is left alone.
    before = disk.read_bytes()
    del env["DISK_IMG"]
    subprocess.run([str(ROOT / "scripts/qemu.sh")], env=env, capture_output=True)
    assert disk.read_bytes() == before


def test_no_disk_boot(guest):
    g = guest(DISK="none")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    prompt = g.expect(PROMPT, timeout=60, what="the shell's prompt")
    g.sendline("ls /mnt /home && mount")
    m = g.expect(r"(?s)ls /mnt /home && mount\n(.*?)" + PROMPT, timeout=30, what="the mount list")
    assert " on /tmp type tmpfs" in m.group(1)
    assert " on /home " not in m.group(1), "/home was mounted from nothing"
    assert "ls: " not in m.group(1), "/mnt or /home is missing"
    report = r"vfs: /etc/fstab:\d+: no /dev/vda: ext2 not mounted on /home$"
    # Some output while vfs waits, so the harness does not take the quiet
    # for a hang.
    g.sendline("sleep 4; echo waited")
    g.expect(r"^waited$", timeout=30, what="the shell after a sleep")
    g.expect(report, timeout=30, what="the report of the missing disk")
    # The shell came before the report: the boot did not wait for the disk.
    assert prompt.start() < re.search(report, g.text, re.M).start()
