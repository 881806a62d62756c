/*
 * PM_SPAWN: copy the image from the caller's grant and parse it, open
 * the program through vfs as the caller (VFS_PM_OPENEXEC checks execute
 * permission), read it whole, load it unstarted (elf_load) with the user
 * privilege record, have vfs give the child its descriptors
 * (VFS_PM_SPAWN), and only then start it.  Any failure kills and
 * collects the unstarted child, so nothing is left behind.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <libsys/spawn.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "pm.h"

#define PROGRAM_MAX (16u << 20) /* bytes of an executable pm will load */

/* What every program pm starts may do (docs/files-and-processes.md). */
static void
user_priv(struct priv_desc *pd)
{
	static const unsigned calls[] = { KC_ALARM, KC_SYSINFO, KC_GRANT_CREATE, KC_GRANT_REVOKE,
		KC_PROC_MMAP, KC_MUNMAP, KC_CONSOLE_WRITE, KC_KLOG };

	memset(pd, 0, sizeof(*pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd->pd_kcalls |= 1ULL << calls[i];
	}
	pd->pd_flags = PRIV_IPC_ANY;
}

static long
vfs_reply(int r, const struct message *m)
{
	return r < 0 ? r : (long)(int64_t)m->m_arg[0];
}

/* Reads fd's st_size bytes into buf: 0 or an error. */
static int
read_all(long fd, char *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		struct message m = { .m_type = VFS_READ };
		long r;

		m.m_arg[0] = (uint64_t)fd;
		m.m_arg[2] = size - done;
		r = vfs_reply(ds_call_grant("vfs", &m, 1, buf + done, size - done, GRANT_WRITE),
		    &m);
		if (r < 0) {
			return (int)r;
		}
		if (r == 0) {
			return -ENOEXEC; /* shorter than its size said */
		}
		done += (size_t)r;
	}
	return 0;
}

/* Finds the program at path, as parent would open it: from the cache,
 * or read whole (then cached when it fits).  *data stays pm's: the
 * caller frees it only when *owned. */
static int
read_program(const struct pm_proc *parent, const char *path, const void **data, size_t *len,
    bool *owned)
{
	struct message m = { .m_type = VFS_PM_OPENEXEC };
	struct xstat st = { 0 };
	struct ds_lend l[2] = {
		{ (void *)path, strlen(path), GRANT_READ, 1 },
		{ &st, sizeof(st), GRANT_WRITE, 3 },
	};
	char *buf = NULL;
	long fd;
	int r = 0;

	m.m_arg[0] = (uint64_t)(int64_t)parent->pp_ep;
	m.m_arg[2] = strlen(path);
	fd = vfs_reply(ds_call_lend("vfs", &m, l, 2), &m);
	if (fd < 0) {
		return (int)fd;
	}
	*owned = false;
	if ((st.st_mode & XS_IFMT) != XS_IFREG) {
		r = -EACCES;
	} else if (st.st_size > PROGRAM_MAX) {
		r = -E2BIG;
	} else if (st.st_size == 0) {
		r = -ENOEXEC;
	} else if ((*data = pm_cache_find(&st)) == NULL) {
		buf = malloc(st.st_size);
		r = buf == NULL ? -ENOMEM : read_all(fd, buf, st.st_size);
	}
	m = (struct message){ .m_type = VFS_CLOSE };
	m.m_arg[0] = (uint64_t)fd;
	ds_call("vfs", &m);
	if (r != 0) {
		free(buf);
		return r;
	}
	if (buf != NULL) {
		*data = buf;
		*owned = !pm_cache_put(&st, buf);
	}
	*len = st.st_size;
	return 0;
}

/* VFS_PM_SPAWN: the child's descriptors, directory and identity. */
static int
tell_vfs(const struct pm_proc *parent, endpoint_t child, const struct pm_image *pi)
{
	struct message m = { .m_type = VFS_PM_SPAWN };
	size_t bytes = pi->pi_nactions * sizeof(struct vfs_fdaction);

	m.m_arg[0] = (uint64_t)(int64_t)parent->pp_ep;
	m.m_arg[1] = (uint64_t)(int64_t)child;
	m.m_arg[2] = parent->pp_uid | (uint64_t)parent->pp_gid << 32;
	m.m_arg[4] = pi->pi_nactions;
	if (pi->pi_nactions == 0) {
		return (int)vfs_reply(ds_call("vfs", &m), &m);
	}
	return (
	    int)vfs_reply(ds_call_grant("vfs", &m, 3, (void *)pi->pi_actions, bytes, GRANT_READ),
	    &m);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* Loads, equips and starts the program; the child's entry or an error. */
static int
start_child(struct pm_proc *parent, const struct pm_image *pi, const void *prog, size_t len)
{
	uint64_t aux[] = { SPAWN_AUX_DS, (uint64_t)(int64_t)ds_endpoint(), SPAWN_AUX_RS,
		(uint64_t)(int64_t)rs_endpoint(), SPAWN_AUX_FLAGS, SPAWN_F_POSIX, SPAWN_AUX_END };
	struct priv_desc pd;
	struct spawn_req req = { base_name(pi->pi_path), pi->pi_argv, pi->pi_envp, aux, &pd };
	struct exit_info ei;
	struct pm_proc *c;
	endpoint_t child;
	int err;

	user_priv(&pd);
	child = elf_load(prog, len, &req);
	if (child < 0) {
		return child;
	}
	c = pm_alloc(child, req.sr_name);
	err = c == NULL ? -EAGAIN : tell_vfs(parent, child, pi);
	if (err == 0) {
		err = kc_proc_start(child);
	}
	if (err != 0) {
		kc_proc_kill(child);
		kc_proc_wait(child, &ei);
		if (c != NULL) {
			pm_free(c);
		}
		return err;
	}
	c->pp_ours = true;
	c->pp_ppid = parent->pp_pid;
	c->pp_uid = parent->pp_uid;
	c->pp_gid = parent->pp_gid;
	c->pp_pgid = pi->pi_pgid == -1 ? parent->pp_pgid :
	    pi->pi_pgid == 0           ? c->pp_pid :
	                                 pi->pi_pgid;
	return c->pp_pid;
}

int
pm_spawn(struct pm_proc *parent, const struct message *m)
{
	int64_t grant = (int64_t)m->m_arg[0];
	size_t len = m->m_arg[1], prog_len = 0;
	const void *prog = NULL;
	bool owned = false;
	struct pm_image pi;
	void *img;
	int r;

	if (len < sizeof(struct pm_spawn) || len > PM_SPAWN_MAX) {
		return len > PM_SPAWN_MAX ? -E2BIG : -EINVAL;
	}
	img = malloc(len);
	if (img == NULL) {
		return -ENOMEM;
	}
	r = kc_safecopy_from(m->m_source, grant, 0, img, len);
	if (r == 0) {
		r = pm_image_parse(img, len, &pi);
	}
	if (r != 0) {
		free(img);
		return r;
	}
	r = read_program(parent, pi.pi_path, &prog, &prog_len, &owned);
	if (r == 0) {
		r = start_child(parent, &pi, prog, prog_len);
	}
	if (owned) {
		free((void *)prog);
	}
	pm_image_free(&pi);
	free(img);
	return r;
}
