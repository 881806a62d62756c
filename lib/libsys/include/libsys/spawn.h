/*
 * Starting programs: the ELF loader of user space.  elf_spawn() checks an
 * executable with the validator the kernel uses (xinim/elf.h), creates an
 * unstarted child, maps and fills its segments (read-only ones shared
 * between all instances of a program: spawn_text.c), builds a stack (with
 * an unmapped guard page below it) holding argv, envp and auxiliary words,
 * sets its first registers (rip = entry, rdi = argc, rsi = argv), gives it
 * the privilege record and starts it.  Needs the process kernel calls
 * (KC_PROC_CREATE .. START).
 *
 * The stack the child starts on, from its stack pointer up: argv[0..argc-1],
 * NULL, envp[0..], NULL, auxiliary (key, value) pairs, SPAWN_AUX_END, then
 * the strings.  libc's start code sets environ from envp and reads the
 * auxiliary words.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

#define SPAWN_ARGS_MAX 65536 /* bytes of argv strings and pointers */

/* Auxiliary words (keys; each followed by its value). */
#define SPAWN_AUX_END 0
#define SPAWN_AUX_DS 1    /* ds's endpoint (the child calls ds_init() with it) */
#define SPAWN_AUX_FLAGS 2 /* SPAWN_F_* */
#define SPAWN_AUX_RS 3    /* rs's endpoint (rs_set_endpoint()) */

#define SPAWN_F_POSIX 1 /* started by pm: descriptors 0-2 are vfs's */

/* What elf_load() makes. */
struct spawn_req {
	const char *sr_name;
	char *const *sr_argv;            /* NULL: { name, NULL } */
	char *const *sr_envp;            /* NULL: empty */
	const uint64_t *sr_aux;          /* (key, value) pairs up to SPAWN_AUX_END; NULL: none */
	const struct priv_desc *sr_priv; /* NULL: no privileges at all */
};

/* The child of elf_spawn() without the start: its endpoint; the caller
 * starts it (kc_proc_start) or kills and collects it. */
endpoint_t elf_load(const void *image, size_t len, const struct spawn_req *req);

/*
 * Runs the ELF executable image (len bytes) as a new child process named
 * name, with argv (NULL-terminated; NULL means { name, NULL }), envp
 * (NULL: an empty environment) and privilege record priv (NULL: none at
 * all).  Returns the child's endpoint,
 * or a negative error: -ENOEXEC (not a valid executable), -E2BIG (argv too
 * large), or the error of the kernel call that failed.  On failure no
 * child is left behind.
 */
endpoint_t elf_spawn(const void *image, size_t len, const char *name, char *const argv[],
    char *const envp[], const struct priv_desc *priv);

/* Maps a read-only segment (vaddr, memsz; filesz bytes of data) into the
 * unstarted child from the loader's shared copy of it (spawn_text.c),
 * making the copy the first time: 0, or an error after which the caller
 * loads the segment the ordinary way. */
int spawn_text_share(endpoint_t child, uint64_t vaddr, uint64_t memsz, const uint8_t *data,
    uint64_t filesz, unsigned prot);

/* elf_spawn() of bin/PROGRAM from the boot image: -ENOENT when there is
 * no such file. */
endpoint_t spawn_boot(const char *program, char *const argv[], const struct priv_desc *priv);

/* Waits until child has ended and collects its exit record: receives
 * NOTIFY_EXIT from the kernel.  Returns 0 or the error of KC_PROC_WAIT. */
int spawn_wait(endpoint_t child, struct exit_info *out);

/* The same, but at most timeout_ns (it uses the caller's alarm): a child
 * still running then is killed, collected, and -ETIMEDOUT returned. */
int spawn_wait_timeout(endpoint_t child, struct exit_info *out, uint64_t timeout_ns);

/* Describes how a process ended, e.g. "exited with status 3" or "killed
 * by #PF page fault at 0x0", into buf; returns buf. */
const char *exit_describe(const struct exit_info *ei, char *buf, size_t size);
