/*
 * The user-space ELF loader (see libsys/spawn.h).  Every step is a kernel
 * call on the unstarted child; if one fails the child is killed (an
 * unstarted child ends at once) and collected, so nothing is left behind.
 */
#include <libsys/bootimage.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/elf.h>
#include <xinim/errno.h>
#include <xinim/layout.h>

#define PATH_MAX_LEN 64

static unsigned
spawn_prot(unsigned pf)
{
	return ((pf & PF_R) != 0 ? PROT_READ : 0) | ((pf & PF_W) != 0 ? PROT_WRITE : 0) |
	    ((pf & PF_X) != 0 ? PROT_EXEC : 0);
}

static int
spawn_segments(endpoint_t child, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->ei_nseg; i++) {
		const struct elf_segment *s = &img->ei_seg[i];
		uint64_t lo = s->es_vaddr & ~(USER_PAGE - 1);
		uint64_t hi = (s->es_vaddr + s->es_memsz + USER_PAGE - 1) & ~(USER_PAGE - 1);
		int64_t r;

		if ((s->es_prot & PF_W) == 0 &&
		    spawn_text_share(child, s->es_vaddr, s->es_memsz, s->es_data, s->es_filesz,
		        spawn_prot(s->es_prot)) == 0) {
			continue;
		}
		r = kc_proc_mmap(child, lo, hi - lo, spawn_prot(s->es_prot));
		if (r < 0) {
			return (int)r;
		}
		if (s->es_filesz > 0) {
			r = kc_proc_copyto(child, s->es_vaddr, s->es_data, s->es_filesz);
			if (r < 0) {
				return (int)r;
			}
		}
	}
	return 0;
}

/* Bytes of a NULL-terminated string vector's strings; *count gets its
 * length.  -E2BIG past SPAWN_ARGS_MAX. */
static int
spawn_vec_bytes(char *const vec[], size_t *count, size_t *bytes)
{
	*count = 0;
	for (; vec != NULL && vec[*count] != NULL; (*count)++) {
		*bytes += strlen(vec[*count]) + 1;
		if (*bytes > SPAWN_ARGS_MAX) {
			return -E2BIG;
		}
	}
	return 0;
}

/* Copies vec's strings to s and their child addresses to ptrs, NULL
 * last; returns where the strings end. */
static char *
spawn_vec_fill(char *const vec[], size_t count, uint64_t *ptrs, char *s, const char *block,
    uint64_t block_at)
{
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(vec[i]) + 1;

		ptrs[i] = block_at + (uint64_t)(s - block);
		memcpy(s, vec[i], n);
		s += n;
	}
	ptrs[count] = 0;
	return s;
}

/*
 * The stack: USER_STACK_SIZE bytes below USER_STACK_TOP (the page below
 * stays unmapped, a guard), with the argument and environment strings at
 * its top and under them, 16-byte aligned, the words argv[0..argc-1],
 * NULL, envp[0..], NULL, then the auxiliary pairs (SPAWN_AUX_*) and a
 * SPAWN_AUX_END; the stack pointer starts at argv.  Sets the first
 * registers (rdi = argc, rsi = argv).
 */
static int
spawn_stack(endpoint_t child, uint64_t entry, const struct spawn_req *req)
{
	size_t argc, envc, naux = 0, strings = 0, words, total;
	uint64_t array_at, strings_at, *ptrs;
	char *block, *s;
	int64_t r;

	if (spawn_vec_bytes(req->sr_argv, &argc, &strings) != 0 ||
	    spawn_vec_bytes(req->sr_envp, &envc, &strings) != 0) {
		return -E2BIG;
	}
	while (req->sr_aux != NULL && req->sr_aux[naux] != SPAWN_AUX_END && naux < 32) {
		naux += 2;
	}
	words = argc + 1 + envc + 1 + naux + 1;
	strings_at = USER_STACK_TOP - strings;
	array_at = (strings_at - words * sizeof(uint64_t)) & ~15ULL;
	total = USER_STACK_TOP - array_at;
	if (total > SPAWN_ARGS_MAX) {
		return -E2BIG;
	}
	r = kc_proc_mmap(child, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
	    PROT_READ | PROT_WRITE);
	if (r < 0) {
		return (int)r;
	}
	block = calloc(1, total);
	if (block == NULL) {
		return -ENOMEM;
	}
	ptrs = (uint64_t *)block;
	s = block + (strings_at - array_at);
	s = spawn_vec_fill(req->sr_argv, argc, ptrs, s, block, array_at);
	spawn_vec_fill(req->sr_envp, envc, ptrs + argc + 1, s, block, array_at);
	for (size_t i = 0; i < naux; i++) {
		ptrs[argc + 1 + envc + 1 + i] = req->sr_aux[i];
	}
	ptrs[words - 1] = SPAWN_AUX_END;
	r = kc_proc_copyto(child, array_at, block, total);
	free(block);
	if (r < 0) {
		return (int)r;
	}
	return kc_proc_setregs(child, entry, array_at, argc, array_at);
}

/* Ends an unstarted child and collects it, so nothing is left behind. */
static void
spawn_abandon(endpoint_t child)
{
	struct exit_info ei;

	kc_proc_kill(child);
	kc_proc_wait(child, &ei);
}

endpoint_t
elf_load(const void *image, size_t len, const struct spawn_req *req)
{
	static const struct priv_desc nothing;
	char *const only_name[] = { (char *)req->sr_name, NULL };
	struct spawn_req fixed = *req;
	struct elf_image *img;
	endpoint_t child;
	int err;

	if (fixed.sr_argv == NULL) {
		fixed.sr_argv = only_name;
	}
	img = malloc(sizeof(*img));
	if (img == NULL) {
		return -ENOMEM;
	}
	if (elf_check(image, len, img) != 0) {
		free(img);
		return -ENOEXEC;
	}
	child = kc_proc_create(req->sr_name, strlen(req->sr_name));
	if (child < 0) {
		free(img);
		return child;
	}
	err = spawn_segments(child, img);
	if (err == 0) {
		err = spawn_stack(child, img->ei_entry, &fixed);
	}
	if (err == 0) {
		err = kc_proc_setpriv(child, req->sr_priv != NULL ? req->sr_priv : &nothing);
	}
	free(img);
	if (err != 0) {
		spawn_abandon(child);
		return err;
	}
	return child;
}

endpoint_t
elf_spawn(const void *image, size_t len, const char *name, char *const argv[], char *const envp[],
    const struct priv_desc *priv)
{
	struct spawn_req req = { name, argv, envp, NULL, priv };
	endpoint_t child = elf_load(image, len, &req);
	int err;

	if (child < 0) {
		return child;
	}
	err = kc_proc_start(child);
	if (err != 0) {
		spawn_abandon(child);
		return err;
	}
	return child;
}

endpoint_t
spawn_boot(const char *program, char *const argv[], const struct priv_desc *priv)
{
	char path[PATH_MAX_LEN];
	const void *data;
	size_t len;
	int err;

	if (snprintf(path, sizeof(path), "bin/%s", program) >= (int)sizeof(path)) {
		return -ENAMETOOLONG;
	}
	err = bootimage_find(path, &data, &len);
	if (err != 0) {
		return err;
	}
	return elf_spawn(data, len, program, argv, NULL, priv);
}
