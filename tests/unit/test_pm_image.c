/* unit-sources: lib/libc/spawn_image.c servers/pm/image.c servers/pm/table.c */
/*
 * The spawn image both ways, libc's builder (lib/libc/spawn_image.c)
 * and pm's parser (servers/pm/image.c): round trips with and without
 * environment and actions, limits (E2BIG), and every kind of malformed
 * image pm must refuse: short, lengths past the end, strings without
 * their NUL, actions that do not fill the rest.  Also pm's process table
 * (servers/pm/table.c): pids, lazy entries, wait matching and statuses,
 * and what a restored table becomes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "../../lib/libc/spawn_image.h"
#include "../../servers/pm/pm.h"

static void *
build(const char *path, char *const *argv, char *const *envp, const struct vfs_fdaction *a, int na,
    size_t *len)
{
	struct spawn_image_in in = { path, argv, envp, a, na, -1 };
	void *img;

	assert_int_equal(spawn_image_build(&in, &img, len), 0);
	return img;
}

static void
test_round_trip(void **state)
{
	char *argv[] = { "prog", "a b", "", NULL };
	char *envp[] = { "PATH=/bin", "X=1", NULL };
	struct vfs_fdaction acts[2] = { { .fa_kind = VFS_FA_DUP2, .fa_fd = 1, .fa_src = 4 },
		{ .fa_kind = VFS_FA_OPEN, .fa_fd = 0, .fa_path = "/dev/null" } };
	struct pm_image pi;
	size_t len;
	void *img = build("/bin/prog", argv, envp, acts, 2, &len);

	assert_int_equal(len % 8, 0);
	assert_int_equal(pm_image_parse(img, len, &pi), 0);
	assert_string_equal(pi.pi_path, "/bin/prog");
	assert_string_equal(pi.pi_argv[0], "prog");
	assert_string_equal(pi.pi_argv[1], "a b");
	assert_string_equal(pi.pi_argv[2], "");
	assert_null(pi.pi_argv[3]);
	assert_string_equal(pi.pi_envp[1], "X=1");
	assert_null(pi.pi_envp[2]);
	assert_int_equal(pi.pi_nactions, 2);
	assert_memory_equal(pi.pi_actions, acts, sizeof(acts));
	assert_int_equal(pi.pi_pgid, -1);
	pm_image_free(&pi);
	free(img);
}

static void
test_empty_vectors(void **state)
{
	struct pm_image pi;
	size_t len;
	void *img = build("/x", NULL, NULL, NULL, 0, &len);

	assert_int_equal(pm_image_parse(img, len, &pi), 0);
	assert_null(pi.pi_argv[0]);
	assert_null(pi.pi_envp[0]);
	assert_null(pi.pi_actions);
	pm_image_free(&pi);
	free(img);
}

static void
test_limits(void **state)
{
	static char *many[PM_ARGS_MAX + 2];
	char *big = malloc(PM_SPAWN_MAX);
	struct spawn_image_in in = { "/x", many, NULL, NULL, 0, -1 };
	char *one[] = { big, NULL };
	void *img;
	size_t len;

	for (int i = 0; i < PM_ARGS_MAX + 1; i++) {
		many[i] = "a";
	}
	assert_int_equal(spawn_image_build(&in, &img, &len), -E2BIG);
	memset(big, 'x', PM_SPAWN_MAX - 1);
	big[PM_SPAWN_MAX - 1] = '\0';
	in.si_argv = one;
	assert_int_equal(spawn_image_build(&in, &img, &len), -E2BIG);
	free(big);
}

/* Each corruption of a good image is refused, never read past. */
static void
test_malformed(void **state)
{
	char *argv[] = { "prog", "arg", NULL };
	struct vfs_fdaction act = { .fa_kind = VFS_FA_CLOSE, .fa_fd = 3 };
	struct pm_image pi;
	struct pm_spawn *h;
	size_t len;
	char *img = build("/bin/prog", argv, NULL, &act, 1, &len), *copy = malloc(len);

	h = (struct pm_spawn *)copy;
	for (size_t cut = 0; cut < len; cut++) {
		char *shorter = malloc(cut + 1);

		memcpy(shorter, img, cut);
		assert_int_not_equal(pm_image_parse(shorter, cut, &pi), 0);
		free(shorter);
	}
#define TRY(change, want)                                               \
	do {                                                            \
		memcpy(copy, img, len);                                 \
		change;                                                 \
		assert_int_equal(pm_image_parse(copy, len, &pi), want); \
	} while (0)
	TRY(h->ps_path_len = 0, -EINVAL);
	TRY(h->ps_path_len = 5000, -ENAMETOOLONG);
	TRY(h->ps_path_len = 4, -EINVAL); /* "/bin" is not followed by its NUL */
	TRY(h->ps_argc = 10, -EINVAL);    /* strings run into the actions */
	TRY(h->ps_argc = 1, -EINVAL);     /* the rest no longer fits the actions */
	TRY(h->ps_argc = PM_ARGS_MAX + 1, -E2BIG);
	TRY(h->ps_envc = 0xffffffff, -E2BIG);
	TRY(h->ps_nactions = 2, -EINVAL);
	TRY(h->ps_nactions = 0, -EINVAL);
	TRY(h->ps_nactions = 0x7fffffff, -EINVAL);
	TRY(h->ps_pgid = -5, -EINVAL);
	TRY(memset(copy + sizeof(*h), 'A', len - sizeof(*h)), -EINVAL);
	TRY((void)0, 0);
#undef TRY
	pm_image_free(&pi);
	assert_int_equal(pm_image_parse(img, PM_SPAWN_MAX + 1, &pi), -E2BIG);
	free(copy);
	free(img);
}

