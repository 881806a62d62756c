"""The storage commands through the shell: dd copies between files in
/tmp with bs, count, skip, seek and conv=notrunc, checked byte for byte
against the same slices cut on the host from the boot image's files
(/bin/sh in XINIM is build/root/bin/sh here); sha256sum of files and of
standard input matches the host's sha256sum of the same bytes, line for
line; cmp tells equal from different files in POSIX's words; sync and
df answer; bad flags give status 2."""

import hashlib
import re
import subprocess

import pytest

from conftest import BUILD
from test_shell import Shell, _needs_shell

@pytest.fixture
def shell(guest):
    _needs_shell()
    g = guest()
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    return Shell(g)


def _host(name):
    return (BUILD / "root" / "bin" / name).read_bytes()


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _guest_sha(shell, path):
    out, st = shell.status(f"sha256sum {path}")
    assert st == 0, out
    m = re.match(r"^([0-9a-f]{64})  (\S+)\n$", out)
    assert m and m.group(2) == path, out
    return m.group(1)


def test_sha256sum_matches_host(shell):
    names = ["sh", "ls", "cat", "dd"]
    host = subprocess.run(["sha256sum"] + [str(BUILD / "root" / "bin" / n) for n in names],
                          check=True, capture_output=True, text=True).stdout.splitlines()
    out, st = shell.status("sha256sum " + " ".join(f"/bin/{n}" for n in names))
    assert st == 0, out
    lines = out.splitlines()
    assert len(lines) == len(names), out
    for mine, theirs, n in zip(lines, host, names):
        # The host's line with its path replaced by ours: the same format.
        assert mine == theirs.split("  ")[0] + f"  /bin/{n}", (mine, theirs)
    # Standard input, with and without "-"; an empty input.
    assert shell.run("cat /bin/ls | sha256sum") == _sha(_host("ls")) + "  -\n"
    assert shell.run("cat /bin/ls | sha256sum -") == _sha(_host("ls")) + "  -\n"
    assert shell.run("sha256sum < /bin/cat") == _sha(_host("cat")) + "  -\n"
    shell.run("echo -n > /tmp/empty")
    assert _guest_sha(shell, "/tmp/empty") == _sha(b"")
    shell.run("echo hello > /tmp/hello")
    assert _guest_sha(shell, "/tmp/hello") == _sha(b"hello\n")
    # A missing file: its error, the others still summed, status 1.
    out, st = shell.status("sha256sum /nope /tmp/hello")
    assert st == 1
    assert "sha256sum: /nope: " in out and _sha(b"hello\n") + "  /tmp/hello" in out, out


def test_dd_copies(shell):
    sh_bytes = _host("sh")
    # bs/count/skip from a file into a new file.
    out, st = shell.status("dd if=/bin/sh of=/tmp/a bs=1000 count=7 skip=3")
    assert st == 0, out
    assert re.search(r"^7\+0 records in\n7\+0 records out\n7000 bytes \(7\.0 kB, 6\.8 KiB\) "
                     r"copied, \d+\.\d{6} s, [\d.]+ [kMG]?B/s$", out, re.M), out
    assert _guest_sha(shell, "/tmp/a") == _sha(sh_bytes[3000:10000])
    # A partial last record, the whole file.
    out, st = shell.status("dd if=/bin/sh of=/tmp/b bs=4096")
    n = len(sh_bytes)
    assert st == 0 and f"{n // 4096}+{1 if n % 4096 else 0} records in" in out, out
    assert f"{n} bytes" in out, out
    assert _guest_sha(shell, "/tmp/b") == _sha(sh_bytes)
    # seek= leaves zeros before the data; a later dd with seek= on a longer
    # file truncates it there, conv=notrunc keeps the tail.
    assert shell.status("dd if=/bin/sh of=/tmp/c bs=512 count=2 seek=3 status=none") == ("", 0)
    want = b"\0" * 1536 + sh_bytes[:1024]
    assert _guest_sha(shell, "/tmp/c") == _sha(want)
    assert shell.status("dd if=/bin/ls of=/tmp/c bs=100 count=1 seek=2 conv=notrunc "
                        "status=none")[1] == 0
    ls_bytes = _host("ls")
    want = want[:200] + ls_bytes[:100] + want[300:]
    assert _guest_sha(shell, "/tmp/c") == _sha(want)
    assert shell.status("dd if=/bin/ls of=/tmp/c bs=100 count=1 seek=1 status=none")[1] == 0
    want = want[:100] + ls_bytes[:100]
    assert _guest_sha(shell, "/tmp/c") == _sha(want)
    # From a pipe (skip by reading) to standard output.
    out, st = shell.status("cat /bin/sh | dd bs=64 skip=2 count=3 status=none | sha256sum")
    assert st == 0 and out == _sha(sh_bytes[128:320]) + "  -\n", out
    # count=0 copies nothing; a missing input is `dd: FILE: reason`.
    out, st = shell.status("dd if=/bin/sh of=/tmp/d count=0")
    assert st == 0 and "0+0 records in\n0+0 records out\n0 bytes copied" in out, out
    out, st = shell.status("dd if=/nope of=/tmp/e")
    assert st == 1 and "dd: /nope: " in out, out


