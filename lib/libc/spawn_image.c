/*
 * Building PM_SPAWN's image (xinim/proto/pm.h): the header, the path,
 * the arguments and environment strings, then, 8-byte aligned, the
 * descriptor actions.  Pure, so that it is tested on the host with pm's
 * parser (servers/pm/image.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "spawn_image.h"

/* Counts a vector and adds its strings' bytes (with NULs) to *bytes. */
static int
vec_size(char *const vec[], uint32_t *count, size_t *bytes)
{
	*count = 0;
	for (; vec != NULL && vec[*count] != NULL; (*count)++) {
		*bytes += strlen(vec[*count]) + 1;
		if (*bytes > PM_SPAWN_MAX || *count >= PM_ARGS_MAX) {
			return -E2BIG;
		}
	}
	return 0;
}

static char *
vec_put(char *p, char *const vec[], uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		size_t n = strlen(vec[i]) + 1;

		memcpy(p, vec[i], n);
		p += n;
	}
	return p;
}

int
spawn_image_build(const struct spawn_image_in *in, void **out, size_t *out_len)
{
	struct pm_spawn h = { 0 };
	size_t bytes = sizeof(h), acts_at, total;
	char *img, *p;

	*out = NULL;
	h.ps_path_len = (uint32_t)strnlen(in->si_path, PM_SPAWN_MAX);
	bytes += h.ps_path_len + 1;
	if (vec_size(in->si_argv, &h.ps_argc, &bytes) != 0 ||
	    vec_size(in->si_envp, &h.ps_envc, &bytes) != 0 || h.ps_argc + h.ps_envc > PM_ARGS_MAX) {
		return -E2BIG;
	}
	if (in->si_nactions < 0 ||
	    in->si_nactions > PM_SPAWN_MAX / (int)sizeof(struct vfs_fdaction)) {
		return -E2BIG;
	}
	h.ps_nactions = (uint32_t)in->si_nactions;
	h.ps_pgid = in->si_pgid;
	acts_at = (bytes + 7) & ~(size_t)7;
	total = acts_at + h.ps_nactions * sizeof(struct vfs_fdaction);
	if (total > PM_SPAWN_MAX) {
		return -E2BIG;
	}
	img = calloc(1, total);
	if (img == NULL) {
		return -ENOMEM;
	}
	memcpy(img, &h, sizeof(h));
	p = img + sizeof(h);
	memcpy(p, in->si_path, h.ps_path_len);
	p += h.ps_path_len + 1;
	p = vec_put(p, in->si_argv, h.ps_argc);
	vec_put(p, in->si_envp, h.ps_envc);
	if (h.ps_nactions > 0) {
		memcpy(img + acts_at, in->si_actions, h.ps_nactions * sizeof(struct vfs_fdaction));
	}
	*out = img;
	*out_len = total;
	return 0;
}
