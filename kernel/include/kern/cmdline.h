/*
 * The kernel command line.  Arguments are separated by spaces; double
 * quotes group a value with spaces.  `run=` takes the whole rest of the
 * line, so that `run=service list` passes "service list".
 *
 *   loglevel=error|warn|info|debug|0..3   console log level (default info)
 *   quiet                                 same as loglevel=warn
 *   panic=halt|reboot|poweroff            what a kernel panic does last
 *   maxcpus=N                             start at most N CPUs (1..256)
 *   pci=ecam|portio                       force a PCI configuration method
 *   clock=hpet|pit                        reference for TSC calibration
 *   ktest=NAME                            run a kernel self-test (tests only)
 *   ipcfast=on|off                        IPC call/reply fast path (default on)
 *   rsconf=FILE                           services.conf for rs (read by rs itself)
 *   run=PROGRAM ARG...                    program for rs to run (later issues)
 *
 * An unknown or malformed argument is reported through the callback and
 * ignored; parsing never fails as a whole.  Pure code, unit-tested on the host.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX 4096
#define CMDLINE_WORD_MAX 64

enum panic_action {
	PANIC_HALT,
	PANIC_REBOOT,
	PANIC_POWEROFF,
};

enum pci_method {
	PCI_METHOD_AUTO,
	PCI_METHOD_ECAM,
	PCI_METHOD_PORTIO,
};

enum clock_ref {
	CLOCK_REF_AUTO,
	CLOCK_REF_HPET,
	CLOCK_REF_PIT,
};

struct cmdline_opts {
	int loglevel; /* -1: not given */
	enum panic_action panic;
	unsigned maxcpus; /* 0: no limit */
	enum pci_method pci;
	enum clock_ref clock;
	char ktest[CMDLINE_WORD_MAX]; /* "" when not given */
	int ipc_slow;                 /* ipcfast=off: slow path only */
	char run[CMDLINE_MAX];        /* "" when not given */
};

/* Receives one complaint, already formatted, without a newline. */
typedef void (*cmdline_report_fn)(void *ctx, const char *msg);

/* Parses line into *opts (defaults first); returns how many arguments were
 * rejected.  report may be NULL. */
int cmdline_parse(const char *line, struct cmdline_opts *opts, cmdline_report_fn report, void *ctx);
