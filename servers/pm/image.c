/*
 * PM_SPAWN's image (xinim/proto/pm.h) checked and taken apart.  Nothing
 * in it is trusted: every count and length is checked against the bytes
 * there are, every string must end inside them, and the actions must
 * fill the rest exactly.  Pure, tested on the host.
 */
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "pm.h"

/* Points vec[0..n) at n NUL-terminated strings from *at; -EINVAL when
 * one runs past end. */
static int
take_strings(char **at, const char *end, uint32_t n, char **vec)
{
	char *p = *at;

	for (uint32_t i = 0; i < n; i++) {
		char *nul;

		if (p >= end) {
			return -EINVAL;
		}
		nul = memchr(p, '\0', (size_t)(end - p));
		if (nul == NULL) {
			return -EINVAL;
		}
		vec[i] = p;
		p = nul + 1;
	}
	vec[n] = NULL;
	*at = p;
	return 0;
}

int
pm_image_parse(void *img, size_t len, struct pm_image *out)
{
	struct pm_spawn h;
	char *base = img, *end = base + len, *p;
	size_t used, acts_at;
	int err;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(h) || len > PM_SPAWN_MAX) {
		return len > PM_SPAWN_MAX ? -E2BIG : -EINVAL;
	}
	memcpy(&h, img, sizeof(h));
	if (h.ps_path_len == 0 || h.ps_path_len >= XPATH_MAX) {
		return h.ps_path_len == 0 ? -EINVAL : -ENAMETOOLONG;
	}
	if (h.ps_argc > PM_ARGS_MAX || h.ps_envc > PM_ARGS_MAX ||
	    h.ps_argc + h.ps_envc > PM_ARGS_MAX) {
		return -E2BIG;
	}
	if (h.ps_nactions > PM_SPAWN_MAX / sizeof(struct vfs_fdaction) || h.ps_pgid < -1) {
		return -EINVAL;
	}
	p = base + sizeof(h);
	if ((size_t)(end - p) < (size_t)h.ps_path_len + 1 || p[h.ps_path_len] != '\0' ||
	    memchr(p, '\0', h.ps_path_len) != NULL) {
		return -EINVAL;
	}
	out->pi_path = p;
	p += h.ps_path_len + 1;
	out->pi_argv = malloc((h.ps_argc + 1) * sizeof(char *));
	out->pi_envp = malloc((h.ps_envc + 1) * sizeof(char *));
	if (out->pi_argv == NULL || out->pi_envp == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	err = take_strings(&p, end, h.ps_argc, out->pi_argv);
	if (err == 0) {
		err = take_strings(&p, end, h.ps_envc, out->pi_envp);
	}
	if (err != 0) {
		goto fail;
	}
	used = (size_t)(p - base);
	acts_at = (used + 7) & ~(size_t)7;
	/* Without actions only the alignment padding may follow. */
	if (h.ps_nactions == 0 && len > acts_at) {
		err = -EINVAL;
		goto fail;
	}
	if (h.ps_nactions > 0 &&
	    (acts_at > len || len - acts_at != h.ps_nactions * sizeof(struct vfs_fdaction))) {
		err = -EINVAL;
		goto fail;
	}
	out->pi_actions = h.ps_nactions > 0 ? base + acts_at : NULL;
	out->pi_nactions = h.ps_nactions;
	out->pi_pgid = h.ps_pgid;
	return 0;
fail:
	pm_image_free(out);
	return err;
}

void
pm_image_free(struct pm_image *pi)
{
	free(pi->pi_argv);
	free(pi->pi_envp);
	pi->pi_argv = pi->pi_envp = NULL;
}