def test_cmp(shell):
    assert shell.status("dd if=/bin/sh of=/tmp/x bs=1000 count=5 status=none")[1] == 0
    assert shell.status("dd if=/bin/sh of=/tmp/y bs=1000 count=5 status=none")[1] == 0
    assert shell.status("cmp /tmp/x /tmp/y") == ("", 0)
    assert shell.status("cmp /tmp/x /bin/sh")[1] == 1
    out, st = shell.status("cmp /tmp/x /bin/sh")
    assert st == 1 and out == "cmp: EOF on /tmp/x after byte 5000, line " + \
        str(_host("sh")[:5000].count(b"\n") + 1 - (1 if _host("sh")[4999] == 10 else 0)) + "\n", out
    # Change one byte (the 2,345th): its line is counted from the host's copy.
    assert shell.status("echo -n Z | dd of=/tmp/y bs=1 seek=2344 conv=notrunc "
                        "status=none")[1] == 0
    data = _host("sh")[:5000]
    line = data[:2344].count(b"\n") + 1
    if data[2344] == ord("Z"):
        pytest.skip("byte 2345 of /bin/sh is already Z")
    assert shell.status("cmp /tmp/x /tmp/y") == (f"/tmp/x /tmp/y differ: byte 2345, line {line}\n",
                                                 1)
    assert shell.status("cmp -s /tmp/x /tmp/y") == ("", 1)
    assert shell.status("cmp -s /tmp/x /tmp/x") == ("", 0)
    assert shell.status("cat /tmp/x | cmp - /tmp/x") == ("", 0)
    shell.run("echo a > /tmp/l1; echo b >> /tmp/l1; echo a > /tmp/l2; echo c >> /tmp/l2")
    assert shell.status("cmp /tmp/l1 /tmp/l2") == ("/tmp/l1 /tmp/l2 differ: byte 3, line 2\n", 1)
    out, st = shell.status("cmp /tmp/x /nope")
    assert st == 2 and "cmp: /nope: " in out, out


def test_sync_df_umount(shell):
    assert shell.status("echo data > /tmp/s; sync") == ("", 0)
    out, st = shell.status("df")
    assert st == 0, out
    assert re.search(r"^Filesystem\s+Type\s+KiB", out, re.M), out
    assert re.search(r"^\S+\s+tmpfs\s+\d+\s+\d+\s+\d+\s+\d+\s+/tmp$", out, re.M), out
    out, st = shell.status("umount /nope")
    assert st == 1 and "umount" in out, out
    # A second tmpfs: listed by df with its source, busy while a shell is
    # in it, gone with its files after umount.
    assert shell.status("mkdir /tmp/m; mount -t tmpfs scratch /tmp/m; echo x > /tmp/m/f")[1] == 0
    out = shell.run("df")
    assert re.search(r"^scratch\s+tmpfs\s+\d+\s+\d+\s+\d+\s+\d+\s+/tmp/m$", out, re.M), out
    out, st = shell.status("cd /tmp/m; umount /tmp/m")
    assert st == 1 and "umount: /tmp/m: " in out, out
    shell.run("cd /")
    assert shell.status("umount /tmp/m") == ("", 0)
    assert "/tmp/m" not in shell.run("df")
    out, st = shell.status("cat /tmp/m/f")
    assert st == 1, out
    assert shell.status("sync") == ("", 0)


def test_bad_flags(shell):
    for line in ("dd bs=0", "dd bs=x", "dd frob=1", "dd count", "dd conv=sync", "dd if=",
                 "dd bs=65M", "sha256sum -c /tmp/x", "cmp", "cmp /tmp/x", "cmp -q a b",
                 "cmp a b c", "sync now", "df -h"):
        out, st = shell.status(line)
        assert st == 2, (line, out)
        assert "usage: " in out, (line, out)
