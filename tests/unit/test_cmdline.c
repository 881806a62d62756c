/* unit-sources: kernel/cmdline.c kernel/lib/printf.c kernel/lib/strlcpy.c */
/*
 * The kernel command-line parser: every key and value, `run=` taking the
 * rest of the line, quotes, and every kind of bad input, which must be
 * reported through the callback, counted, and otherwise ignored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kern/cmdline.h>

#define MAX_REPORTS 2048

/* What the report callback received. */
struct reports {
	int count;
	char msg[MAX_REPORTS][160];
};

static struct reports rep;
static struct cmdline_opts opts;

static void
collect(void *ctx, const char *msg)
{
	struct reports *r = ctx;

	assert_ptr_equal(r, &rep);
	/* One line, no newline: the caller adds its own prefix and end. */
	assert_null(strchr(msg, '\n'));
	if (r->count < MAX_REPORTS) {
		snprintf(r->msg[r->count], sizeof(r->msg[0]), "%s", msg);
	}
	r->count++;
}

/* Parses line, checks that the return value matches the reports. */
static int
parse(const char *line)
{
	memset(&rep, 0, sizeof(rep));
	memset(&opts, 0x5a, sizeof(opts));
	int errors = cmdline_parse(line, &opts, collect, &rep);
	assert_int_equal(errors, rep.count);
	return errors;
}

static void
assert_defaults_except_run(void)
{
	assert_int_equal(opts.loglevel, -1);
	assert_int_equal(opts.panic, PANIC_HALT);
	assert_int_equal(opts.maxcpus, 0);
	assert_int_equal(opts.pci, PCI_METHOD_AUTO);
	assert_int_equal(opts.clock, CLOCK_REF_AUTO);
	assert_string_equal(opts.ktest, "");
	assert_int_equal(opts.ipc_slow, 0);
}

static void
test_empty_and_null_lines(void **state)
{
	assert_int_equal(parse(""), 0);
	assert_defaults_except_run();
	assert_string_equal(opts.run, "");
	assert_int_equal(parse(" \t\r\n  "), 0);
	assert_defaults_except_run();
	assert_int_equal(parse(NULL), 0);
	assert_defaults_except_run();
	assert_string_equal(opts.run, "");
}

static void
test_loglevel_and_quiet(void **state)
{
	static const struct {
		const char *line;
		int level;
	} cases[] = {
		{ "loglevel=error", 0 },
		{ "loglevel=warn", 1 },
		{ "loglevel=info", 2 },
		{ "loglevel=debug", 3 },
		{ "loglevel=0", 0 },
		{ "loglevel=1", 1 },
		{ "loglevel=2", 2 },
		{ "loglevel=3", 3 },
		{ "quiet", 1 },
		{ "quiet loglevel=debug", 3 },
		{ "loglevel=debug quiet", 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].line), 0);
		assert_int_equal(opts.loglevel, cases[i].level);
	}
}

static void
test_panic_pci_clock_maxcpus(void **state)
{
	assert_int_equal(parse("panic=halt"), 0);
	assert_int_equal(opts.panic, PANIC_HALT);
	assert_int_equal(parse("panic=reboot"), 0);
	assert_int_equal(opts.panic, PANIC_REBOOT);
	assert_int_equal(parse("panic=poweroff"), 0);
	assert_int_equal(opts.panic, PANIC_POWEROFF);
	assert_int_equal(parse("pci=ecam"), 0);
	assert_int_equal(opts.pci, PCI_METHOD_ECAM);
	assert_int_equal(parse("pci=portio"), 0);
	assert_int_equal(opts.pci, PCI_METHOD_PORTIO);
	assert_int_equal(parse("clock=hpet"), 0);
	assert_int_equal(opts.clock, CLOCK_REF_HPET);
	assert_int_equal(parse("clock=pit"), 0);
	assert_int_equal(opts.clock, CLOCK_REF_PIT);
	assert_int_equal(parse("maxcpus=1"), 0);
	assert_int_equal(opts.maxcpus, 1);
	assert_int_equal(parse("maxcpus=256"), 0);
	assert_int_equal(opts.maxcpus, 256);
	assert_int_equal(parse("maxcpus=004"), 0);
	assert_int_equal(opts.maxcpus, 4);
}

