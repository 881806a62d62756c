/* unit-sources: servers/rs/config.c servers/rs/config_keys.c servers/rs/config_value.c servers/rs/policy.c */
/*
 * The services.conf parser: a full valid file, every key, and many
 * malformed inputs, each reported as FILE:LINE with only its service
 * skipped; then every truncation of a valid file and random byte flips,
 * which must never crash or read past the buffer (ASan watches).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/kcall.h>
#include "../../servers/rs/config.h"

static struct rs_service_conf svc[RS_SERVICES_MAX];
static char reports[64][RS_LINE_MAX + 128];
static int nreports;

static void
collect(void *ctx, const char *msg)
{
	if (nreports < 64) {
		snprintf(reports[nreports], sizeof(reports[0]), "%s", msg);
	}
	nreports++;
}

/* Parses text; returns the number of services, *errors the complaints. */
static int
parse(const char *text, int *errors)
{
	nreports = 0;
	memset(svc, 0, sizeof(svc));
	return rs_config_parse("t.conf", text, strlen(text), svc, RS_SERVICES_MAX, collect, NULL,
	    errors);
}

/* True when some report starts with prefix and contains needle. */
static int
reported(const char *prefix, const char *needle)
{
	int i;

	for (i = 0; i < nreports && i < 64; i++) {
		if (strncmp(reports[i], prefix, strlen(prefix)) == 0 &&
		    strstr(reports[i], needle) != NULL) {
			return 1;
		}
	}
	return 0;
}

static const char full[] = "# a driver with everything\n"
                           "service rng {\n"
                           "\tbinary bin/virtio-rng   # the program\n"
                           "\targs -v  --fast\n"
                           "\tkind driver\n"
                           "\tpci 1af4:1044\n"
                           "\tipc ds pci\n"
                           "\tkcalls irq_bind irq_enable mmio_map dma_alloc\n"
                           "\tio 0x3f8-0x3ff 0x60\n"
                           "\tirq 4 11\n"
                           "\tmmio 0 4\n"
                           "\tdma 64K\n"
                           "\tdepends ds pci\n"
                           "\theartbeat 500ms\n"
                           "\tmax_retries 3\n"
                           "\tretry_interval 2s\n"
                           "\tauto_restart yes\n"
                           "\tpreserve_state 4K\n"
                           "\tnotify_dependents restart\n"
                           "\ton_repeated_failure run bin/report rng failed\n"
                           "}\n"
                           "\n"
                           "service ds {\n"
                           "  binary bin/ds\n"
                           "}\n"
                           "service pci {\n"
                           "  binary bin/pci\n"
                           "  boot no\n"
                           "  pci class 0c:03:30\n"
                           "  kind driver\n"
                           "}";

static void
test_full_file(void **state)
{
	int errors, n = parse(full, &errors);
	struct rs_service_conf *c = &svc[0];

	assert_int_equal(errors, 0);
	assert_int_equal(n, 3);
	assert_string_equal(c->sc_name, "rng");
	assert_string_equal(c->sc_binary, "bin/virtio-rng");
	assert_string_equal(c->sc_args, "-v --fast");
	assert_int_equal(c->sc_kind, RS_KIND_DRIVER);
	assert_int_equal(c->sc_pci.pm_kind, RS_PCI_ID);
	assert_int_equal(c->sc_pci.pm_vendor, 0x1af4);
	assert_int_equal(c->sc_pci.pm_device, 0x1044);
	assert_int_equal(c->sc_ipc_count, 2);
	assert_string_equal(c->sc_ipc[1], "pci");
	assert_true(c->sc_kcalls ==
	    ((1ull << KC_IRQ_BIND) | (1ull << KC_IRQ_ENABLE) | (1ull << KC_MMIO_MAP) |
	        (1ull << KC_DMA_ALLOC)));
	assert_int_equal(c->sc_io_count, 2);
	assert_int_equal(c->sc_io[0].pio_base, 0x3f8);
	assert_int_equal(c->sc_io[0].pio_count, 8);
	assert_int_equal(c->sc_io[1].pio_count, 1);
	assert_int_equal(c->sc_irq_count, 2);
	assert_int_equal(c->sc_irq[1], 11);
	assert_int_equal(c->sc_mmio_bars, 0x11);
	assert_int_equal(c->sc_dma_quota, 65536);
	assert_int_equal(c->sc_dep_count, 2);
	assert_true(c->sc_heartbeat_ns == 500 * RS_NS_PER_MS);
	assert_int_equal(c->sc_policy.max_retries, 3);
	assert_true(c->sc_policy.retry_ns == 2 * RS_NS_PER_S);
	assert_int_equal(c->sc_preserve_state, 4096);
	assert_int_equal(c->sc_policy.notify, RS_NOTIFY_RESTART);
	assert_int_equal(c->sc_policy.escalation, RS_ESC_RUN);
	assert_string_equal(c->sc_run_cmd, "bin/report rng failed");
	assert_int_equal(c->sc_line, 2);
	assert_int_equal(c->sc_boot, 1);
	/* Defaults. */
	assert_int_equal(svc[1].sc_kind, RS_KIND_SERVER);
	assert_int_equal(svc[1].sc_policy.max_retries, 5);
	assert_true(svc[1].sc_policy.retry_ns == 5 * RS_NS_PER_S);
	assert_true(svc[1].sc_policy.auto_restart);
	assert_int_equal(svc[1].sc_policy.escalation, RS_ESC_MARK_FAILED);
	assert_int_equal(svc[1].sc_heartbeat_ns, 0);
	assert_int_equal(svc[2].sc_boot, 0);
	assert_int_equal(svc[2].sc_pci.pm_kind, RS_PCI_CLASS);
	assert_int_equal(svc[2].sc_pci.pm_class, 0x0c);
	assert_int_equal(svc[2].sc_pci.pm_progif, 0x30);
	assert_true(svc[2].sc_pci.pm_has_progif);
}

