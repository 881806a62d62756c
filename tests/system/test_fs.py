"""tmpfs and devfs through their own protocols (proto/fs.h, proto/chr.h),
as vfs uses them: user/tests/fstest mounts tmpfs volumes and checks files,
directories, renames, links, an unlinked file kept by a reference, a full
volume (ENOSPC) and several mounts; then devfs's /dev nodes and its
character driver (null, zero, random, and random's EIO while virtio-rng
is stopped); last, tmpfs crashed comes back empty and serves again."""

FS_TESTS = ("mount", "files", "dirs", "rename", "links", "unlinked", "enospc", "mounts",
            "devfs", "chr", "norandom", "restart")


def test_fstest(guest):
    g = guest(APPEND="run=fstest")
    g.expect(r"^rs: started devfs \(ep \d+\)$", what="devfs started")
    g.expect(r"^rs: started tmpfs \(ep \d+\)$", what="tmpfs started")
    g.expect_tests(FS_TESTS, timeout=120, program="fstest")
    assert g.wait_exit(timeout=30) == 0
    assert "rs: devfs" not in g.text, "devfs failed during the run"
    # tmpfs fails once, on purpose (the restart test), and no more.
    tmpfs_lines = [line for line in g.text.splitlines() if line.startswith("rs: tmpfs")]
    assert len(tmpfs_lines) == 2, tmpfs_lines
    assert tmpfs_lines[0] == "rs: tmpfs crashed (#PF page fault at 0x0), restarting"
    assert tmpfs_lines[1].startswith("rs: tmpfs restarted in ")