static void
test_all_together(void **state)
{
	const char *line =
	    " loglevel=debug\tpanic=reboot maxcpus=3\npci=portio clock=pit ktest=pf ";

	assert_int_equal(parse(line), 0);
	assert_int_equal(opts.loglevel, 3);
	assert_int_equal(opts.panic, PANIC_REBOOT);
	assert_int_equal(opts.maxcpus, 3);
	assert_int_equal(opts.pci, PCI_METHOD_PORTIO);
	assert_int_equal(opts.clock, CLOCK_REF_PIT);
	assert_string_equal(opts.ktest, "pf");
	assert_string_equal(opts.run, "");
	/* The last of repeated keys wins. */
	assert_int_equal(parse("panic=reboot panic=poweroff ktest=a ktest=b"), 0);
	assert_int_equal(opts.panic, PANIC_POWEROFF);
	assert_string_equal(opts.ktest, "b");
}

static void
test_ipcfast(void **state)
{
	assert_int_equal(parse("ipcfast=off"), 0);
	assert_int_equal(opts.ipc_slow, 1);
	assert_int_equal(parse("ipcfast=0 ipcfast=on"), 0);
	assert_int_equal(opts.ipc_slow, 0);
	assert_int_equal(parse("ipcfast=maybe"), 1);
	assert_string_equal(rep.msg[0], "bad value 'maybe' for ipcfast ignored");
	assert_int_equal(opts.ipc_slow, 0);
}

static void
test_ktest_names(void **state)
{
	char line[128];

	assert_int_equal(parse("ktest=mm"), 0);
	assert_string_equal(opts.ktest, "mm");
	assert_int_equal(parse("ktest=Page_fault-2"), 0);
	assert_string_equal(opts.ktest, "Page_fault-2");
	/* 63 characters fit; 64 do not. */
	snprintf(line, sizeof(line), "ktest=%063d", 0);
	assert_int_equal(parse(line), 0);
	assert_int_equal(strlen(opts.ktest), 63);
	snprintf(line, sizeof(line), "ktest=%064d", 0);
	assert_int_equal(parse(line), 1);
	assert_string_equal(opts.ktest, "");
	assert_int_equal(parse("ktest=bad!name"), 1);
	assert_string_equal(rep.msg[0], "bad value 'bad!name' for ktest ignored");
	assert_int_equal(parse("ktest="), 1);
	assert_string_equal(rep.msg[0], "bad value '' for ktest ignored");
	assert_int_equal(parse("ktest=a/b"), 1);
	assert_string_equal(opts.ktest, "");
}

static void
test_run_takes_rest_of_line(void **state)
{
	assert_int_equal(parse("loglevel=warn run=service list  -x \"a b\" maxcpus=2  \t "), 0);
	assert_int_equal(opts.loglevel, 1);
	assert_string_equal(opts.run, "service list  -x \"a b\" maxcpus=2");
	assert_int_equal(opts.maxcpus, 0);
	assert_int_equal(parse("run=ipcbench"), 0);
	assert_string_equal(opts.run, "ipcbench");
	assert_defaults_except_run();
	assert_int_equal(parse("   run=x=y"), 0);
	assert_string_equal(opts.run, "x=y");
}

