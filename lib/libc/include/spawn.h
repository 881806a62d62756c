/*
 * posix_spawn(): pm starts the program (PM_SPAWN) from one image that
 * holds the path, argv, envp and the descriptor actions, which vfs
 * applies to the child's table before it runs.
 */
#pragma once
#include <sys/types.h>

#define POSIX_SPAWN_SETPGROUP 2

typedef struct {
	int fa_count;
	int fa_cap;
	void *fa_acts; /* struct vfs_fdaction[] */
} posix_spawn_file_actions_t;

typedef struct {
	short sa_flags;
	pid_t sa_pgroup;
} posix_spawnattr_t;

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
/* As posix_spawn(), but a file name without '/' is looked for in $PATH. */
int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa);
int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fd, const char *path,
    int flags, mode_t mode);
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd);
int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd);

int posix_spawnattr_init(posix_spawnattr_t *attr);
int posix_spawnattr_destroy(posix_spawnattr_t *attr);
int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags);
int posix_spawnattr_getflags(const posix_spawnattr_t *attr, short *flags);
int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup);
int posix_spawnattr_getpgroup(const posix_spawnattr_t *attr, pid_t *pgroup);
