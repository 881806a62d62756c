/* unit-sources: servers/rs/deps.c servers/rs/config.c servers/rs/config_keys.c servers/rs/config_value.c servers/rs/policy.c */
/*
 * Start order from dependencies: stable among equals, cycles named in
 * order and left out with what hangs from them, missing dependencies
 * reported.  Services are written as services.conf text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "../../servers/rs/deps.h"

static struct rs_service_conf svc[RS_SERVICES_MAX];
static char reports[32][RS_LINE_MAX + 128];
static int nreports;

static void
collect(void *ctx, const char *msg)
{
	if (nreports < 32) {
		snprintf(reports[nreports], sizeof(reports[0]), "%s", msg);
	}
	nreports++;
}

/* spec: "a:b,c d e:a" -- services with their dependencies.  Returns the
 * start order as names, space-separated, in out. */
static void
order_of(const char *spec, char *out, size_t size)
{
	char text[4096], copy[256], *tok, *save;
	int order[RS_SERVICES_MAX], n, i, errors;
	size_t len = 0, o = 0;

	snprintf(copy, sizeof(copy), "%s", spec);
	for (tok = strtok_r(copy, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(tok, ':');

		if (colon != NULL) {
			*colon++ = '\0';
			for (char *c = colon; *c != '\0'; c++) {
				if (*c == ',') {
					*c = ' ';
				}
			}
		}
		len += snprintf(text + len, sizeof(text) - len,
		    "service %s {\nbinary bin/%s\n%s%s\n}\n", tok, tok,
		    colon != NULL ? "depends " : "", colon != NULL ? colon : "");
	}
	nreports = 0;
	n = rs_config_parse("s.conf", text, len, svc, RS_SERVICES_MAX, collect, NULL, &errors);
	assert_int_equal(errors, 0);
	n = rs_deps_order(svc, n, order, "s.conf", collect, NULL);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		o += snprintf(out + o, size - o, "%s%s", i ? " " : "", svc[order[i]].sc_name);
	}
}

static int
reported(const char *needle)
{
	int i;

	for (i = 0; i < nreports && i < 32; i++) {
		if (strstr(reports[i], needle) != NULL) {
			return 1;
		}
	}
	return 0;
}

static void
test_no_dependencies_keeps_file_order(void **state)
{
	char out[256];

	order_of("c b a", out, sizeof(out));
	assert_string_equal(out, "c b a");
	assert_int_equal(nreports, 0);
}

static void
test_dependencies_first(void **state)
{
	char out[256];

	order_of("net:pci,ds rng:pci pci:ds ds vfs:ds", out, sizeof(out));
	assert_string_equal(out, "ds pci net rng vfs");
	order_of("a:d b c:a d", out, sizeof(out));
	assert_string_equal(out, "b d a c");
	assert_int_equal(nreports, 0);
}

static void
test_cycle_named(void **state)
{
	char out[256];

	order_of("x a:b b:c c:a d:a e", out, sizeof(out));
	assert_string_equal(out, "x e");
	assert_true(reported("dependency cycle: a -> b -> c -> a"));
	assert_true(reported("service 'd' not started: it depends on 'a'"));
	assert_int_equal(nreports, 2);
}

static void
test_two_cycles(void **state)
{
	char out[256];

	order_of("p:q q:p r s:t t:s", out, sizeof(out));
	assert_string_equal(out, "r");
	assert_true(reported("dependency cycle: p -> q -> p"));
	assert_true(reported("dependency cycle: s -> t -> s"));
}

static void
test_cycle_behind_a_chain(void **state)
{
	char out[256];

	/* The walk from a enters the loop b -> c -> b; a only hangs from it. */
	order_of("a:b b:c c:b", out, sizeof(out));
	assert_string_equal(out, "");
	assert_true(reported("dependency cycle: b -> c -> b"));
	assert_true(reported("service 'a' not started: it depends on 'b'"));
}

static void
test_missing_dependency(void **state)
{
	char out[256];

	order_of("a:ghost b:a c", out, sizeof(out));
	assert_string_equal(out, "c");
	assert_true(reported("s.conf:1: service 'a' not started: it depends on 'ghost', which is "
	                     "not configured"));
	assert_true(reported("service 'b' not started: it depends on 'a', which cannot start"));
}

/* Random graphs (some edges to missing names): every placed service
 * comes after all of its dependencies, nothing is placed twice, and every
 * service left out was reported. */
static void
test_random_graphs(void **state)
{
	unsigned seed = 99, round;

	for (round = 0; round < 2000; round++) {
		int n = 1 + round % RS_SERVICES_MAX, order[RS_SERVICES_MAX], pos[RS_SERVICES_MAX];
		int i, j, placed;
		uint32_t k;

		memset(svc, 0, sizeof(svc));
		for (i = 0; i < n; i++) {
			snprintf(svc[i].sc_name, RS_NAME_MAX, "s%d", i);
			svc[i].sc_line = i + 1;
			seed = seed * 1103515245u + 12345u;
			svc[i].sc_dep_count = (seed >> 16) % 3;
			for (k = 0; k < svc[i].sc_dep_count; k++) {
				seed = seed * 1103515245u + 12345u;
				/* Mostly earlier services (acyclic), sometimes any. */
				j = (seed >> 16) % (round % 5 == 0 ? n + 1 : (i > 0 ? i : 1));
				snprintf(svc[i].sc_deps[k], RS_NAME_MAX, "s%d", j);
			}
		}
		nreports = 0;
		placed = rs_deps_order(svc, n, order, "r.conf", collect, NULL);
		assert_true(placed >= 0 && placed <= n);
		for (i = 0; i < n; i++) {
			pos[i] = -1;
		}
		for (i = 0; i < placed; i++) {
			assert_int_equal(pos[order[i]], -1);
			pos[order[i]] = i;
		}
		for (i = 0; i < placed; i++) {
			const struct rs_service_conf *c = &svc[order[i]];

			for (k = 0; k < c->sc_dep_count; k++) {
				assert_int_equal(sscanf(c->sc_deps[k], "s%d", &j), 1);
				assert_true(j < n && pos[j] >= 0 && pos[j] < i);
			}
		}
		assert_true(nreports >= (n - placed > 0 ? 1 : 0));
		assert_true(n - placed == 0 || nreports > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_dependencies_keeps_file_order),
		cmocka_unit_test(test_dependencies_first),
		cmocka_unit_test(test_cycle_named),
		cmocka_unit_test(test_two_cycles),
		cmocka_unit_test(test_cycle_behind_a_chain),
		cmocka_unit_test(test_missing_dependency),
		cmocka_unit_test(test_random_graphs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
