"""Kernel command line in a real boot: bad arguments are reported and
ignored, and the boot completes."""

import re

from conftest import READY

BAD = "foo loglevel=loud =x"


def test_bad_arguments_reported_and_ignored(booted):
    boot = booted(APPEND=BAD)
    log = boot.log()
    assert boot.search(r"^warning: cmdline: unknown argument 'foo' ignored$"), \
        "unknown argument not reported"
    assert boot.search(r"^warning: cmdline: .*'loud'.*loglevel"), "bad loglevel not reported"
    assert boot.search(r"^warning: cmdline: .*'=x'"), "malformed '=x' not reported"
    assert READY in log


def test_command_line_reaches_kernel(booted):
    boot = booted(APPEND=BAD)
    assert boot.search(r"^boot: .*command line \"" + re.escape(BAD) + "\""), \
        "the boot line does not show the command line"