static void
test_run_errors(void **state)
{
	assert_int_equal(parse("run="), 1);
	assert_string_equal(rep.msg[0], "run= needs a program name");
	assert_string_equal(opts.run, "");
	assert_int_equal(parse("quiet run=  \t"), 1);
	assert_string_equal(opts.run, "");
	assert_int_equal(opts.loglevel, 1);

	/* The longest run= that fits is CMDLINE_MAX - 1 bytes. */
	size_t n = 4 + CMDLINE_MAX + 1;
	char *line = malloc(n);
	assert_non_null(line);
	memcpy(line, "run=", 4);
	memset(line + 4, 'p', CMDLINE_MAX - 1);
	line[4 + CMDLINE_MAX - 1] = '\0';
	assert_int_equal(parse(line), 0);
	assert_int_equal(strlen(opts.run), CMDLINE_MAX - 1);
	line[4 + CMDLINE_MAX - 1] = 'p';
	line[4 + CMDLINE_MAX] = '\0';
	assert_int_equal(parse(line), 1);
	assert_string_equal(rep.msg[0], "run= argument too long (over 4095 bytes)");
	assert_string_equal(opts.run, "");
	free(line);
}

static void
test_quotes(void **state)
{
	assert_int_equal(parse("\"loglevel=debug\""), 0);
	assert_int_equal(opts.loglevel, 3);
	assert_int_equal(parse("ktest=\"mm\" panic=\"reboot\""), 0);
	assert_string_equal(opts.ktest, "mm");
	assert_int_equal(opts.panic, PANIC_REBOOT);
	assert_int_equal(parse("panic=re\"bo\"ot"), 0);
	assert_int_equal(opts.panic, PANIC_REBOOT);
	/* A quoted space does not split the word. */
	assert_int_equal(parse("loglevel=\"de bug\" quiet"), 1);
	assert_string_equal(rep.msg[0], "bad value 'de bug' for loglevel ignored");
	assert_int_equal(opts.loglevel, 1);
	assert_int_equal(parse("\"foo bar\"=1"), 1);
	assert_string_equal(rep.msg[0], "unknown argument 'foo bar' ignored");
	/* An unterminated quote swallows the rest of the line. */
	assert_int_equal(parse("quiet ktest=\"mm panic=reboot"), 1);
	assert_string_equal(rep.msg[0], "unterminated quote in 'ktest=mm panic=reboot' ignored");
	assert_string_equal(opts.ktest, "");
	assert_int_equal(opts.panic, PANIC_HALT);
	assert_int_equal(opts.loglevel, 1);
}

static void
test_unknown_arguments(void **state)
{
	assert_int_equal(parse("foo"), 1);
	assert_string_equal(rep.msg[0], "unknown argument 'foo' ignored");
	assert_int_equal(parse("foo=bar quiet x=1 y"), 3);
	assert_string_equal(rep.msg[0], "unknown argument 'foo' ignored");
	assert_string_equal(rep.msg[1], "unknown argument 'x' ignored");
	assert_string_equal(rep.msg[2], "unknown argument 'y' ignored");
	assert_int_equal(opts.loglevel, 1);
	/* Known keys without a value, and case matters. */
	assert_int_equal(parse("loglevel panic LOGLEVEL=debug"), 3);
	assert_string_equal(rep.msg[0], "unknown argument 'loglevel' ignored");
	assert_defaults_except_run();
}

