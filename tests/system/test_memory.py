"""Memory sizes from 128 MiB to 8 GiB: the firmware memory map, the usable
total, and what the frame allocator makes of it."""


import pytest

SIZES = [("128M", 128), ("1G", 1024), ("8G", 8192)]


def usable_mib(boot):
    m = boot.search(r"^memory: (\d+) MiB usable$")
    assert m, "no 'memory: N MiB usable' line"
    return int(m.group(1))


@pytest.mark.parametrize("mem,mib", SIZES, ids=[s for s, _ in SIZES])
def test_memory_map(booted, mem, mib):
    boot = booted(MEM=mem)
    m = boot.search(r"^memory map \((\d+) ranges\):$")
    assert m, "no 'memory map (N ranges):' line"
    ranges = boot.findall(r"^\s+\[0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$")
    assert len(ranges) == int(m.group(1)), "range count does not match the lines"
    assert any(kind == "usable" for _, _, kind in ranges), "no usable range"
    usable = usable_mib(boot)
    # The firmware keeps a little: the BIOS area, ACPI tables, its own data.
    assert mib * 0.95 - 2 <= usable <= mib, f"{usable} MiB usable of {mib} MiB"
    if mib > 4096:
        assert any(int(lo, 16) >= 1 << 32 and kind == "usable" for lo, _, kind in ranges), \
            "no usable range above 4 GiB"


@pytest.mark.parametrize("mem,mib", SIZES, ids=[s for s, _ in SIZES])
def test_frame_allocator(booted, mem, mib):
    boot = booted(MEM=mem)
    usable = usable_mib(boot)
    m = boot.search(r"^frame: (\d+) MiB free")
    assert m, "no 'frame: N MiB free' line"
    free = int(m.group(1))
    # The kernel image, the boot image and the allocator's own tables are
    # taken; the rest is free.
    assert usable * 0.85 - 8 <= free <= usable, f"{free} MiB free of {usable} MiB usable"
