"""ext2 in XINIM against the host's e2fsprogs (servers/fs/ext2).

- test_ext2_host_image: an image made by the host's `mke2fs -d` (1 KiB
  blocks) is mounted by /etc/fstab on /home over virtio-blk; its files
  read back in XINIM as the host wrote them (contents, sha256sum, a
  symlink).  XINIM then writes, copies, renames across directories,
  links and removes files and a directory and runs `sync`; QEMU is
  killed, and the host's debugfs reads the results back and
  `e2fsck -fn` finds nothing.
- test_ext2_restart: a file written and synced survives a crash of the
  ext2 server (rs restarts it, vfs mounts it again); e2fsck is clean.
- test_ext2_corrupt: one disk with a good file system and corrupt ones
  in its partitions (bad magic, inode count 0, an unsupported
  incompatible feature, a group descriptor pointing outside its group, a
  directory entry with a bad length, an inode pointing outside the disk,
  a directory loop, a block bitmap full while the counts say free).  Each
  is mounted in turn: a refusal or EIO with a console line naming the
  problem, no hang, ext2 never restarted, the good one still mounts.

Skipped while the boot image lacks the virtio-blk driver or the
commands used (sha256sum, sync).
"""

import hashlib
import re
import struct
import subprocess

import pytest

from conftest import BUILD

PROMPT = r"^(/[^\n]*) # "
MIB = 1 << 20


def _need(*progs):
    for p in ("virtio-blk", "ext2") + progs:
        if not (BUILD / "root" / "bin" / p).exists():
            pytest.skip(f"no {p} in the boot image yet")


def _run(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True)


def _mkfs(path, size_mib, tree=None, opts=()):
    if path.exists():
        path.unlink()
    args = ["mke2fs", "-q", "-F", "-t", "ext2", *opts]
    if tree is not None:
        args += ["-d", str(tree)]
    _run(*args, str(path), f"{size_mib}M")


def _fsck(path):
    r = _run("e2fsck", "-fn", str(path), check=False)
    return r.returncode, r.stdout.decode(errors="replace")


def _debugfs(path, cmd, write=False):
    args = ["debugfs"] + (["-w"] if write else []) + ["-R", cmd, str(path)]
    return _run(*args).stdout


def _tree(root):
    (root / "sub").mkdir(parents=True, exist_ok=True)
    (root / "hello.txt").write_text("hello from the host\n")
    big = bytes((i * 7 + (i >> 10)) & 0xff for i in range(300000))
    (root / "big.bin").write_bytes(big)
    (root / "sub" / "nested.txt").write_text("nested\n")
    link = root / "link"
    if not link.is_symlink():
        link.symlink_to("hello.txt")
    return hashlib.sha256(big).hexdigest()


def _boot(guest, img, wait_for="/home/hello.txt"):
    g = guest(DISK="virtio", DISK_IMG=str(img))
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect(PROMPT, timeout=60, what="the shell's prompt")
    g.sendline(f"i=0; while [ $i -lt 60 ] && ! [ -e {wait_for} ]; do sleep 1; i=$((i+1)); "
               "done; echo waited-$i")
    m = g.expect(r"^waited-(\d+)", timeout=120, what="the disk to appear")
    assert int(m.group(1)) < 60, f"{wait_for} never appeared"
    g.expect(PROMPT, timeout=30)
    return g


def _sh(g, cmd, timeout=120):
    """Runs cmd; its exit status and its output (up to the status line)."""
    start = len(g.text)
    g.sendline(cmd + "; echo status-$?")
    m = g.expect(r"^status-(\d+)", timeout=timeout, what=f"'{cmd}' to finish")
    out = g.text[start:m.start()]
    g.expect(PROMPT, timeout=30)
    return int(m.group(1)), out