static void
test_empty_and_comments(void **state)
{
	int errors;

	assert_int_equal(parse("", &errors), 0);
	assert_int_equal(errors, 0);
	assert_int_equal(parse("# only\n\n   # comments\r\n\t\n", &errors), 0);
	assert_int_equal(errors, 0);
	assert_int_equal(parse("service a{\n", &errors), 0);
	assert_int_equal(errors, 1);
}

/* Each bad block: one service in the middle goes wrong at line 4, the
 * two around it still parse. */
static const struct {
	const char *line;
	const char *message;
} bad_lines[] = {
	{ "colour blue", "unknown key 'colour'" },
	{ "binary bin/y", "binary given twice" },
	{ "kind", "wrong number" },
	{ "kind daemon", "kind: expected" },
	{ "pci 1af4", "pci: expected" },
	{ "pci 1af4:10441", "pci: expected" },
	{ "pci class 0c", "pci: expected" },
	{ "pci zz:yy", "pci: expected" },
	{ "pci 1af4:1044:1", "pci: expected" },
	{ "ipc Bad! name", "ipc: bad service name" },
	{ "ipc a b c d e f g h i j k l m n o p q", "ipc: at most 16" },
	{ "kcalls irq_bind fly", "unknown kernel call 'fly'" },
	{ "io 0x400-0x3ff", "io: expected" },
	{ "io 0x10000", "io: expected" },
	{ "io 1 2 3 4 5 6 7 8 9", "io: at most 8" },
	{ "irq 256", "irq: bad line" },
	{ "irq -1", "irq: bad line" },
	{ "irq 4x", "irq: bad line" },
	{ "mmio 6", "mmio: expected" },
	{ "dma 512M", "dma: bad size" },
	{ "dma 99999999999999999999999", "dma: bad size" },
	{ "dma 0x", "dma: bad size" },
	{ "depends a b c d e f g h i", "depends: at most 8" },
	{ "heartbeat 5", "heartbeat: bad period" },
	{ "heartbeat 1ms", "heartbeat: bad period" },
	{ "heartbeat 3601s", "heartbeat: bad period" },
	{ "heartbeat 18446744073709551615s", "heartbeat: bad period" },
	{ "max_retries 1001", "max_retries: expected" },
	{ "max_retries many", "max_retries: expected" },
	{ "retry_interval 5m", "retry_interval: bad duration" },
	{ "retry_interval", "wrong number" },
	{ "auto_restart maybe", "auto_restart: expected yes or no" },
	{ "boot 1", "boot: expected yes or no" },
	{ "preserve_state 65537", "preserve_state: expected" },
	{ "preserve_state 1M", "preserve_state: expected" },
	{ "notify_dependents shout", "notify_dependents: expected" },
	{ "on_repeated_failure panic", "on_repeated_failure: expected" },
	{ "on_repeated_failure run", "on_repeated_failure: expected" },
	{ "on_repeated_failure reboot now", "on_repeated_failure: expected" },
	{ "args aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
	  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
	    "args: longer than" },
	{ "service c {", "no closing '}'" },
	{ "} x", "text after '}'" },
	{ "binar\001y x", "bad character 0x01" },
	{ "binary caf\xc3\xa9", "bad character 0xc3" },
	{ "kind driver\n\tmmio 0", "mmio names BARs but there is no pci match" },
	{ "pci 8086:100e", "a pci match needs kind driver" },
	{ "depends b", "depends on itself" },
};

