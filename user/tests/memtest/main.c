/*
 * memtest: memory shared between processes, and DMA buffers.
 *   copy      safecopy both ways through a grant whose window crosses a page
 *   errors    every way a safecopy or grant can be wrong is refused
 *   revoke    a grant revoked while in use stops working
 *   shm       a counter incremented in turn by two processes through a
 *             KC_GRANT_MAP mapping
 *   shm_life  a shared page outlives its owner's unmap and exit, and is
 *             freed with its last user
 *   dma_align, dma_below4g, dma_zero   DMA buffers: alignment, the
 *             DMA_BELOW_4G flag, zeroed contents
 *   share     KC_PROC_SHARE's refusals; a child sees the page shared into
 *             it and faults writing it
 *   leaks     all of them again: free frames and kernel heap end exactly
 *             where they were before
 * Children are this program started with `child CASE [ARG]` (children.c).
 *
 * Usage: memtest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`; exits 0 when all passed.
 */
#include <libsys/bootimage.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "memtest.h"

#define HOLD_CHILDREN 8

static char why[160];
static uint8_t win[3 * MEMTEST_PAGE] __attribute__((aligned(MEMTEST_PAGE)));

/* The record of every child: what its case needs, and IPC with anyone. */
static void
child_priv(struct priv_desc *pd)
{
	static const unsigned calls[] = { KC_CONSOLE_WRITE, KC_PROC_MMAP, KC_MUNMAP,
		KC_GRANT_CREATE, KC_GRANT_REVOKE, KC_SAFECOPY_FROM, KC_SAFECOPY_TO, KC_GRANT_MAP,
		KC_DMA_ALLOC, KC_DMA_FREE, KC_SYSINFO };

	memset(pd, 0, sizeof(*pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd->pd_kcalls |= 1ULL << calls[i];
	}
	pd->pd_flags = PRIV_IPC_ANY;
	pd->pd_dma_quota = MEMTEST_DMA_QUOTA;
}

static endpoint_t
start(const char *c, const char *arg)
{
	char *argv[] = { "memtest", "child", (char *)c, (char *)arg, NULL };
	struct priv_desc pd;

	child_priv(&pd);
	return spawn_boot("memtest", argv, &pd);
}

/* Waits for child ep (case c) and checks that it exited with status 0. */
static const char *
finish(endpoint_t ep, const char *c)
{
	struct exit_info ei;
	char how[96];
	int err = spawn_wait(ep, &ei);

	if (err != 0) {
		snprintf(why, sizeof(why), "lost child %s: %s", c, strerror(err));
		return why;
	}
	if (ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		snprintf(why, sizeof(why), "child %s %s", c, exit_describe(&ei, how, sizeof(how)));
		return why;
	}
	return NULL;
}

/* Starts child c and sends it the grant ids; finish() it afterwards. */
static endpoint_t
start_with_grants(const char *c, int64_t (*make)(endpoint_t, struct message *))
{
	struct message m = { 0 };
	endpoint_t ep = start(c, NULL);

	if (ep < 0 || make(ep, &m) < 0 || ipc_send(ep, &m) != 0) {
		return ep < 0 ? ep : -1;
	}
	return ep;
}

static int64_t
copy_grants(endpoint_t child, struct message *m)
{
	for (unsigned i = 0; i < sizeof(win); i++) {
		win[i] = i >= MEMTEST_WIN_OFF ? memtest_pattern(1, i - MEMTEST_WIN_OFF) : 0;
	}
	m->m_arg[0] = (uint64_t)kc_grant_create(child, win + MEMTEST_WIN_OFF, MEMTEST_WIN_LEN,
	    GRANT_READ | GRANT_WRITE);
	return (int64_t)m->m_arg[0];
}

static const char *
test_copy(void)
{
	endpoint_t ep = start_with_grants("copy", copy_grants);
	const char *err;

	if (ep < 0) {
		return "cannot start the child or grant to it";
	}
	err = finish(ep, "copy");
	if (err != NULL) {
		return err;
	}
	for (unsigned i = 0; i < MEMTEST_WIN_LEN; i++) {
		bool written = i >= MEMTEST_TO_OFF && i < MEMTEST_TO_OFF + MEMTEST_TO_LEN;
		uint8_t want = memtest_pattern(written ? 2 : 1, i);

		if (win[MEMTEST_WIN_OFF + i] != want) {
			snprintf(why, sizeof(why), "window byte %u is %u, want %u", i,
			    win[MEMTEST_WIN_OFF + i], want);
			return why;
		}
	}
	if (win[MEMTEST_WIN_OFF - 1] != 0) {
		return "the child wrote before the window";
	}
	/* The grant went with the child. */
	return NULL;
}

static endpoint_t errors_sink;

static int64_t
error_grants(endpoint_t child, struct message *m)
{
	int64_t revoked;

	m->m_arg[0] = (uint64_t)kc_grant_create(child, win, 4096, GRANT_READ | GRANT_WRITE);
	m->m_arg[1] = (uint64_t)kc_grant_create(child, win, 4096, GRANT_READ);
	revoked = kc_grant_create(child, win, 4096, GRANT_READ);
	kc_grant_revoke(revoked);
	m->m_arg[2] = (uint64_t)revoked;
	m->m_arg[3] = (uint64_t)kc_grant_create(errors_sink, win, 4096, GRANT_READ);
	for (unsigned i = 0; i < 4; i++) {
		if ((int64_t)m->m_arg[i] < 0) {
			return (int64_t)m->m_arg[i];
		}
	}
	return 0;
}

static const char *
test_errors(void)
{
	const char *err;
	endpoint_t ep;

	/* A live process to hold a grant meant for somebody else. */
	errors_sink = start("life_user", NULL);
	if (errors_sink < 0) {
		return "cannot start the other grantee";
	}
	ep = start_with_grants("errors", error_grants);
	err = ep < 0 ? "cannot start the child or grant to it" : finish(ep, "errors");
	kc_proc_kill(errors_sink);
	struct exit_info ei;
	spawn_wait(errors_sink, &ei);
	return err;
}

static int64_t revoke_id;

static int64_t
revoke_grants(endpoint_t child, struct message *m)
{
	revoke_id = kc_grant_create(child, win, 64, GRANT_READ);
	m->m_arg[0] = (uint64_t)revoke_id;
	return revoke_id;
}

static const char *
test_revoke(void)
{
	endpoint_t ep = start_with_grants("revoke", revoke_grants);
	struct message m = { 0 };

	if (ep < 0) {
		return "cannot start the child or grant to it";
	}
	/* The child calls once it has copied; answer after revoking. */
	if (ipc_receive(ep, &m) != 0 || kc_grant_revoke(revoke_id) != 0 || ipc_reply(ep, &m) != 0) {
		return "the revocation handshake failed";
	}
	return finish(ep, "revoke");
}

/* Starts the user, then the owner with the user's endpoint. */
static const char *
start_pair(const char *owner_case, const char *user_case, endpoint_t *owner, endpoint_t *user)
{
	char arg[16];

	*user = start(user_case, NULL);
	if (*user < 0) {
		return "cannot start the mapping child";
	}
	snprintf(arg, sizeof(arg), "%d", *user);
	*owner = start(owner_case, arg);
	if (*owner < 0) {
		kc_proc_kill(*user);
		return "cannot start the owning child";
	}
	return NULL;
}

static const char *
test_shm(void)
{
	endpoint_t owner, user;
	const char *err = start_pair("shm_owner", "shm_user", &owner, &user);
	const char *err2;

	if (err != NULL) {
		return err;
	}
	err = finish(owner, "shm_owner");
	err2 = finish(user, "shm_user");
	return err != NULL ? err : err2;
}

static const char *
test_shm_life(void)
{
	struct sysinfo before, after;
	struct message go = { 0 };
	endpoint_t owner, user;
	const char *err;

	testrun_settled_memory(&before);
	err = start_pair("life_owner", "life_user", &owner, &user);
	if (err != NULL) {
		return err;
	}
	err = finish(owner, "life_owner");
	if (ipc_send(user, &go) != 0 && err == NULL) {
		err = "cannot tell the user that the owner is gone";
	}
	if (err == NULL) {
		err = finish(user, "life_user");
	}
	testrun_settled_memory(&after);
	if (err == NULL &&
	    (sysinfo_free_frames(&after) != sysinfo_free_frames(&before) ||
	        after.si_heap_used != before.si_heap_used)) {
		snprintf(why, sizeof(why), "free frames %lu -> %lu, heap %lu -> %lu",
		    sysinfo_free_frames(&before), sysinfo_free_frames(&after), before.si_heap_used,
		    after.si_heap_used);
		return why;
	}
	return err;
}

static const char *
test_dma_case(const char *c)
{
	endpoint_t ep = start(c, NULL);

	return ep < 0 ? "cannot start the child" : finish(ep, c);
}

static const char *
test_dma_align(void)
{
	return test_dma_case("dma_align");
}

static const char *
test_dma_below4g(void)
{
	return test_dma_case("dma_below4g");
}

static const char *
test_dma_zero(void)
{
	return test_dma_case("dma_zero");
}

/* A child built but not started (elf_load), with our page at share
 * shared into it read-only: the child checks its bytes, then writes
 * there, which must fault (case read_shared).  Its exit record. */
static int
share_into_child(uint64_t page, struct exit_info *ei)
{
	char *argv[] = { "memtest", "child", "read_shared", NULL };
	struct spawn_req req = { "memtest", argv, NULL, NULL, NULL };
	struct priv_desc pd;
	const void *img;
	size_t len;
	endpoint_t ep;
	int err;

	child_priv(&pd);
	req.sr_priv = &pd;
	err = bootimage_find("bin/memtest", &img, &len);
	ep = err == 0 ? elf_load(img, len, &req) : err;
	if (ep < 0) {
		return ep;
	}
	err = kc_proc_share(ep, MEMTEST_SHARE_ADDR, page, MEMTEST_PAGE, PROT_READ);
	if (err == 0) {
		err = kc_proc_start(ep);
	}
	if (err != 0) {
		kc_proc_kill(ep);
	}
	spawn_wait(ep, ei);
	return err;
}

/* KC_PROC_SHARE: our frames mapped read-only into an unstarted child;
 * every wrong use refused; a child sees the bytes and cannot write them. */
static const char *
test_share(void)
{
	struct exit_info ei;
	endpoint_t child = kc_proc_create("share", 5);
	int64_t page = kc_proc_mmap(ENDPOINT_SELF, 0, MEMTEST_PAGE, PROT_READ | PROT_WRITE);
	uint64_t dst = MEMTEST_SHARE_ADDR;
	int r[8];

	if (child < 0 || page < 0) {
		return "cannot set up";
	}
	memset((void *)page, MEMTEST_SHARE_BYTE, MEMTEST_PAGE);
	r[0] = kc_proc_share(child, dst, (uint64_t)page, MEMTEST_PAGE, PROT_READ | PROT_WRITE);
	r[1] = kc_proc_share(child, dst, (uint64_t)page + 1, MEMTEST_PAGE, PROT_READ);
	r[2] = kc_proc_share(child, dst, 0x60000000ULL, MEMTEST_PAGE, PROT_READ);
	r[3] = kc_proc_share(ENDPOINT_SELF, dst, (uint64_t)page, MEMTEST_PAGE, PROT_READ);
	r[4] = kc_proc_share(child, dst, (uint64_t)page, MEMTEST_PAGE, PROT_READ | PROT_EXEC);
	r[5] = kc_proc_share(child, dst, (uint64_t)page, MEMTEST_PAGE, PROT_READ);
	r[6] = kc_proc_share(child, dst + MEMTEST_PAGE, (uint64_t)page, MEMTEST_PAGE, 0);
	kc_proc_kill(child);
	spawn_wait(child, &ei);
	r[7] = share_into_child((uint64_t)page, &ei);
	kc_munmap((uint64_t)page, MEMTEST_PAGE);
	if (r[0] != -EINVAL || r[1] != -EINVAL || r[2] != -EFAULT || r[3] >= 0 || r[4] != 0 ||
	    r[5] != -EEXIST || r[6] != -EINVAL || r[7] != 0) {
		snprintf(why, sizeof(why), "results %d %d %d %d %d %d %d %d", r[0], r[1], r[2],
		    r[3], r[4], r[5], r[6], r[7]);
		return why;
	}
	if (ei.ei_cause != EXIT_FAULT || ei.ei_vector != 14 || ei.ei_addr != MEMTEST_SHARE_ADDR) {
		snprintf(why, sizeof(why),
		    "the child with the shared page: cause %u status %d "
		    "vector %u addr %#lx",
		    ei.ei_cause, ei.ei_status, ei.ei_vector, (unsigned long)ei.ei_addr);
		return why;
	}
	return NULL;
}

static const struct {
	const char *name;
	const char *(*fn)(void);
} tests[] = {
	{ "copy", test_copy },
	{ "errors", test_errors },
	{ "revoke", test_revoke },
	{ "shm", test_shm },
	{ "shm_life", test_shm_life },
	{ "dma_align", test_dma_align },
	{ "dma_below4g", test_dma_below4g },
	{ "dma_zero", test_dma_zero },
	{ "share", test_share },
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/*
 * Every test again, now that the first round has filled what the kernel
 * keeps for reuse (one empty slab page per heap size class, this
 * process's resource record): afterwards free frames and kernel heap must
 * be exactly where they were before the second round.
 */
static const char *
test_leaks(void)
{
	struct sysinfo before, after;

	testrun_settled_memory(&before);
	for (size_t i = 0; i < NTESTS; i++) {
		const char *err = tests[i].fn();

		if (err != NULL) {
			snprintf(why, sizeof(why), "%s failed on the second round", tests[i].name);
			return why;
		}
	}
	testrun_settled_memory(&after);
	printf("memtest: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n",
	    sysinfo_free_frames(&before), sysinfo_free_frames(&after), before.si_heap_used,
	    after.si_heap_used);
	if (sysinfo_free_frames(&after) != sysinfo_free_frames(&before) ||
	    after.si_heap_used != before.si_heap_used) {
		return "memory was not given back";
	}
	return NULL;
}

/*
 * The kernel keeps the stacks of dead threads for reuse, and the pool
 * only grows, to the most threads ever alive at once (dead ones included
 * until an idle CPU frees them).  HOLD_CHILDREN children alive together
 * grow it past what any test needs, so that the memory counts of the
 * tests see only what they are about.
 */
static void
grow_stack_pool(void)
{
	endpoint_t ep[HOLD_CHILDREN];
	struct message m = { 0 };
	unsigned n;

	for (n = 0; n < HOLD_CHILDREN; n++) {
		ep[n] = start("hold", NULL);
		if (ep[n] < 0) {
			break;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		ipc_send(ep[i], &m);
	}
	for (unsigned i = 0; i < n; i++) {
		finish(ep[i], "hold");
	}
}

int
main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0;

	if (argc >= 3 && strcmp(argv[1], "child") == 0) {
		return memtest_child(argv[2], argc > 3 ? argv[3] : NULL);
	}
	grow_stack_pool();
	for (size_t i = 0; i <= NTESTS; i++) {
		const char *name = i < NTESTS ? tests[i].name : "leaks", *err;

		if (argc > 1 && strcmp(argv[1], name) != 0) {
			continue;
		}
		err = i < NTESTS ? tests[i].fn() : test_leaks();
		if (err == NULL) {
			printf("test %s: OK\n", name);
			passed++;
		} else {
			printf("test %s: FAILED: %s\n", name, err);
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("memtest: no test named %s\n", argv[1]);
		failed = 1;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
