"""File semantics as POSIX specifies them, seen through libc on the real
servers (initfs on /, tmpfs on /tmp): user/tests/posixtest checks the
error codes (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, ELOOP, EROFS,
ENAMETOOLONG, ENOSPC on a small tmpfs it mounts with /bin/mount), EACCES
and EPERM for a child that made itself uid 1000, rename over existing
names, an unlinked open file, link counts, ".." at a mount root, and a
named pipe between two processes (opens that wait for the other side)."""

TESTS = ["errors", "eacces", "rename", "unlinked", "links", "mountroot", "enospc", "fifo"]


def test_posixtest(guest):
    g = guest(APPEND="run=posixtest")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=120, program="posixtest")
    assert g.wait_exit(timeout=30) == 0
    assert "posixtest child:" not in g.text, "the uid 1000 child saw a permission wrong"
