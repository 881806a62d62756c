"""Memory between processes and DMA: user/tests/memtest copies through
grants both ways, checks every refusal (bounds, overflow, zero length,
revoked or stale grants, wrong grantee, unmapped or read-only buffers),
shares a counter through KC_GRANT_MAP, lets a shared page outlive its
owner, checks KC_PROC_SHARE (shared read-only program text), and checks DMA alignment, the below-4-GiB flag and zeroing.  It runs
everything twice and fails when free frames or kernel heap moved in the
second round.  6 GiB of RAM, so that memory above 4 GiB exists and
DMA_BELOW_4G has something to avoid."""

TESTS = ["copy", "errors", "revoke", "shm", "shm_life", "dma_align", "dma_below4g",
         "dma_zero", "share", "leaks"]


def test_memtest(guest):
    g = guest(APPEND="run=memtest", MEM="6G")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    g.expect_tests(TESTS, timeout=300)
    assert g.wait_exit(timeout=30) == 0
    assert "memtest: shared counter 2000 after 1000 turns each" in g.text
    # On this machine a buffer without the flag comes from above 4 GiB.
    assert "memtest: DMA buffer without the flag at 0x1" in g.text