static void
test_bad_lines(void **state)
{
	char text[1024];
	unsigned i;

	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		int errors, n;

		snprintf(text, sizeof(text),
		    "service a {\n binary bin/a\n}\nservice b {\n binary bin/b\n\t%s\n}\n"
		    "service z {\n binary bin/z\n}\n",
		    bad_lines[i].line);
		n = parse(text, &errors);
		if (!reported("t.conf:", bad_lines[i].message)) {
			fail_msg("'%s': no report containing '%s' (first: %s)", bad_lines[i].line,
			    bad_lines[i].message, nreports > 0 ? reports[0] : "none");
		}
		assert_true(errors >= 1);
		assert_true(n >= 2);
		assert_string_equal(svc[0].sc_name, "a");
		assert_string_equal(svc[n - 1].sc_name, "z");
		if (strcmp(bad_lines[i].line, "service c {") != 0) {
			assert_int_equal(n, 2);
			assert_true(reported("t.conf:4: ", "service 'b' skipped"));
		}
	}
}

static void
test_line_numbers(void **state)
{
	int errors, n;

	n = parse("service a {\n binary bin/a\n\n speed 9\n}\n", &errors);
	assert_int_equal(n, 0);
	assert_int_equal(errors, 1);
	assert_string_equal(reports[0], "t.conf:4: unknown key 'speed'");
	assert_string_equal(reports[1], "t.conf:1: service 'a' skipped");
}

static void
test_structure_errors(void **state)
{
	char longline[400];
	int errors;

	/* Outside a block. */
	assert_int_equal(parse("binary bin/x\nservice a {\n binary bin/a\n}\n", &errors), 1);
	assert_true(reported("t.conf:1: ", "expected 'service NAME {'"));
	/* Bad or duplicate names. */
	assert_int_equal(parse("service 9a {\n binary x\n}\n", &errors), 0);
	assert_true(reported("t.conf:1: ", "bad service name"));
	assert_int_equal(parse("service abcdefghijklmnopqrstuvwx {\n binary x\n}\n", &errors), 0);
	assert_int_equal(parse("service abcdefghijklmnopqrstuvw {\n binary x\n}\n", &errors), 1);
	assert_int_equal(parse("service a {\n binary x\n}\nservice a {\n binary y\n}\n", &errors),
	    1);
	assert_true(reported("t.conf:4: ", "already defined at line 1"));
	assert_string_equal(svc[0].sc_binary, "x");
	assert_int_equal(parse("service a b {\n binary x\n}\n", &errors), 0);
	/* No binary; unterminated at end of file. */
	assert_int_equal(parse("service a {\n kind driver\n}\n", &errors), 0);
	assert_true(reported("t.conf:3: ", "has no binary"));
	assert_int_equal(parse("service a {\n binary x\n", &errors), 0);
	assert_true(reported("t.conf:1: ", "no closing '}'"));
	/* A stray '}' and an over-long line. */
	assert_int_equal(parse("}\n", &errors), 0);
	assert_int_equal(errors, 1);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "service a {\n binary ", 20);
	assert_int_equal(parse(longline, &errors), 0);
	assert_true(reported("t.conf:2: ", "line longer than 256"));
	/* A NUL byte inside the buffer. */
	nreports = 0;
	assert_int_equal(rs_config_parse("t.conf", "service a {\n bi\0nary x\n}\n", 25, svc, 4,
	                     collect, NULL, &errors),
	    0);
	assert_true(reported("t.conf:2: ", "bad character 0x00"));
}

static void
test_too_many_services(void **state)
{
	char text[4096];
	size_t len = 0;
	int i, errors, n;

	for (i = 0; i < 5; i++) {
		len += snprintf(text + len, sizeof(text) - len, "service s%d {\nbinary b\n}\n", i);
	}
	nreports = 0;
	n = rs_config_parse("t.conf", text, len, svc, 3, collect, NULL, &errors);
	assert_int_equal(n, 3);
	assert_int_equal(errors, 2);
	assert_true(reported("t.conf:12: ", "too many services"));
}

/* Every prefix of the full file, exactly sized on the heap so that ASan
 * catches a read past the end. */
static void
test_every_truncation(void **state)
{
	size_t len = strlen(full), cut;

	for (cut = 0; cut <= len; cut++) {
		char *copy = malloc(cut + 1);
		int errors, n;

		memcpy(copy, full, cut);
		nreports = 0;
		n = rs_config_parse("t.conf", copy, cut, svc, RS_SERVICES_MAX, collect, NULL,
		    &errors);
		assert_true(n >= 0 && n <= 3);
		free(copy);
	}
}

static void
test_random_flips(void **state)
{
	size_t len = strlen(full);
	unsigned seed = 12345, round;

	for (round = 0; round < 20000; round++) {
		char *copy = malloc(len);
		int flips, errors, n;

		memcpy(copy, full, len);
		for (flips = 0; flips < 1 + (int)(round % 4); flips++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % len] = (char)(seed >> 20);
		}
		nreports = 0;
		n = rs_config_parse("t.conf", copy, len, svc, RS_SERVICES_MAX, collect, NULL,
		    &errors);
		assert_true(n >= 0 && n <= RS_SERVICES_MAX);
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_too_many_services),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_random_flips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
