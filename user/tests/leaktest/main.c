/*
 * leaktest: a thousand times, a child takes one of every resource a
 * driver can hold (DMA memory, a grant, an IRQ hook, I/O ports, memory
 * mapped from its parent through a grant) and then crashes on a null
 * pointer.  Afterwards free frames and kernel heap must be exactly what
 * they were before: the kernel reclaims everything of a dead process.
 *
 * Usage: leaktest [leak] [cycles=N]; prints `test leak: OK` with the
 * numbers (or `test leak: FAILED: why`) and `N passed, N failed`.
 */
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CYCLES 1000
#define WARM_CHILDREN 4
#define IRQ_LINE 5 /* an ISA line nothing uses */
#define DMA_SMALL (64 * 1024)
#define DMA_LARGE (2 * 1024 * 1024)
#define PAGE 4096

static char why[160];
static volatile uint64_t *shared; /* the page every child maps */

/* The child: takes everything, then dies the hard way.  Exit statuses
 * other than the crash tell the parent which step failed. */
static int
child(void)
{
	static uint8_t mine[PAGE] __attribute__((aligned(PAGE)));
	struct message m = { 0 };
	struct dma_buf small, large;
	volatile uint64_t *page;
	int64_t va;

	if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
		return 10;
	}
	va = kc_grant_map(m.m_source, (int64_t)m.m_arg[0]);
	if (va < 0) {
		return 11;
	}
	page = (volatile uint64_t *)va;
	page[0]++;
	if (kc_dma_alloc(DMA_SMALL, 0, 0, &small) != 0 ||
	    kc_dma_alloc(DMA_LARGE, DMA_LARGE, DMA_BELOW_4G, &large) != 0) {
		return 12;
	}
	((volatile uint8_t *)large.db_vaddr)[DMA_LARGE - 1] = 1;
	if (kc_grant_create(m.m_source, mine, sizeof(mine), GRANT_READ | GRANT_MAP) < 0) {
		return 13;
	}
	if (kc_irq_bind(IRQ_LINE) < 0) {
		return 14;
	}
	dev_inb(0x80);
	*(volatile int *)0 = 1;
	return 15;
}

static void
child_priv(struct priv_desc *pd)
{
	memset(pd, 0, sizeof(*pd));
	pd->pd_kcalls = (1ULL << KC_CONSOLE_WRITE) | (1ULL << KC_GRANT_MAP) |
	    (1ULL << KC_GRANT_CREATE) | (1ULL << KC_DMA_ALLOC) | (1ULL << KC_IRQ_BIND);
	pd->pd_dma_quota = DMA_SMALL + DMA_LARGE;
	pd->pd_irq_count = 1;
	pd->pd_irq[0] = IRQ_LINE;
	pd->pd_io_count = 1;
	pd->pd_io[0] = (struct priv_io_range){ 0x80, 1 };
}

/* Starts child n, which waits for the grant of the shared page. */
static const char *
cycle_spawn(unsigned n, endpoint_t *ep)
{
	char *argv[] = { "leaktest", "child", NULL };
	struct priv_desc pd;

	child_priv(&pd);
	*ep = spawn_boot("leaktest", argv, &pd);
	if (*ep < 0) {
		snprintf(why, sizeof(why), "cycle %u: cannot start the child: %s", n,
		    strerror(*ep));
		return why;
	}
	return NULL;
}

/* Hands child ep the grant; it runs on to its crash by itself. */
static void
cycle_go(endpoint_t ep)
{
	struct message m = { 0 };
	int64_t g;

	g = kc_grant_create(ep, (const void *)shared, PAGE, GRANT_READ | GRANT_WRITE | GRANT_MAP);
	m.m_arg[0] = (uint64_t)g;
	if (g < 0 || ipc_send(ep, &m) != 0) {
		kc_proc_kill(ep);
	}
}