static void
test_table(void **state)
{
	struct pm_proc *a, *b, *c;
	struct exit_info ei = { .ei_cause = EXIT_NORMAL, .ei_status = 3 };

	pm_table_init();
	a = pm_lazy(100);
	assert_non_null(a);
	assert_int_equal(a->pp_pid, 2);
	assert_int_equal(a->pp_ppid, PM_PID_INIT);
	assert_ptr_equal(pm_lazy(100), a);
	b = pm_alloc(101, "child-with-a-long-name");
	c = pm_alloc(102, "other");
	b->pp_ppid = a->pp_pid;
	c->pp_ppid = a->pp_pid;
	c->pp_pgid = 77;
	assert_string_equal(b->pp_name, "child-with-a-lo");
	assert_ptr_equal(pm_by_pid(b->pp_pid), b);
	assert_ptr_equal(pm_by_ep(102), c);
	assert_true(pm_wait_matches(a, b, -1));
	assert_true(pm_wait_matches(a, b, b->pp_pid));
	assert_false(pm_wait_matches(a, b, c->pp_pid));
	assert_true(pm_wait_matches(a, c, -77));
	assert_false(pm_wait_matches(a, b, -77));
	assert_false(pm_wait_matches(b, c, -1));
	assert_int_equal(pm_wait_status(&ei, 0), 3 << 8);
	ei.ei_cause = EXIT_KILLED;
	assert_int_equal(pm_wait_status(&ei, 0), XSIGKILL);
	assert_int_equal(pm_wait_status(&ei, XSIGTERM), XSIGTERM);
	ei.ei_cause = EXIT_FAULT;
	assert_int_equal(pm_wait_status(&ei, 0), XSIGSEGV);
	c->pp_ours = true;
	a->pp_waiting = true;
	pm_table_restored();
	assert_true(c->pp_orphan && !c->pp_ours);
	assert_false(a->pp_orphan);
	assert_false(a->pp_waiting);
	assert_int_equal(pm_state.ps_next_pid, 5);
	pm_free(b);
	assert_null(pm_by_ep(101));
	for (int i = 0; i < PM_PROCS - 2; i++) {
		assert_non_null(pm_alloc(1000 + i, "x"));
	}
	assert_null(pm_alloc(5000, "full"));
	assert_null(pm_slot(PM_PROCS));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_vectors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
