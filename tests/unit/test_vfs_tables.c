/* unit-sources: servers/vfs/fdtable.c servers/vfs/mount.c servers/vfs/fstab.c */
/*
 * vfs's tables: process tables made on first sight, the lowest free
 * descriptor, open files shared by reference counts; the mount table's
 * lookups; the fstab parser; the mount options vfs takes itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/vfs/vfs.h"

static void
test_procs(void **state)
{
	struct vproc *p = vfs_proc(1234, false), *q;

	assert_null(p);
	p = vfs_proc(1234, true);
	assert_non_null(p);
	assert_int_equal(p->p_uid, 0);
	assert_int_equal(p->p_umask, 022);
	assert_string_equal(p->p_cwd, "/");
	assert_ptr_equal(vfs_proc(1234, false), p);
	q = vfs_proc(99, true);
	assert_ptr_not_equal(p, q);
	vfs_proc_free(p);
	assert_null(vfs_proc(1234, false));
	vfs_proc_free(q);
	/* A full table says so. */
	for (int i = 0; i < VFS_NPROC; i++) {
		assert_non_null(vfs_proc(5000 + i, true));
	}
	assert_null(vfs_proc(1, true));
	for (int i = 0; i < VFS_NPROC; i++) {
		vfs_proc_free(vfs_proc(5000 + i, false));
	}
}

static void
test_fds(void **state)
{
	struct vnode vn = { .v_refs = 1 };
	struct vproc *p = vfs_proc(7, true);
	struct vfilp *f = vfs_filp_new(&vn, XO_RDWR), *g;

	assert_non_null(f);
	assert_int_equal(vfs_fd_free(p, 0), 0);
	vfs_fd_install(p, 0, f, 0);
	assert_int_equal(vfs_fd_free(p, 0), 1);
	assert_int_equal(vfs_fd_free(p, 5), 5);
	f->f_refs++;
	vfs_fd_install(p, 3, f, XFD_CLOEXEC);
	assert_ptr_equal(vfs_fd(p, 3), f);
	assert_int_equal(p->p_fdflags[3], XFD_CLOEXEC);
	assert_null(vfs_fd(p, 2));
	assert_null(vfs_fd(p, -1));
	assert_null(vfs_fd(p, XOPEN_MAX));
	assert_int_equal(f->f_refs, 2);
	/* The other open file is a different one. */
	g = vfs_filp_new(&vn, XO_RDONLY);
	assert_ptr_not_equal(f, g);
	assert_true(vfs_filp_put(g));
	/* The first close leaves the shared open file; the last frees it. */
	g = vfs_fd_take(p, 0);
	assert_ptr_equal(g, f);
	assert_false(vfs_filp_put(g));
	assert_null(vfs_fd(p, 0));
	assert_true(vfs_filp_put(vfs_fd_take(p, 3)));
	assert_null(vfs_fd_take(p, 3));
	for (int i = 0; i < XOPEN_MAX; i++) {
		vfs_fd_install(p, i, vfs_filp_new(&vn, 0), 0);
	}
	assert_int_equal(vfs_fd_free(p, 0), -EMFILE);
	for (int i = 0; i < XOPEN_MAX; i++) {
		assert_true(vfs_filp_put(vfs_fd_take(p, i)));
	}
	vfs_proc_free(p);
}

static void
test_mount_table(void **state)
{
	int a, b;

	memset(vfs_mounts, 0, sizeof(vfs_mounts));
	a = vfs_mount_alloc();
	assert_int_equal(a, 0);
	vfs_mounts[a] = (struct vmount){ .m_used = true, .m_parent = -1, .m_root = 1 };
	b = vfs_mount_alloc();
	assert_int_equal(b, 1);
	vfs_mounts[b] =
	    (struct vmount){ .m_used = true, .m_parent = 0, .m_covered = 9, .m_root = 1 };
	assert_int_equal(vfs_mount_on(0, 9), 1);
	assert_int_equal(vfs_mount_on(0, 1), -1);
	assert_int_equal(vfs_mount_on(1, 9), -1);
	assert_true(vfs_mount_has_children(0));
	assert_false(vfs_mount_has_children(1));
	for (int i = 2; i < VFS_NMOUNT; i++) {
		vfs_mounts[vfs_mount_alloc()].m_used = true;
	}
	assert_int_equal(vfs_mount_alloc(), -ENOSPC);
}

static void
test_fstab(void **state)
{
	char l1[] = "none /tmp tmpfs size=8M\n", l2[] = "  # a comment\n", l3[] = "",
	     l4[] = "none\t/dev devfs", l5[] = "none /x", l6[] = "a b c d e",
	     l7[] = "none relative tmpfs -", l8[] = "none /dev devfs - # why";
	char *s, *t, *ty, *o;

	assert_int_equal(vfs_fstab_line(l1, &s, &t, &ty, &o), 1);
	assert_string_equal(s, "none");
	assert_string_equal(t, "/tmp");
	assert_string_equal(ty, "tmpfs");
	assert_string_equal(o, "size=8M");
	assert_int_equal(vfs_fstab_line(l2, &s, &t, &ty, &o), 0);
	assert_int_equal(vfs_fstab_line(l3, &s, &t, &ty, &o), 0);
	assert_int_equal(vfs_fstab_line(l4, &s, &t, &ty, &o), 1);
	assert_string_equal(ty, "devfs");
	assert_string_equal(o, "");
	assert_int_equal(vfs_fstab_line(l5, &s, &t, &ty, &o), -EINVAL);
	assert_int_equal(vfs_fstab_line(l6, &s, &t, &ty, &o), -EINVAL);
	assert_int_equal(vfs_fstab_line(l7, &s, &t, &ty, &o), -EINVAL);
	assert_int_equal(vfs_fstab_line(l8, &s, &t, &ty, &o), 1);
	assert_string_equal(o, "");
}

static void
test_mount_opts(void **state)
{
	char out[16];
	uint32_t fl = 0;

	assert_int_equal(vfs_mount_opts("", out, sizeof(out), &fl), 0);
	assert_string_equal(out, "");
	assert_int_equal(fl, 0);
	assert_int_equal(vfs_mount_opts("ro", out, sizeof(out), &fl), 0);
	assert_string_equal(out, "");
	assert_int_equal(fl, XMNT_RDONLY);
	assert_int_equal(vfs_mount_opts("size=8M,rw", out, sizeof(out), &fl), 0);
	assert_string_equal(out, "size=8M");
	assert_int_equal(fl, 0);
	assert_int_equal(vfs_mount_opts("a,ro,,rox,b", out, sizeof(out), &fl), 0);
	assert_string_equal(out, "a,rox,b");
	assert_int_equal(fl, XMNT_RDONLY);
	fl = 0;
	assert_int_equal(vfs_mount_opts("ro,rw,ro", out, sizeof(out), &fl), 0);
	assert_int_equal(fl, XMNT_RDONLY);
	assert_int_equal(vfs_mount_opts("0123456789,abcde", out, sizeof(out), &fl), -ENAMETOOLONG);
	assert_int_equal(vfs_mount_opts("0123456789,abcd", out, sizeof(out), &fl), 0);
	assert_string_equal(out, "0123456789,abcd");
	assert_int_equal(vfs_mount_opts("x", out, 0, &fl), -ENAMETOOLONG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_procs),
		cmocka_unit_test(test_fds),
		cmocka_unit_test(test_mount_table),
		cmocka_unit_test(test_fstab),
		cmocka_unit_test(test_mount_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
