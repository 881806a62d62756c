"""diskbench: bad arguments give the usage and status 2; a missing path,
a path that is no block device and a device without a driver are
reported clearly with status 1; and on a virtio-blk or AHCI disk (a
scratch image of its own, filled with random bytes) it prints every
RESULT line, having read back what it wrote.  The device runs are
skipped while the image has no driver for that disk."""

import os
import re

import pytest

from conftest import BUILD

NAMES = ["blk_seqread_mbps", "blk_randread_qd1_iops", "blk_randread_qd1_lat_us",
         "blk_randread_qd32_iops", "blk_randread_qd32_lat_us", "blk_seqwrite_mbps"]


def _status(code):
    return (code << 1) | 1


def test_usage(guest):
    g = guest(APPEND="run=diskbench -t x /dev/vda")
    g.expect(r"^usage: diskbench \[-t SECONDS\]", what="the usage")
    assert g.wait_exit(timeout=60) == _status(2)


def test_missing_device(guest):
    g = guest(APPEND="run=diskbench -w 1 /dev/nope")
    g.expect(r"^diskbench: /dev/nope: no such file or directory$", what="the error")
    assert g.wait_exit(timeout=60) == _status(1)


def test_not_a_block_device(guest):
    g = guest(APPEND="run=diskbench /dev/console")
    g.expect(r"^diskbench: /dev/console: not a block device$", what="the error")
    assert g.wait_exit(timeout=60) == _status(1)


def _scratch(name, mib=64):
    path = BUILD / name
    if not path.exists() or path.stat().st_size != mib << 20:
        with open(path, "wb") as f:
            for _ in range(mib):
                f.write(os.urandom(1 << 20))
    return path


@pytest.mark.parametrize("disk,dev", [("virtio", "vda"), ("ahci", "sda")])
def test_diskbench_device(guest, disk, dev):
    img = _scratch(f"diskbench-test-{disk}.img")
    g = guest(APPEND=f"run=diskbench -t 1 -s 32 -w 3 -f /nope /dev/{dev}", DISK=disk,
              DISK_IMG=str(img))
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    code = g.wait_exit(timeout=240)
    if re.search(rf"^diskbench: /dev/{dev}: (no such file|cannot open)", g.text, re.M):
        pytest.skip(f"no {disk} driver in this image yet")
    assert code == 0, g.text[-2000:]
    assert "diskbench: /nope: no such file: blk_fileread_mbps not measured" in g.text
    for name in NAMES:
        m = re.search(rf"^RESULT {name} (\d+)\.(\d) (MB/s|IOPS|us)$", g.text, re.M)
        assert m, f"no {name}"
        assert int(m.group(1)) > 0, m.group(0)