static void
test_malformed_values(void **state)
{
	static const struct {
		const char *line;
		const char *msg;
	} cases[] = {
		{ "loglevel=loud", "bad value 'loud' for loglevel ignored" },
		{ "loglevel=4", "bad value '4' for loglevel ignored" },
		{ "loglevel=", "bad value '' for loglevel ignored" },
		{ "loglevel=DEBUG", "bad value 'DEBUG' for loglevel ignored" },
		{ "panic=explode", "bad value 'explode' for panic ignored" },
		{ "pci=mmio", "bad value 'mmio' for pci ignored" },
		{ "clock=tsc", "bad value 'tsc' for clock ignored" },
		{ "maxcpus=0", "bad value '0' for maxcpus ignored (want 1..256)" },
		{ "maxcpus=257", "bad value '257' for maxcpus ignored (want 1..256)" },
		{ "maxcpus=-1", "bad value '-1' for maxcpus ignored (want 1..256)" },
		{ "maxcpus=2x", "bad value '2x' for maxcpus ignored (want 1..256)" },
		{ "maxcpus=", "bad value '' for maxcpus ignored (want 1..256)" },
		{ "maxcpus=99999999999999999999",
		    "bad value '99999999999999999999' for maxcpus ignored (want 1..256)" },
		{ "=x", "malformed argument '=x' ignored (no name)" },
		{ "=", "malformed argument '=' ignored (no name)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].line), 1);
		assert_string_equal(rep.msg[0], cases[i].msg);
		assert_defaults_except_run();
	}
	/* A bad value leaves an earlier good one in place. */
	assert_int_equal(parse("maxcpus=2 maxcpus=0 panic=reboot panic=x"), 2);
	assert_int_equal(opts.maxcpus, 2);
	assert_int_equal(opts.panic, PANIC_REBOOT);
}

static void
test_over_long_word(void **state)
{
	char line[512];

	/* A 300-character word is refused, named by its first 40 characters,
	 * and the words after it still count. */
	memset(line, 'w', 300);
	strcpy(line + 300, " panic=reboot");
	assert_int_equal(parse(line), 1);
	assert_string_equal(rep.msg[0],
	    "argument 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww...' too long, ignored");
	assert_int_equal(opts.panic, PANIC_REBOOT);

	/* A long value of a known key is refused as a value. */
	strcpy(line, "loglevel=");
	memset(line + 9, 'v', 100);
	line[109] = '\0';
	assert_int_equal(parse(line), 1);
	assert_int_equal(strncmp(rep.msg[0], "bad value 'vvvv", 15), 0);
	assert_int_equal(opts.loglevel, -1);
}

static void
test_very_long_line(void **state)
{
	/* 1500 unknown words and good arguments at both ends: about 6 KiB. */
	size_t size = 8192, len = 0;
	char *line = malloc(size);
	assert_non_null(line);
	len += snprintf(line + len, size - len, "maxcpus=7 ");
	for (int i = 0; i < 1500; i++) {
		len += snprintf(line + len, size - len, "x%d ", i % 10);
	}
	len += snprintf(line + len, size - len, "panic=poweroff");
	assert_true(len > 4096 && len < size);
	assert_int_equal(parse(line), 1500);
	assert_string_equal(rep.msg[1499], "unknown argument 'x9' ignored");
	assert_int_equal(opts.maxcpus, 7);
	assert_int_equal(opts.panic, PANIC_POWEROFF);

	/* One 5000-character word, then a good argument. */
	memset(line, 'a', 5000);
	strcpy(line + 5000, " clock=pit");
	assert_int_equal(parse(line), 1);
	assert_int_equal(opts.clock, CLOCK_REF_PIT);
	free(line);
}

static void
test_without_callback(void **state)
{
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(cmdline_parse("foo =x maxcpus=0 quiet", &opts, NULL, NULL), 3);
	assert_int_equal(opts.loglevel, 1);
}

/* rsconf= is rs's: the kernel accepts it without a word and ignores it. */
static void
test_rsconf_accepted(void **state)
{
	assert_int_equal(parse("rsconf=etc/services-bad.conf run=hello"), 0);
	assert_defaults_except_run();
	assert_string_equal(opts.run, "hello");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_null_lines),
		cmocka_unit_test(test_rsconf_accepted),
		cmocka_unit_test(test_loglevel_and_quiet),
		cmocka_unit_test(test_panic_pci_clock_maxcpus),
		cmocka_unit_test(test_all_together),
		cmocka_unit_test(test_ktest_names),
		cmocka_unit_test(test_run_takes_rest_of_line),
		cmocka_unit_test(test_run_errors),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_unknown_arguments),
		cmocka_unit_test(test_malformed_values),
		cmocka_unit_test(test_over_long_word),
		cmocka_unit_test(test_very_long_line),
		cmocka_unit_test(test_without_callback),
		cmocka_unit_test(test_ipcfast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
