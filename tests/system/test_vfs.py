"""vfs and initfs: user/tests/vfstest speaks include/xinim/proto/vfs.h to
vfs, which mounted initfs on / and then what /etc/fstab lists (a file
system whose server is not running is reported and skipped)."""

VFS_TESTS = ("read", "erofs", "errors", "long", "getdents", "dup", "pipe", "cwd", "mounts",
             "symlink", "files", "chr", "restart")


def test_vfstest(guest):
    g = guest(APPEND="run=vfstest")
    g.expect(r"^rs: started initfs \(ep \d+\)$", what="initfs started")
    g.expect(r"^rs: started vfs \(ep \d+\)$", what="vfs started after initfs")
    g.expect_tests(VFS_TESTS, timeout=120, program="vfstest")
    assert g.wait_exit(timeout=30) == 0
    assert "vfstest: mount none on / type initfs" in g.text
    assert "vfs: mounted devfs on /dev" in g.text
    assert "vfs: mounted tmpfs on /tmp" in g.text
    assert "vfs: tmpfs on /tmp restarted: its files are gone" in g.text
    for line in g.text.splitlines():
        if line.startswith("vfs: ") and "/etc/fstab" in line:
            raise AssertionError("fstab trouble: " + line)


def test_vfstest_one(guest):
    """One test by name, as the other in-OS test programs allow."""
    g = guest(APPEND="run=vfstest pipe")
    g.expect_tests(("pipe",), program="vfstest")
    assert g.wait_exit(timeout=30) == 0