/* Collects child n, which must have died of its null pointer. */
static const char *
cycle_finish(unsigned n, endpoint_t ep)
{
	struct exit_info ei;
	char how[96];

	if (spawn_wait(ep, &ei) != 0) {
		snprintf(why, sizeof(why), "cycle %u: lost the child", n);
		return why;
	}
	if (ei.ei_cause != EXIT_FAULT || ei.ei_vector != 14 || ei.ei_addr != 0) {
		snprintf(why, sizeof(why), "cycle %u: child %s", n,
		    exit_describe(&ei, how, sizeof(how)));
		return why;
	}
	return NULL;
}

/* WARM_CHILDREN cycles at once (all alive before the first goes on): the
 * kernel's caches (kernel stacks kept for reuse, an empty slab page per
 * heap size class) grow to more than the one-at-a-time cycles will ever
 * need, and this process's own records are made, before anything is
 * counted. */
static const char *
warm_up(void)
{
	endpoint_t ep[WARM_CHILDREN];
	const char *err = NULL;
	unsigned started = 0;

	while (started < WARM_CHILDREN && err == NULL) {
		err = cycle_spawn(0, &ep[started]);
		started += err == NULL;
	}
	for (unsigned i = 0; i < started; i++) {
		cycle_go(ep[i]);
	}
	for (unsigned i = 0; i < started; i++) {
		const char *e = cycle_finish(0, ep[i]);

		err = err != NULL ? err : e;
	}
	return err;
}

static const char *
test_leak(unsigned cycles)
{
	struct sysinfo before, after;
	uint64_t t0;
	const char *err;

	err = warm_up();
	if (err != NULL) {
		return err;
	}
	testrun_settled_memory(&before);
	t0 = before.si_uptime_ns;
	for (unsigned n = 1; n <= cycles; n++) {
		endpoint_t ep;

		err = cycle_spawn(n, &ep);
		if (err == NULL) {
			cycle_go(ep);
			err = cycle_finish(n, ep);
		}
		if (err != NULL) {
			return err;
		}
		if (n % 100 == 0) {
			printf("leaktest: %u cycles\n", n);
		}
	}
	testrun_settled_memory(&after);
	printf("leaktest: %u cycles in %lu ms; free frames %lu -> %lu, kernel heap %lu -> %lu "
	       "bytes, processes %u -> %u\n",
	    cycles, (after.si_uptime_ns - t0) / 1000000, sysinfo_free_frames(&before),
	    sysinfo_free_frames(&after), before.si_heap_used, after.si_heap_used, before.si_procs,
	    after.si_procs);
	if (shared[0] != cycles + WARM_CHILDREN) {
		snprintf(why, sizeof(why), "the shared page counted %lu children, not %u",
		    shared[0], cycles + WARM_CHILDREN);
		return why;
	}
	if (sysinfo_free_frames(&after) != sysinfo_free_frames(&before) ||
	    after.si_heap_used != before.si_heap_used || after.si_procs != before.si_procs) {
		return "resources of dead children were not given back";
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	unsigned cycles = CYCLES, failed = 0;
	const char *err;
	int64_t va;

	if (argc >= 2 && strcmp(argv[1], "child") == 0) {
		return child();
	}
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "cycles=", 7) == 0) {
			cycles = (unsigned)atoi(argv[i] + 7);
		} else if (strcmp(argv[i], "leak") != 0) {
			printf("leaktest: no test named %s\n", argv[i]);
			printf("0 passed, 1 failed\n");
			return 1;
		}
	}
	va = kc_proc_mmap(ENDPOINT_SELF, 0, PAGE, PROT_READ | PROT_WRITE);
	if (va < 0) {
		err = "cannot map the shared page";
	} else {
		shared = (volatile uint64_t *)va;
		err = test_leak(cycles);
	}
	if (err == NULL) {
		printf("test leak: OK\n");
	} else {
		printf("test leak: FAILED: %s\n", err);
		failed = 1;
	}
	printf("%u passed, %u failed\n", 1 - failed, failed);
	return failed;
}
