/*
 * Dependency ordering (deps.h): Kahn's algorithm that always takes the
 * first ready service in file order, so the order is stable.  What is
 * left when nothing is ready is a cycle or hangs from one: a walk along
 * unplaced dependencies from any leftover service must come back on
 * itself, and the loop it closes is reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "deps.h"

enum mark {
	M_WAITING, /* not placed yet */
	M_PLACED,  /* in the order */
	M_BLOCKED, /* can never start: reported */
};

struct deps {
	const struct rs_service_conf *svc;
	int n;
	const char *file;
	rs_config_report_fn report;
	void *ctx;
	enum mark mark[RS_SERVICES_MAX];
	int dep[RS_SERVICES_MAX][RS_DEPS_MAX]; /* indices; -1: not configured */
};

static void __attribute__((format(printf, 3, 4))) say(struct deps *g, int i, const char *fmt, ...)
{
	char msg[RS_LINE_MAX + 128];
	int k;
	va_list ap;

	if (g->report == NULL) {
		return;
	}
	k = snprintf(msg, sizeof(msg), "%s:%u: ", g->file, (unsigned)g->svc[i].sc_line);
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - k, fmt, ap);
	va_end(ap);
	g->report(g->ctx, msg);
}

/* Marks blocked every waiting service with a blocked dependency, until
 * nothing changes. */
static void
propagate(struct deps *g)
{
	int changed = 1, i;
	uint32_t k;

	while (changed) {
		changed = 0;
		for (i = 0; i < g->n; i++) {
			for (k = 0; g->mark[i] == M_WAITING && k < g->svc[i].sc_dep_count; k++) {
				int d = g->dep[i][k];

				if (d >= 0 && g->mark[d] == M_BLOCKED) {
					say(g, i,
					    "service '%s' not started: it depends on '%s', "
					    "which cannot start",
					    g->svc[i].sc_name, g->svc[d].sc_name);
					g->mark[i] = M_BLOCKED;
					changed = 1;
				}
			}
		}
	}
}

/* Places every service whose dependencies are placed, first ready first. */
static int
place(struct deps *g, int *order, int count)
{
	int i = 0;
	uint32_t k;

	while (i < g->n) {
		if (g->mark[i] == M_WAITING) {
			for (k = 0; k < g->svc[i].sc_dep_count; k++) {
				if (g->mark[g->dep[i][k]] != M_PLACED) {
					break;
				}
			}
			if (k == g->svc[i].sc_dep_count) {
				g->mark[i] = M_PLACED;
				order[count++] = i;
				i = 0;
				continue;
			}
		}
		i++;
	}
	return count;
}

/* From waiting service start, follows waiting dependencies until a
 * service repeats; reports that loop and blocks its services. */
static void
report_cycle(struct deps *g, int start)
{
	int path[RS_SERVICES_MAX + 1], pos[RS_SERVICES_MAX];
	int len = 0, cur = start, i;
	char msg[RS_LINE_MAX];
	size_t m = 0;
	uint32_t k;

	for (i = 0; i < g->n; i++) {
		pos[i] = -1;
	}
	while (pos[cur] < 0) {
		pos[cur] = len;
		path[len++] = cur;
		for (k = 0; k < g->svc[cur].sc_dep_count; k++) {
			if (g->mark[g->dep[cur][k]] == M_WAITING) {
				break;
			}
		}
		/* place() left cur waiting, so one dependency is waiting. */
		cur = g->dep[cur][k];
	}
	msg[0] = '\0';
	for (i = pos[cur]; i < len && m < sizeof(msg); i++) {
		m += snprintf(msg + m, sizeof(msg) - m, "%s -> ", g->svc[path[i]].sc_name);
	}
	if (m < sizeof(msg)) {
		snprintf(msg + m, sizeof(msg) - m, "%s", g->svc[cur].sc_name);
	}
	say(g, cur, "dependency cycle: %s (not started)", msg);
	for (i = pos[cur]; i < len; i++) {
		g->mark[path[i]] = M_BLOCKED;
	}
}

int
rs_deps_order(const struct rs_service_conf *svc, int n, int *order, const char *file,
    rs_config_report_fn report, void *ctx)
{
	struct deps g;
	int i, j, count = 0;
	uint32_t k;

	memset(&g, 0, sizeof(g));
	g.svc = svc;
	g.n = n > RS_SERVICES_MAX ? RS_SERVICES_MAX : n;
	g.file = file;
	g.report = report;
	g.ctx = ctx;
	for (i = 0; i < g.n; i++) {
		for (k = 0; k < svc[i].sc_dep_count && k < RS_DEPS_MAX; k++) {
			g.dep[i][k] = -1;
			for (j = 0; j < g.n; j++) {
				if (strcmp(svc[j].sc_name, svc[i].sc_deps[k]) == 0) {
					g.dep[i][k] = j;
				}
			}
			if (g.dep[i][k] < 0 && g.mark[i] == M_WAITING) {
				say(&g, i,
				    "service '%s' not started: it depends on '%s', which is "
				    "not configured",
				    svc[i].sc_name, svc[i].sc_deps[k]);
				g.mark[i] = M_BLOCKED;
			}
		}
	}
	propagate(&g);
	for (;;) {
		count = place(&g, order, count);
		for (i = 0; i < g.n && g.mark[i] != M_WAITING; i++) {
		}
		if (i == g.n) {
			break;
		}
		report_cycle(&g, i);
		propagate(&g);
	}
	return count;
}
