/*
 * PM_SPAWN's image, built by libc's posix_spawn() (spawn_image.c).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct vfs_fdaction;

struct spawn_image_in {
	const char *si_path;
	char *const *si_argv; /* NULL-terminated; NULL: none */
	char *const *si_envp;
	const struct vfs_fdaction *si_actions;
	int si_nactions;
	int32_t si_pgid; /* -1: the parent's group; 0: a new one */
};

/* A malloc()ed image in *out (*out_len bytes): 0, -E2BIG (past
 * PM_SPAWN_MAX or PM_ARGS_MAX), -ENOMEM. */
int spawn_image_build(const struct spawn_image_in *in, void **out, size_t *out_len);
