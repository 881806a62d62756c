"""User mode: the kernel starts rs in ring 3 from the boot image, rs runs
what `run=` names and powers off with the program's status."""


def test_rs_starts(guest):
    g = guest()
    g.expect(r"^xinim: kernel ready", what="'xinim: kernel ready'")
    g.expect(r"^rs: started", what="'rs: started' (rs running in ring 3)")
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
