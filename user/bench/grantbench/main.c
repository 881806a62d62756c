/*
 * grantbench: what a safecopy costs, alone and with two copiers at once,
 * each from its own owner's grant (the case per-table locks let run side
 * by side, where one global lock made them take turns; copies from one
 * owner still meet at its page-table lock).  An owner (`grantbench
 * owner`) grants the copier it is told of a 64 KiB window; a copier
 * (`grantbench copier`) copies 8 KiB from it ROUNDS times and reports.
 * Medians of TRIALS runs.
 *
 * Prints `RESULT safecopy_8k_ns N ns` (one copier, per copy) and
 * `RESULT safecopy_8k_2x_ns N ns` (two at once: wall time per copy of the
 * two together), and exits 0 when every copy worked.  Run with SMP=2.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>

#define WIN (64 * 1024)
#define COPY (8 * 1024)
#define ROUNDS 2000
#define TRIALS 5

static uint8_t win[WIN] __attribute__((aligned(4096)));
static uint8_t dst[COPY];

/* The copier: waits for (owner, grant id, rounds), copies, answers 0 or
 * the error. */
static int
copier(void)
{
	struct message m = { 0 };
	endpoint_t parent;
	int r = 0;

	if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
		return 1;
	}
	parent = m.m_source;
	for (uint64_t i = 0; i < m.m_arg[2] && r == 0; i++) {
		r = kc_safecopy_from((endpoint_t)m.m_arg[0], (int64_t)m.m_arg[1], (i * COPY) % WIN,
		    dst, COPY);
	}
	m.m_arg[0] = (uint64_t)(int64_t)r;
	return ipc_send(parent, &m) == 0 && r == 0 ? 0 : 1;
}

/* The owner: grants its window to the copier it is called with, answers
 * the grant id, and exits at the next message. */
static int
owner(void)
{
	struct message m = { 0 };

	memset(win, 0x5a, sizeof(win));
	if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
		return 1;
	}
	m.m_arg[0] = (uint64_t)kc_grant_create((endpoint_t)m.m_arg[0], win, WIN, GRANT_READ);
	if (ipc_reply(m.m_source, &m) != 0 || ipc_receive(ENDPOINT_ANY, &m) != 0) {
		return 1;
	}
	return 0;
}

static endpoint_t
child_start(const char *role)
{
	static const unsigned calls[] = { KC_CONSOLE_WRITE, KC_SAFECOPY_FROM, KC_GRANT_CREATE,
		KC_GRANT_REVOKE };
	char *argv[] = { "grantbench", (char *)role, NULL };
	struct priv_desc pd;

	memset(&pd, 0, sizeof(pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd.pd_kcalls |= 1ULL << calls[i];
	}
	pd.pd_flags = PRIV_IPC_ANY;
	return spawn_boot("grantbench", argv, &pd);
}

/* n copiers at once; the wall time in ns, 0 on failure. */
static uint64_t
run(unsigned n)
{
	endpoint_t ep[2], own[2];
	int64_t g[2];
	uint64_t start, ns;
	bool ok = true;

	/* Copiers first: a thread stays on the CPU it starts on, the least
	 * loaded one then, so consecutive starts spread over the CPUs. */
	for (unsigned i = 0; i < n; i++) {
		ep[i] = child_start("copier");
	}
	for (unsigned i = 0; i < n; i++) {
		struct message m = { 0 };

		own[i] = child_start("owner");
		m.m_arg[0] = (uint64_t)ep[i];
		g[i] = ep[i] >= 0 && own[i] >= 0 && ipc_call(own[i], &m) == 0 ?
		    (int64_t)m.m_arg[0] :
		    -1;
		if (g[i] < 0) {
			return 0;
		}
	}
	start = clock_now_ns();
	for (unsigned i = 0; i < n; i++) {
		struct message m = { .m_arg = { (uint64_t)own[i], (uint64_t)g[i], ROUNDS } };

		ok = ok && ipc_send(ep[i], &m) == 0;
	}
	for (unsigned i = 0; i < n; i++) {
		struct message m = { 0 };

		ok = ok && ipc_receive(ep[i], &m) == 0 && m.m_arg[0] == 0;
	}
	ns = clock_now_ns() - start;
	for (unsigned i = 0; i < n; i++) {
		struct message m = { 0 };
		struct exit_info ei;

		ipc_send(own[i], &m);
		spawn_wait(ep[i], &ei);
		spawn_wait(own[i], &ei);
	}
	return ok ? ns : 0;
}

static uint64_t
median(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	return v[n / 2];
}

int
main(int argc, char **argv)
{
	uint64_t one[TRIALS], two[TRIALS];

	if (argc >= 2 && strcmp(argv[1], "copier") == 0) {
		return copier();
	}
	if (argc >= 2 && strcmp(argv[1], "owner") == 0) {
		return owner();
	}
	for (unsigned t = 0; t < TRIALS; t++) {
		one[t] = run(1);
		two[t] = run(2);
		if (one[t] == 0 || two[t] == 0) {
			printf("grantbench: a copy failed\n");
			return 1;
		}
	}
	printf("RESULT safecopy_8k_ns %lu ns\n", median(one, TRIALS) / ROUNDS);
	printf("RESULT safecopy_8k_2x_ns %lu ns\n", median(two, TRIALS) / (2 * ROUNDS));
	return 0;
}
