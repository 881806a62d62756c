/*
 * posix_spawn() and posix_spawnp(): one PM_SPAWN with the image of
 * spawn_image.c; the file actions are vfs's struct vfs_fdaction, kept in
 * a growing array.  Errors are returned, as POSIX says, not put in errno.
 */
#include <errno.h>
#include <libsys/ds.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/kcall.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"
#include "spawn_image.h"

int
posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	memset(fa, 0, sizeof(*fa));
	return 0;
}

int
posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	free(fa->fa_acts);
	memset(fa, 0, sizeof(*fa));
	return 0;
}

/* A fresh zeroed action at the end of fa's array, or NULL. */
static struct vfs_fdaction *
fa_add(posix_spawn_file_actions_t *fa)
{
	struct vfs_fdaction *acts = fa->fa_acts;

	if (fa->fa_count == fa->fa_cap) {
		int cap = fa->fa_cap == 0 ? 4 : fa->fa_cap * 2;

		acts = realloc(acts, (size_t)cap * sizeof(*acts));
		if (acts == NULL) {
			return NULL;
		}
		fa->fa_acts = acts;
		fa->fa_cap = cap;
	}
	memset(&acts[fa->fa_count], 0, sizeof(*acts));
	return &acts[fa->fa_count++];
}

int
posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fd, const char *path,
    int flags, mode_t mode)
{
	struct vfs_fdaction *a;

	if (fd < 0 || fd >= XOPEN_MAX) {
		return EBADF;
	}
	if (strlen(path) >= sizeof(a->fa_path)) {
		return ENAMETOOLONG;
	}
	a = fa_add(fa);
	if (a == NULL) {
		return ENOMEM;
	}
	a->fa_kind = VFS_FA_OPEN;
	a->fa_fd = fd;
	a->fa_flags = (uint32_t)flags;
	a->fa_mode = mode;
	strlcpy(a->fa_path, path, sizeof(a->fa_path));
	return 0;
}

int
posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	struct vfs_fdaction *a;

	if (fd < 0 || fd >= XOPEN_MAX) {
		return EBADF;
	}
	a = fa_add(fa);
	if (a == NULL) {
		return ENOMEM;
	}
	a->fa_kind = VFS_FA_CLOSE;
	a->fa_fd = fd;
	return 0;
}

int
posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	struct vfs_fdaction *a;

	if (fd < 0 || fd >= XOPEN_MAX || newfd < 0 || newfd >= XOPEN_MAX) {
		return EBADF;
	}
	a = fa_add(fa);
	if (a == NULL) {
		return ENOMEM;
	}
	a->fa_kind = VFS_FA_DUP2;
	a->fa_src = fd;
	a->fa_fd = newfd;
	return 0;
}

int
posix_spawnattr_init(posix_spawnattr_t *attr)
{
	attr->sa_flags = 0;
	attr->sa_pgroup = 0;
	return 0;
}

int
posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	return 0;
}

int
posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	if ((flags & ~POSIX_SPAWN_SETPGROUP) != 0) {
		return EINVAL;
	}
	attr->sa_flags = flags;
	return 0;
}

int
posix_spawnattr_getflags(const posix_spawnattr_t *attr, short *flags)
{
	*flags = attr->sa_flags;
	return 0;
}

int
posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup)
{
	attr->sa_pgroup = pgroup;
	return 0;
}

int
posix_spawnattr_getpgroup(const posix_spawnattr_t *attr, pid_t *pgroup)
{
	*pgroup = attr->sa_pgroup;
	return 0;
}

int
posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct spawn_image_in in = { path, argv, envp, NULL, 0, -1 };
	struct message m = { .m_type = PM_SPAWN };
	void *img;
	size_t len;
	long r;

	if (fa != NULL) {
		in.si_actions = fa->fa_acts;
		in.si_nactions = fa->fa_count;
	}
	if (attr != NULL && (attr->sa_flags & POSIX_SPAWN_SETPGROUP) != 0) {
		in.si_pgid = attr->sa_pgroup;
	}
	r = spawn_image_build(&in, &img, &len);
	if (r != 0) {
		return (int)-r;
	}
	m.m_arg[1] = len;
	r = ds_call_grant("pm", &m, 0, img, len, GRANT_READ);
	free(img);
	if (r == 0) {
		r = (long)(int64_t)m.m_arg[0];
	}
	if (r < 0) {
		return (int)-r;
	}
	if (pid != NULL) {
		*pid = (pid_t)r;
	}
	return 0;
}

int
posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	const char *dirs, *end;
	char path[XPATH_MAX];
	int err = ENOENT, r;

	if (strchr(file, '/') != NULL) {
		return posix_spawn(pid, file, fa, attr, argv, envp);
	}
	dirs = getenv("PATH");
	if (dirs == NULL) {
		dirs = "/bin";
	}
	for (; *dirs != '\0'; dirs = *end == ':' ? end + 1 : end) {
		size_t dl;

		end = strchr(dirs, ':');
		if (end == NULL) {
			end = dirs + strlen(dirs);
		}
		dl = (size_t)(end - dirs);
		if (dl + strlen(file) + 2 > sizeof(path)) {
			continue;
		}
		memcpy(path, dl == 0 ? "." : dirs, dl == 0 ? 1 : dl);
		if (dl == 0) {
			dl = 1;
		}
		path[dl] = '/';
		strlcpy(path + dl + 1, file, sizeof(path) - dl - 1);
		r = posix_spawn(pid, path, fa, attr, argv, envp);
		if (r != ENOENT && r != ENOTDIR) {
			if (r != EACCES) {
				return r;
			}
			err = EACCES;
		}
	}
	return err;
}