def test_ext2_host_image(guest):
    _need("sha256sum", "sync")
    tree = BUILD / "ext2-tree"
    digest = _tree(tree)
    img = BUILD / "system-ext2.img"
    _mkfs(img, 16, tree, ("-b", "1024"))
    g = _boot(guest, img)
    st, out = _sh(g, "cat /home/hello.txt /home/sub/nested.txt /home/link")
    assert st == 0 and out.count("hello from the host") == 2 and "nested" in out, out
    st, out = _sh(g, "sha256sum /home/big.bin")
    assert st == 0 and digest in out, out
    script = [
        "echo written-in-xinim > /home/new.txt",
        "mkdir /home/dir2",
        "mv /home/hello.txt /home/dir2/moved.txt",
        "ln /home/dir2/moved.txt /home/hard",
        "cp /home/big.bin /home/dir2/copy.bin",
        "echo replaced > /home/victim && mv /home/victim /home/new.txt2",
        "echo old > /home/over && mv /home/new.txt2 /home/over",
        "rm /home/sub/nested.txt",
        "rmdir /home/sub",
        "mv /home/dir2 /home/dir3",
        "sync",
    ]
    for cmd in script:
        st, out = _sh(g, cmd)
        assert st == 0, f"{cmd}: {out}"
    st, out = _sh(g, "ls /home /home/dir3")
    assert "moved.txt" in out and "copy.bin" in out and "sub" not in out, out
    g.close()

    rc, log = _fsck(img)
    assert rc == 0, "e2fsck -fn after XINIM's changes:\n" + log
    assert _debugfs(img, "cat /new.txt") == b"written-in-xinim\n"
    assert _debugfs(img, "cat /over") == b"replaced\n"
    assert _debugfs(img, "cat /dir3/moved.txt") == b"hello from the host\n"
    assert _debugfs(img, "cat /hard") == b"hello from the host\n"
    assert hashlib.sha256(_debugfs(img, "cat /dir3/copy.bin")).hexdigest() == digest
    listing = _debugfs(img, "ls -l /").decode()
    assert "sub" not in listing and "hello.txt" not in listing and "dir2" not in listing
    assert b"Links: 2" in _debugfs(img, "stat /hard")


def test_ext2_restart(guest):
    _need("sync")
    tree = BUILD / "ext2-tree"
    _tree(tree)
    img = BUILD / "system-ext2-restart.img"
    _mkfs(img, 16, tree, ("-b", "4096"))
    g = _boot(guest, img)
    st, out = _sh(g, "echo before-the-crash > /home/kept.txt && sync")
    assert st == 0, out
    st, out = _sh(g, "service fault ext2 crash")
    assert st == 0, out
    if "rs: ext2 restarted" not in out:
        g.expect(r"rs: ext2 restarted", timeout=60, what="rs to restart ext2")
    # The first use of /home makes vfs mount it again: a path that enters
    # the mount then goes on from the new root.
    st, out = _sh(g, "cat /home/kept.txt")
    assert st == 0 and "before-the-crash" in out, out
    # vfs mounted it again when /home was next used.
    assert re.search(r"vfs: ext2 on /home restarted", g.text), "vfs did not mount ext2 again"
    assert g.text.count("ext2: /dev/vda mounted read-write") == 2
    st, out = _sh(g, "echo after > /home/after.txt && sync")
    assert st == 0, out
    g.close()
    rc, log = _fsck(img)
    assert rc == 0, log
    assert _debugfs(img, "cat /kept.txt") == b"before-the-crash\n"
    assert _debugfs(img, "cat /after.txt") == b"after\n"


def _patch(p, off, data):
    with open(p, "r+b") as f:
        f.seek(off)
        f.write(data)


def _break_magic(p):
    _patch(p, 1024 + 56, b"\0\0")


def _break_inodes(p):
    _patch(p, 1024, b"\0\0\0\0")


def _break_feature(p):
    sb = p.read_bytes()[1024:2048]
    incompat = struct.unpack_from("<I", sb, 96)[0] | 0x40  # extents
    _patch(p, 1024 + 96, struct.pack("<I", incompat))


def _break_gd(p):
    # Group 0's inode table (1 KiB blocks: the descriptors are block 2).
    _patch(p, 2048 + 8, struct.pack("<I", 0x7fffff00))


def _break_dirent(p):
    blk = int(_debugfs(p, "bmap /sub 0").decode().split()[-1])
    _patch(p, blk * 1024 + 4, struct.pack("<H", 6))  # "."'s rec_len


def _break_inode_ptr(p):
    _debugfs(p, "set_inode_field /big.bin block[0] 50000000", write=True)


def _break_loop(p):
    _debugfs(p, "link /sub /sub/loop", write=True)


def _break_bitmap(p):
    _debugfs(p, "setb 1 4000", write=True)


