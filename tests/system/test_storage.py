"""The storage stack end to end, with the host's e2fsprogs as the oracle.

- A file of tens of MiB is copied on an ext2 disk while rs crashes the
  disk driver every half second (`service fault DRIVER crash --every 500`),
  or hangs it, on virtio-blk and on AHCI.  The copy must finish with the
  right bytes: sha256sum in XINIM, and the host's debugfs dump of the
  copy, both match the host's hash of the original.  The image must
  then pass `e2fsck -fn`.
- ext2 serves other requests while one waits for a hung driver
  (user/tests/ext2test): listings and cached reads on the same disk
  answer at once, and two readers of the same blocks both get them.
- A file written on /home survives `poweroff` and the next boot.
- A file written and synced survives a hard kill of QEMU.
"""

import hashlib
import os
import re
import subprocess
import tempfile

import pytest

from conftest import BUILD
from test_shell import Shell

BIG_MIB = 40


def _need(tool):
    for d in ("/sbin", "/usr/sbin", "/bin", "/usr/bin"):
        if os.path.exists(os.path.join(d, tool)):
            return os.path.join(d, tool)
    pytest.skip(f"the host has no {tool}")


def make_image(path, files, size="128M"):
    """An ext2 image at path made by the host's mke2fs -d from files
    (name -> bytes)."""
    with tempfile.TemporaryDirectory() as d:
        for name, data in files.items():
            os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        if os.path.exists(path):
            os.unlink(path)
        subprocess.run([_need("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "4096", "-d", d,
                        str(path), size], check=True)


def host_dump(img, name):
    """The bytes of /name in img, as the host's debugfs reads them."""
    with tempfile.NamedTemporaryFile() as out:
        r = subprocess.run([_need("debugfs"), "-R", f"dump /{name} {out.name}", str(img)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert r.returncode == 0, r.stdout
        return open(out.name, "rb").read()


def e2fsck_clean(img):
    r = subprocess.run([_need("e2fsck"), "-fn", str(img)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    assert r.returncode == 0, f"e2fsck -fn found problems:\n{r.stdout}"


def boot(guest, **variables):
    g = guest(**variables)
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    return Shell(g)


def status(sh, line, timeout=60):
    """Runs line; its output and exit status (rs's messages may come
    between them: a driver restarting meanwhile)."""
    out = sh.run(line + "; echo status=$?", timeout=timeout)
    m = re.search(r"^status=(\d+)$", out, re.M)
    assert m, f"no status in {out!r}"
    return out[:m.start()], int(m.group(1))


def poweroff(sh):
    sh.g.sendline("poweroff")
    assert sh.g.wait_exit(timeout=60) == 0


DRIVERS = {
    # disk kind: (driver service, device node, where to mount it)
    "virtio": ("virtio-blk", "/dev/vda", "/home"),
    "ahci": ("ahci", "/dev/sda", "/mnt"),
}


def mount_disk(sh, kind):
    _, dev, where = DRIVERS[kind]
    if where != "/home":
        out, st = status(sh, f"mount -t ext2 {dev} {where}")
        assert st == 0, out
    assert f"{dev} on {where} type ext2" in sh.run("mount")
    return where


@pytest.mark.parametrize("fault", ["crash", "hang"])
@pytest.mark.parametrize("kind", ["virtio", "ahci"])
def test_copy_survives_driver_faults(guest, kind, fault):
    _need("mke2fs")
    img = BUILD / f"storage-{kind}-{fault}.img"
    data = os.urandom(BIG_MIB << 20)
    want = hashlib.sha256(data).hexdigest()
    make_image(img, {"big": data})
    service, _, _ = DRIVERS[kind]
    sh = boot(guest, DISK=kind, DISK_IMG=str(img), SMP=2)
    where = mount_disk(sh, kind)
    every, count = (500, 20) if fault == "crash" else (2000, 5)
    out, st = status(sh, f"service fault {service} {fault} --every {every} --count {count}")
    assert st == 0, out
    sh.g.ready_grace = 600  # the copy prints nothing for a while
    out = sh.run(f"cp {where}/big {where}/copy; echo copied=$?; sync", timeout=600)
    assert "copied=0" in out, out
    sums = sh.run(f"sha256sum {where}/big {where}/copy", timeout=300)
    assert f"{want}  {where}/big" in sums, sums
    assert f"{want}  {where}/copy" in sums, sums
    # The faults that came while the copy ran, as rs reported them.
    during = re.findall(rf"^rs: {re.escape(service)} (?:crashed|hung)", out, re.M)
    assert len(during) >= 1, \
        f"{service} was not faulted often enough during the copy:\n{out}"
    if where != "/home":
        out, st = status(sh, f"umount {where}")
        assert st == 0, out
    poweroff(sh)
    assert hashlib.sha256(host_dump(img, "copy")).hexdigest() == want
    e2fsck_clean(img)


def _pattern(k, size=1 << 20):
    """ext2test's pattern: byte i of big<k> is i + (i >> 12) * 7 + k."""
    return bytes((i + (i >> 12) * 7 + k) & 0xff for i in range(size))


def test_ext2_serves_others_while_one_waits(guest):
    _need("mke2fs")
    img = BUILD / "storage-wait.img"
    files = {"big1": _pattern(1), "big2": _pattern(2)}
    for i in range(1, 6):
        files[f"dir/small{i}"] = b"small\n"
    make_image(img, files)
    sh = boot(guest, DISK="virtio", DISK_IMG=str(img), SMP=2)
    sh.g.sendline("ext2test")
    sh.g.expect_tests(("others", "same"), timeout=180, program="ext2test")
    assert "ext2test: console write while the disk hangs" in sh.g.text
    assert re.search(r"^rs: virtio-blk hung", sh.g.text, re.M), sh.g.text[-2000:]
    poweroff(sh)
    e2fsck_clean(img)


def test_persistence_across_reboot(guest):
    _need("mke2fs")
    img = BUILD / "storage-persist.img"
    make_image(img, {"hello": b"from the host\n"})
    sh = boot(guest, DISK="virtio", DISK_IMG=str(img))
    assert sh.run("cat /home/hello") == "from the host\n"
    sh.run("echo written by xinim > /home/note")
    poweroff(sh)
    assert host_dump(img, "note") == b"written by xinim\n"
    e2fsck_clean(img)
    sh = boot(guest, DISK="virtio", DISK_IMG=str(img))
    assert sh.run("cat /home/note") == "written by xinim\n"
    poweroff(sh)


def test_sync_survives_hard_kill(guest):
    _need("mke2fs")
    img = BUILD / "storage-kill.img"
    make_image(img, {})
    sh = boot(guest, DISK="virtio", DISK_IMG=str(img))
    sh.run("echo kept > /home/kept")
    out, st = status(sh, "sync")
    assert st == 0, out
    sh.g.close()  # ends QEMU by its pid: no shutdown, no unmount
    assert host_dump(img, "kept") == b"kept\n"