# (name, what the console must say, how to break it, what to try on it)
CORRUPT = [
    ("magic", r"no ext2 file system here", _break_magic, None),
    ("inodes", r"inode count 0 disagrees", _break_inodes, None),
    ("feature", r"unsupported incompatible features: extent", _break_feature, None),
    ("gd", r"group 0: bitmaps .* outside", _break_gd, None),
    ("dirent", r"directory \d+, block 0: the entry at offset 0 has a bad record length",
     _break_dirent, "ls /mnt/sub"),
    ("inodeptr", r"block pointer 50000000 .* outside the disk", _break_inode_ptr,
     "cat /mnt/big.bin"),
    ("loop", None, _break_loop, "ls /mnt/sub/loop/loop/loop; mv /mnt/sub /mnt/sub/loop/x"),
    ("bitmap", r"the block bitmap has no free bit", _break_bitmap,
     "cp /mnt/big.bin /mnt/copy"),
]


def _disk_of(parts, path):
    """An MBR disk with the images in partitions 1-3 and logical ones from
    5 on (an EBR chain), each 4 MiB, 1 MiB apart."""
    part = 4 * MIB // 512
    gap = MIB // 512
    n = len(parts)
    size = (2048 + n * (part + gap) + gap) * 512
    disk = bytearray(size)
    starts = [2048 + i * (part + gap) for i in range(n)]
    for s, img in zip(starts, parts):
        data = img.read_bytes()
        disk[s * 512:s * 512 + len(data)] = data

    def entry(buf, i, kind, start, count):
        struct.pack_into("<B3sB3sII", buf, 446 + 16 * i, 0, b"\0\0\0", kind, b"\0\0\0",
                         start, count)

    mbr = bytearray(512)
    for i in range(min(3, n)):
        entry(mbr, i, 0x83, starts[i], part)
    if n > 3:
        ext_start = starts[3] - gap // 2
        entry(mbr, 3, 0x05, ext_start, size // 512 - ext_start)
        for k in range(3, n):
            ebr = starts[k] - gap // 2
            e = bytearray(512)
            entry(e, 0, 0x83, starts[k] - ebr, part)
            if k + 1 < n:
                nxt = starts[k + 1] - gap // 2
                entry(e, 1, 0x05, nxt - ext_start, part + gap // 2)
            e[510:512] = b"\x55\xaa"
            disk[ebr * 512:ebr * 512 + 512] = e
    mbr[510:512] = b"\x55\xaa"
    disk[0:512] = mbr
    path.write_bytes(bytes(disk))


def test_ext2_corrupt(guest):
    _need()
    tree = BUILD / "ext2-tree"
    _tree(tree)
    imgs = []
    for name, _, breaker, _ in [("good", None, None, None)] + CORRUPT:
        p = BUILD / f"system-ext2-{name}.part"
        _mkfs(p, 4, tree, ("-b", "1024", "-O", "^resize_inode"))
        if breaker is not None:
            breaker(p)
        imgs.append(p)
    disk = BUILD / "system-ext2-corrupt.img"
    _disk_of(imgs, disk)
    devs = ["/dev/vda1", "/dev/vda2", "/dev/vda3"] + [f"/dev/vda{5 + i}"
                                                       for i in range(len(imgs) - 3)]
    g = _boot(guest, disk, wait_for=devs[-1])
    st, out = _sh(g, f"mount -t ext2 {devs[0]} /mnt && cat /mnt/hello.txt && umount /mnt")
    assert st == 0 and "hello from the host" in out, out
    for (name, msg, _, action), dev in zip(CORRUPT, devs[1:]):
        start = len(g.text)
        st, out = _sh(g, f"mount -t ext2 {dev} /mnt")
        if st == 0:
            if action is not None:
                _sh(g, action, timeout=120)
            st, out = _sh(g, "umount /mnt")
            assert st == 0, f"{name}: umount: {out}"
        said = g.text[start:]
        if msg is not None:
            assert re.search(msg, said), f"{name}: no console line /{msg}/ in:\n{said}"
    st, out = _sh(g, f"mount -t ext2 {devs[0]} /mnt && cat /mnt/hello.txt")
    assert st == 0 and "hello from the host" in out, out
    g.sendline("service list")
    m = g.expect(r"^ext2\s+RUNNING\s+\d+\s+(\d+)\s", timeout=30, what="ext2 in service list")
    assert m.group(1) == "0", "ext2 was restarted"
